//! The code field of sign-in's second step: six digits, or a recovery code
//! after the switch.

use leptos::prelude::*;

use super::code_field::CodeField;
use super::recovery_code_field::{self, RecoveryCodeField};
use super::window_countdown::WindowCountdown;
use crate::logic::code::CodeKind;

/// The `id` of the six-digit field.
pub const TOTP_FIELD_ID: &str = "code";

/// "Authentication code" (submitted at the sixth digit, with the countdown
/// of the app's window and the note on dropped letters) or "Recovery code",
/// each with its hint; described by the step's error and wait too.
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
    /// True while the six digits are locked: the field is disabled.
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
            <label for=TOTP_FIELD_ID>"Authentication code"</label>
            <p class="hint" id="code-hint">
                "Open the authentication application on your device and type the six-digit code \
                 it shows for Twofold."
            </p>
            <div class="code-row">
                <CodeField
                    id=TOTP_FIELD_ID
                    value=totp
                    on_complete=on_complete
                    busy=busy
                    described_by="code-hint code-note code-error code-wait"
                    autofocus=true
                    invalid=invalid
                    note=note
                    disabled=locked
                />
                <WindowCountdown />
            </div>
            <p class="hint" id="code-note" role="status" data-testid="code-note">
                {move || note.get()}
            </p>
        }
    };
    let recovery_code_input = move || {
        view! {
            <label for=recovery_code_field::FIELD_ID>"Recovery code"</label>
            <p class="hint" id="code-hint">
                "Type one of the recovery codes you saved when you set up two-factor \
                 authentication. Each code works once."
            </p>
            <RecoveryCodeField value=recovery_code busy=busy invalid=invalid />
        }
    };
    move || match kind.get() {
        CodeKind::Totp => totp_field().into_any(),
        CodeKind::Recovery => recovery_code_input().into_any(),
    }
}
