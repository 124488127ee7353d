//! The code part of a step-up form (the password pop-up, Change Password):
//! six digits from the authenticator app, or a recovery code after the
//! switch, with the countdowns of the waits the server asks for.

use leptos::prelude::*;

use super::next_id;
use super::step_up_code::StepUpCode;
use super::step_up_code_input::{StepUpCodeInput, RECOVERY_TESTID, TOTP_TESTID};
use crate::browser;
use crate::logic::code::CodeKind;
use crate::logic::messages;
use crate::logic::second_factor::SecondFactorEntry;

/// `data-testid` of the switch while it leads to a recovery code.
const USE_RECOVERY_TESTID: &str = "step-up-use-recovery";
/// `data-testid` of the switch while it leads back to the app's code.
const USE_APP_CODE_TESTID: &str = "step-up-use-app-code";

/// Puts the cursor in the code field shown once the refusal that cleared
/// it has rendered, or on the switch while the field is `locked` (it is
/// disabled then). A field that appears after the refusal (a recovery code
/// once the app's codes are stopped) focuses itself.
pub fn focus_code_field(locked: bool) {
    let selectors = if locked {
        vec![format!("[data-testid='{USE_RECOVERY_TESTID}']")]
    } else {
        vec![
            format!("[data-testid='{TOTP_TESTID}']:not([disabled])"),
            format!("[data-testid='{RECOVERY_TESTID}']"),
        ]
    };
    browser::focus_when_ready(selectors, false);
}

/// "Code from your authenticator app" (numeric, the browser's one-time-code
/// autofill, submitted at six digits) or "Recovery code", the switch
/// between them (not for an account without the app), and the countdown
/// of a lock or of a code just used. A locked field is disabled; the
/// switch stays.
#[component]
pub fn SecondFactorField(
    /// Which kind is asked for, what the server asked to wait for, and
    /// what the fields hold.
    code: StepUpCode,
    /// True while the form's call runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// True when the last refusal was about the code (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    /// The `id` of the form's error text, which describes the field too.
    #[prop(into)]
    error_id: String,
    /// Called once the six-digit field holds six digits.
    #[prop(into)]
    on_complete: Callback<()>,
    /// Called with what the form's message should now say: nothing after a
    /// switch of kind, "type the code now" once a wait has ended.
    #[prop(into)]
    say: Callback<Option<String>>,
) -> impl IntoView {
    let wait_id = next_id("step-up-wait");
    let entry = code.entry;
    // After a switch back, the six-digit field takes the cursor as the
    // recovery-code field does when it appears.
    let switched = RwSignal::new(false);

    // The clock the waits count down by.
    let now = browser::ticking_clock(move |secs| {
        if entry.with_untracked(|e| e.wait_ended(secs)) {
            if let Some(words) = entry.try_update(|e| e.tick(secs)).flatten() {
                say.run(Some(words.into()));
            }
        }
    });
    let kind = Memo::new(move |_| entry.with(SecondFactorEntry::kind));
    let locked = Memo::new(move |_| entry.with(|e| e.is_locked(now.get())));
    let wait = move || {
        entry
            .with(|e| e.wait_left(now.get()))
            .map(|(reason, secs)| messages::wait_countdown(reason, secs))
    };

    let switch = move |_| {
        entry.update(SecondFactorEntry::switch_kind);
        switched.set(true);
        say.run(None);
    };

    view! {
        <div class="step-up-code" data-testid="step-up-second-factor">
            <StepUpCodeInput
                kind=kind
                code=code
                busy=busy
                invalid=invalid
                locked=locked
                error_id=error_id
                wait_id=wait_id.clone()
                switched=switched
                on_complete=on_complete
            />
            <p class="wait" id=wait_id role="timer" data-testid="step-up-wait">
                {wait}
            </p>
            <p class="switch" hidden=!code.app>
                <button
                    type="button"
                    class="link-button"
                    data-testid=move || match kind.get() {
                        CodeKind::Totp => USE_RECOVERY_TESTID,
                        CodeKind::Recovery => USE_APP_CODE_TESTID,
                    }
                    on:click=switch
                >
                    {move || messages::step_up_other_code_kind(kind.get())}
                </button>
            </p>
        </div>
    }
}
