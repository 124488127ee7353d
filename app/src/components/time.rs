//! One instant, as every screen shows it.

use leptos::prelude::*;

use crate::logic::{dates, messages};

/// `7 Dec 2026, 09:14 EST` (or the day alone) in the person's own time,
/// as a `<time>` whose `datetime` holds the instant for machines. The same
/// instant in UTC shows on hover (`title`) and, for screen readers, after
/// it in words; the Security Log's details show it to everyone.
#[component]
pub fn Time(
    /// When, in seconds since the epoch.
    at: u64,
    /// The day only, without the time of day.
    #[prop(optional)]
    date_only: bool,
    /// The words to show, where a sentence already worded the instant
    /// (see [`super::dated_text::DatedText`]); else worded here.
    #[prop(optional, into)]
    words: Option<String>,
) -> impl IntoView {
    let utc = dates::utc_date_time(at);
    let words = words.unwrap_or_else(|| {
        if date_only {
            dates::date(at)
        } else {
            dates::date_time(at)
        }
    });
    // Nothing to add where the person's own time is UTC.
    let aside = (words != utc).then(|| messages::in_utc(&utc));
    view! {
        <time datetime=dates::rfc3339(at) title=utc>
            {words}
            {aside.map(|aside| view! { <span class="visually-hidden">{aside}</span> })}
        </time>
    }
}
