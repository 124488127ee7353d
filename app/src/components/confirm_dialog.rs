//! "Are you sure?" before an action that cannot be undone.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;

/// A confirmation pop-up: the question, Cancel (focused first, the safe
/// choice) and the action.
#[component]
pub fn ConfirmDialog(
    /// The question, as a heading.
    #[prop(into)]
    title: String,
    /// The label of the action button.
    #[prop(into)]
    confirm_label: String,
    /// The action destroys something: a red button.
    #[prop(optional)]
    danger: bool,
    /// True while the action's call runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the action failed, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called when the action is chosen.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// `data-testid` of the dialog.
    #[prop(into)]
    testid: String,
    /// What will happen, in words.
    children: Children,
) -> impl IntoView {
    view! {
        <Dialog title=title on_close=on_cancel alert=true testid=testid>
            <div class="confirm-text">{children()}</div>
            <FormError message=error />
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button"
                    data-autofocus=""
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                <BusyButton
                    busy=busy
                    class=if danger { "danger" } else { "primary" }
                    on_click=on_confirm
                    testid="confirm-action"
                >
                    {confirm_label}
                </BusyButton>
            </div>
        </Dialog>
    }
}
