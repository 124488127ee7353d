//! What the add dialog does: the name checked, the browser's window
//! (`navigator.credentials.create`), then Enable2FAKey; a first key brings
//! the recovery codes, which must be saved before Done. A check that
//! expired or was spent is replaced at once (Setup2FAKey again) so the
//! next Continue works. Signals only, shared by the dialog and its form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::RecoveryCodesResponse;
use twofold_api::security_keys::{Enable2FAKeyRequest, Enable2FAKeyResponse, KeyCeremony, KeyKind};
use twofold_api::tokens::Selection;

use super::key_flows::{Adding, KeyFlows};
use crate::api::{self, Failure};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::save_gate::SaveGate;
use crate::logic::security_keys::{key_name, KeyFailure};
use crate::logic::token_keep::TokenKeep;
use crate::state::AppState;
use crate::webauthn;

/// The dialog's signals.
#[derive(Debug, Clone, Copy)]
pub struct AddKeyFlow {
    state: AppState,
    keys: KeyFlows,
    /// Security key or passkey.
    pub kind: KeyKind,
    /// True when the key turns two-factor authentication on.
    pub first: bool,
    ceremony: RwSignal<KeyCeremony>,
    /// The name as typed.
    pub name: RwSignal<String>,
    /// The access tokens ticked to keep (a first key ends the others).
    pub keep: RwSignal<TokenKeep>,
    /// True while the browser asks for the key or Enable2FAKey runs.
    pub busy: RwSignal<bool>,
    /// Why the last try failed, in words.
    pub error: RwSignal<Option<String>>,
    /// A first key's recovery codes, with the key's name.
    pub codes: RwSignal<Option<(String, RecoveryCodesResponse)>>,
    /// Whether those codes were saved.
    pub gate: RwSignal<SaveGate>,
    /// Why closing was refused (the codes not saved yet).
    pub hint: RwSignal<Option<String>>,
}

impl AddKeyFlow {
    /// The form for `adding`, its name field holding `offered`.
    pub fn new(state: AppState, keys: KeyFlows, adding: Adding, offered: String) -> Self {
        AddKeyFlow {
            state,
            keys,
            kind: adding.kind,
            first: adding.first,
            ceremony: RwSignal::new(adding.ceremony),
            name: RwSignal::new(offered),
            keep: RwSignal::new(TokenKeep::default()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            codes: RwSignal::new(None),
            gate: RwSignal::new(SaveGate::new()),
            hint: RwSignal::new(None),
        }
    }

    /// Continue: the name checked (and the tokens to keep), then the key.
    pub fn send(self) {
        if self.busy.get_untracked() {
            return;
        }
        let name = match key_name(&self.name.get_untracked()) {
            Ok(name) => name,
            Err(words) => return self.error.set(Some(words)),
        };
        let keep_tokens = match self.first {
            true => match self.keep.with_untracked(TokenKeep::selection) {
                Ok(keep) => keep,
                Err(words) => return self.error.set(Some(words.into())),
            },
            false => None,
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let ceremony = self.ceremony.get_untracked();
            let outcome = add(ceremony, name, keep_tokens).await;
            if self.busy.try_set(false).is_some() {
                return; // The dialog is gone.
            }
            match outcome {
                Ok(answer) => match answer.recovery_codes {
                    Some(codes) => {
                        self.state.refresh();
                        self.codes.set(Some((answer.key.name, codes)));
                    }
                    None => self
                        .keys
                        .added(messages::key_added(self.kind, &answer.key.name)),
                },
                Err(KeyFailure::Problem(problem)) => {
                    self.error
                        .set(Some(messages::add_key_problem(problem).into()));
                }
                Err(KeyFailure::Refused(failure)) => self.refused(&failure),
            }
        });
    }

    /// Enable2FAKey refused: the check is spent, so a new one is fetched
    /// for the next try; the words say why.
    fn refused(self, failure: &Failure) {
        if self.state.handle_session_failure(failure) {
            return;
        }
        self.error
            .set(Some(failure_message(Attempt::AddKey, failure)));
        let kind = self.kind;
        spawn_local(async move {
            if let Ok(ceremony) = api::setup_2fa_key(kind).await {
                self.ceremony.try_set(ceremony);
            }
        });
    }

    /// Done under the codes (enabled by the gate): two-factor
    /// authentication is on, the codes confirmed as saved.
    pub fn done(self) {
        let Some((name, codes)) = self.codes.get_untracked() else {
            return;
        };
        let words = messages::key_turned_on(&name, codes.tokens_ended.unwrap_or_default());
        self.keys.added(words);
        self.state.confirm_recovery_codes(codes.version);
    }

    /// Escape, the close button or Cancel: closes, except over unsaved
    /// codes (the hint says why).
    pub fn close(self) {
        match self.codes.with_untracked(Option::is_some) {
            false => self.keys.adding.set(None),
            true if self.gate.get_untracked().can_finish() => self.done(),
            true => self
                .hint
                .set(Some(messages::SAVE_RECOVERY_CODES_FIRST.into())),
        }
    }
}

/// The browser's window for `ceremony`, then Enable2FAKey under `name`.
async fn add(
    ceremony: KeyCeremony,
    name: String,
    keep_tokens: Option<Selection<u32>>,
) -> Result<Enable2FAKeyResponse, KeyFailure> {
    let credential = webauthn::create(&ceremony.options).await?;
    let request = Enable2FAKeyRequest {
        ceremony: ceremony.ceremony,
        credential,
        name,
        keep_tokens,
    };
    Ok(api::enable_2fa_key(request).await?)
}
