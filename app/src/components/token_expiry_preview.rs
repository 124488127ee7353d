//! When a token will stop working, as its form's expiry stands.

use leptos::prelude::*;

use super::dated_text::DatedText;
use crate::logic::dates::Local;
use crate::logic::messages;
use crate::logic::tokens::{self, ExpiryChoice};

/// "The token will stop working on …" under the expiry options (a
/// `role="status"`), in the person's own time; empty while the expiry is
/// kept, or no day or a day the token cannot have (past, or too far) is
/// picked: the form says why when it is sent.
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
    let at = Memo::new(move |_| {
        date.with(|date| tokens::expiry_at(expiry.get(), date, now, &Local))
            .ok()
            .flatten()
    });
    let words = Signal::derive(move || {
        at.get()
            .map(messages::token_will_expire)
            .unwrap_or_default()
    });
    let instants = Signal::derive(move || at.get().into_iter().collect::<Vec<_>>());
    view! {
        <p class="hint" role="status" data-testid="token-expires">
            <DatedText text=words at=instants />
        </p>
    }
}
