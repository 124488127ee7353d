//! The OpenAPI description (docs/openapi.json, served at
//! `/1.0/openapi.json`) is the one generated from the wire types, and
//! docs/API.md keeps up with it: every method and every result code are in
//! both, the parameters are the ones `params` names, and each operation
//! lists exactly its method's failures under their HTTP statuses.
//!
//! Built with `--features openapi` (`make test` does).

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;

use serde_json::Value;
use twofold_api::{events::EventKind, openapi, params, Method, ResultCode};

const SERVED: &str = include_str!("../../../docs/openapi.json");
const API_MD: &str = include_str!("../../../docs/API.md");

fn document() -> Value {
    openapi::document()
}

fn operation(doc: &Value, method: Method) -> &Value {
    &doc["paths"][method.path()]["post"]
}

#[test]
fn the_served_file_is_the_generated_description() {
    assert!(
        SERVED == openapi::text(),
        "docs/openapi.json is not what the wire types generate: run \
         `cargo run -p twofold-api --features openapi --bin twofold-openapi -- docs/openapi.json`"
    );
    assert_eq!(document()["openapi"], "3.1.0");
}

#[test]
fn every_method_and_only_the_methods_are_described_with_their_names() {
    let doc = document();
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
        assert_eq!(operation(&doc, method)["operationId"], method.name());
        assert!(
            API_MD.contains(&format!("### {}", method.name())),
            "{method} missing from API.md"
        );
    }
}

#[test]
fn each_operation_lists_its_method_s_failures_under_their_statuses_with_retry_after() {
    let doc = document();
    for &method in Method::ALL {
        let responses = operation(&doc, method)["responses"]
            .as_object()
            .expect("responses");
        let mut listed = Vec::new();
        for (status, response) in responses.iter().filter(|(status, _)| *status != "200") {
            let codes = response["content"]["application/json"]["schema"]["allOf"][1]["properties"]
                ["result"]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {status}: its result codes"));
            for code in codes {
                let code = ResultCode::from_code(code.as_u64().expect("a number") as u16)
                    .expect("a result code");
                assert_eq!(code.http_status().to_string(), *status, "{method} {code:?}");
                listed.push(code);
            }
            let waits = response["headers"]["Retry-After"].is_object();
            let any_waits = listed
                .iter()
                .any(|c| c.asks_to_wait() && c.http_status().to_string() == *status);
            assert_eq!(waits, any_waits, "{method} {status}: Retry-After");
        }
        listed.sort_by_key(|c| c.code());
        assert_eq!(listed, method.failures(), "{method}");
    }
}

#[test]
fn every_result_code_and_only_those_are_documented() {
    let doc = document();
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
fn the_parameters_are_the_ones_params_names_in_json_and_in_form_fields() {
    let doc = document();
    let mut used = BTreeSet::new();
    for &method in Method::ALL {
        let content = &operation(&doc, method)["requestBody"]["content"];
        let json = content["application/json"]["schema"]["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect::<BTreeSet<_>>())
            .unwrap_or_default();
        let form = content["application/x-www-form-urlencoded"]["schema"]["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect::<BTreeSet<_>>())
            .unwrap_or_default();
        assert_eq!(json, form, "{method}: the same parameters as form fields");
        for name in &json {
            assert!(params::ALL.contains(&name.as_str()), "{method}: {name}");
        }
        used.extend(json);
    }
    let all: BTreeSet<String> = params::ALL.iter().map(|p| (*p).to_owned()).collect();
    assert_eq!(used, all, "every name in params is some method's parameter");
}

#[test]
fn every_security_log_event_kind_and_only_those_are_described() {
    let doc = document();
    let kinds = &doc["components"]["schemas"]["EventKind"];
    let text = kinds.to_string();
    for kind in EventKind::ALL {
        let name = serde_json::to_value(kind).expect("a kind serialises");
        assert!(text.contains(&name.to_string()), "{name}");
    }
    let described = kinds["oneOf"]
        .as_array()
        .map(Vec::len)
        .or_else(|| kinds["enum"].as_array().map(Vec::len))
        .expect("EventKind lists its kinds");
    assert_eq!(described, EventKind::ALL.len());
}

#[test]
fn the_limits_the_server_keeps_are_the_ones_the_description_declares() {
    let doc = document();
    let sign_up = &operation(&doc, Method::SignUp)["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["password"];
    assert_eq!(
        sign_up["minLength"],
        twofold_api::limits::MIN_PASSWORD_CHARS
    );
    assert_eq!(
        sign_up["maxLength"],
        twofold_api::limits::MAX_NEW_PASSWORD_CHARS
    );
}
