//! The security log: token and session changes, by description, never the
//! key (neither in the log nor in the server's output).

use serde_json::json;
use twofold_api::{
    events::{Event, EventKind},
    tokens::Selection,
    Method, ResultCode,
};
use twofold_e2e::{Refused, TestApp, TokenChanges, PASSWORD};

use super::{events, key, signed_in};

#[tokio::test]
async fn the_security_log_records_token_and_session_changes_by_description_never_the_key() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let mut keys = Vec::new();

    // Act
    let ci = app.token(&session, "ci deploy", &["GetAccount"]).await;
    keys.push(key(&ci));
    app.edit_token(
        &session,
        PASSWORD,
        ci.id,
        TokenChanges::description("ci deploy v2"),
    )
    .await
    .expect("EditToken");
    let regenerated = app
        .regenerate_token(&session, PASSWORD, ci.id)
        .await
        .expect("RegenerateToken")
        .token;
    keys.push(key(&regenerated));
    let backup = app.token(&session, "nightly backup", &["GetEvents"]).await;
    keys.push(key(&backup));
    let other = signed_in(&app, "ada", PASSWORD).await;
    app.sign_out_sessions(&session, Selection::All)
        .await
        .expect("SignOutSessions");
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");

    // Assert: the five kinds, in order, with what they concern.
    let ours: Vec<Event> = events(&app, &session)
        .await
        .into_iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::TokenCreated
                    | EventKind::TokenEdited
                    | EventKind::TokenRegenerated
                    | EventKind::TokensDeleted
                    | EventKind::SessionsSignedOut
            )
        })
        .rev()
        .collect();
    let kinds: Vec<EventKind> = ours.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::TokenCreated,
            EventKind::TokenEdited,
            EventKind::TokenRegenerated,
            EventKind::TokenCreated,
            EventKind::SessionsSignedOut,
            EventKind::TokensDeleted,
        ]
    );
    let description = |i: usize| {
        ours.get(i)
            .and_then(|e| e.description.clone())
            .unwrap_or_default()
    };
    assert_eq!(description(0), "ci deploy");
    assert!(description(1).contains("ci deploy"), "{:?}", ours.get(1));
    assert_eq!(description(2), "ci deploy v2");
    assert_eq!(description(3), "nightly backup");
    let deleted = description(5);
    assert!(
        deleted.contains("ci deploy v2") && deleted.contains("nightly backup"),
        "{deleted}"
    );
    assert_eq!(
        ours.get(4).and_then(|e| e.count),
        Some(1),
        "one session ended"
    );
    assert_eq!(
        ours.get(5).and_then(|e| e.count),
        Some(2),
        "two tokens deleted"
    );
    assert!(ours.iter().all(|e| e.ip.as_deref() == Some("127.0.0.1")));

    // Never a key: not in the log as sent, nor in the server's output.
    let raw = app
        .post_json(Method::GetEvents, Some(&session), &json!({"limit": 100}))
        .await;
    raw.assert_ok();
    let log = raw.body.to_string();
    let output = app.server().output();
    for value in &keys {
        let random = value.trim_start_matches("tft_");
        assert!(!log.contains(random), "a key in the log: {log}");
        assert!(!output.contains(random), "a key in the server output");
    }
}
