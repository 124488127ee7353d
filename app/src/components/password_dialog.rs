//! The "confirm your password" pop-up before sensitive changes: the
//! session's step-up.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::next_id;
use super::second_factor_field::{focus_code_field, SecondFactorField};
use crate::api;
use crate::browser;
use crate::logic::elevation::{asks_code, Elevation, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::second_factor::SecondFactorEntry;
use crate::logic::step_up::{check_password_request, field_at_fault, StepUpField};
use crate::state::use_app_state;

/// Asks for the account's password and, when the change needs a second
/// factor and 2FA is on, a code from the authenticator app (or a recovery
/// code), and sends them to CheckPassword: this session may then make
/// sensitive changes for a few minutes without sending either.
#[component]
pub fn PasswordDialog(
    /// What the change needs: with [`Need::SecondFactor`] and 2FA on, the
    /// pop-up asks for a code too.
    need: Need,
    /// Called once the server accepted what was typed.
    #[prop(into)]
    on_confirmed: Callback<()>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let with_code = Memo::new(move |_| asks_code(need, state.two_factor_on()));
    let password = RwSignal::new(String::new());
    let totp = RwSignal::new(String::new());
    let recovery_code = RwSignal::new(String::new());
    let entry = RwSignal::new(SecondFactorEntry::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<(Option<StepUpField>, String)>);
    let message = Signal::derive(move || error.get().map(|(_, words)| words));
    let field = NodeRef::<html::Input>::new();
    let field_id = next_id("confirm-password");
    let error_id = next_id("confirm-password-error");
    let label_for = field_id.clone();
    let described_by = error_id.clone();

    let refuse = move |at: Option<StepUpField>, words: String| {
        error.set(Some((at, words)));
        match at {
            Some(StepUpField::Password) => {
                if let Some(field) = field.get_untracked() {
                    let _ = field.focus();
                }
            }
            Some(StepUpField::Code) => {
                focus_code_field(entry.with_untracked(|e| e.is_locked(browser::now_secs())))
            }
            None => {}
        }
    };
    let send = move || {
        if busy.get_untracked() {
            return;
        }
        let now = browser::now_secs();
        let code = if with_code.get_untracked() {
            let (typed, recovery) = (totp.get_untracked(), recovery_code.get_untracked());
            entry.try_update(|e| e.code_to_send(&typed, &recovery, now))
        } else {
            None
        };
        let request = match check_password_request(&password.get_untracked(), code) {
            Ok(request) => request,
            Err((at, words)) => return refuse(Some(at), words),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::check_password(request).await;
            busy.set(false);
            match answer {
                Ok(answer) => {
                    state.record_elevation(Elevation::of_check(&answer));
                    on_confirmed.run(());
                }
                Err(failure) if state.handle_session_failure(&failure) => {}
                Err(failure) => {
                    let now = browser::now_secs();
                    entry.update(|e| {
                        e.refused(&failure, now);
                    });
                    let at = field_at_fault(&failure);
                    match at {
                        Some(StepUpField::Password) => password.set(String::new()),
                        Some(StepUpField::Code) => {
                            totp.set(String::new());
                            recovery_code.set(String::new());
                        }
                        None => {}
                    }
                    refuse(at, failure_message(Attempt::ConfirmPassword, &failure));
                }
            }
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };
    // Six digits typed after the password send the form, as at sign-in.
    let code_complete = move |()| {
        if !password.with_untracked(String::is_empty) {
            send();
        }
    };
    let locked =
        Memo::new(move |_| with_code.get() && entry.with(|e| e.is_locked(browser::now_secs())));
    let invalid = move |at: StepUpField| {
        Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|(f, _)| *f == Some(at))))
    };
    let password_invalid = invalid(StepUpField::Password);
    // What the code field says (a wait ended, or nothing after a switch)
    // replaces the message.
    let say =
        move |words: Option<String>| error.set(words.map(|words| (Some(StepUpField::Code), words)));
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
                        invalid=invalid(StepUpField::Code)
                        error_id=error_id.clone()
                        on_complete=code_complete
                        say=say
                    />
                }
            })
        }
    };

    view! {
        <Dialog title="Confirm Your Password" on_close=on_cancel testid="password-dialog">
            <form on:submit=submit novalidate>
                <p>
                    {move || {
                        if with_code.get() {
                            messages::CONFIRM_PASSWORD_AND_CODE
                        } else {
                            messages::CONFIRM_PASSWORD
                        }
                    }}
                </p>
                <label for=label_for>"Password"</label>
                <input
                    id=field_id
                    node_ref=field
                    type="password"
                    autocomplete="current-password"
                    data-autofocus=""
                    aria-describedby=described_by
                    aria-invalid=move || password_invalid.get().to_string()
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                {code_part}
                <FormError message=message id=error_id />
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <BusyButton
                        busy=busy
                        disabled=locked
                        submit=true
                        class="primary"
                        testid="confirm-password"
                    >
                        "Confirm"
                    </BusyButton>
                </div>
            </form>
        </Dialog>
    }
}
