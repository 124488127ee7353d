//! The "confirm your password" pop-up before sensitive changes: the
//! session's step-up, asked only when the server would refuse the change.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::step_up_confirmed::StepUpConfirmed;
use super::step_up_flow::StepUpFlow;
use super::step_up_form::StepUpForm;
use crate::logic::elevation::Need;
use crate::state::use_app_state;

/// Asks for the account's password and, with 2FA on, a code from the
/// authenticator app (or a recovery code), and sends them to
/// CheckPassword; then says how long this session may make sensitive
/// changes without asking again, and goes on.
///
/// Opened when the app's idea of the session's step-up said it had ended
/// (after GetAccount was read again, [`crate::state::AppState::ask_password`])
/// or when the server refused the change for want of one (which corrects
/// that idea). When the session's step-up covers `need` after all (another
/// sensitive change slid it on, another tab confirmed), nothing is shown and
/// `on_confirmed` runs at once.
#[component]
pub fn PasswordDialog(
    /// What the change needs; the pop-up is skipped while the session's
    /// step-up covers it.
    need: Need,
    /// Called once the server accepted what was typed (or nothing needed
    /// typing).
    #[prop(into)]
    on_confirmed: Callback<()>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    if state.is_elevated(need) {
        // After this render: the caller's signals are not set while it runs.
        request_animation_frame(move || {
            on_confirmed.try_run(());
        });
        return ().into_any();
    }
    let form = StepUpFlow::new(state, on_confirmed);
    view! {
        <Dialog title="Confirm Your Password" on_close=on_cancel testid="password-dialog">
            {move || match form.confirmed.get() {
                Some(words) => {
                    view! { <StepUpConfirmed words=words on_continue=move |()| form.go_on() /> }
                        .into_any()
                }
                None => view! { <StepUpForm form=form on_cancel=on_cancel /> }.into_any(),
            }}
        </Dialog>
    }
    .into_any()
}
