//! Entries of the security log, newest first.

use leptos::prelude::*;
use twofold_api::events::{Event, EventKind};

use crate::logic::{dates, messages};

/// A list of security-log entries.
#[component]
pub fn EventList(
    /// The entries to show.
    #[prop(into)]
    events: Signal<Vec<Event>>,
) -> impl IntoView {
    view! {
        <ul class="event-list" data-testid="event-list">
            {move || {
                events
                    .get()
                    .into_iter()
                    .map(|event| {
                        let detail = detail(&event);
                        view! {
                            <li class=format!("event {}", tone(event.kind))>
                                <span class="event-what">{event.kind.describe()}</span>
                                <span class="event-when">{dates::date_time(event.at)}</span>
                                <span class="event-detail">{detail}</span>
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
    if let Some(agent) = &event.user_agent {
        parts.push(agent.clone());
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
