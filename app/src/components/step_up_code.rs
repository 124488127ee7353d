//! The second factor of a step-up form (the password pop-up, Change
//! Password) as typed: one value for the form and its code field to share.

use leptos::prelude::*;

use crate::api::Failure;
use crate::browser;
use crate::logic::second_factor::SecondFactorEntry;

/// Which kind of code is asked for, the waits the server announced, and
/// what the two fields hold (signals only, cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct StepUpCode {
    /// Which kind is asked for and what the server asked to wait for.
    pub entry: RwSignal<SecondFactorEntry>,
    /// The six digits typed so far.
    pub totp: RwSignal<String>,
    /// The recovery code typed so far.
    pub recovery_code: RwSignal<String>,
    /// False for an account that confirms with keys alone: a recovery code
    /// is asked for, with no switch to the app's codes.
    pub app: bool,
}

impl StepUpCode {
    /// What an account with an authenticator app (`app`) or without one
    /// (keys only: a recovery code) is asked for, nothing typed.
    pub fn for_account(app: bool) -> Self {
        let code = StepUpCode::new();
        if !app {
            code.entry.set(SecondFactorEntry::recovery_only());
        }
        StepUpCode { app, ..code }
    }

    /// Six digits asked for, nothing typed, nothing to wait for.
    pub fn new() -> Self {
        StepUpCode {
            entry: RwSignal::new(SecondFactorEntry::new()),
            totp: RwSignal::new(String::new()),
            recovery_code: RwSignal::new(String::new()),
            app: true,
        }
    }

    /// What to send for the fields at `now`, or why nothing can be sent
    /// (see [`SecondFactorEntry::code_to_send`]); `None` once the form is
    /// gone.
    pub fn code_to_send(self, now: u64) -> Option<Result<String, String>> {
        let (typed, recovery) = (
            self.totp.get_untracked(),
            self.recovery_code.get_untracked(),
        );
        self.entry
            .try_update(|e| e.code_to_send(&typed, &recovery, now))
    }

    /// Records the wait a refusal at `now` announces (and the switch to
    /// recovery codes when the app's are stopped).
    pub fn refused(self, failure: &Failure, now: u64) {
        self.entry.update(|e| {
            e.refused(failure, now);
        });
    }

    /// Empties both fields for the next try.
    pub fn clear(self) {
        self.totp.set(String::new());
        self.recovery_code.set(String::new());
    }

    /// True while the kind shown is locked now (untracked).
    pub fn is_locked_now(self) -> bool {
        self.entry
            .with_untracked(|e| e.is_locked(browser::now_secs()))
    }

    /// Tracked: true while the form asks for a code (`asked`) and the kind
    /// shown is locked: the form's button is disabled then.
    pub fn locked(self, asked: Signal<bool>) -> Memo<bool> {
        Memo::new(move |_| asked.get() && self.entry.with(|e| e.is_locked(browser::now_secs())))
    }
}

impl Default for StepUpCode {
    fn default() -> Self {
        StepUpCode::new()
    }
}
