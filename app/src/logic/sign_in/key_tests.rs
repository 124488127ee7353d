//! The code step with a security key: offered first, the ways to codes and
//! back, a new check for each try, and refusals in words.

use serde_json::json;
use twofold_api::ApiError;

use super::*;
use crate::logic::security_keys::KeyProblem;

const NOW: u64 = 1_700_000_000;

/// SignIn's answer for an account with a key, and an app when `app`.
fn with_key(app: bool) -> SignInResponse {
    serde_json::from_value(json!({
        "session": "tfp_pending", "expiresAt": NOW + 300, "login": "ada",
        "twoFactorRequired": true, "attemptsLeft": 1, "authenticatorApp": app,
        "securityKey": {"ceremony": "c1", "options": {"challenge": "abc"}, "expiresAt": NOW + 300},
    }))
    .unwrap()
}

fn at_key_step(app: bool) -> SignInFlow {
    let mut flow = SignInFlow::new();
    assert_eq!(
        flow.password_accepted(with_key(app), NOW),
        PasswordAccepted::CodeStep
    );
    flow
}

#[test]
fn an_account_with_a_key_is_asked_for_it_first_without_a_code_warning() {
    let flow = at_key_step(true);
    assert!(flow.is_key_step());
    assert_eq!(
        flow.ways(),
        Ways {
            key_step: true,
            key: true,
            app: true
        }
    );
    assert_eq!(flow.error(), None, "one attempt left concerns codes only");
}

#[test]
fn an_account_without_a_key_gets_the_code_field_as_before() {
    let mut flow = SignInFlow::new();
    let answer = serde_json::from_value(json!({
        "session": "tfp_pending", "expiresAt": NOW + 300, "login": "ada",
        "twoFactorRequired": true,
    }))
    .unwrap();
    flow.password_accepted(answer, NOW);
    assert!(!flow.is_key_step() && !flow.offers_key());
    assert!(
        flow.offers_app(),
        "a server that predates keys means the app"
    );
    assert_eq!(flow.code_kind(), Some(CodeKind::Totp));
}

#[test]
fn the_first_try_uses_signins_check_and_later_ones_ask_for_a_new_one() {
    let mut flow = at_key_step(true);
    let first = flow.start_key_try().unwrap();
    assert_eq!(first.ceremony.map(|c| c.ceremony).as_deref(), Some("c1"));
    let again = flow.start_key_try().unwrap();
    assert_eq!(again.ceremony, None, "then a new one");
    assert_eq!(again.session, "tfp_pending");
    let verify = again.answered("c2".into(), json!({"id": "k"}));
    assert_eq!(verify.session.as_deref(), Some("tfp_pending"));
    assert_eq!(verify.ceremony, "c2");
}

#[test]
fn the_ways_lead_to_the_apps_code_a_recovery_code_and_back_to_the_key() {
    let mut flow = at_key_step(true);
    flow.use_code(CodeKind::Totp);
    assert!(!flow.is_key_step());
    assert_eq!(flow.code_kind(), Some(CodeKind::Totp));
    assert!(
        flow.start_key_try().is_none(),
        "no key try from the code field"
    );
    flow.use_key();
    assert!(flow.is_key_step());
    flow.use_code(CodeKind::Recovery);
    assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
    assert!(flow.submit_code("abcde-fghjk", NOW).is_some());
}

#[test]
fn the_tip_is_on_a_lost_key_unless_a_code_from_the_app_is_shown() {
    let ways = |key_step, key, app| Ways { key_step, key, app };
    assert_eq!(ways(true, true, true).tip(), messages::LOST_KEY_TIP);
    assert_eq!(ways(false, true, true).tip(), messages::LOST_PHONE_TIP);
    assert_eq!(ways(false, true, false).tip(), messages::LOST_KEY_TIP);
    assert_eq!(ways(false, false, true).tip(), messages::LOST_PHONE_TIP);
}

#[test]
fn a_way_taken_shows_its_code_or_the_key() {
    let mut flow = at_key_step(true);
    flow.take_way(Way::Code(CodeKind::Recovery));
    assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
    flow.take_way(Way::Code(CodeKind::Totp));
    assert_eq!(flow.code_kind(), Some(CodeKind::Totp));
    flow.take_way(Way::Key);
    assert!(flow.is_key_step());
}

#[test]
fn without_an_app_only_a_recovery_code_is_offered_beside_the_key() {
    let mut flow = at_key_step(false);
    assert!(!flow.offers_app());
    flow.use_code(CodeKind::Totp);
    assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
}

#[test]
fn a_cancelled_key_says_so_and_a_refused_one_names_the_way_on() {
    let mut flow = at_key_step(true);
    flow.key_problem(KeyProblem::Cancelled);
    assert_eq!(
        flow.error(),
        Some(messages::key_problem(KeyProblem::Cancelled))
    );
    let refused = Failure::Api(ApiError::new(ResultCode::KeyCheckGone));
    assert!(matches!(
        flow.key_refused(&refused, NOW),
        CodeRefused::TryAgain(_)
    ));
    assert!(flow.is_key_step());
    assert!(flow.error().is_some_and(|e| e.contains("5 minutes")));
}

#[test]
fn a_sign_in_gone_starts_over_at_the_password() {
    let mut flow = at_key_step(true);
    let gone = Failure::Api(ApiError::new(ResultCode::NotAPendingSession));
    assert_eq!(flow.key_refused(&gone, NOW), CodeRefused::StartOver);
    assert!(!flow.is_code_step());
    assert_eq!(flow.error(), Some(messages::SIGN_IN_EXPIRED));
}

#[test]
fn the_pending_token_is_not_shown_in_debug_output() {
    let mut flow = at_key_step(true);
    flow.start_key_try();
    let fetch = flow.start_key_try().unwrap();
    assert!(!format!("{fetch:?} {flow:?}").contains("tfp_pending"));
}
