//! Entries of the security log, newest first.

use leptos::prelude::*;
use twofold_api::events::Event;

use super::event_item::EventItem;

/// A list of security-log entries. Their details (the full browser
/// string, the time in UTC) show for all of them at once, by one control
/// outside the list, rather than one more tab stop per entry.
#[component]
pub fn EventList(
    /// The entries to show.
    #[prop(into)]
    events: Signal<Vec<Event>>,
    /// True while every entry shows its details.
    #[prop(optional, into)]
    details: Signal<bool>,
    /// The list's id, for the control that shows the details.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    view! {
        <ul class="event-list" id=id data-testid="event-list">
            {move || {
                events
                    .get()
                    .into_iter()
                    .map(|event| view! { <EventItem event=event details=details /> })
                    .collect_view()
            }}
        </ul>
    }
}
