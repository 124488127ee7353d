//! In the confirmation of a change that leaves the access tokens working
//! (turning two-factor authentication off, new recovery codes): that they
//! keep working, and how many there are.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::browser;
use crate::logic::messages::{self, TokensKeptBy};
use crate::logic::token_expiry;
use crate::state::use_app_state;

/// "Turning off two-factor authentication leaves your 2 access tokens
/// working: …", with a link to them (in a new tab: the change in progress
/// stays open). Counts the tokens that work (GetTokens lists expired ones
/// too); says the same without the count until then, or if they cannot be
/// listed, and has no link when none works.
#[component]
pub fn TokenKeptNote(
    /// The change being confirmed.
    change: TokensKeptBy,
) -> impl IntoView {
    let state = use_app_state();
    let working = RwSignal::new(None::<usize>);
    spawn_local(async move {
        match api::get_tokens().await {
            Ok(answer) => {
                working.try_set(Some(token_expiry::working(
                    &answer.tokens,
                    browser::now_secs(),
                )));
            }
            Err(failure) => {
                state.handle_session_failure(&failure);
            }
        }
    });
    let link = move || {
        (working.get() != Some(0)).then(|| {
            view! {
                " "
                <a
                    href="/settings/tokens"
                    target="_blank"
                    rel="noopener"
                    data-testid="tokens-kept-link"
                >
                    {messages::SEE_THE_TOKENS}
                </a>
            }
        })
    };
    view! {
        <p class="hint" data-testid="tokens-kept-note">
            {move || messages::tokens_keep_working(change, working.get())}
            {link}
        </p>
    }
}
