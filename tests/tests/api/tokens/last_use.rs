//! `lastUsed`: null until a token is used, then moved at most once a
//! minute (the server's clock moved instead of sleeping).

use serde_json::{json, Value};
use twofold_api::Method;
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

use super::{key, listed};

#[tokio::test]
async fn last_used_is_null_until_used_then_moves_at_most_once_a_minute() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    assert_eq!(token.last_used, None);
    let raw = app
        .post_json(Method::GetTokens, Some(&session), &json!({}))
        .await;
    raw.assert_ok();
    assert_eq!(
        raw.body["tokens"][0].get("lastUsed"),
        Some(&Value::Null),
        "lastUsed is sent, as null: {}",
        raw.body
    );
    assert_eq!(listed(&app, &session, token.id).await.last_used, None);

    // Act + Assert: the first use sets it.
    let before = clock.now();
    app.get_account(&value).await.expect("first use");
    let after = clock.now();
    let first = listed(&app, &session, token.id).await;
    let first_used = first.last_used.expect("set on use");
    assert!(
        (before..=after).contains(&first_used),
        "{before} <= {first_used} <= {after}"
    );
    assert_eq!(first.last_used_ip.as_deref(), Some("127.0.0.1"));

    // Act + Assert: 30 s later it does not move.
    clock.set(30);
    app.get_account(&value).await.expect("use 30 s later");
    assert_eq!(
        listed(&app, &session, token.id).await.last_used,
        Some(first_used),
        "no write within the minute"
    );

    // Act + Assert: 61 s later it moves.
    clock.set(61);
    let before = clock.now();
    app.get_account(&value).await.expect("use 61 s later");
    let after = clock.now();
    let moved = listed(&app, &session, token.id)
        .await
        .last_used
        .expect("still set");
    assert!(
        (before..=after).contains(&moved) && moved >= first_used + 61,
        "{first_used} then {before} <= {moved} <= {after}"
    );
}
