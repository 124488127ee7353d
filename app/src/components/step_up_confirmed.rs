//! What the "Confirm Your Password" pop-up says once confirmed, for the
//! moment before the change behind it goes on.

use leptos::prelude::*;

use crate::browser;

/// `data-testid` of Continue.
const CONTINUE_TESTID: &str = "step-up-continue";

/// "Confirmed. You won't be asked again for 15 minutes while you keep
/// working." (announced as a status), and Continue, which takes the focus
/// and goes on at once.
#[component]
pub fn StepUpConfirmed(
    /// How long the confirmation lasts, in words.
    #[prop(into)]
    words: String,
    /// Called by Continue.
    #[prop(into)]
    on_continue: Callback<()>,
) -> impl IntoView {
    // The form that had the focus is gone.
    browser::focus_when_ready(vec![format!("[data-testid='{CONTINUE_TESTID}']")], false);
    view! {
        <div class="notice success" role="status" data-testid="step-up-confirmed">
            <p>{words}</p>
        </div>
        <div class="dialog-actions">
            <button
                type="button"
                class="button primary"
                data-testid=CONTINUE_TESTID
                on:click=move |_| on_continue.run(())
            >
                "Continue"
            </button>
        </div>
    }
}
