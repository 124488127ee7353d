//! One confirmation that lasts: a step-up covers every sensitive change for
//! 15 minutes after its last use and 2 hours at most, so a person working
//! through their settings confirms once; an idle one lapses, and no amount
//! of use stretches one past its maximum.

use twofold_api::ResultCode;
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

#[tokio::test]
async fn a_step_up_slides_on_with_use_and_lapses_when_idle() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    let confirmed = app
        .check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");

    // Act: a change every 10 minutes, for an hour, with no password sent.
    let mut changes = Vec::new();
    for minute in (10..=60).step_by(10) {
        clock.advance(600);
        let made = app
            .call::<_, twofold_api::tokens::TokenResponse>(
                twofold_api::Method::CreateToken,
                Some(&session),
                &serde_json::json!({
                    "description": format!("minute {minute}"),
                    "apiList": ["GetAccount"],
                }),
            )
            .await;
        changes.push(made.map(|t| t.token.id));
    }
    let elevated = app
        .get_account(&session)
        .await
        .expect("GetAccount")
        .elevated_until
        .expect("still stepped up");
    clock.advance(15 * 60);
    let idle = app.get_tokens(&session).await.expect("tokens");
    let after_idle = app
        .call::<_, twofold_api::tokens::DeleteTokensResponse>(
            twofold_api::Method::DeleteTokens,
            Some(&session),
            &serde_json::json!({ "ids": "*" }),
        )
        .await;

    // Assert
    assert!(
        changes.iter().all(Result::is_ok),
        "each change within 15 minutes of the last needs no password: {changes:?}"
    );
    assert!(
        elevated >= confirmed.elevated_until + 50 * 60,
        "the step-up moved on with use: {} then {elevated}",
        confirmed.elevated_until
    );
    assert_eq!(idle.tokens.len(), 6);
    after_idle.refused(ResultCode::PasswordConfirmationRequired);
}

#[tokio::test]
async fn no_amount_of_use_stretches_a_step_up_past_two_hours() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");

    // Act: a change every 10 minutes for two hours and ten minutes.
    let mut refused_at = None;
    for step in 1..=13u64 {
        clock.advance(600);
        let made = app
            .call::<_, twofold_api::tokens::TokenResponse>(
                twofold_api::Method::CreateToken,
                Some(&session),
                &serde_json::json!({ "description": "t", "apiList": ["GetAccount"] }),
            )
            .await;
        if let Err(error) = made {
            refused_at = Some((step * 10, error.result));
            break;
        }
        let id = app.get_tokens(&session).await.expect("tokens").tokens[0].id;
        app.call::<_, twofold_api::tokens::DeleteTokensResponse>(
            twofold_api::Method::DeleteTokens,
            Some(&session),
            &serde_json::json!({ "ids": [id] }),
        )
        .await
        .expect("removed within the step-up");
    }

    // Assert
    assert_eq!(
        refused_at,
        Some((120, ResultCode::PasswordConfirmationRequired)),
        "the step-up ends two hours after it was proven"
    );
}
