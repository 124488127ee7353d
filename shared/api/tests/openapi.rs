//! The OpenAPI description (docs/openapi.json, served at
//! `/1.0/openapi.json`) and docs/API.md keep up with the types: every
//! method's path and name, and every result code, appear in them, and
//! nothing else does.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use serde_json::Value;
use twofold_api::{Method, ResultCode};

const OPENAPI: &str = include_str!("../../../docs/openapi.json");
const API_MD: &str = include_str!("../../../docs/API.md");

fn openapi() -> Value {
    serde_json::from_str(OPENAPI).expect("docs/openapi.json is JSON")
}

#[test]
fn the_description_is_openapi_3_1() {
    assert_eq!(openapi()["openapi"], "3.1.0");
}

#[test]
fn every_method_and_only_the_methods_are_described_with_their_names() {
    let doc = openapi();
    let paths = doc["paths"].as_object().expect("paths");
    let described: BTreeSet<&str> = paths
        .keys()
        .map(String::as_str)
        .filter(|p| p.starts_with("/1.0/users/"))
        .collect();
    let methods: Vec<String> = Method::ALL.iter().map(|m| m.path()).collect();
    let expected: BTreeSet<&str> = methods.iter().map(String::as_str).collect();
    assert_eq!(described, expected);
    for &method in Method::ALL {
        assert_eq!(
            paths[&method.path()]["post"]["operationId"],
            method.name(),
            "{method}"
        );
        assert!(
            API_MD.contains(&format!("### {}", method.name())),
            "{method} missing from API.md"
        );
    }
}

#[test]
fn every_result_code_and_only_those_are_documented() {
    let doc = openapi();
    let listed: BTreeSet<u64> = doc["components"]["schemas"]["Error"]["properties"]["result"]
        ["enum"]
        .as_array()
        .expect("the Error schema lists its result codes")
        .iter()
        .map(|n| n.as_u64().expect("a number"))
        .collect();
    let failures: BTreeSet<u64> = ResultCode::ALL
        .iter()
        .filter(|&&c| c != ResultCode::Ok)
        .map(|c| u64::from(c.code()))
        .collect();
    assert_eq!(listed, failures);
    for &code in ResultCode::ALL {
        let row = format!("| {} | {} |", code.code(), code.http_status());
        assert!(
            API_MD.contains(&row),
            "{code:?} row `{row}` missing from API.md"
        );
    }
}

#[test]
fn every_security_log_event_kind_and_only_those_are_described() {
    use twofold_api::events::EventKind;
    let doc = openapi();
    let events = &doc["paths"][Method::GetEvents.path()]["post"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["allOf"][1]["properties"]["events"]["items"];
    let described: BTreeSet<String> = events["properties"]["kind"]["enum"]
        .as_array()
        .expect("GetEvents lists the event kinds")
        .iter()
        .map(|k| k.as_str().expect("a name").to_owned())
        .collect();
    let kinds: BTreeSet<String> = EventKind::ALL
        .iter()
        .map(|k| {
            serde_json::to_value(k)
                .expect("a kind serialises")
                .as_str()
                .expect("as a string")
                .to_owned()
        })
        .collect();
    assert_eq!(described, kinds);
}
