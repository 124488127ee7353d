//! A method's answers: the success, then its failures grouped by HTTP
//! status, each status listing the `result` codes it carries and, where
//! they come with one, the `Retry-After` header.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::{Method, ResultCode};

/// The `responses` of `method`'s operation, its success answering with
/// `success`.
pub(super) fn responses(method: Method, success: Value, links: Option<Value>) -> Value {
    let mut responses = Map::new();
    let mut ok = json!({
        "description": "success: `result` is 0, the method's fields beside it",
        "content": { "application/json": { "schema": success } },
    });
    if let (Some(links), Some(object)) = (links, ok.as_object_mut()) {
        object.insert("links".to_owned(), links);
    }
    responses.insert("200".to_owned(), ok);
    let mut by_status: BTreeMap<u16, Vec<ResultCode>> = BTreeMap::new();
    for code in method.failures() {
        by_status.entry(code.http_status()).or_default().push(code);
    }
    for (status, codes) in by_status {
        responses.insert(status.to_string(), failure(&codes));
    }
    Value::Object(responses)
}

/// The answer of one HTTP status: which codes, in words, and the header
/// that comes with those that ask to wait.
fn failure(codes: &[ResultCode]) -> Value {
    let lines: Vec<String> = codes
        .iter()
        .map(|code| format!("- {} {:?}: {}", code.code(), code, code.default_message()))
        .collect();
    let numbers: Vec<u16> = codes.iter().map(|code| code.code()).collect();
    let mut response = json!({
        "description": lines.join("\n"),
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [
                        { "$ref": "#/components/schemas/Error" },
                        { "properties": { "result": { "enum": numbers } } },
                    ]
                }
            }
        },
    });
    let waits = codes.iter().filter(|code| code.asks_to_wait()).count();
    if waits > 0 {
        let header = json!({
            "Retry-After": {
                "description": "seconds to wait before trying again (also in `retryAfter`)",
                "required": waits == codes.len(),
                "schema": { "type": "integer", "minimum": 0 },
            }
        });
        if let Some(object) = response.as_object_mut() {
            object.insert("headers".to_owned(), header);
        }
    }
    response
}
