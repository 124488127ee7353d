//! "Are you sure?" before an action that cannot be undone.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::next_id;

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
    /// Where focus goes after the action when the button that opened the
    /// dialog is gone (an `id`).
    #[prop(optional, into)]
    return_focus: Option<String>,
    /// Controls below the description and above the error (e.g. the
    /// access tokens to keep), not read out as the dialog's description.
    #[prop(optional, into)]
    controls: Option<ViewFn>,
    /// What will happen, in words (the dialog's description).
    children: Children,
) -> impl IntoView {
    let text_id = next_id("confirm-text");
    view! {
        <Dialog
            title=title
            on_close=on_cancel
            alert=true
            testid=testid
            described_by=text_id.clone()
            return_focus=return_focus.unwrap_or_default()
        >
            <div class="confirm-text" id=text_id>
                {children()}
            </div>
            {controls.map(|controls| controls.run())}
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
