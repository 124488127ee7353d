//! The account's personal access tokens, newest first, with Edit,
//! Regenerate and Remove.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::token_row::TokenRow;
use crate::browser;

/// One entry per token: description, created, expires (soon-expiring and
/// expired ones stand out), last used, permissions, and its buttons. A
/// row stays in the page while its token does (keyed by id, its words
/// following the list), so focus stays on its buttons when the list is
/// loaded again.
#[component]
pub fn TokenList(
    /// The tokens.
    tokens: RwSignal<Vec<AccessToken>>,
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
            <For
                each=move || tokens.get()
                key=|token| token.id
                children=move |first| {
                    let id = first.id;
                    let token = Memo::new(move |_| {
                        tokens
                            .with(|list| list.iter().find(|t| t.id == id).cloned())
                            .unwrap_or_else(|| first.clone())
                    });
                    view! {
                        <TokenRow
                            token=token
                            now=browser::now_secs()
                            on_edit=on_edit
                            on_regenerate=on_regenerate
                            on_remove=on_remove
                        />
                    }
                }
            />
        </ul>
    }
}
