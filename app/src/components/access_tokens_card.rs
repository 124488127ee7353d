//! The Access Tokens card of Settings: the tokens and Generate New Token.

use leptos::prelude::*;

use super::form_error::FormError;
use super::list_status::ListStatus;
use super::token_flows::{Confirming, TokenFlows, GENERATE_BUTTON_ID, TOKENS_HEADING_ID};
use super::token_form_dialog::TokenFormMode;
use super::token_list::TokenList;
use super::token_scripts_help::TokenScriptsHelp;
use crate::logic::messages;

/// The card: its heading with Generate New Token, what tokens are for and
/// which account changes stop them, what the last change did (beside the
/// list it changed), the list (or that there is none) with each token's
/// buttons, why the list could not be loaded, and, for developers, how
/// scripts use a token.
#[component]
pub fn AccessTokensCard(
    /// The panel's flows, which the buttons start.
    flows: TokenFlows,
) -> impl IntoView {
    let empty = move || flows.loaded.get() && flows.list.with(Vec::is_empty);
    view! {
        <section class="card" aria-labelledby=TOKENS_HEADING_ID data-testid="access-tokens">
            <div class="card-header">
                <h2 id=TOKENS_HEADING_ID>"Access Tokens"</h2>
                <button
                    type="button"
                    id=GENERATE_BUTTON_ID
                    class="button primary"
                    data-testid="generate-token"
                    on:click=move |_| flows.open_form(TokenFormMode::Generate)
                >
                    "Generate New Token"
                </button>
            </div>
            <p class="muted">{messages::TOKENS_EXPLAINED}</p>
            <p class="muted" data-testid="tokens-and-changes">
                {messages::TOKENS_AND_ACCOUNT_CHANGES}
            </p>
            <ListStatus
                status=Signal::derive(move || flows.status.get().map(|words| (words, None)))
                testid="tokens-status"
            />
            {move || {
                empty()
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-tokens">
                                {messages::NO_TOKENS}
                            </p>
                        }
                    })
            }}
            <TokenList
                tokens=flows.list
                on_edit=move |token| flows.open_form(TokenFormMode::Edit(token))
                on_regenerate=move |token| {
                    flows.open_confirmation(Confirming::Regenerate(token))
                }
                on_remove=move |token| flows.open_confirmation(Confirming::Remove(token))
            />
            <FormError message=flows.load_error />
            <TokenScriptsHelp />
        </section>
    }
}
