//! The code and the button that put the account back.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::not_me_flow::NotMeCalls;
use super::not_me_undo_key::NotMeUndoKey;
use super::second_factor_field::SecondFactorField;
use super::step_up_code::StepUpCode;
use crate::logic::messages;
use crate::logic::not_me::UndoWays;

/// When the account had a security key before the change, "Use your
/// security key" first (the form's main action without the app, as at
/// sign-in); a code from before the change (the step-up forms' code
/// field: six digits from the authenticator app, or a recovery code after
/// the switch; a recovery code alone when the account had no app then),
/// and "Put my account back", with the refusal between them. Six digits
/// send themselves.
#[component]
pub fn NotMeUndoForm(
    /// The page's state and calls.
    calls: NotMeCalls,
    /// What the account had before the change.
    ways: UndoWays,
    /// The `id` of the undo's error, which describes the field.
    #[prop(into)]
    error_id: String,
) -> impl IntoView {
    let code = StepUpCode::for_account(ways.app_codes);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        calls.undo(code);
    };
    let locked = code.locked(Signal::stored(true));
    // Tracked: a link that turns out to have no key stops offering it.
    let key = Memo::new(move |_| calls.flow.with(|f| f.undo_ways().is_some_and(|w| w.key)));
    let leads = ways.key_leads();
    view! {
        <form on:submit=submit novalidate data-testid="not-me-undo-form">
            <Show when=move || key.get()>
                <NotMeUndoKey calls=calls leads=leads />
            </Show>
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
                    class=if leads { "" } else { "primary" }
                    testid="put-account-back"
                >
                    {messages::PUT_MY_ACCOUNT_BACK}
                </BusyButton>
            </div>
        </form>
    }
}
