//! Using a token: it calls the methods in its list, as a Bearer header, as
//! the `session` parameter or in a form, and is refused outside it (207
//! naming the method).

use serde_json::{json, Value};
use twofold_api::{account::GetAccountRequest, Method, ResultCode};
use twofold_e2e::{Refused, TestApp, PASSWORD};

use super::key;

#[tokio::test]
async fn a_token_calls_a_method_in_its_list_via_the_session_parameter_and_via_bearer() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app
        .token(&session, "ci", &["GetAccount", "GetEvents"])
        .await);

    // Act
    let by_header = app.get_account(&value).await;
    let by_parameter: Result<twofold_api::account::AccountResponse, _> = app
        .call_with_session_parameter(Method::GetAccount, &value, &GetAccountRequest {})
        .await;
    let by_form = app
        .post_form(Method::GetAccount, &[("session", value.as_str())])
        .await;
    let events = app.get_events(&value, Some(5), None).await;
    let events_by_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetEvents, &value, &json!({"limit": 5}))
        .await;

    // Assert
    assert_eq!(by_header.expect("by header").login, "ada");
    assert_eq!(by_parameter.expect("by parameter").login, "ada");
    by_form.assert_ok();
    assert_eq!(by_form.body["login"], "ada");
    assert!(!events.expect("GetEvents").events.is_empty());
    events_by_parameter.expect("GetEvents by parameter");
}

#[tokio::test]
async fn a_token_is_refused_outside_its_list_with_207_naming_the_method() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app.token(&session, "ci", &["GetAccount"]).await);

    // Act
    let by_header = app.get_events(&value, None, None).await;
    let by_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetEvents, &value, &json!({}))
        .await;
    let raw = app
        .post_json(Method::GetEvents, Some(&value), &json!({}))
        .await;

    // Assert
    by_header.refused_method("GetEvents");
    by_parameter.refused_method("GetEvents");
    raw.assert_refused(ResultCode::TokenMethodRefused);
    assert_eq!(raw.status.as_u16(), 403);
    assert_eq!(raw.body["method"], "GetEvents");
    app.get_account(&value).await.expect("its own method works");
}
