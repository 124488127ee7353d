//! The confirmed address of Settings > Account's Security Notices.

use leptos::prelude::*;

use super::time::Time;
use crate::logic::messages;

/// Where notices go, and since when.
#[component]
pub fn NoticeAddressFacts(
    /// The confirmed address.
    address: String,
    /// When it was confirmed, in seconds since the epoch.
    since: Option<u64>,
) -> impl IntoView {
    view! {
        <p>{messages::ADDRESS_EXPLAINED}</p>
        <dl class="facts">
            <dt>"Address"</dt>
            <dd data-testid="notice-address">{address}</dd>
            {since
                .map(|at| {
                    view! {
                        <dt>"Confirmed"</dt>
                        <dd data-testid="notice-address-since">
                            <Time at=at />
                        </dd>
                    }
                })}
        </dl>
    }
}
