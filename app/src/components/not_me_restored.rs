//! The "Wasn't you?" page once the account is back as it was.

use leptos::prelude::*;
use leptos_router::components::A;

use super::dated_text::DatedText;
use super::not_me_flow::NotMeCalls;
use crate::logic::not_me::NotMeStep;
use crate::logic::{dates, messages};

/// "Your account is back as it was before … on …", how to sign in (the
/// old password and the authenticator app or security key it has again)
/// and to change the password at once, the recovery codes left, and the
/// way to sign in.
#[component]
pub fn NotMeRestored(
    /// The page's state and calls.
    calls: NotMeCalls,
) -> impl IntoView {
    let restored = move || {
        calls.flow.with(|f| match f.step() {
            NotMeStep::Restored { answer, app, keys } => Some((answer.clone(), *app, *keys)),
            _ => None,
        })
    };
    let text = Signal::derive(move || {
        restored()
            .map(|(a, app, keys)| {
                messages::account_restored(a.change, &dates::date_time(a.at), app, keys)
            })
            .unwrap_or_default()
    });
    let at = Signal::derive(move || restored().map(|(a, ..)| vec![a.at]).unwrap_or_default());
    let left =
        move || restored().map(|(a, ..)| messages::restored_codes_left(a.recovery_codes_left));
    view! {
        <div class="notice success" data-testid="not-me-restored">
            <p>
                <DatedText text=text at=at />
            </p>
        </div>
        <p data-testid="not-me-codes-left">{left}</p>
        <p>
            <A href="/signin">{messages::SIGN_IN_LINK}</A>
        </p>
    }
}
