//! The Change Password pop-up: the current password, the new one twice
//! and, with two-factor authentication on, a code.

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
use crate::logic::change_password::{change_password_request, field_at_fault, Field, Typed};
use crate::logic::messages::{failure_message, Attempt};
use crate::state::use_app_state;

/// One field of the form: its signal, its element and its `id`.
#[derive(Debug, Clone)]
struct Input {
    value: RwSignal<String>,
    node: NodeRef<html::Input>,
    id: String,
}

impl Input {
    fn new(prefix: &str) -> Self {
        Input {
            value: RwSignal::new(String::new()),
            node: NodeRef::new(),
            id: next_id(prefix),
        }
    }
}

/// Asks for the current password, the new one twice and, with 2FA on, a
/// code from the app or a recovery code, then calls ChangePassword. A
/// mismatched confirmation is named before anything is sent; a refusal
/// marks and focuses the field it is about.
#[component]
pub fn ChangePasswordDialog(
    /// Called once the password was changed.
    #[prop(into)]
    on_changed: Callback<()>,
    /// Called when the session's password confirmation ran out before the
    /// call: the owner asks for the password again.
    #[prop(into)]
    on_confirmation_needed: Callback<()>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let two_factor = Memo::new(move |_| {
        state
            .account
            .with(|a| a.as_ref().is_some_and(|a| a.two_factor.enabled))
    });
    let current = Input::new("current-password");
    let new = Input::new("new-password");
    let confirm = Input::new("confirm-new-password");
    let code = Input::new("change-password-code");
    let hint_id = next_id("change-password-code-hint");
    let error_id = next_id("change-password-error");
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<(Option<Field>, String)>);
    let message = Signal::derive(move || error.get().map(|(_, words)| words));

    let nodes = (current.node, new.node, confirm.node, code.node);
    let values = (current.value, new.value, confirm.value, code.value);
    let focus = move |field: Field| {
        let node = match field {
            Field::Current => nodes.0,
            Field::New => nodes.1,
            Field::Confirm => nodes.2,
            Field::Code => nodes.3,
        };
        if let Some(input) = node.get_untracked() {
            let _ = input.focus();
        }
    };
    let refuse = move |field: Option<Field>, words: String| {
        error.set(Some((field, words)));
        if let Some(field) = field {
            focus(field);
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (current, new, confirm, code) = (
            values.0.get_untracked(),
            values.1.get_untracked(),
            values.2.get_untracked(),
            values.3.get_untracked(),
        );
        let typed = Typed {
            current: &current,
            new: &new,
            confirm: &confirm,
            code: two_factor.get_untracked().then_some(code.as_str()),
        };
        let request = match change_password_request(typed) {
            Ok(request) => request,
            Err((field, words)) => return refuse(Some(field), words),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::change_password(request).await;
            busy.set(false);
            match answer {
                Ok(_) => on_changed.run(()),
                Err(failure) if state.handle_ended_session(&failure) => {}
                Err(failure) if failure.is(ResultCode::PasswordConfirmationRequired) => {
                    on_confirmation_needed.run(());
                }
                Err(failure) => {
                    let field = field_at_fault(&failure);
                    match field {
                        Some(Field::Current) => values.0.set(String::new()),
                        Some(Field::Code) => values.3.set(String::new()),
                        _ => {}
                    }
                    if failure.is(ResultCode::MissingParameter) {
                        // 2FA was switched on elsewhere: show the code field.
                        state.refresh();
                    }
                    refuse(field, failure_message(Attempt::ChangePassword, &failure));
                }
            }
        });
    };

    let invalid = move |field: Field| {
        move || {
            error
                .with(|e| e.as_ref().is_some_and(|(at, _)| *at == Some(field)))
                .to_string()
        }
    };
    let field_error_id = error_id.clone();
    let password_field =
        move |input: Input, label: &'static str, autocomplete: &'static str, field: Field| {
            let label_for = input.id.clone();
            let value = input.value;
            view! {
                <label for=label_for>{label}</label>
                <input
                    id=input.id
                    node_ref=input.node
                    type="password"
                    autocomplete=autocomplete
                    data-autofocus=(field == Field::Current).then_some("")
                    aria-describedby=field_error_id.clone()
                    aria-invalid=invalid(field)
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            }
        };
    let code_field = {
        let error_id = error_id.clone();
        move || {
            two_factor.get().then(|| {
                let value = code.value;
                view! {
                    <label for=code.id.clone()>"Authentication code"</label>
                    <input
                        id=code.id.clone()
                        node_ref=code.node
                        type="text"
                        autocomplete="one-time-code"
                        autocapitalize="none"
                        spellcheck="false"
                        aria-describedby=format!("{hint_id} {error_id}")
                        aria-invalid=invalid(Field::Code)
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                    <p class="hint" id=hint_id.clone()>
                        "The six digits your authentication application shows, or one of your \
                         recovery codes."
                    </p>
                }
            })
        }
    };

    view! {
        <Dialog title="Change Password" on_close=on_cancel testid="change-password-dialog">
            <form on:submit=submit novalidate>
                <p>"Your other sessions will be signed out; this one stays signed in."</p>
                {password_field(current, "Current password", "current-password", Field::Current)}
                {password_field(new, "New password", "new-password", Field::New)}
                {password_field(confirm, "Confirm new password", "new-password", Field::Confirm)}
                {code_field}
                <FormError message=message id=error_id.clone() />
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <BusyButton busy=busy submit=true class="primary" testid="change-password-submit">
                        "Change Password"
                    </BusyButton>
                </div>
            </form>
        </Dialog>
    }
}
