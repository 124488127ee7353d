//! What signing in with a passkey does: the button's try
//! (StartPasskeySignIn, the browser's window, SignInWithPasskey), and the
//! login field's autofill offering the passkeys this browser knows
//! (conditional mediation), started with the password step and stopped
//! when the password form is sent. Signals only, shared by the page and
//! the password step.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::security_keys::{KeyCeremony, SignInWithPasskeyRequest};
use web_sys::AbortController;

use crate::api;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::security_keys::KeyFailure;
use crate::prerender::AT_BUILD_TIME;
use crate::webauthn;

/// The passkey's signals.
#[derive(Debug, Clone, Copy)]
pub struct PasskeyFlow {
    on_signed_in: Callback<()>,
    /// True while the button's try runs.
    pub busy: RwSignal<bool>,
    /// Why the last try failed, in words.
    pub error: RwSignal<Option<String>>,
    /// Ends the autofill's pending request, while there is one.
    autofill: StoredValue<Option<AbortController>, LocalStorage>,
    /// Counts the autofill's starts and stops: a start that a stop
    /// overtook while it waited for the server never asks the browser.
    round: StoredValue<u32>,
}

impl PasskeyFlow {
    /// Nothing tried; `on_signed_in` runs once a passkey signed in.
    pub fn new(on_signed_in: Callback<()>) -> Self {
        PasskeyFlow {
            on_signed_in,
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            autofill: StoredValue::new_local(None),
            round: StoredValue::new(0),
        }
    }

    /// Offers the passkeys in the login field's autofill, where the
    /// browser can. Failures say nothing: the field works as before.
    /// Rendered at build time, there is no browser to ask.
    pub fn start_autofill(self) {
        if AT_BUILD_TIME {
            return;
        }
        self.stop_autofill();
        let round = self.round.get_value();
        let current = move || self.round.try_get_value() == Some(round);
        spawn_local(async move {
            if !webauthn::autofill_available().await || !current() {
                return;
            }
            let Ok(ceremony) = api::start_passkey_sign_in().await else {
                return;
            };
            let Ok(controller) = AbortController::new() else {
                return;
            };
            let signal = controller.signal();
            if !current() || self.autofill.try_set_value(Some(controller)).is_some() {
                return; // Stopped meanwhile, or the page is gone.
            }
            let answer = webauthn::get_in_autofill(&ceremony.options, &signal).await;
            if signal.aborted() {
                return;
            }
            if let Ok(credential) = answer {
                self.busy.set(true);
                let outcome = finish(ceremony, credential).await;
                self.finished(outcome);
            }
        });
    }

    /// Ends the autofill's request (the password form was sent, the button
    /// chosen, or the step left).
    pub fn stop_autofill(self) {
        self.round
            .try_update_value(|round| *round = round.wrapping_add(1));
        if let Some(Some(controller)) = self.autofill.try_update_value(Option::take) {
            controller.abort();
        }
    }

    /// "Sign in with a passkey".
    pub fn try_button(self) {
        if self.busy.get_untracked() {
            return;
        }
        self.stop_autofill();
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            self.finished(with_button().await);
        });
    }

    /// A try ended: signed in, or why not (and the autofill offered again).
    fn finished(self, outcome: Result<(), KeyFailure>) {
        if self.busy.try_set(false).is_some() {
            return; // The page is gone.
        }
        let words = match outcome {
            Ok(()) => return self.on_signed_in.run(()),
            Err(KeyFailure::Problem(problem)) => messages::key_problem(problem).into(),
            Err(KeyFailure::Refused(failure)) => failure_message(Attempt::PasskeySignIn, &failure),
        };
        self.error.set(Some(words));
        self.start_autofill();
    }
}

/// The button's try: a check any passkey may answer, the browser's
/// window, then SignInWithPasskey.
async fn with_button() -> Result<(), KeyFailure> {
    let ceremony = api::start_passkey_sign_in().await?;
    let credential = webauthn::get(&ceremony.options).await?;
    finish(ceremony, credential).await
}

/// SignInWithPasskey for the passkey's answer to `ceremony`.
async fn finish(ceremony: KeyCeremony, credential: serde_json::Value) -> Result<(), KeyFailure> {
    let request = SignInWithPasskeyRequest {
        ceremony: ceremony.ceremony,
        credential,
    };
    api::sign_in_with_passkey(request).await?;
    Ok(())
}
