//! What the Two-Factor Authentication part of Settings does: Set Up, View
//! Recovery Codes, Regenerate and Disable, each after the session's
//! step-up. Signals only, shared by the panel and its pop-ups.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::Setup2FAResponse;
use twofold_api::ResultCode;

use super::recovery_codes_dialog::CodesView;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::state::{AppState, Tone};

/// A change that needs a recently confirmed password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitive {
    /// Set Up Two-Factor Authentication (Setup2FA).
    SetUp,
    /// View Recovery Codes.
    ViewCodes,
    /// View the codes to confirm saving them (a set-up left at step 2).
    ConfirmCodes,
    /// Generate new recovery codes.
    Regenerate,
    /// Disable Two-Factor Authentication.
    Disable,
}

impl Sensitive {
    /// What the change needs from the session's step-up: Setup2FA the
    /// password (2FA is off then), the others a second factor too.
    fn need(self) -> Need {
        match self {
            Sensitive::SetUp => Need::Password,
            _ => Need::SecondFactor,
        }
    }
}

/// The panel's signals: which pop-up is open, which call runs, what failed.
#[derive(Debug, Clone, Copy)]
pub struct TwoFactorFlows {
    state: AppState,
    /// The setup wizard, open with Setup2FA's answer.
    pub setup: RwSignal<Option<Setup2FAResponse>>,
    /// The recovery-codes dialog, open with what it shows.
    pub codes: RwSignal<Option<CodesView>>,
    /// The "are you sure?" pop-up open for Regenerate or Disable.
    pub confirming: RwSignal<Option<Sensitive>>,
    /// The password pop-up open before this change, asking for this.
    pub asking: RwSignal<Option<(Sensitive, Need)>>,
    busy: RwSignal<Option<Sensitive>>,
    error: RwSignal<Option<(Sensitive, String)>>,
}

impl TwoFactorFlows {
    /// Nothing open, nothing running.
    pub fn new(state: AppState) -> Self {
        TwoFactorFlows {
            state,
            setup: RwSignal::new(None),
            codes: RwSignal::new(None),
            confirming: RwSignal::new(None),
            asking: RwSignal::new(None),
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Starts `change`: at once while the session's step-up covers it,
    /// else after the password pop-up. Disabling always asks, as the seed
    /// describes.
    pub fn start(self, change: Sensitive) {
        self.error.set(None);
        let need = change.need();
        if change != Sensitive::Disable && self.state.is_elevated(need) {
            self.perform(change);
        } else {
            self.state
                .ask_password(move || self.asking.set(Some((change, need))));
        }
    }

    /// Opens the confirmation pop-up of `change` (regenerate, disable),
    /// clearing the last error.
    pub fn ask_to_confirm(self, change: Sensitive) {
        self.error.set(None);
        self.confirming.set(Some(change));
    }

    /// Calls the API for `change`.
    pub fn perform(self, change: Sensitive) {
        self.busy.set(Some(change));
        self.error.set(None);
        spawn_local(async move {
            let outcome = self.call(change).await;
            self.busy.set(None);
            self.finished(change, outcome).await;
        });
    }

    /// The call of `change`; what it answers is shown at once.
    async fn call(self, change: Sensitive) -> Result<(), Failure> {
        match change {
            Sensitive::SetUp => api::setup_2fa()
                .await
                .map(|setup| self.setup.set(Some(setup))),
            Sensitive::ViewCodes | Sensitive::ConfirmCodes => {
                api::view_recovery_codes().await.map(|codes| {
                    self.codes.set(Some(CodesView {
                        codes,
                        regenerated: false,
                        confirming: change == Sensitive::ConfirmCodes,
                    }))
                })
            }
            Sensitive::Regenerate => api::regenerate_recovery_codes().await.map(|codes| {
                self.confirming.set(None);
                self.codes.set(Some(CodesView {
                    codes,
                    regenerated: true,
                    confirming: false,
                }));
            }),
            Sensitive::Disable => api::disable_2fa().await.map(|_| {
                self.confirming.set(None);
                self.state
                    .show_notice(Tone::Success, messages::TWO_FACTOR_TURNED_OFF);
            }),
        }
    }

    /// What follows the call of `change`: the account fetched again after
    /// Disable, the password pop-up when the step-up ran out, else the
    /// failure in words.
    async fn finished(self, change: Sensitive, outcome: Result<(), Failure>) {
        match outcome {
            Ok(()) if change == Sensitive::Disable => {
                // The Disable button is gone with 2FA: focus goes to the
                // section, which now says Off.
                self.state.reload().await;
                browser::focus_when_ready(vec!["#tfa-title".into()], true);
            }
            Ok(()) => {}
            Err(failure) if self.state.handle_session_failure(&failure) => {}
            // 2FA changed elsewhere: show the state as it is now.
            Err(failure)
                if failure.is(ResultCode::TwoFactorAlreadyEnabled)
                    || failure.is(ResultCode::TwoFactorNotEnabled) =>
            {
                self.confirming.set(None);
                let words = failure_message(Attempt::Other, &failure);
                self.state.refresh();
                self.state.show_notice(Tone::Warning, words);
            }
            Err(failure) => match need_after(&failure, change.need()) {
                // The step-up ran out between the check and the call,
                // or lacked the second factor.
                Some(need) => self.asking.set(Some((change, need))),
                None => {
                    let words = failure_message(Attempt::Other, &failure);
                    self.error.set(Some((change, words)));
                }
            },
        }
    }

    /// Tracked: true while the call of `change` runs.
    pub fn is_busy(self, change: Sensitive) -> Signal<bool> {
        Signal::derive(move || self.busy.get() == Some(change))
    }

    /// Tracked: why the last try of `change` failed, if it did.
    pub fn error_of(self, change: Sensitive) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .and_then(|(failed, words)| (failed == change).then_some(words))
        })
    }
}
