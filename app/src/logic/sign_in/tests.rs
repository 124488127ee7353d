//! The sign-in flow's tests: each step and refusal as the person meets it.

use serde_json::json;
use twofold_api::ApiError;

use super::*;

/// Berlin in summer: two hours ahead of UTC.
fn berlin_in_summer() -> ZoneAt {
    ZoneAt {
        behind_utc_minutes: -120,
        name: "CEST".into(),
    }
}

/// A fixed clock reading for the flow (seconds since the epoch).
const NOW: u64 = 1_700_000_000;

/// SignIn's answer as the server sends it (read from JSON, so fields
/// added later take their defaults).
fn answer(two_factor_required: bool) -> SignInResponse {
    let json = if two_factor_required {
        json!({"session": "tfp_pending", "expiresAt": 1_700_000_300, "login": "ada",
               "twoFactorRequired": true, "attemptsLeft": 5})
    } else {
        json!({"expiresAt": 1_700_000_300, "login": "ada", "twoFactorRequired": false})
    };
    serde_json::from_value(json).unwrap()
}

fn on_code_step() -> SignInFlow {
    let mut flow = SignInFlow::new();
    assert_eq!(
        flow.password_accepted(answer(true), NOW),
        PasswordAccepted::CodeStep
    );
    flow
}

fn refused(result: ResultCode) -> Failure {
    let mut error = ApiError::new(result);
    error.attempts_left = Some(4);
    Failure::Api(error)
}

fn verified(recovery_code_used: bool, recovery_codes_left: u32) -> Verify2FACodeResponse {
    serde_json::from_value(json!({
        "expiresAt": 1_700_086_400,
        "login": "ada",
        "recoveryCodeUsed": recovery_code_used,
        "recoveryCodesLeft": recovery_codes_left,
    }))
    .unwrap()
}

#[test]
fn an_empty_field_is_named_before_anything_is_sent() {
    let mut flow = SignInFlow::new();
    assert!(flow.submit_password("ada", "").is_none());
    assert_eq!(flow.error(), Some(messages::ENTER_LOGIN_AND_PASSWORD));
    let request = flow.submit_password(" ada ", "secret").unwrap();
    assert_eq!(request.login, "ada");
    assert_eq!(flow.error(), None, "a new try clears the old message");
}

#[test]
fn a_wrong_password_stays_on_the_password_step_in_words() {
    let mut flow = SignInFlow::new();
    flow.password_refused(&refused(ResultCode::InvalidCredentials));
    assert_eq!(flow.step(), &Step::Password);
    assert_eq!(flow.error(), Some(messages::WRONG_LOGIN_OR_PASSWORD));
}

#[test]
fn without_two_factor_the_password_signs_in() {
    let mut flow = SignInFlow::new();
    assert_eq!(
        flow.password_accepted(answer(false), NOW),
        PasswordAccepted::SignedIn
    );
    assert!(!flow.is_code_step());
}

#[test]
fn with_two_factor_the_password_leads_to_the_code_step_for_that_login() {
    let flow = on_code_step();
    assert!(flow.is_code_step());
    assert_eq!(flow.code_kind(), Some(CodeKind::Totp));
    assert_eq!(flow.pending_login(), Some("ada"));
    assert_eq!(flow.error(), None, "five attempts left need no warning");
}

#[test]
fn a_pending_sign_in_without_its_session_is_unreadable() {
    let mut flow = SignInFlow::new();
    let mut incomplete = answer(true);
    incomplete.session = None;
    assert_eq!(
        flow.password_accepted(incomplete, NOW),
        PasswordAccepted::Unreadable
    );
    assert!(!flow.is_code_step());
    assert!(flow.error().unwrap().contains("could not be read"));
}

#[test]
fn arriving_at_the_code_step_warns_of_a_lock_or_of_few_attempts() {
    let mut locked = answer(true);
    locked.retry_after = Some(240);
    let mut flow = SignInFlow::new();
    flow.password_accepted(locked, NOW);
    assert_eq!(flow.error(), None, "the lock is explained beside the form");
    assert_eq!(
        flow.explanation(),
        Some(messages::codes_locked_until(CodeKind::Totp, "22:18 UTC"))
    );

    let mut nearly = answer(true);
    nearly.attempts_left = Some(2);
    let mut flow = SignInFlow::new();
    flow.password_accepted(nearly, NOW);
    assert_eq!(flow.error(), Some(messages::attempts_warning(2).as_str()));
}

#[test]
fn when_app_codes_are_stopped_the_code_step_asks_for_a_recovery_code() {
    let mut stopped = answer(true);
    stopped.totp_stopped = true;
    stopped.attempts_left = Some(0);
    let mut flow = SignInFlow::new();
    flow.password_accepted(stopped, NOW);
    assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
    assert_eq!(flow.explanation().as_deref(), Some(messages::TOTP_STOPPED));
    flow.switch_code_kind();
    assert_eq!(
        flow.explanation().as_deref(),
        Some(messages::TOTP_STOPPED),
        "the explanation stays on the other kind"
    );

    let mut flow = on_code_step();
    let outcome = flow.code_refused(&refused(ResultCode::TotpStopped), NOW);
    assert_eq!(outcome, CodeRefused::TryAgain(CodeKind::Recovery));
    assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
    assert_eq!(flow.explanation().as_deref(), Some(messages::TOTP_STOPPED));
    assert_eq!(flow.error(), None, "said once, beside the form");
}

#[test]
fn an_incomplete_code_is_named_by_its_kind_and_not_sent() {
    let mut flow = on_code_step();
    assert!(flow.submit_code("12345", NOW).is_none());
    assert_eq!(flow.error(), Some(messages::TYPE_THE_SIX_DIGITS));
    flow.switch_code_kind();
    assert_eq!(flow.error(), None, "switching clears the message");
    assert!(flow.submit_code("abcde", NOW).is_none());
    assert_eq!(
        flow.error(),
        Some(messages::RECOVERY_CODE_HAS_TEN_CHARACTERS)
    );
}

#[test]
fn a_complete_code_is_sent_with_the_pending_session() {
    let mut flow = on_code_step();
    let request = flow.submit_code("123456", NOW).unwrap();
    assert_eq!(request.session.as_deref(), Some("tfp_pending"));
    assert_eq!(request.code, "123456");
    flow.switch_code_kind();
    let request = flow.submit_code("ABCDE FGHJK", NOW).unwrap();
    assert_eq!(request.code, "abcde-fghjk", "recovery codes are normalised");
}

#[test]
fn no_code_is_sent_from_the_password_step() {
    let mut flow = SignInFlow::new();
    assert!(flow.submit_code("123456", NOW).is_none());
    assert_eq!(flow.error(), None);
}

#[test]
fn a_wrong_code_stays_on_the_code_step_and_says_what_is_left() {
    let mut flow = on_code_step();
    assert_eq!(
        flow.code_refused(&refused(ResultCode::InvalidCode), NOW),
        CodeRefused::TryAgain(CodeKind::Totp)
    );
    assert!(flow.is_code_step());
    let mut wrong = ApiError::new(ResultCode::InvalidCode);
    wrong.attempts_left = Some(4);
    assert_eq!(
        flow.error(),
        Some(failure_message(Attempt::VerifyCode(CodeKind::Totp), &Failure::Api(wrong)).as_str())
    );
}

#[test]
fn an_expired_sign_in_goes_back_to_the_password_step_in_words() {
    for result in [ResultCode::NotSignedIn, ResultCode::NotAPendingSession] {
        let mut flow = on_code_step();
        assert_eq!(
            flow.code_refused(&refused(result), NOW),
            CodeRefused::StartOver,
            "{result:?}"
        );
        assert_eq!(flow.step(), &Step::Password);
        assert_eq!(flow.error(), Some(messages::SIGN_IN_EXPIRED));
    }
}

#[test]
fn a_spent_recovery_code_reports_the_codes_left_and_an_authentication_code_does_not() {
    let mut flow = on_code_step();
    assert_eq!(flow.code_accepted(&verified(false, 10)), None);
    assert!(!flow.is_code_step());

    let mut flow = on_code_step();
    assert_eq!(flow.code_accepted(&verified(true, 9)), Some(9));
    let mut flow = on_code_step();
    assert_eq!(
        flow.code_accepted(&verified(true, 0)),
        Some(0),
        "the last code is reported as none left"
    );
}

#[test]
fn back_to_login_and_password_forgets_the_pending_sign_in() {
    let mut flow = on_code_step();
    flow.code_refused(&refused(ResultCode::InvalidCode), NOW);
    flow.start_over();
    assert_eq!(flow, SignInFlow::new());
}

fn refused_with_wait(result: ResultCode, retry_after: u64) -> Failure {
    let mut error = ApiError::new(result);
    error.attempts_left = Some(5);
    error.retry_after = Some(retry_after);
    Failure::Api(error)
}

#[test]
fn a_code_just_used_asks_to_wait_for_the_next_one_without_locking() {
    let mut flow = on_code_step();
    flow.code_refused(&refused_with_wait(ResultCode::CodeJustUsed, 12), NOW);
    assert_eq!(flow.error(), Some(messages::code_just_used(12).as_str()));
    assert_eq!(flow.wait_left(NOW + 2), Some((WaitReason::JustUsed, 10)));
    assert!(!flow.is_locked(NOW), "a just-used code locks nothing");
    assert!(flow.submit_code("123456", NOW + 1).is_some());
    assert_eq!(flow.wait_left(NOW + 1), None, "a new try ends the wait");
}

#[test]
fn a_lock_counts_down_disables_its_kind_only_and_says_when_it_ends() {
    let mut flow = on_code_step();
    flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 120), NOW);
    assert!(flow.is_locked(NOW));
    assert_eq!(flow.error(), None, "explained beside the form");
    assert_eq!(
        flow.explanation(),
        Some(messages::codes_locked_until(CodeKind::Totp, "22:16 UTC"))
    );
    assert_eq!(flow.wait_left(NOW + 60), Some((WaitReason::Locked, 60)));
    assert!(
        flow.submit_code("123456", NOW + 1).is_none(),
        "nothing is sent while locked"
    );
    flow.switch_code_kind();
    assert!(!flow.is_locked(NOW + 1), "recovery codes stay usable");
    flow.switch_code_kind();
    assert!(flow.is_locked(NOW + 119));
    assert_eq!(flow.tick(NOW + 119), Ticked::Nothing);
    assert!(
        flow.is_locked(NOW + 119),
        "a tick before the end changes nothing"
    );
    assert!(!flow.needs_tick(NOW + 119));
    assert!(flow.needs_tick(NOW + 120));
    assert_eq!(flow.tick(NOW + 120), Ticked::WaitEnded);
    assert!(!flow.is_locked(NOW + 120));
    assert_eq!(flow.explanation(), None);
    assert_eq!(flow.error(), Some(messages::LOCK_ENDED));
}

#[test]
fn the_lock_is_explained_on_both_kinds_and_a_recovery_code_try_keeps_it() {
    let mut flow = on_code_step();
    flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 900), NOW);
    let explained = flow.explanation();
    assert!(explained.is_some());
    flow.switch_code_kind();
    assert_eq!(flow.explanation(), explained, "kept on the recovery code");
    let request = flow.submit_code("abcde-fghjk", NOW + 5);
    assert!(request.is_some(), "a recovery code is sent under the lock");
    flow.code_refused(&refused(ResultCode::InvalidCode), NOW + 6);
    assert!(flow.error().unwrap().contains("not valid"));
    assert_eq!(flow.explanation(), explained, "the wrong recovery code");
    flow.switch_code_kind();
    assert_eq!(flow.explanation(), explained, "and back");
    assert!(flow.is_locked(NOW + 7), "the app's codes stay locked");
}

#[test]
fn a_lock_that_outlives_the_sign_in_ends_it_after_five_minutes_saying_until_when() {
    let mut flow = on_code_step();
    flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 900), NOW);
    assert!(!flow.needs_tick(NOW + PENDING_SECS - 1));
    assert_eq!(flow.tick(NOW + PENDING_SECS - 1), Ticked::Nothing);
    assert!(flow.is_code_step());
    assert!(flow.needs_tick(NOW + PENDING_SECS));
    assert_eq!(flow.tick(NOW + PENDING_SECS), Ticked::SignInEnded);
    assert_eq!(flow.step(), &Step::Password);
    assert_eq!(
        flow.error(),
        Some(messages::sign_in_expired_while_locked("22:29 UTC").as_str())
    );
    assert_eq!(flow.explanation(), None);
    assert!(!flow.needs_tick(NOW + 900), "nothing counts down any more");
}

#[test]
fn a_sign_in_left_five_minutes_ends_in_words_in_the_persons_time_zone() {
    let mut flow = SignInFlow::new();
    flow.password_accepted(answer(true), NOW);
    assert_eq!(flow.tick(NOW + PENDING_SECS), Ticked::SignInEnded);
    assert_eq!(flow.error(), Some(messages::SIGN_IN_EXPIRED));

    // Berlin in summer: two hours ahead of UTC.
    let mut locked = answer(true);
    locked.retry_after = Some(900);
    let mut flow = SignInFlow::new().in_time_zone(berlin_in_summer());
    flow.password_accepted(locked, NOW);
    assert_eq!(
        flow.explanation(),
        Some(messages::codes_locked_until(CodeKind::Totp, "00:29 CEST"))
    );
    // The server ended it first (a minute later).
    assert_eq!(
        flow.code_refused(&refused(ResultCode::NotSignedIn), NOW + 60),
        CodeRefused::StartOver
    );
    assert_eq!(
        flow.error(),
        Some(messages::sign_in_expired_while_locked("00:29 CEST").as_str())
    );
    flow.start_over();
    assert_eq!(flow, SignInFlow::new().in_time_zone(berlin_in_summer()));
}

#[test]
fn arriving_while_locked_disables_the_app_code_form() {
    let mut locked = answer(true);
    locked.retry_after = Some(240);
    let mut flow = SignInFlow::new();
    flow.password_accepted(locked, NOW);
    assert!(flow.is_locked(NOW + 239));
    assert!(!flow.is_locked(NOW + 240));
}

#[test]
fn an_expired_or_spent_pending_sign_in_starts_over_and_a_wrong_code_does_not() {
    assert!(must_start_over(&refused(ResultCode::NotSignedIn)));
    assert!(must_start_over(&refused(ResultCode::NotAPendingSession)));
    assert!(!must_start_over(&refused(ResultCode::InvalidCode)));
    assert!(!must_start_over(&Failure::Network));
}

#[test]
fn the_pending_session_never_shows_in_debug_output() {
    let flow = on_code_step();
    let debug = format!("{flow:?}");
    assert!(!debug.contains("tfp_pending"), "{debug}");
    assert!(debug.contains("ada"));
}
