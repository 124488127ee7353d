//! The OpenAPI document and docs/API.md keep up with the types: every
//! method's path and every result code appear in them.

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

#[test]
fn every_result_code_is_documented_in_openapi_and_the_api_reference() {
    for &code in ResultCode::ALL {
        let row = format!("| {} | {} |", code.code(), code.http_status());
        assert!(
            API_MD.contains(&row),
            "{code:?} row `{row}` missing from API.md"
        );
        if code != ResultCode::Ok {
            assert!(
                OPENAPI.contains(&format!(" {},", code.code()))
                    || OPENAPI.contains(&format!(" {}]", code.code())),
                "{code:?} missing from openapi.yaml"
            );
        }
    }
}
