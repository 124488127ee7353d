//! What the code form under a new authenticator app's QR code does: the
//! app's first code sent to Enable2FA (with the access tokens to keep) or
//! to Change2FAApp. Signals only, shared by the register step, the form
//! and its buttons.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::RecoveryCodesResponse;
use twofold_api::ResultCode;

use crate::api::{self, Failure};
use crate::logic::app_setup::{attempts_left, setup_end, setup_gone, AppSetup, SetupEnd};
use crate::logic::code::is_complete_totp;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::token_keep::TokenKeep;
use crate::state::AppState;

/// What the first code from the new app did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// Two-factor authentication is on (Enable2FA), with these codes.
    TurnedOn(RecoveryCodesResponse),
    /// The new app replaced the old one (Change2FAApp).
    Replaced,
}

/// The form's signals.
#[derive(Debug, Clone, Copy)]
pub struct SetupCodeFlow {
    state: AppState,
    /// What the code does.
    pub setup: AppSetup,
    on_confirmed: Callback<Confirmed>,
    /// The six digits typed so far.
    pub code: RwSignal<String>,
    /// True while the call runs.
    pub busy: RwSignal<bool>,
    /// Why the code was refused.
    pub error: RwSignal<Option<String>>,
    /// Set once the pending set-up is gone: its QR code no longer works,
    /// and only Start Again helps.
    pub gone: RwSignal<Option<SetupEnd>>,
    /// The access tokens ticked to keep (when turning 2FA on).
    pub keep: RwSignal<TokenKeep>,
    /// What the last refused code left, to tell the set-up's end.
    attempts_left: StoredValue<Option<u32>>,
}

impl SetupCodeFlow {
    /// Nothing typed; `on_confirmed` runs once the server accepted the code.
    pub fn new(state: AppState, setup: AppSetup, on_confirmed: Callback<Confirmed>) -> Self {
        SetupCodeFlow {
            state,
            setup,
            on_confirmed,
            code: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            gone: RwSignal::new(None),
            keep: RwSignal::new(TokenKeep::default()),
            attempts_left: StoredValue::new(None),
        }
    }

    /// Sends `typed`, or says why not (an incomplete code, the tokens still
    /// loading, a set-up already gone).
    pub fn send(self, typed: String) {
        if self.busy.get_untracked() || self.gone.with_untracked(Option::is_some) {
            return;
        }
        if !is_complete_totp(&typed) {
            let words = messages::incomplete_code(Attempt::EnableTwoFactor);
            self.error.set(Some(words.into()));
            return;
        }
        let keep_tokens = match self.setup {
            AppSetup::TurnOn => match self.keep.with_untracked(TokenKeep::selection) {
                Ok(keep_tokens) => keep_tokens,
                Err(words) => {
                    self.error.set(Some(words.into()));
                    return;
                }
            },
            AppSetup::Replace | AppSetup::Add => None,
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = match self.setup {
                AppSetup::TurnOn => api::enable_2fa(typed, keep_tokens)
                    .await
                    .map(Confirmed::TurnedOn),
                AppSetup::Replace | AppSetup::Add => api::change_2fa_app(typed)
                    .await
                    .map(|_| Confirmed::Replaced),
            };
            self.busy.set(false);
            match answer {
                Ok(confirmed) => self.on_confirmed.run(confirmed),
                Err(failure) => self.refused(&failure),
            }
        });
    }

    /// The code was refused: the session's end, a set-up now gone, 2FA
    /// changed elsewhere, or the words of a wrong code.
    fn refused(self, failure: &Failure) {
        if self.state.handle_session_failure(failure) {
            return;
        }
        self.code.set(String::new());
        if setup_gone(failure) {
            // The server also ended this session's step-up: the account
            // fetched again says so, and Start Again asks for it.
            self.state.refresh();
            let before = self.attempts_left.get_value();
            self.gone.set(Some(setup_end(failure, before)));
            return;
        }
        self.attempts_left.set_value(attempts_left(failure));
        if failure.is(ResultCode::TwoFactorAlreadyEnabled)
            || failure.is(ResultCode::TwoFactorNotEnabled)
        {
            self.state.refresh();
        }
        let words = failure_message(Attempt::EnableTwoFactor, failure);
        self.error.set(Some(words));
    }
}
