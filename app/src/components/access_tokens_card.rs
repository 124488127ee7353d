//! The Access Tokens card of Settings: the tokens and Generate New Token.

use leptos::prelude::*;

use super::form_error::FormError;
use super::token_flows::{Confirming, TokenFlows};
use super::token_form_dialog::TokenFormMode;
use super::token_list::TokenList;
use crate::logic::messages;

/// The card: its heading with Generate New Token, what tokens are for, the
/// list (or that there is none) with each token's buttons, and why the
/// list could not be loaded.
#[component]
pub fn AccessTokensCard(
    /// The panel's flows, which the buttons start.
    flows: TokenFlows,
) -> impl IntoView {
    let empty = move || flows.loaded.get() && flows.list.with(Vec::is_empty);
    view! {
        <section class="card" aria-labelledby="tokens-title" data-testid="access-tokens">
            <div class="card-header">
                <h2 id="tokens-title">"Personal Access Tokens"</h2>
                <button
                    type="button"
                    class="button primary"
                    data-testid="generate-token"
                    on:click=move |_| flows.open_form(TokenFormMode::Generate)
                >
                    "Generate New Token"
                </button>
            </div>
            <p class="muted">{messages::TOKENS_EXPLAINED}</p>
            {move || {
                empty()
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-tokens">
                                "You have no access tokens."
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
        </section>
    }
}
