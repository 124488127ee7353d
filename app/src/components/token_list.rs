//! The account's personal access tokens, newest first, with Edit,
//! Regenerate and Remove.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use crate::browser;
use crate::logic::tokens::{self, Expiry};
use crate::logic::{dates, messages};

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
                    .map(|token| row(token, now, on_edit, on_regenerate, on_remove))
                    .collect_view()
            }}
        </ul>
    }
}

fn row(
    token: AccessToken,
    now: u64,
    on_edit: Callback<AccessToken>,
    on_regenerate: Callback<AccessToken>,
    on_remove: Callback<AccessToken>,
) -> impl IntoView {
    let expiry = tokens::expiry(token.expires_at, now);
    let (state, badge) = match expiry {
        Expiry::Expired => ("expired", Some("Expired")),
        Expiry::Soon { .. } => ("soon", Some("Expires soon")),
        Expiry::Later => ("later", None),
    };
    let methods = token
        .api_list
        .iter()
        .map(|name| view! { <li><code>{name.clone()}</code></li> })
        .collect_view();
    let description = token.description.clone();
    let (edit, regenerate, remove) = (token.clone(), token.clone(), token.clone());
    view! {
        <li class=format!("token-row {state}") data-testid="token" data-expiry=state>
            <div class="token-head">
                <strong class="token-description" data-testid="token-description">
                    {description.clone()}
                </strong>
                {badge.map(|text| view! { <span class=format!("badge {state}")>{text}</span> })}
            </div>
            <dl class="facts token-facts">
                <dt>"Created"</dt>
                <dd>{dates::date_time(token.created_at)}</dd>
                <dt>"Expires"</dt>
                <dd class=format!("expires {state}") data-testid="token-expires-at">
                    {messages::token_expiry(token.expires_at, expiry)}
                </dd>
                <dt>"Last used"</dt>
                <dd data-testid="token-last-used">
                    {messages::token_last_used(token.last_used, token.last_used_ip.as_deref())}
                </dd>
                <dt>"Methods"</dt>
                <dd>
                    <ul class="chips" data-testid="token-api-list">{methods}</ul>
                </dd>
            </dl>
            <div class="actions">
                <button
                    type="button"
                    class="button small"
                    aria-label=format!("Edit {description}")
                    data-testid="edit-token"
                    on:click=move |_| on_edit.run(edit.clone())
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class="button small"
                    aria-label=format!("Regenerate {description}")
                    data-testid="regenerate-token"
                    on:click=move |_| on_regenerate.run(regenerate.clone())
                >
                    "Regenerate"
                </button>
                <button
                    type="button"
                    class="button small danger-outline"
                    aria-label=format!("Remove {description}")
                    data-testid="remove-token"
                    on:click=move |_| on_remove.run(remove.clone())
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}
