use twofold_api::events::EventKind;
use twofold_api::ApiError;

use super::*;

const LINK: &str = "0123abcd-1700000000-0011aabb-ffee";

fn refused(result: ResultCode) -> Failure {
    Failure::Api(ApiError::new(result))
}

fn wrong_code(left: u32) -> Failure {
    let mut error = ApiError::new(ResultCode::InvalidCode);
    error.attempts_left = Some(left);
    Failure::Api(error)
}

fn with_parameter(parameter: &str) -> Failure {
    let mut error = ApiError::new(ResultCode::InvalidParameter);
    error.parameter = Some(parameter.to_owned());
    Failure::Api(error)
}

fn report(undo: Option<UndoOffer>) -> ReportNotMeResponse {
    ReportNotMeResponse {
        change: EventKind::TwoFactorDisabled,
        at: 1_700_000_000,
        tokens_deleted: 2,
        already_reported: false,
        undo,
    }
}

fn offer_with(app: bool, keys: bool) -> UndoOffer {
    UndoOffer {
        authenticator_app: app,
        security_keys: keys,
        tries_left: 5,
        until: 1_700_259_200,
    }
}

fn reported_with_undo(app: bool) -> NotMeFlow {
    reported_with(app, false)
}

fn reported_with(app: bool, keys: bool) -> NotMeFlow {
    let mut flow = NotMeFlow::from_hash(&format!("#{LINK}"));
    flow.reported(report(Some(offer_with(app, keys))));
    flow
}

fn key_refused(result: ResultCode) -> KeyFailure {
    KeyFailure::Refused(refused(result))
}

/// A flow offering the key alone whose key's answer `result` refused,
/// with the refusal, checked to say `says`.
fn key_refused_saying(result: ResultCode, says: &str) -> (NotMeFlow, Refusal) {
    let mut flow = reported_with(false, true);
    let refusal = flow.key_refused(&key_refused(result));
    assert!(
        refusal.words.contains(says),
        "{result:?}: {}",
        refusal.words
    );
    (flow, refusal)
}

fn tries_left(flow: &NotMeFlow) -> Option<u32> {
    flow.undo_offer().map(|o| o.tries_left)
}

#[test]
fn the_link_is_the_fragment_without_its_hash() {
    assert_eq!(link_from_hash(&format!("#{LINK}")).as_deref(), Some(LINK));
    assert_eq!(link_from_hash(LINK).as_deref(), Some(LINK));
    assert_eq!(link_from_hash(&format!("# {LINK} ")).as_deref(), Some(LINK));
    assert_eq!(link_from_hash(""), None);
    assert_eq!(link_from_hash("#"), None);
}

#[test]
fn a_page_without_a_link_says_so_and_one_with_a_link_waits_for_the_button() {
    assert_eq!(NotMeFlow::from_hash("").step(), &NotMeStep::NoLink);
    let flow = NotMeFlow::from_hash(&format!("#{LINK}"));
    assert_eq!(flow.step(), &NotMeStep::Ask);
    assert_eq!(flow.link(), Some(LINK));
}

#[test]
fn a_refused_link_takes_the_button_away_and_a_lost_connection_does_not() {
    for failure in [
        refused(ResultCode::NotMeLinkInvalid),
        refused(ResultCode::NotMeLinkExpired),
        refused(ResultCode::NotMeLinkUsed),
        with_parameter(params::LINK),
    ] {
        let mut flow = NotMeFlow::from_hash(LINK);
        let words = flow.report_refused(&failure);
        assert_eq!(flow.step(), &NotMeStep::LinkRefused, "{failure:?}");
        assert!(!words.is_empty());
    }
    let mut flow = NotMeFlow::from_hash(LINK);
    flow.report_refused(&Failure::Network);
    assert_eq!(flow.step(), &NotMeStep::Ask);
}

#[test]
fn each_refusal_of_the_link_is_worded() {
    let mut flow = NotMeFlow::from_hash(LINK);
    assert!(flow
        .report_refused(&refused(ResultCode::NotMeLinkInvalid))
        .contains("Copy the whole link from the mail"));
    assert!(flow
        .report_refused(&with_parameter(params::LINK))
        .contains("Copy the whole link from the mail"));
    assert!(flow
        .report_refused(&refused(ResultCode::NotMeLinkExpired))
        .contains("expired"));
    assert!(flow
        .report_refused(&refused(ResultCode::NotMeLinkUsed))
        .contains("used already"));
}

#[test]
fn a_wrong_code_counts_down_the_tries_and_the_last_one_ends_the_undo() {
    let mut flow = reported_with_undo(true);
    let refusal = flow.undo_refused(&wrong_code(4));
    assert!(refusal.about_code);
    assert!(
        refusal.words.contains("4 attempts left"),
        "{}",
        refusal.words
    );
    assert!(
        refusal
            .words
            .contains("authenticator app you had before the change"),
        "{}",
        refusal.words
    );
    assert_eq!(flow.undo_offer().map(|o| o.tries_left), Some(4));
    let last = flow.undo_refused(&wrong_code(0));
    assert!(
        last.words.contains("no attempts are left"),
        "{}",
        last.words
    );
    assert!(!last.words.contains("Use a code"), "{}", last.words);
    assert_eq!(flow.undo_offer(), None);
    assert!(matches!(
        flow.step(),
        NotMeStep::Reported(Reported {
            undo_over: true,
            ..
        })
    ));
}

#[test]
fn a_code_just_used_keeps_the_form() {
    let mut flow = reported_with_undo(true);
    let mut error = ApiError::new(ResultCode::CodeJustUsed);
    error.retry_after = Some(20);
    let refusal = flow.undo_refused(&Failure::Api(error));
    assert!(refusal.about_code);
    assert!(refusal.words.contains("just used"), "{}", refusal.words);
    assert_eq!(flow.undo_offer().map(|o| o.tries_left), Some(5));
}

#[test]
fn tries_used_nothing_to_restore_and_a_used_link_end_the_undo_in_words() {
    for (result, says) in [
        (ResultCode::UndoTriesUsed, "Too many wrong codes or keys"),
        (ResultCode::NothingToRestore, "cannot put your account back"),
        (ResultCode::NotMeLinkUsed, "used already"),
        (ResultCode::NotMeLinkExpired, "expired"),
    ] {
        let mut flow = reported_with_undo(false);
        let refusal = flow.undo_refused(&refused(result));
        assert!(
            refusal.words.contains(says),
            "{result:?}: {}",
            refusal.words
        );
        assert!(!refusal.about_code);
        assert_eq!(flow.undo_offer(), None, "{result:?}");
    }
}

#[test]
fn the_undo_part_stays_once_the_undo_is_over_and_is_absent_when_never_offered() {
    let mut flow = reported_with_undo(true);
    assert!(flow.has_undo_part());
    assert_eq!(flow.step().stage(), Stage::Reported);
    flow.undo_refused(&refused(ResultCode::UndoTriesUsed));
    assert!(flow.has_undo_part());
    let mut plain = NotMeFlow::from_hash(LINK);
    plain.reported(report(None));
    assert!(!plain.has_undo_part());
    assert_eq!(plain.report().map(|r| r.tokens_deleted), Some(2));
    assert_eq!(NotMeStep::LinkRefused.stage(), Stage::Ask);
}

#[test]
fn a_busy_server_keeps_the_form() {
    let mut flow = reported_with_undo(true);
    let refusal = flow.undo_refused(&refused(ResultCode::Busy));
    assert!(!refusal.about_code);
    assert!(flow.undo_offer().is_some());
}

#[test]
fn a_restored_account_remembers_whether_it_has_its_app_and_keys_again() {
    let answer = UndoChangeResponse {
        change: EventKind::TwoFactorDisabled,
        at: 1_700_000_000,
        tokens_deleted: 0,
        recovery_codes_left: 9,
    };
    for (app, keys) in [(true, false), (false, false), (true, true), (false, true)] {
        let mut flow = reported_with(app, keys);
        flow.restored(answer.clone());
        assert_eq!(
            flow.step(),
            &NotMeStep::Restored {
                answer: answer.clone(),
                app,
                keys
            }
        );
    }
}

#[test]
fn the_form_offers_the_key_only_when_the_account_had_one_and_leads_with_it_without_the_app() {
    let ways = |app, keys| reported_with(app, keys).undo_ways().expect("offered");
    // Codes only: the app's six digits (or a recovery code), or a
    // recovery code alone.
    assert_eq!(
        ways(true, false),
        UndoWays {
            app_codes: true,
            key: false
        }
    );
    assert!(!ways(true, false).key_leads());
    assert_eq!(
        ways(false, false),
        UndoWays {
            app_codes: false,
            key: false
        }
    );
    assert!(!ways(false, false).key_leads());
    // The app and a key: the key beside the app's codes, which lead.
    assert_eq!(
        ways(true, true),
        UndoWays {
            app_codes: true,
            key: true
        }
    );
    assert!(!ways(true, true).key_leads());
    // A key without the app: the key leads, a recovery code after it.
    assert_eq!(
        ways(false, true),
        UndoWays {
            app_codes: false,
            key: true
        }
    );
    assert!(ways(false, true).key_leads());
    let mut plain = NotMeFlow::from_hash(LINK);
    plain.reported(report(None));
    assert_eq!(plain.undo_ways(), None);
}

#[test]
fn a_key_that_never_answered_takes_no_try_and_says_how_to_try_again() {
    for problem in [
        KeyProblem::Cancelled,
        KeyProblem::NotThisSite,
        KeyProblem::Unsupported,
        KeyProblem::Failed,
    ] {
        let mut flow = reported_with(true, true);
        let refusal = flow.key_refused(&KeyFailure::Problem(problem));
        assert!(!refusal.words.is_empty(), "{problem:?}");
        assert!(!refusal.about_code);
        assert_eq!(tries_left(&flow), Some(5), "{problem:?}");
        assert_eq!(flow.undo_ways().map(|w| w.key), Some(true));
    }
    let cancelled = key_problem_words(KeyProblem::Cancelled);
    assert!(cancelled.contains("cancelled or timed out"), "{cancelled}");
    assert!(cancelled.contains("Use your security key"), "{cancelled}");
    assert!(
        cancelled.contains("a code from before the change"),
        "{cancelled}"
    );
    assert!(key_problem_words(KeyProblem::NotThisSite).contains("this address"));
}

#[test]
fn each_refusal_of_a_key_is_worded_and_takes_one_try() {
    for (result, says) in [
        (
            ResultCode::KeyRefused,
            "not one your account had before the change",
        ),
        (ResultCode::KeyCheckGone, "The key check expired"),
        (ResultCode::KeyCloneSuspected, "may have been copied"),
    ] {
        let (flow, refusal) = key_refused_saying(result, says);
        assert!(
            refusal.words.contains("4 attempts left"),
            "{result:?}: {}",
            refusal.words
        );
        assert!(!refusal.about_code);
        assert_eq!(tries_left(&flow), Some(4), "{result:?}");
    }
    let mut flow = reported_with(false, true);
    let again = flow.key_refused(&key_refused(ResultCode::KeyCheckGone));
    assert!(again.words.contains("try again"), "{}", again.words);
}

#[test]
fn the_last_try_refused_by_a_key_ends_the_undo() {
    let mut flow = reported_with(true, true);
    for left in (1..5).rev() {
        flow.key_refused(&key_refused(ResultCode::KeyRefused));
        assert_eq!(tries_left(&flow), Some(left));
    }
    let last = flow.key_refused(&key_refused(ResultCode::KeyRefused));
    assert!(
        last.words.contains("No attempts are left"),
        "{}",
        last.words
    );
    assert_eq!(flow.undo_offer(), None);
    assert!(flow.has_undo_part());
}

#[test]
fn a_link_without_a_key_from_before_stops_offering_the_key_and_keeps_the_codes() {
    let mut flow = reported_with(true, true);
    let refusal = flow.key_refused(&key_refused(ResultCode::NoSecurityKeys));
    assert!(
        refusal
            .words
            .contains("had no security key before the change"),
        "{}",
        refusal.words
    );
    assert_eq!(
        flow.undo_ways(),
        Some(UndoWays {
            app_codes: true,
            key: false
        })
    );
    assert_eq!(tries_left(&flow), Some(5));
}

#[test]
fn tries_used_and_a_used_or_expired_link_end_the_undo_from_the_key_too() {
    for (result, says) in [
        (ResultCode::UndoTriesUsed, "Too many wrong codes or keys"),
        (ResultCode::NotMeLinkUsed, "used already"),
        (ResultCode::NotMeLinkExpired, "expired"),
        (ResultCode::NothingToRestore, "cannot put your account back"),
    ] {
        let (flow, _) = key_refused_saying(result, says);
        assert_eq!(flow.undo_offer(), None, "{result:?}");
        assert!(flow.has_undo_part());
    }
    let mut busy = reported_with(false, true);
    busy.key_refused(&key_refused(ResultCode::Unavailable));
    assert_eq!(tries_left(&busy), Some(5));
}
