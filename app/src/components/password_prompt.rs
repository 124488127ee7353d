//! The password pop-up of the token methods. CreateToken, EditToken,
//! RegenerateToken and DeleteTokens take the account's password with the
//! change itself (as the platform's do), so this pop-up only collects it:
//! its owner sends it, and shows here why it was refused.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::next_id;
use crate::logic::messages;

/// "Confirm Your Password", like [`super::password_dialog::PasswordDialog`],
/// for a change that carries the password: `on_submit` gets what was typed
/// and makes the call; `busy` and `error` show how it went.
#[component]
pub fn PasswordPrompt(
    /// What the password is for, in words.
    #[prop(into)]
    purpose: String,
    /// The password as typed; the owner empties it after a wrong one.
    password: RwSignal<String>,
    /// True while the owner's call runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last try was refused, in words. The pop-up sets it too, when
    /// sent empty.
    error: RwSignal<Option<String>>,
    /// Called with the password.
    #[prop(into)]
    on_submit: Callback<String>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let field = NodeRef::<html::Input>::new();
    let field_id = next_id("prompt-password");
    let error_id = next_id("prompt-password-error");
    let label_for = field_id.clone();
    let described_by = error_id.clone();

    // Each refusal puts the cursor back in the field (Confirm was disabled
    // while busy and lost focus).
    Effect::new(move || {
        if error.with(Option::is_some) {
            if let Some(field) = field.get_untracked() {
                let _ = field.focus();
            }
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        if typed.is_empty() {
            error.set(Some(messages::ENTER_YOUR_PASSWORD.into()));
            return;
        }
        error.set(None);
        on_submit.run(typed);
    };

    view! {
        <Dialog title="Confirm Your Password" on_close=on_cancel testid="password-prompt">
            <form on:submit=submit novalidate>
                <p>{purpose}</p>
                <label for=label_for>"Password"</label>
                <input
                    id=field_id
                    node_ref=field
                    type="password"
                    autocomplete="current-password"
                    data-autofocus=""
                    aria-describedby=described_by
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <FormError message=error id=error_id />
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <BusyButton busy=busy submit=true class="primary" testid="confirm-password">
                        "Confirm"
                    </BusyButton>
                </div>
            </form>
        </Dialog>
    }
}
