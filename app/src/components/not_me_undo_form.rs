//! The code and the button that put the account back.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::not_me_flow::NotMeCalls;
use super::second_factor_field::SecondFactorField;
use super::step_up_code::StepUpCode;
use crate::logic::messages;

/// A code from before the change (the step-up forms' code field: six
/// digits from the authenticator app, or a recovery code after the switch;
/// a recovery code alone when the account had no app then), and "Put my
/// account back", with the refusal between them. Six digits send
/// themselves.
#[component]
pub fn NotMeUndoForm(
    /// The page's state and calls.
    calls: NotMeCalls,
    /// True when the account had an authenticator app before the change.
    app: bool,
    /// The `id` of the undo's error, which describes the field.
    #[prop(into)]
    error_id: String,
) -> impl IntoView {
    let code = StepUpCode::for_account(app);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        calls.undo(code);
    };
    let locked = code.locked(Signal::stored(true));
    view! {
        <form on:submit=submit novalidate data-testid="not-me-undo-form">
            <SecondFactorField
                code=code
                busy=calls.busy
                invalid=calls.code_invalid
                error_id=error_id.clone()
                on_complete=move |()| calls.undo(code)
                say=move |words| calls.undo_error.set(words)
            />
            <FormError message=calls.undo_error id=error_id />
            <div class="actions">
                <BusyButton
                    busy=calls.busy
                    disabled=locked
                    submit=true
                    class="primary"
                    testid="put-account-back"
                >
                    {messages::PUT_MY_ACCOUNT_BACK}
                </BusyButton>
            </div>
        </form>
    }
}
