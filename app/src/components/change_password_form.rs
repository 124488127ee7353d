//! The Change Password form: the current password, the new one twice, a
//! code when 2FA is on and this session has not confirmed one lately, and
//! the access tokens to keep. In the Change Password dialog of Settings,
//! and alone on the screen an operator's reset leads to.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::ChangePasswordResponse;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::next_id;
use super::second_factor_field::{focus_code_field, SecondFactorField};
use super::token_keep_list::TokenKeepList;
use crate::api;
use crate::browser;
use crate::logic::change_password::{change_password_request, field_at_fault, Field, Typed};
use crate::logic::elevation::Need;
use crate::logic::messages::{failure_message, Attempt};
use crate::logic::second_factor::{is_about_the_code, SecondFactorEntry};
use crate::logic::token_keep::TokenKeep;
use crate::state::use_app_state;

/// One password field: its signal, its element and its `id`.
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
/// code from the app or a recovery code, then calls ChangePassword with
/// the tokens ticked to keep. A mismatched confirmation is named before
/// anything is sent; a refusal marks and focuses the field it is about.
#[component]
pub fn ChangePasswordForm(
    /// List the access tokens to keep. Off on the screen after an
    /// operator's reset, where listing them is refused (and they all end).
    #[prop(optional)]
    keep_tokens: bool,
    /// Called with ChangePassword's answer once the password was changed.
    #[prop(into)]
    on_changed: Callback<ChangePasswordResponse>,
    /// Called by Cancel; no Cancel button when left out.
    #[prop(optional, into)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let state = use_app_state();
    // A step-up with a second factor minutes ago stands for the code.
    let with_code = RwSignal::new(state.two_factor_on() && !state.is_elevated(Need::SecondFactor));
    let current = Input::new("current-password");
    let new = Input::new("new-password");
    let confirm = Input::new("confirm-new-password");
    let totp = RwSignal::new(String::new());
    let recovery_code = RwSignal::new(String::new());
    let entry = RwSignal::new(SecondFactorEntry::new());
    let keep = RwSignal::new(TokenKeep::default());
    let error_id = next_id("change-password-error");
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<(Option<Field>, String)>);
    let message = Signal::derive(move || error.get().map(|(_, words)| words));

    let nodes = (current.node, new.node, confirm.node);
    let values = (current.value, new.value, confirm.value);
    let refuse = move |field: Option<Field>, words: String| {
        error.set(Some((field, words)));
        let node = match field {
            Some(Field::Current) => nodes.0,
            Some(Field::New) => nodes.1,
            Some(Field::Confirm) => nodes.2,
            Some(Field::Code) => {
                return focus_code_field(entry.with_untracked(|e| e.is_locked(browser::now_secs())))
            }
            None => return,
        };
        if let Some(input) = node.get_untracked() {
            let _ = input.focus();
        }
    };

    let send = move || {
        if busy.get_untracked() {
            return;
        }
        let kept = if keep_tokens {
            match keep.with_untracked(TokenKeep::selection) {
                Ok(kept) => kept,
                Err(words) => return refuse(None, words.into()),
            }
        } else {
            None
        };
        let code = if with_code.get_untracked() {
            let (typed, recovery) = (totp.get_untracked(), recovery_code.get_untracked());
            let now = browser::now_secs();
            entry.try_update(|e| e.code_to_send(&typed, &recovery, now))
        } else {
            None
        };
        let (current, new, confirm) = (
            values.0.get_untracked(),
            values.1.get_untracked(),
            values.2.get_untracked(),
        );
        let typed = Typed {
            current: &current,
            new: &new,
            confirm: &confirm,
            code,
            keep_tokens: kept,
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
                Ok(answer) => on_changed.run(answer),
                Err(failure) if state.handle_session_failure(&failure) => {}
                Err(failure) => {
                    if is_about_the_code(&failure) {
                        // With 2FA switched on elsewhere, or this
                        // session's confirmation run out: ask for a code.
                        with_code.set(true);
                        let now = browser::now_secs();
                        entry.update(|e| {
                            e.refused(&failure, now);
                        });
                        totp.set(String::new());
                        recovery_code.set(String::new());
                    }
                    let field = field_at_fault(&failure);
                    if field == Some(Field::Current) {
                        values.0.set(String::new());
                    }
                    refuse(field, failure_message(Attempt::ChangePassword, &failure));
                }
            }
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };

    let invalid = move |field: Field| {
        Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|(at, _)| *at == Some(field))))
    };
    let locked =
        Memo::new(move |_| with_code.get() && entry.with(|e| e.is_locked(browser::now_secs())));
    let password_field = {
        let error_id = error_id.clone();
        move |input: Input, label: &'static str, autocomplete: &'static str, field: Field| {
            let value = input.value;
            let invalid = invalid(field);
            view! {
                <label for=input.id.clone()>{label}</label>
                <input
                    id=input.id
                    node_ref=input.node
                    type="password"
                    autocomplete=autocomplete
                    data-autofocus=(field == Field::Current).then_some("")
                    aria-describedby=error_id.clone()
                    aria-invalid=move || invalid.get().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            }
        }
    };
    // What the code field says (a wait ended, or nothing after a switch)
    // replaces the message.
    let say = move |words: Option<String>| error.set(words.map(|words| (Some(Field::Code), words)));
    let code_part = {
        let error_id = error_id.clone();
        move || {
            with_code.get().then(|| {
                view! {
                    <SecondFactorField
                        entry=entry
                        totp=totp
                        recovery_code=recovery_code
                        busy=busy
                        invalid=invalid(Field::Code)
                        error_id=error_id.clone()
                        on_complete=move |()| {}
                        say=say
                    />
                }
            })
        }
    };
    let cancel = on_cancel.map(|on_cancel| {
        view! {
            <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
        }
    });

    view! {
        <form on:submit=submit novalidate data-testid="change-password-form">
            {password_field(current, "Current password", "current-password", Field::Current)}
            {password_field(new, "New password", "new-password", Field::New)}
            {password_field(confirm, "Confirm new password", "new-password", Field::Confirm)}
            {code_part}
            {keep_tokens.then(|| view! { <TokenKeepList keep=keep /> })}
            <FormError message=message id=error_id.clone() />
            <div class="dialog-actions">
                {cancel}
                <BusyButton
                    busy=busy
                    disabled=locked
                    submit=true
                    class="primary"
                    testid="change-password-submit"
                >
                    "Change Password"
                </BusyButton>
            </div>
        </form>
    }
}
