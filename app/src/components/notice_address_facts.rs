//! The confirmed address of Settings > Account's Security Notices.

use leptos::prelude::*;

use super::dated_text::DatedText;
use crate::logic::messages;
use crate::logic::notification_email::{Confirmed, Standing};

/// The `id` of the words that say a bouncing address needs changing (the
/// Change Address button points to them).
pub const BOUNCING_ID: &str = "notice-address-bouncing";

/// Where notices go, and how the address stands: verified since when, or
/// bouncing (then a warning, titled in words, saying to set another).
#[component]
pub fn NoticeAddressFacts(
    /// The confirmed address and its standing.
    confirmed: Confirmed,
) -> impl IntoView {
    let state = match confirmed.standing {
        Standing::Verified { since } => {
            let (text, at) = messages::verified_since(since);
            view! {
                <dd data-testid="notice-address-since">
                    <DatedText text=text at=at />
                </dd>
            }
            .into_any()
        }
        Standing::Bouncing { .. } => {
            view! { <dd data-testid="notice-address-state">{messages::BOUNCING}</dd> }.into_any()
        }
    };
    let warning = match confirmed.standing {
        Standing::Bouncing { since } => Some(bouncing_warning(since)),
        Standing::Verified { .. } => None,
    };
    view! {
        <p>{messages::ADDRESS_EXPLAINED}</p>
        <dl class="facts">
            <dt>{messages::ADDRESS_TERM}</dt>
            <dd data-testid="notice-address">{confirmed.address}</dd>
            <dt>{messages::STATE_TERM}</dt>
            {state}
        </dl>
        {warning}
    }
}

/// "Notices to this address are being refused … since …: set another
/// address with Change Address."
fn bouncing_warning(since: u64) -> impl IntoView {
    let (text, at) = messages::bouncing_since(since);
    view! {
        <div class="callout warning" role="note" data-testid="notice-bouncing">
            <strong class="callout-title">{messages::BOUNCING_TITLE}</strong>
            <p id=BOUNCING_ID>
                <DatedText text=text at=at />
            </p>
        </div>
    }
}
