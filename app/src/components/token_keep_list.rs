//! The access tokens to keep, in the confirmations of the changes that end
//! the others: switching 2FA on, a new password, signing out all other
//! sessions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::AccessToken;

use super::token_keep_row::TokenKeepRow;
use crate::api;
use crate::logic::messages;
use crate::logic::token_keep::TokenKeep;
use crate::state::use_app_state;

/// Loads the account's tokens (GetTokens), says how many there are and
/// that the change stops them but those ticked and those of this session,
/// links to the token list (in a new tab: the change in progress stays),
/// and lists each one (description, when and from which address it was
/// made, its last use) with a checkbox to keep it, none ticked. With no
/// token it shows nothing.
#[component]
pub fn TokenKeepList(
    /// What is ticked; the owner sends [`TokenKeep::selection`] as
    /// `keepTokens`.
    keep: RwSignal<TokenKeep>,
) -> impl IntoView {
    let state = use_app_state();
    let tokens = RwSignal::new(Vec::<AccessToken>::new());
    keep.set(TokenKeep::Loading);
    spawn_local(async move {
        match api::get_tokens().await {
            Ok(answer) => {
                keep.try_set(TokenKeep::listed(&answer.tokens));
                tokens.try_set(answer.tokens);
            }
            Err(failure) if state.handle_session_failure(&failure) => {}
            Err(_) => {
                keep.try_set(TokenKeep::Unlisted);
            }
        }
    });

    let listed = move || {
        let count = tokens.with(Vec::len);
        (count > 0).then(|| {
            view! {
                <fieldset class="group" data-testid="token-keep-list">
                    <legend>{messages::TOKENS_TO_KEEP}</legend>
                    <p class="hint" data-testid="token-keep-explained">
                        {messages::keep_tokens_explained(count)} " "
                        <a href="/settings/tokens" target="_blank" rel="noopener" data-testid="token-keep-link">
                            {messages::SEE_THE_TOKENS}
                        </a>
                    </p>
                    <ul class="method-options">
                        {move || {
                            tokens
                                .get()
                                .into_iter()
                                .map(|token| view! { <TokenKeepRow token=token keep=keep /> })
                                .collect_view()
                        }}
                    </ul>
                </fieldset>
            }
        })
    };
    let unlisted = move || {
        keep.with(|k| *k == TokenKeep::Unlisted).then(|| {
            view! {
                <p class="hint" role="status" data-testid="token-keep-unlisted">
                    {messages::TOKENS_NOT_LISTED}
                </p>
            }
        })
    };

    view! { {listed} {unlisted} }
}
