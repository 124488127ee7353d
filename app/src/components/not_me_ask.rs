//! The "Wasn't you?" page before its button is pressed.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::not_me_flow::NotMeCalls;
use crate::logic::messages;
use crate::logic::not_me::NotMeStep;

/// What the link does (every session signed out and every access token
/// deleted, on every device; once, for 72 hours) and "Sign out
/// everywhere", which alone calls the server: mail scanners open links.
/// A refusal is said under it; the button goes when the link itself was
/// refused.
#[component]
pub fn NotMeAsk(
    /// The page's state and calls.
    calls: NotMeCalls,
) -> impl IntoView {
    let refused = Memo::new(move |_| {
        calls
            .flow
            .with(|f| matches!(f.step(), NotMeStep::LinkRefused))
    });
    view! {
        <p data-testid="not-me-explained">{messages::not_me_explained()}</p>
        <FormError message=calls.report_error id="not-me-error" />
        <Show when=move || !refused.get()>
            <div class="actions">
                <BusyButton
                    busy=calls.busy
                    class="primary"
                    testid="sign-out-everywhere"
                    on_click=move |()| calls.report()
                >
                    {messages::SIGN_OUT_EVERYWHERE}
                </BusyButton>
            </div>
        </Show>
    }
}
