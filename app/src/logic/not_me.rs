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
mod tests;
