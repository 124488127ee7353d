//! Entries of the security log, newest first.

use leptos::prelude::*;
use twofold_api::events::{Event, EventKind};

use crate::browser;
use crate::logic::{dates, messages, user_agent};

/// A list of security-log entries.
#[component]
pub fn EventList(
    /// The entries to show.
    #[prop(into)]
    events: Signal<Vec<Event>>,
) -> impl IntoView {
    let offset = browser::timezone_offset_minutes();
    view! {
        <ul class="event-list" data-testid="event-list">
            {move || {
                events
                    .get()
                    .into_iter()
                    .map(|event| {
                        let detail = detail(&event);
                        // The browser in words; the raw string on demand.
                        let raw = event.user_agent.clone().filter(|agent| !agent.trim().is_empty());
                        let when = dates::local_date_time(event.at, offset);
                        let utc = dates::date_time(event.at);
                        view! {
                            <li class=format!("event {}", tone(event.kind))>
                                <span class="event-what">{event.kind.describe()}</span>
                                <span class="event-when" title=utc>{when}</span>
                                <span class="event-detail">{detail}</span>
                                {raw
                                    .map(|raw| {
                                        view! {
                                            <details class="event-agent">
                                                <summary>"Browser details"</summary>
                                                <code>{raw}</code>
                                            </details>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
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

/// Failures and locks stand out from routine entries.
fn tone(kind: EventKind) -> &'static str {
    match kind {
        EventKind::SignInFailed
        | EventKind::PasswordConfirmationFailed
        | EventKind::SecondFactorFailed
        | EventKind::SecondFactorLocked
        | EventKind::SecondFactorRefusedWhileLocked
        | EventKind::TotpStopped
        | EventKind::TwoFactorSetupCodeFailed
        | EventKind::TwoFactorSetupDiscarded => "event-bad",
        // Whoever did this holds the password: worth a second look.
        EventKind::PasswordAccepted
        | EventKind::TwoFactorDisabled
        | EventKind::SignedInWithRecoveryCode
        | EventKind::TokenCreated
        | EventKind::TokenRegenerated => "event-warn",
        _ => "event-ok",
    }
}
