//! What the setup wizard's code form does: the first code, with the access
//! tokens to keep, sent to Enable2FA. Signals only, shared by the form and
//! its buttons.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::RecoveryCodesResponse;
use twofold_api::ResultCode;

use crate::api;
use crate::logic::code::is_complete_totp;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::token_keep::TokenKeep;
use crate::state::AppState;

/// The form's signals.
#[derive(Debug, Clone, Copy)]
pub struct SetupCodeFlow {
    state: AppState,
    on_enabled: Callback<RecoveryCodesResponse>,
    /// The six digits typed so far.
    pub code: RwSignal<String>,
    /// True while Enable2FA runs.
    pub busy: RwSignal<bool>,
    /// Why the code was refused.
    pub error: RwSignal<Option<String>>,
    /// True once Enable2FA said the pending setup expired.
    pub expired: RwSignal<bool>,
    /// The access tokens ticked to keep.
    pub keep: RwSignal<TokenKeep>,
}

impl SetupCodeFlow {
    /// Nothing typed; `on_enabled` runs with the recovery codes once
    /// Enable2FA accepted the code.
    pub fn new(state: AppState, on_enabled: Callback<RecoveryCodesResponse>) -> Self {
        SetupCodeFlow {
            state,
            on_enabled,
            code: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            expired: RwSignal::new(false),
            keep: RwSignal::new(TokenKeep::default()),
        }
    }

    /// Sends `typed` to Enable2FA with the tokens to keep, or says why not
    /// (an incomplete code, the tokens still loading).
    pub fn send(self, typed: String) {
        let Self {
            state,
            on_enabled,
            code,
            busy,
            error,
            expired,
            keep,
        } = self;
        if busy.get_untracked() {
            return;
        }
        if !is_complete_totp(&typed) {
            error.set(Some(
                messages::incomplete_code(Attempt::EnableTwoFactor).into(),
            ));
            return;
        }
        let keep_tokens = match keep.with_untracked(TokenKeep::selection) {
            Ok(keep_tokens) => keep_tokens,
            Err(words) => {
                error.set(Some(words.into()));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::enable_2fa(typed, keep_tokens).await;
            busy.set(false);
            match answer {
                Ok(enabled) => on_enabled.run(enabled),
                Err(failure) if state.handle_session_failure(&failure) => {}
                Err(failure) => {
                    code.set(String::new());
                    expired.set(failure.is(ResultCode::NoPendingSetup));
                    error.set(Some(failure_message(Attempt::EnableTwoFactor, &failure)));
                }
            }
        });
    }
}
