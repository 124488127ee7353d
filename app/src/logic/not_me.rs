//! "Wasn't you?": what the page a security notice's link opens shows, step
//! by step. The link comes from the address's fragment (never sent to a
//! server by the browser); nothing is called until the person presses
//! "Sign out everywhere" (mail scanners open links). ReportNotMe's answer
//! says what was done and whether the account can also be put back
//! (UndoChange, with a code or a security key from before the change:
//! [`UndoWays`]), and each refusal says whether the link or the undo is
//! over.

use twofold_api::not_me::{ReportNotMeResponse, UndoChangeResponse, UndoOffer};
use twofold_api::{params, ResultCode};

use crate::api::Failure;
use crate::logic::messages::{self, not_me_failure, Attempt};
use crate::logic::security_keys::{KeyFailure, KeyProblem};

/// The link in the address's fragment (`location.hash`, with or without
/// its `#`), if it holds one.
pub fn link_from_hash(hash: &str) -> Option<String> {
    let link = hash.strip_prefix('#').unwrap_or(hash).trim();
    (!link.is_empty()).then(|| link.to_owned())
}

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMeStep {
    /// The address held no link.
    NoLink,
    /// The link, not used yet: the explanation and the button.
    Ask,
    /// The server refused the link itself (made up, cut, expired, used):
    /// pressing again would change nothing.
    LinkRefused,
    /// Every session and token ended: what was done, and the undo.
    Reported(Reported),
    /// The account is as it was before the change.
    Restored {
        /// UndoChange's answer.
        answer: UndoChangeResponse,
        /// Whether the account has an authenticator app again.
        app: bool,
        /// Whether the account has its security keys again.
        keys: bool,
    },
}

/// What the undo's form offers for an [`UndoOffer`]: recovery codes
/// always; the app's codes and "Use your security key" when the account
/// had them before the change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UndoWays {
    /// The code field asks for six digits from the app first, with the
    /// switch to a recovery code; without, for a recovery code alone.
    pub app_codes: bool,
    /// "Use your security key" is offered.
    pub key: bool,
}

impl UndoWays {
    /// The ways `offer` takes.
    pub fn of(offer: &UndoOffer) -> Self {
        UndoWays {
            app_codes: offer.authenticator_app,
            key: offer.security_keys,
        }
    }

    /// True when the key is the form's main way and comes first, the
    /// recovery code after it: keys without the app, as sign-in does.
    /// Beside the app's codes, the key comes first too, as in the password
    /// pop-up, and the code's button stays the main one.
    pub fn key_leads(self) -> bool {
        self.key && !self.app_codes
    }
}

/// Which part the page shows: what [`NotMeStep`] is, without its data, so
/// that a part stays on screen (with its fields) while its data changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// [`NotMeStep::NoLink`].
    NoLink,
    /// [`NotMeStep::Ask`] and [`NotMeStep::LinkRefused`]: the button's part.
    Ask,
    /// [`NotMeStep::Reported`].
    Reported,
    /// [`NotMeStep::Restored`].
    Restored,
}

impl NotMeStep {
    /// Which part shows it.
    pub fn stage(&self) -> Stage {
        match self {
            NotMeStep::NoLink => Stage::NoLink,
            NotMeStep::Ask | NotMeStep::LinkRefused => Stage::Ask,
            NotMeStep::Reported(_) => Stage::Reported,
            NotMeStep::Restored { .. } => Stage::Restored,
        }
    }
}

/// What ReportNotMe answered, and where the undo stands since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The answer; its `undo` is updated by refused codes (tries left) and
    /// removed once the undo is over.
    pub report: ReportNotMeResponse,
    /// The undo was offered and is over (tries used, link used or expired).
    pub undo_over: bool,
}

/// The page's state: the link and the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMeFlow {
    link: Option<String>,
    step: NotMeStep,
}

/// What a refused call means for the page: the words, and whether they
/// are about the code typed (its field is cleared and marked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The sentence to show.
    pub words: String,
    /// True when the code was at fault.
    pub about_code: bool,
}

impl NotMeFlow {
    /// The page for the address's fragment `hash`.
    pub fn from_hash(hash: &str) -> Self {
        let link = link_from_hash(hash);
        let step = if link.is_some() {
            NotMeStep::Ask
        } else {
            NotMeStep::NoLink
        };
        NotMeFlow { link, step }
    }

    /// The link, for the calls.
    pub fn link(&self) -> Option<&str> {
        self.link.as_deref()
    }

    /// Where the page is.
    pub fn step(&self) -> &NotMeStep {
        &self.step
    }

    /// ReportNotMe's answer, once in.
    pub fn report(&self) -> Option<&ReportNotMeResponse> {
        match &self.step {
            NotMeStep::Reported(reported) => Some(&reported.report),
            _ => None,
        }
    }

    /// True once reported when the page has a part on putting the account
    /// back: the undo is offered, or was and is over (its refusal stays in
    /// sight there).
    pub fn has_undo_part(&self) -> bool {
        match &self.step {
            NotMeStep::Reported(reported) => reported.report.undo.is_some() || reported.undo_over,
            _ => false,
        }
    }

    /// What the undo's form offers while the undo is offered.
    pub fn undo_ways(&self) -> Option<UndoWays> {
        self.undo_offer().map(UndoWays::of)
    }

    /// The undo still offered, if any.
    pub fn undo_offer(&self) -> Option<&UndoOffer> {
        match &self.step {
            NotMeStep::Reported(reported) => reported.report.undo.as_ref(),
            _ => None,
        }
    }

    /// ReportNotMe answered.
    pub fn reported(&mut self, report: ReportNotMeResponse) {
        self.step = NotMeStep::Reported(Reported {
            report,
            undo_over: false,
        });
    }

    /// ReportNotMe was refused: the words, and the button goes when the
    /// link itself was refused.
    pub fn report_refused(&mut self, failure: &Failure) -> String {
        if is_about_the_link(failure) {
            self.step = NotMeStep::LinkRefused;
        }
        not_me_failure(Attempt::ReportNotMe, failure)
    }

    /// UndoChange answered: the account is back.
    pub fn restored(&mut self, answer: UndoChangeResponse) {
        let ways = self.undo_ways().unwrap_or_default();
        self.step = NotMeStep::Restored {
            answer,
            app: ways.app_codes,
            keys: ways.key,
        };
    }

    /// UndoChange was refused: the tries left follow the server's count,
    /// and the form goes once the undo is over.
    pub fn undo_refused(&mut self, failure: &Failure) -> Refusal {
        let words = not_me_failure(Attempt::UndoChange, failure);
        let NotMeStep::Reported(reported) = &mut self.step else {
            return Refusal {
                words,
                about_code: false,
            };
        };
        let left = match failure {
            Failure::Api(error) if error.result == ResultCode::InvalidCode => error.attempts_left,
            _ => None,
        };
        if let (Some(left), Some(offer)) = (left, reported.report.undo.as_mut()) {
            offer.tries_left = left;
        }
        if left == Some(0) || ends_the_undo(failure) {
            reported.report.undo = None;
            reported.undo_over = true;
        }
        Refusal {
            words,
            about_code: is_about_the_code(failure),
        }
    }

    /// "Use your security key" came to nothing: the browser gave no answer
    /// (no try taken), or StartUndoKeyCheck or UndoChange refused. A key
    /// the server checked and refused took one of the link's tries (the
    /// server does not count them in its answer, as it does for codes):
    /// the count goes down, and the undo is over at none. A link that
    /// turns out to have no key from before the change stops offering it.
    pub fn key_refused(&mut self, failure: &KeyFailure) -> Refusal {
        let failure = match failure {
            KeyFailure::Problem(problem) => {
                return Refusal {
                    words: key_problem_words(*problem).to_owned(),
                    about_code: false,
                }
            }
            KeyFailure::Refused(failure) => failure,
        };
        let mut words = not_me_failure(Attempt::UndoChange, failure);
        let NotMeStep::Reported(reported) = &mut self.step else {
            return Refusal {
                words,
                about_code: false,
            };
        };
        let mut over = ends_the_undo(failure);
        if let Some(offer) = reported.report.undo.as_mut() {
            if failure.is(ResultCode::NoSecurityKeys) {
                offer.security_keys = false;
            }
            if took_a_try(failure) {
                offer.tries_left = offer.tries_left.saturating_sub(1);
                words = messages::key_try_counted(&words, offer.tries_left);
                over |= offer.tries_left == 0;
            }
        }
        if over {
            reported.report.undo = None;
            reported.undo_over = true;
        }
        Refusal {
            words,
            about_code: false,
        }
    }
}

/// What the browser's refusal of a key says on this page: a cancelled
/// request points back to the key's button and to the codes.
pub fn key_problem_words(problem: KeyProblem) -> &'static str {
    match problem {
        KeyProblem::Cancelled => messages::UNDO_KEY_CANCELLED,
        other => messages::key_problem(other),
    }
}

/// True when UndoChange checked a key's answer and refused it: the try
/// was taken before the check.
fn took_a_try(failure: &Failure) -> bool {
    [
        ResultCode::KeyRefused,
        ResultCode::KeyCheckGone,
        ResultCode::KeyCloneSuspected,
    ]
    .into_iter()
    .any(|result| failure.is(result))
}

/// True when the server refused the link itself.
fn is_about_the_link(failure: &Failure) -> bool {
    let Failure::Api(error) = failure else {
        return false;
    };
    match error.result {
        ResultCode::NotMeLinkInvalid | ResultCode::NotMeLinkExpired | ResultCode::NotMeLinkUsed => {
            true
        }
        ResultCode::InvalidParameter => error.parameter.as_deref() == Some(params::LINK),
        _ => false,
    }
}

/// True when no code can put the account back with this link any more.
fn ends_the_undo(failure: &Failure) -> bool {
    is_about_the_link(failure)
        || failure.is(ResultCode::NothingToRestore)
        || failure.is(ResultCode::UndoTriesUsed)
}

/// True when the code typed was at fault: wrong, just used, or not whole.
fn is_about_the_code(failure: &Failure) -> bool {
    let Failure::Api(error) = failure else {
        return false;
    };
    match error.result {
        ResultCode::InvalidCode | ResultCode::CodeJustUsed => true,
        ResultCode::InvalidParameter => error.parameter.as_deref() == Some(params::CODE),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
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
            let mut flow = reported_with(false, true);
            let refusal = flow.key_refused(&key_refused(result));
            assert!(
                refusal.words.contains(says),
                "{result:?}: {}",
                refusal.words
            );
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
            let mut flow = reported_with(false, true);
            let refusal = flow.key_refused(&key_refused(result));
            assert!(
                refusal.words.contains(says),
                "{result:?}: {}",
                refusal.words
            );
            assert_eq!(flow.undo_offer(), None, "{result:?}");
            assert!(flow.has_undo_part());
        }
        let mut busy = reported_with(false, true);
        busy.key_refused(&key_refused(ResultCode::Unavailable));
        assert_eq!(tries_left(&busy), Some(5));
    }
}
