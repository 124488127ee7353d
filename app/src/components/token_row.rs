//! One personal access token in the list.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::token_facts::TokenFacts;
use super::token_flows::token_button_id;
use crate::logic::token_expiry::{self, Expiry};

/// The token's description (with a badge when it expires soon or has
/// expired), when it was made, when it expires, its last use, what it may
/// do, and Edit, Regenerate and Remove (each named with the description
/// for screen readers, each with an `id` that focus can return to).
#[component]
pub fn TokenRow(
    /// The token, as the list has it now.
    #[prop(into)]
    token: Signal<AccessToken>,
    /// The time its expiry is measured against.
    now: u64,
    /// Called by Edit.
    on_edit: Callback<AccessToken>,
    /// Called by Regenerate.
    on_regenerate: Callback<AccessToken>,
    /// Called by Remove.
    on_remove: Callback<AccessToken>,
) -> impl IntoView {
    let id = token.with_untracked(|t| t.id);
    let expiry =
        Memo::new(move |_| token.with(|t| token_expiry::expiry(t.created_at, t.expires_at, now)));
    let state = move || match expiry.get() {
        Expiry::Expired => "expired",
        Expiry::Soon { .. } => "soon",
        Expiry::Later => "later",
    };
    let badge = move || match expiry.get() {
        Expiry::Expired => Some(view! { <span class="badge expired">"Expired"</span> }),
        Expiry::Soon { .. } => Some(view! { <span class="badge soon">"Expires soon"</span> }),
        Expiry::Later => None,
    };
    let description = move || token.with(|t| t.description.clone());
    let button = move |label: &'static str,
                       action: &'static str,
                       class: &'static str,
                       on: Callback<AccessToken>| {
        view! {
            <button
                type="button"
                id=token_button_id(action, id)
                class=class
                aria-label=move || format!("{label} {}", description())
                data-testid=format!("{action}-token")
                on:click=move |_| on.run(token.get_untracked())
            >
                {label}
            </button>
        }
    };
    view! {
        <li class=move || format!("token-row {}", state()) data-testid="token" data-expiry=state>
            <div class="token-head">
                <strong class="token-description" data-testid="token-description">
                    {description}
                </strong>
                {badge}
            </div>
            <TokenFacts token=token expiry=expiry state=Signal::derive(state) />
            <div class="actions">
                {button("Edit", "edit", "button small", on_edit)}
                {button("Regenerate", "regenerate", "button small", on_regenerate)}
                {button("Remove", "remove", "button small danger-outline", on_remove)}
            </div>
        </li>
    }
}
