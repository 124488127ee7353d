//! The dashboard's "Since Your Last Visit" card.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::away_flow::{self, Away};
use super::dated_text::DatedText;
use crate::browser;
use crate::logic::away::Line;
use crate::logic::messages;
use crate::logic::security_log::{severity, Severity};
use crate::state::use_app_state;

/// Wrong codes and passwords, locks, new sign-ins, password and
/// two-factor changes since the last visit, and tokens that stop working
/// within days (see [`crate::logic::away`]), until dismissed; nothing at
/// all when there is nothing to report.
#[component]
pub fn AwayCard() -> impl IntoView {
    let state = use_app_state();
    let away = RwSignal::new(None::<Away>);
    spawn_local(async move {
        let login = state
            .account
            .with_untracked(|a| a.as_ref().map(|a| a.login.clone()));
        let Some(login) = login else { return };
        match away_flow::read(&login).await {
            Ok(read) => away.set(read.filter(|read| !read.lines.is_empty())),
            // Nothing to show is better than an error about a summary.
            Err(failure) => {
                state.handle_session_failure(&failure);
            }
        }
    });
    let dismiss = move |_| {
        if let Some(read) = away.get_untracked() {
            read.dismiss();
        }
        away.set(None);
        browser::focus_when_ready(vec!["h1".into()], true);
    };
    move || {
        away.get().map(|read| {
            let since = read.since.into_iter().collect::<Vec<_>>();
            let lines = read.lines.iter().map(line).collect_view();
            view! {
                <section
                    class="card wide-card away-card"
                    aria-labelledby="away-title"
                    data-testid="away-summary"
                >
                    <div class="card-header">
                        <h2 id="away-title">{messages::AWAY_TITLE}</h2>
                        <button
                            type="button"
                            class="button small"
                            data-testid="away-dismiss"
                            on:click=dismiss
                        >
                            {messages::AWAY_DISMISS}
                        </button>
                    </div>
                    <p class="muted">
                        <DatedText text=messages::away_since(read.since) at=since />
                    </p>
                    <ul class="away-lines">{lines}</ul>
                </section>
            }
        })
    }
}

/// One line, after its severity in words where it needs a look.
fn line(line: &Line) -> impl IntoView {
    let severity = match line {
        Line::Events { kind, .. } => severity(*kind),
        Line::TokenExpiring { .. } => Severity::Warning,
    };
    let tone = match severity {
        Severity::Alert => "event-bad",
        Severity::Warning => "event-warn",
        Severity::Routine => "event-ok",
    };
    let label = messages::severity_label(severity);
    let (text, at) = messages::away_line(line);
    view! {
        <li class=tone data-testid="away-line">
            {label.map(|label| view! { <span class="event-severity">{label}</span> })}
            <DatedText text=text at=at />
        </li>
    }
}
