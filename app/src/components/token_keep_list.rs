//! The access tokens to keep, in the confirmations of the changes that end
//! the others: switching 2FA on, a new password, signing out all other
//! sessions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::AccessToken;

use super::next_id;
use crate::api;
use crate::logic::messages;
use crate::logic::token_keep::TokenKeep;
use crate::state::use_app_state;

/// Loads the account's tokens (GetTokens) and lists each one (description,
/// when and from which address it was made, its last use) with a checkbox
/// to keep it, none ticked; says what happens to the rest. With no token
/// it shows nothing.
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

    let row = move |token: AccessToken| {
        let id = token.id;
        let facts_id = next_id("keep-token-facts");
        view! {
            <li class="method-option">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("keep-token-{id}")
                        aria-describedby=facts_id.clone()
                        prop:checked=move || keep.with(|k| k.is_kept(id))
                        on:change=move |ev| {
                            let ticked = event_target_checked(&ev);
                            keep.update(|k| k.set_kept(id, ticked));
                        }
                    />
                    <span class="token-description">{token.description.clone()}</span>
                </label>
                <p class="hint" id=facts_id>{messages::token_to_keep_facts(&token)}</p>
            </li>
        }
    };
    let listed = move || {
        (!tokens.with(Vec::is_empty)).then(|| {
            view! {
                <fieldset class="group" data-testid="token-keep-list">
                    <legend>"Access tokens to keep"</legend>
                    <p class="hint">{messages::KEEP_TOKENS_EXPLAINED}</p>
                    <p class="hint">{messages::TOKENS_OF_THIS_SESSION_KEPT}</p>
                    <ul class="method-options">
                        {move || tokens.get().into_iter().map(row).collect_view()}
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
