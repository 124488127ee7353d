//! The "confirm your password" pop-up before sensitive changes.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::ResultCode;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::next_id;
use crate::api;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::state::use_app_state;

/// Asks for the account's password (CheckPassword), which lets this session
/// make sensitive changes for a few minutes.
#[component]
pub fn PasswordDialog(
    /// Called once the password was right.
    #[prop(into)]
    on_confirmed: Callback<()>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field = NodeRef::<html::Input>::new();
    let field_id = next_id("confirm-password");
    let error_id = next_id("confirm-password-error");
    let label_for = field_id.clone();
    let described_by = error_id.clone();

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
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::check_password(typed).await;
            busy.set(false);
            match answer {
                Ok(elevation) => {
                    state.set_elevated_until(elevation.elevated_until);
                    on_confirmed.run(());
                }
                Err(failure) if state.handle_ended_session(&failure) => {}
                Err(failure) => {
                    if failure.is(ResultCode::InvalidCredentials) {
                        password.set(String::new());
                        if let Some(field) = field.get_untracked() {
                            let _ = field.focus();
                        }
                    }
                    error.set(Some(failure_message(Attempt::ConfirmPassword, &failure)));
                }
            }
        });
    };

    view! {
        <Dialog title="Confirm Your Password" on_close=on_cancel testid="password-dialog">
            <form on:submit=submit novalidate>
                <p>"For your security, enter your password to continue."</p>
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
