//! The input of a step-up form's code part: six digits from the
//! authenticator app, or a recovery code after the switch.

use leptos::prelude::*;

use super::code_field::CodeField;
use super::next_id;
use super::recovery_code_field::RecoveryCodeField;
use super::step_up_code::StepUpCode;
use super::window_countdown::WindowCountdown;
use crate::logic::code::CodeKind;
use crate::logic::messages;

/// `data-testid` of the six-digit field.
pub const TOTP_TESTID: &str = "step-up-code";
/// `data-testid` of the recovery-code field.
pub const RECOVERY_TESTID: &str = "step-up-recovery-code";

/// "Code from your authenticator app" (numeric, the browser's one-time-code
/// autofill, submitted at six digits, with the countdown of the app's
/// window and the note on dropped letters) or "Recovery code", each with
/// its hint; described by the form's error and the wait too.
#[component]
pub fn StepUpCodeInput(
    /// Which field to show: six digits, or a recovery code.
    #[prop(into)]
    kind: Signal<CodeKind>,
    /// What the two fields hold (the kind and the waits are read by the
    /// owner).
    code: StepUpCode,
    /// True while the step-up's call runs: typing is paused.
    #[prop(into)]
    busy: Signal<bool>,
    /// True when the step-up's last refusal was about the code
    /// (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    /// True while the kind shown is locked: the six-digit field is
    /// disabled.
    #[prop(into)]
    locked: Signal<bool>,
    /// The `id` of the form's error text.
    #[prop(into)]
    error_id: String,
    /// The `id` of the wait's countdown.
    #[prop(into)]
    wait_id: String,
    /// True once the kind was switched: the six-digit field then takes the
    /// cursor when it appears, as the recovery-code field always does.
    #[prop(into)]
    switched: Signal<bool>,
    /// Called once the six-digit field holds six digits.
    on_complete: Callback<()>,
) -> impl IntoView {
    let totp_id = next_id("step-up-code");
    let recovery_id = next_id("step-up-recovery-code");
    let hint_id = next_id("step-up-code-hint");
    let note_id = next_id("step-up-code-note");
    let described_by = format!("{hint_id} {note_id} {error_id} {wait_id}");
    let StepUpCode {
        totp,
        recovery_code,
        ..
    } = code;
    let note = RwSignal::new(None::<String>);
    move || match kind.get() {
        CodeKind::Totp => view! {
            <label for=totp_id.clone()>{messages::CODE_FROM_APP}</label>
            <p class="hint" id=hint_id.clone()>{messages::STEP_UP_CODE_HINT}</p>
            <div class="code-row">
                <CodeField
                    id=totp_id.clone()
                    value=totp
                    on_complete=move |_digits: String| on_complete.run(())
                    busy=busy
                    described_by=described_by.clone()
                    autofocus=switched.get_untracked()
                    invalid=invalid
                    note=note
                    disabled=locked
                    testid=TOTP_TESTID
                />
                <WindowCountdown />
            </div>
            <p class="hint" id=note_id.clone() role="status">{move || note.get()}</p>
        }
        .into_any(),
        CodeKind::Recovery => view! {
            <label for=recovery_id.clone()>{messages::RECOVERY_CODE}</label>
            <p class="hint" id=hint_id.clone()>{messages::STEP_UP_RECOVERY_HINT}</p>
            <RecoveryCodeField
                value=recovery_code
                busy=busy
                invalid=invalid
                id=recovery_id.clone()
                described_by=described_by.clone()
                testid=RECOVERY_TESTID
            />
        }
        .into_any(),
    }
}
