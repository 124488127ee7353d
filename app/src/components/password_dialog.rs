//! The "confirm your password" pop-up before sensitive changes: the
//! session's step-up.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::{is_about, words_of, FormError};
use super::next_id;
use super::password_field::PasswordField;
use super::second_factor_field::SecondFactorField;
use super::step_up_flow::StepUpFlow;
use crate::logic::elevation::Need;
use crate::logic::messages;
use crate::logic::step_up::StepUpField;
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
    let form = StepUpFlow::new(use_app_state(), need, on_confirmed);
    let with_code = form.with_code;
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
                <PasswordField
                    input=form.password
                    label="Password"
                    id_prefix="confirm-password"
                    autocomplete="current-password"
                    autofocus=true
                    described_by=error_id.clone()
                    invalid=is_about(form.error, StepUpField::Password)
                />
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
        </Dialog>
    }
}
