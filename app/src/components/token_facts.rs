//! What a token row says of its token: made, expires, last used, may do.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::dated_text::DatedText;
use super::time::Time;
use super::token_permissions::TokenPermissions;
use crate::logic::messages;
use crate::logic::token_expiry::Expiry;

/// Created, Expires (worded by how near it is), Last used (when and from
/// where) and Permissions, as a description list.
#[component]
pub fn TokenFacts(
    /// The token, as the list has it now.
    token: Signal<AccessToken>,
    /// How near its end it is.
    expiry: Memo<Expiry>,
    /// `expired`, `soon` or `later`: the expiry's class.
    state: Signal<&'static str>,
) -> impl IntoView {
    let expires =
        Signal::derive(move || token.with(|t| messages::token_expiry(t.expires_at, expiry.get())));
    let last_used = Signal::derive(move || {
        token.with(|t| messages::token_last_used(t.last_used, t.last_used_ip.as_deref()))
    });
    view! {
        <dl class="facts token-facts">
            <dt>"Created"</dt>
            <dd>{move || view! { <Time at=token.with(|t| t.created_at) /> }}</dd>
            <dt>"Expires"</dt>
            <dd class=move || format!("expires {}", state.get()) data-testid="token-expires-at">
                <DatedText
                    text=expires
                    at=Signal::derive(move || vec![token.with(|t| t.expires_at)])
                />
            </dd>
            <dt>"Last used"</dt>
            <dd data-testid="token-last-used">
                <DatedText
                    text=last_used
                    at=Signal::derive(move || token.with(|t| t.last_used.into_iter().collect()))
                />
            </dd>
            <dt>"Permissions"</dt>
            <dd>
                <TokenPermissions names=Signal::derive(move || token.with(|t| t.api_list.clone())) />
            </dd>
        </dl>
    }
}
