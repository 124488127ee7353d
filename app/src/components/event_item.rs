//! One entry of the security log.

use leptos::prelude::*;
use twofold_api::events::Event;

use super::dated_text::DatedText;
use super::time::Time;
use crate::logic::security_log::{severity, Severity};
use crate::logic::{messages, user_agent};

/// What happened (after its severity in words, where it needs a look),
/// when, where from, and when its notice was mailed; with `details`, the
/// full browser string and the times in UTC too.
#[component]
pub fn EventItem(
    /// The entry.
    event: Event,
    /// True while the details show.
    #[prop(into)]
    details: Signal<bool>,
) -> impl IntoView {
    let severity = severity(event.kind);
    let tone = match severity {
        Severity::Alert => "event-bad",
        Severity::Warning => "event-warn",
        Severity::Routine => "event-ok",
    };
    let at = event.at;
    let mailed = event.mailed_at;
    let agent = event
        .user_agent
        .clone()
        .filter(|agent| !agent.trim().is_empty());
    view! {
        <li class=format!("event {tone}") data-testid="event">
            <span class="event-what" data-testid="event-what">
                {messages::severity_label(severity)
                    .map(|label| view! { <span class="event-severity">{label}</span> })}
                {event.kind.describe()}
            </span>
            <span class="event-when" data-testid="event-when">
                <Time at=at />
            </span>
            {detail_line(&event)}
            <Show when=move || details.get()>
                <span class="event-more" data-testid="event-details">
                    <span>{messages::utc_detail(at)}</span>
                    {mailed.map(|mailed| view! { <span>{messages::mailed_utc_detail(mailed)}</span> })}
                    {agent
                        .clone()
                        .map(|agent| view! { <code>{messages::browser_detail(&agent)}</code> })}
                </span>
            </Show>
        </li>
    }
}

/// The entry's detail line, then "Mailed to you 14:05 EST" when its
/// notice was mailed.
fn detail_line(event: &Event) -> AnyView {
    let words = detail(event);
    let Some(mailed_at) = event.mailed_at else {
        return view! { <span class="event-detail">{words}</span> }.into_any();
    };
    let (text, at) = messages::mailed_to_you(mailed_at, event.at);
    let gap = (!words.is_empty()).then_some(" · ");
    view! {
        <span class="event-detail">
            {words}
            {gap}
            <span data-testid="event-mailed">
                <DatedText text=text at=at />
            </span>
        </span>
    }
    .into_any()
}

/// The token concerned, how many things it counted, where it came from,
/// and the recovery codes left when that changed.
fn detail(event: &Event) -> String {
    let mut parts = Vec::new();
    if let Some(description) = &event.description {
        parts.push(format!("“{description}”"));
    }
    if let Some(count) = event.count {
        parts.push(messages::event_count(event.kind, count));
    }
    if let Some(ip) = &event.ip {
        parts.push(ip.clone());
    }
    if event.user_agent.is_some() {
        parts.push(user_agent::describe(event.user_agent.as_deref()));
    }
    if let Some(left) = event.recovery_codes_left {
        parts.push(messages::recovery_codes_left(left));
    }
    parts.join(" · ")
}
