//! The account's personal access tokens, newest first, with Edit,
//! Regenerate and Remove.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::token_row::TokenRow;
use crate::browser;

/// One entry per token: description, created, expires (soon-expiring and
/// expired ones stand out), last used, methods, and its buttons.
#[component]
pub fn TokenList(
    /// The tokens.
    #[prop(into)]
    tokens: Signal<Vec<AccessToken>>,
    /// Called by a token's Edit.
    #[prop(into)]
    on_edit: Callback<AccessToken>,
    /// Called by a token's Regenerate.
    #[prop(into)]
    on_regenerate: Callback<AccessToken>,
    /// Called by a token's Remove.
    #[prop(into)]
    on_remove: Callback<AccessToken>,
) -> impl IntoView {
    view! {
        <ul class="token-list" data-testid="token-list">
            {move || {
                let now = browser::now_secs();
                tokens
                    .get()
                    .into_iter()
                    .map(|token| {
                        view! {
                            <TokenRow
                                token=token
                                now=now
                                on_edit=on_edit
                                on_regenerate=on_regenerate
                                on_remove=on_remove
                            />
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
