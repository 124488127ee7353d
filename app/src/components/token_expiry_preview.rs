//! When a token will stop working, as its form's expiry stands.

use leptos::prelude::*;

use crate::logic::dates;
use crate::logic::messages;
use crate::logic::tokens::ExpiryChoice;

/// "The token will stop working on …" under the expiry options (a
/// `role="status"`); empty while the expiry is kept or no day is picked.
#[component]
pub fn TokenExpiryPreview(
    /// When the form opened: presets count from then.
    now: u64,
    /// The option chosen.
    #[prop(into)]
    expiry: Signal<ExpiryChoice>,
    /// The date picker's value.
    #[prop(into)]
    date: Signal<String>,
) -> impl IntoView {
    let words = move || {
        let at = match expiry.get() {
            ExpiryChoice::Keep => return None,
            ExpiryChoice::Days(days) => now + days * dates::DAY_SECS,
            ExpiryChoice::Date => dates::parse_iso_date(&date.get())?,
        };
        Some(messages::token_will_expire(at))
    };
    view! { <p class="hint" role="status" data-testid="token-expires">{words}</p> }
}
