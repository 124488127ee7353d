//! What the Two-Factor Authentication part of Settings does: Set Up, View
//! Recovery Codes, Regenerate, Change Authenticator App and Turn Off, each
//! after the session's step-up. Signals only, shared by the panel (or the
//! regeneration screen) and its pop-ups.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::Setup2FAResponse;
use twofold_api::ResultCode;

use super::list_status::{Link, Said};
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
    /// Change Authenticator App: Setup2FA with 2FA on, for a new app.
    ChangeApp,
    /// Turn Off Two-Factor Authentication (Disable2FA).
    Disable,
}

impl Sensitive {
    /// What the change needs from the session's step-up: Set Up the
    /// password (2FA is off then), the others (Change Authenticator App's
    /// Setup2FA too) a second factor as well.
    fn need(self) -> Need {
        match self {
            Sensitive::SetUp => Need::Password,
            _ => Need::SecondFactor,
        }
    }
}

/// Where the flows say what a change did (see [`TwoFactorFlows::say`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaidIn {
    /// The section's status line ([`TwoFactorFlows::status`]): Settings'
    /// Two-Factor Authentication, the dashboard's Account Security.
    Section,
    /// The next page's notice: the regeneration screen, which leaves for
    /// the dashboard once two-factor authentication is off.
    NextPage,
}

/// The panel's signals: which pop-up is open, which call runs, what failed,
/// what the last change did.
#[derive(Debug, Clone, Copy)]
pub struct TwoFactorFlows {
    state: AppState,
    said_in: SaidIn,
    /// What the last change did, for the section's status line.
    pub status: RwSignal<Option<Said>>,
    /// The setup wizard, open with Setup2FA's answer.
    pub setup: RwSignal<Option<Setup2FAResponse>>,
    /// Change Authenticator App, open with Setup2FA's answer.
    pub new_app: RwSignal<Option<Setup2FAResponse>>,
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
    /// Nothing open, nothing running, nothing said yet; what changes do
    /// will be said `said_in`.
    pub fn new(state: AppState, said_in: SaidIn) -> Self {
        TwoFactorFlows {
            state,
            said_in,
            status: RwSignal::new(None),
            setup: RwSignal::new(None),
            new_app: RwSignal::new(None),
            codes: RwSignal::new(None),
            confirming: RwSignal::new(None),
            asking: RwSignal::new(None),
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Starts `change`: at once while the session's step-up covers it,
    /// else after the password pop-up. (Turning off has its confirmation
    /// before this, as the seed describes.)
    pub fn start(self, change: Sensitive) {
        self.error.set(None);
        let need = change.need();
        if self.state.is_elevated(need) {
            self.perform(change);
        } else {
            self.state
                .ask_password(move || self.asking.set(Some((change, need))));
        }
    }

    /// Opens the confirmation pop-up of `change` (regenerate, turn off),
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
            Sensitive::ChangeApp => api::setup_2fa()
                .await
                .map(|setup| self.new_app.set(Some(setup))),
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
                self.say(messages::TWO_FACTOR_TURNED_OFF, None);
            }),
        }
    }

    /// What follows the call of `change`: the account fetched again after
    /// turning off, the password pop-up when the step-up ran out, else the
    /// failure in words.
    async fn finished(self, change: Sensitive, outcome: Result<(), Failure>) {
        match outcome {
            Ok(()) if change == Sensitive::Disable => {
                // The Turn Off button is gone with 2FA: focus goes to the
                // section, which now says Off (or, on the regeneration
                // screen, the dashboard's heading).
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
                self.status.set(None);
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

    /// Says what a change did, once: in the section's status line (a
    /// `role="status"` under its heading, in sight on a phone), or, from
    /// a screen that is left once the change is done, as the next page's
    /// notice. Only the section shows `link`: the regeneration screen's one
    /// change said here, turning off, has none.
    pub fn say(self, words: impl Into<String>, link: Option<Link>) {
        match self.said_in {
            SaidIn::Section => self.status.set(Some((words.into(), link))),
            SaidIn::NextPage => self.state.carry_notice(Tone::Success, words),
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
