//! The Change Password form: the current password, the new one twice, a
//! code when 2FA is on and this session has not confirmed one lately, and
//! the access tokens to keep. In the Change Password dialog of Settings,
//! and alone on the screen an operator's reset leads to.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use twofold_api::account::ChangePasswordResponse;

use super::busy_button::BusyButton;
use super::change_password_flow::ChangePasswordFlow;
use super::form_error::{is_about, words_of, FormError};
use super::next_id;
use super::password_field::PasswordField;
use super::second_factor_field::SecondFactorField;
use super::token_keep_list::TokenKeepList;
use crate::logic::change_password::Field;
use crate::state::use_app_state;

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
    let form = ChangePasswordFlow::new(use_app_state(), keep_tokens, on_changed);
    let error_id = next_id("change-password-error");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.send();
    };
    let locked = form.code.locked(form.with_code.into());
    let code_part = {
        let error_id = error_id.clone();
        move || {
            form.with_code.get().then(|| {
                view! {
                    <SecondFactorField
                        code=form.code
                        busy=form.busy
                        invalid=is_about(form.error, Field::Code)
                        error_id=error_id.clone()
                        on_complete=move |()| {}
                        say=move |words| form.say(words)
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
            <PasswordField
                input=form.current
                label="Current password"
                id_prefix="current-password"
                autocomplete="current-password"
                autofocus=true
                described_by=error_id.clone()
                invalid=is_about(form.error, Field::Current)
            />
            <PasswordField
                input=form.new
                label="New password"
                id_prefix="new-password"
                autocomplete="new-password"
                described_by=error_id.clone()
                invalid=is_about(form.error, Field::New)
            />
            <PasswordField
                input=form.confirm
                label="Confirm new password"
                id_prefix="confirm-new-password"
                autocomplete="new-password"
                described_by=error_id.clone()
                invalid=is_about(form.error, Field::Confirm)
            />
            {code_part}
            {keep_tokens.then(|| view! { <TokenKeepList keep=form.keep /> })}
            <FormError message=words_of(form.error) id=error_id.clone() />
            <div class="dialog-actions">
                {cancel}
                <BusyButton
                    busy=form.busy
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
