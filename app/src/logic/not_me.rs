//! "Wasn't you?": what the page a security notice's link opens shows, step
//! by step. The link comes from the address's fragment (never sent to a
//! server by the browser); nothing is called until the person presses
//! "Sign out everywhere" (mail scanners open links). ReportNotMe's answer
//! says what was done and whether the account can also be put back
//! (UndoChange, with a code from before the change), and each refusal
//! says whether the link or the undo is over.

use twofold_api::not_me::{ReportNotMeResponse, UndoChangeResponse, UndoOffer};
use twofold_api::{params, ResultCode};

use crate::api::Failure;
use crate::logic::messages::{not_me_failure, Attempt};

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
    },
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
        let app = self
            .undo_offer()
            .is_some_and(|offer| offer.authenticator_app);
        self.step = NotMeStep::Restored { answer, app };
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

    fn offer(app: bool) -> UndoOffer {
        UndoOffer {
            authenticator_app: app,
            tries_left: 5,
            until: 1_700_259_200,
        }
    }

    fn reported_with_undo(app: bool) -> NotMeFlow {
        let mut flow = NotMeFlow::from_hash(&format!("#{LINK}"));
        flow.reported(report(Some(offer(app))));
        flow
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
            (ResultCode::UndoTriesUsed, "Too many wrong codes"),
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
    fn a_restored_account_remembers_whether_it_has_its_app_again() {
        let answer = UndoChangeResponse {
            change: EventKind::TwoFactorDisabled,
            at: 1_700_000_000,
            tokens_deleted: 0,
            recovery_codes_left: 9,
        };
        for app in [true, false] {
            let mut flow = reported_with_undo(app);
            flow.restored(answer.clone());
            assert_eq!(
                flow.step(),
                &NotMeStep::Restored {
                    answer: answer.clone(),
                    app
                }
            );
        }
    }
}
