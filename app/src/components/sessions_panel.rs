//! Settings > Sessions: where the account is signed in, with Sign Out for
//! each other session and for all of them at once (the flows are
//! [`super::session_flows`]).

use leptos::prelude::*;

use super::form_error::FormError;
use super::list_status::ListStatus;
use super::session_flows::{SessionFlows, SESSIONS_HEADING_ID};
use super::session_row::SessionRow;
use super::sessions_dialogs::SessionsDialogs;
use crate::logic::messages;
use crate::state::use_app_state;

/// Every signed-in session, this one first, then the others newest first;
/// what the last sign-out did, beside the list; Sign Out All Other
/// Sessions and its pop-ups.
#[component]
pub fn SessionsPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = SessionFlows::new(state);
    flows.load();
    let others = Memo::new(move |_| flows.list.with(|l| l.iter().filter(|s| !s.current).count()));

    view! {
        <section class="card" aria-labelledby=SESSIONS_HEADING_ID data-testid="sessions">
            <h2 id=SESSIONS_HEADING_ID>"Sessions"</h2>
            <p class="muted">{messages::SESSIONS_EXPLAINED}</p>
            <ListStatus status=flows.status testid="sessions-status" />
            <ul class="session-list" data-testid="session-list">
                <For
                    each=move || flows.list.get()
                    key=|session| (session.id.clone(), session.last_seen)
                    children=move |session| view! { <SessionRow session=session flows=flows /> }
                />
            </ul>
            {move || {
                (flows.loaded.get() && others.get() == 0)
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-other-sessions">
                                {messages::NO_OTHER_SESSIONS}
                            </p>
                        }
                    })
            }}
            <FormError message=flows.error />
            <div class="actions">
                <button
                    type="button"
                    class="button danger-outline"
                    data-testid="sign-out-others"
                    disabled=move || others.get() == 0
                    on:click=move |_| flows.open_confirmation()
                >
                    {messages::SIGN_OUT_ALL_OTHERS}
                </button>
            </div>
        </section>
        <SessionsDialogs flows=flows />
    }
}
