//! The OpenAPI document and docs/API.md keep up with the types: every
//! method's path and every result code appear in them.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::expect_used)]

use twofold_api::{Method, ResultCode};

const OPENAPI: &str = include_str!("../../../docs/openapi.yaml");
const API_MD: &str = include_str!("../../../docs/API.md");

#[test]
fn every_method_is_documented_in_openapi_and_the_api_reference() {
    for &method in Method::ALL {
        assert!(
            OPENAPI.contains(&format!("{}:", method.path())),
            "{method} path missing from openapi.yaml"
        );
        assert!(
            OPENAPI.contains(&format!("operationId: {}", method.name())),
            "{method} operationId missing"
        );
        assert!(
            API_MD.contains(&format!("### {}", method.name())),
            "{method} missing from API.md"
        );
    }
}

/// The numbers listed in the error schema's `result` enum.
fn documented_error_codes() -> Vec<u16> {
    let line = OPENAPI
        .lines()
        .find(|l| l.trim_start().starts_with("result:") && l.contains("enum: ["))
        .expect("the Error schema lists its result codes");
    let list = line
        .split("enum: [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("a closed list");
    list.split(',')
        .map(|n| n.trim().parse().expect("a number"))
        .collect()
}

#[test]
fn every_result_code_is_documented_in_openapi_and_the_api_reference() {
    let in_openapi = documented_error_codes();
    for &code in ResultCode::ALL {
        let row = format!("| {} | {} |", code.code(), code.http_status());
        assert!(
            API_MD.contains(&row),
            "{code:?} row `{row}` missing from API.md"
        );
        if code != ResultCode::Ok {
            assert!(
                in_openapi.contains(&code.code()),
                "{code:?} missing from openapi.yaml"
            );
        }
    }
    assert_eq!(
        in_openapi.len(),
        ResultCode::ALL.len() - 1,
        "openapi.yaml lists codes that do not exist"
    );
}
