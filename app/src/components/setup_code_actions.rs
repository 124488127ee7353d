//! The buttons under the setup wizard's code form.

use leptos::prelude::*;

use super::busy_button::BusyButton;

/// Start Again (only once the pending setup expired), Cancel, and Next
/// (the form's submit button).
#[component]
pub fn SetupCodeActions(
    /// True once Enable2FA said the pending setup expired.
    #[prop(into)]
    expired: Signal<bool>,
    /// True while Enable2FA runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called on Cancel.
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    on_restart: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="dialog-actions">
            {move || {
                expired
                    .get()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button"
                                on:click=move |_| on_restart.run(())
                            >
                                "Start Again"
                            </button>
                        }
                    })
            }}
            <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
            <BusyButton busy=busy submit=true class="primary" testid="next">
                "Next"
            </BusyButton>
        </div>
    }
}
