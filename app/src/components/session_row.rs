//! One signed-in session in Settings > Sessions.

use leptos::prelude::*;
use twofold_api::tokens::SessionInfo;

use super::busy_button::BusyButton;
use super::session_flows::{Ending, SessionFlows};
use crate::logic::messages;
use crate::logic::user_agent;

/// The session's browser and system, its address, when it signed in and
/// was last seen, and Sign Out (or "This session" for this one).
#[component]
pub fn SessionRow(
    /// The session.
    session: SessionInfo,
    /// The panel's flows, which Sign Out starts.
    flows: SessionFlows,
) -> impl IntoView {
    let browser = user_agent::describe(session.user_agent.as_deref());
    let address = session
        .ip
        .clone()
        .unwrap_or_else(|| "Unknown address".into());
    let times = messages::session_times(session.created_at, session.last_seen);
    let action = if session.current {
        view! { <span class="badge current">"This session"</span> }.into_any()
    } else {
        let id = session.id.clone();
        view! {
            <BusyButton
                busy=flows.is_ending(Ending::One(id.clone()))
                class="small"
                on_click=move |()| flows.sign_out(Ending::One(id.clone()), false)
                testid="sign-out-session"
            >
                "Sign Out"
            </BusyButton>
        }
        .into_any()
    };
    view! {
        <li
            class="session-row"
            class:current=session.current
            data-testid="session"
            data-current=session.current.to_string()
        >
            <div class="session-what">
                <strong data-testid="session-browser">{browser}</strong>
                <span class="session-address" data-testid="session-address">{address}</span>
                <span class="session-times">{times}</span>
            </div>
            <div class="session-action">{action}</div>
        </li>
    }
}
