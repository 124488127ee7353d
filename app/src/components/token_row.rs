//! One personal access token in the list.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use crate::logic::token_expiry::{self, Expiry};
use crate::logic::{dates, messages};

/// The token's description (with a badge when it expires soon or has
/// expired), when it was made, when it expires, its last use, its methods,
/// and Edit, Regenerate and Remove (each named with the description for
/// screen readers).
#[component]
pub fn TokenRow(
    /// The token.
    token: AccessToken,
    /// The time its expiry is measured against.
    now: u64,
    /// Called by Edit.
    on_edit: Callback<AccessToken>,
    /// Called by Regenerate.
    on_regenerate: Callback<AccessToken>,
    /// Called by Remove.
    on_remove: Callback<AccessToken>,
) -> impl IntoView {
    let expiry = token_expiry::expiry(token.expires_at, now);
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
    let button = |label: &'static str, class: &'static str, testid, on: Callback<AccessToken>| {
        let token = token.clone();
        view! {
            <button
                type="button"
                class=class
                aria-label=format!("{label} {description}")
                data-testid=testid
                on:click=move |_| on.run(token.clone())
            >
                {label}
            </button>
        }
    };
    let edit = button("Edit", "button small", "edit-token", on_edit);
    let regenerate = button(
        "Regenerate",
        "button small",
        "regenerate-token",
        on_regenerate,
    );
    let remove = button(
        "Remove",
        "button small danger-outline",
        "remove-token",
        on_remove,
    );
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
            <div class="actions">{edit} {regenerate} {remove}</div>
        </li>
    }
}
