//! The form of the "Confirm Your Password" pop-up: the password, the code
//! with 2FA on, Cancel and Confirm.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::{is_about, words_of, FormError};
use super::next_id;
use super::password_field::PasswordField;
use super::second_factor_field::SecondFactorField;
use super::step_up_flow::StepUpFlow;
use super::step_up_key::StepUpKey;
use crate::logic::messages;
use crate::logic::step_up::StepUpField;

/// Asks for the account's password and, with 2FA on, a code from the
/// authenticator app (or a recovery code), or, when the account has one,
/// its security key; Confirm (or the key's button) sends them to
/// CheckPassword.
#[component]
pub fn StepUpForm(
    /// The pop-up's signals.
    form: StepUpFlow,
    /// Called by Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let with_code = form.with_code;
    let with_key = form.with_key;
    let error_id = next_id("confirm-password-error");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.send();
    };
    let locked = form.code.locked(with_code.into());
    let code_part = {
        let error_id = error_id.clone();
        move || {
            with_code.get().then(|| {
                view! {
                    <SecondFactorField
                        code=form.code
                        busy=form.busy
                        invalid=is_about(form.error, StepUpField::Code)
                        error_id=error_id.clone()
                        on_complete=move |()| form.code_complete()
                        say=move |words| form.say(words)
                    />
                }
            })
        }
    };

    view! {
        <form on:submit=submit novalidate>
            <p>
                {move || match (with_code.get(), with_key.get()) {
                    (true, true) => messages::CONFIRM_PASSWORD_AND_KEY,
                    (true, false) => messages::CONFIRM_PASSWORD_AND_CODE,
                    (false, _) => messages::CONFIRM_PASSWORD,
                }}
            </p>
            <PasswordField
                input=form.password
                label="Password"
                id_prefix="confirm-password"
                autocomplete="current-password"
                autofocus=true
                described_by=error_id.clone()
                invalid=is_about(form.error, StepUpField::Password)
            />
            {move || (with_code.get() && with_key.get()).then(|| view! { <StepUpKey form=form /> })}
            {code_part}
            <FormError message=words_of(form.error) id=error_id />
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <BusyButton
                    busy=form.busy
                    disabled=locked
                    submit=true
                    class="primary"
                    testid="confirm-password"
                >
                    "Confirm"
                </BusyButton>
            </div>
        </form>
    }
}
