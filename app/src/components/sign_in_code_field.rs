//! The code field of sign-in's second step: six digits, or a recovery code
//! after the switch.

use leptos::prelude::*;

use super::code_field::CodeField;
use super::recovery_code_field::{self, RecoveryCodeField};
use super::window_countdown::WindowCountdown;
use crate::logic::code::CodeKind;
use crate::logic::messages;

/// The `id` of the six-digit field.
pub const TOTP_FIELD_ID: &str = "code";

/// "Code from your authenticator app" (submitted at the sixth digit, with
/// the countdown of the app's window unless locked, and the note on
/// dropped letters) or "Recovery code", each with its hint; described by
/// the step's lock, error and wait too.
#[component]
pub fn SignInCodeField(
    /// Which field to show: six digits, or a recovery code.
    #[prop(into)]
    kind: Signal<CodeKind>,
    /// What the six-digit field holds.
    totp: RwSignal<String>,
    /// What the recovery-code field holds.
    recovery_code: RwSignal<String>,
    /// True while Verify2FACode checks a code: typing is paused.
    #[prop(into)]
    busy: Signal<bool>,
    /// True when Verify2FACode refused the last code (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    /// True while the six digits are locked: the field is disabled, and the
    /// countdown to the app's next code is hidden (no code is taken).
    #[prop(into)]
    locked: Signal<bool>,
    /// What the six-digit field says about letters it dropped.
    note: RwSignal<Option<String>>,
    /// Called with the six digits once the field holds them.
    #[prop(into)]
    on_complete: Callback<String>,
) -> impl IntoView {
    let totp_field = move || {
        view! {
            <label for=TOTP_FIELD_ID>{messages::CODE_FROM_APP}</label>
            <p class="hint" id="code-hint">{messages::SIGN_IN_CODE_HINT}</p>
            <div class="code-row">
                <CodeField
                    id=TOTP_FIELD_ID
                    value=totp
                    on_complete=on_complete
                    busy=busy
                    described_by="code-hint code-lock code-note code-error code-wait"
                    autofocus=true
                    invalid=invalid
                    note=note
                    disabled=locked
                />
                <Show when=move || !locked.get()>
                    <WindowCountdown />
                </Show>
            </div>
            <p class="hint" id="code-note" role="status" data-testid="code-note">
                {move || note.get()}
            </p>
        }
    };
    let recovery_code_input = move || {
        view! {
            <label for=recovery_code_field::FIELD_ID>{messages::RECOVERY_CODE}</label>
            <p class="hint" id="code-hint">{messages::SIGN_IN_RECOVERY_CODE_HINT}</p>
            <RecoveryCodeField value=recovery_code busy=busy invalid=invalid />
        }
    };
    move || match kind.get() {
        CodeKind::Totp => totp_field().into_any(),
        CodeKind::Recovery => recovery_code_input().into_any(),
    }
}
