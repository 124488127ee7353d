//! One signed-in session in Settings > Sessions.

use leptos::prelude::*;
use twofold_api::tokens::SessionInfo;

use super::busy_button::BusyButton;
use super::session_flows::{Ending, SessionFlows};
use super::time::Time;
use crate::logic::user_agent;
use crate::logic::{dates, messages};

/// What tells the session apart: its browser and system (or program),
/// how and when it signed in, when it was last seen and from which
/// address; then Sign Out, or "This session" for this one.
#[component]
pub fn SessionRow(
    /// The session.
    session: SessionInfo,
    /// The panel's flows, which Sign Out starts.
    flows: SessionFlows,
) -> impl IntoView {
    let device = user_agent::describe(session.user_agent.as_deref());
    let address = session
        .ip
        .clone()
        .unwrap_or_else(|| messages::UNKNOWN_ADDRESS.into());
    let signed_in = dates::date_time(session.created_at);
    let badge = session
        .current
        .then(|| view! { <span class="badge current">{messages::THIS_SESSION}</span> });
    let action = (!session.current).then(|| {
        let id = session.id.clone();
        let marker = id.clone();
        let label = messages::sign_out_session_label(&device, &signed_in);
        view! {
            <div class="session-action">
                <BusyButton
                    attr:data-sign-out=marker
                    attr:aria-label=label
                    busy=flows.is_ending(Ending::One(id.clone()))
                    class="small"
                    on_click=move |()| flows.sign_out(Ending::One(id.clone()), false)
                    testid="sign-out-session"
                >
                    "Sign Out"
                </BusyButton>
            </div>
        }
    });
    view! {
        <li
            class="session-row"
            class:current=session.current
            data-testid="session"
            data-current=session.current.to_string()
        >
            <div class="session-what">
                <div class="session-head">
                    <strong data-testid="session-browser">{device.clone()}</strong>
                    {badge}
                </div>
                <dl class="facts session-facts">
                    <dt>"Signed in"</dt>
                    <dd data-testid="session-signed-in">
                        <Time at=session.created_at />
                    </dd>
                    <dt>"With"</dt>
                    <dd data-testid="session-signed-in-with">
                        {messages::signed_in_with(session.signed_in_with)}
                    </dd>
                    <dt>"Last seen"</dt>
                    <dd>
                        <Time at=session.last_seen />
                    </dd>
                    <dt>"Address"</dt>
                    <dd data-testid="session-address">{address}</dd>
                </dl>
            </div>
            {action}
        </li>
    }
}
