//! Settings > Sessions: where the account is signed in, with Sign Out for
//! each other session and for all of them at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::{Selection, SessionInfo};

use super::busy_button::BusyButton;
use super::confirm_dialog::ConfirmDialog;
use super::form_error::FormError;
use crate::api;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::user_agent;
use crate::state::{use_app_state, AppState, Tone};

/// Which sign-out is running: one session's id, or all the others.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ending {
    One(String),
    AllOthers,
}

/// The panel's signals.
#[derive(Debug, Clone, Copy)]
struct Sessions {
    state: AppState,
    list: RwSignal<Vec<SessionInfo>>,
    loaded: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    ending: RwSignal<Option<Ending>>,
    confirming_all: RwSignal<bool>,
}

impl Sessions {
    fn load(self) {
        spawn_local(async move {
            match api::get_sessions().await {
                Ok(answer) => self.list.set(answer.sessions),
                Err(failure) if self.state.handle_ended_session(&failure) => {}
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
            self.loaded.set(true);
        });
    }

    fn sign_out(self, which: Ending) {
        if self.ending.with_untracked(Option::is_some) {
            return;
        }
        let ids = match &which {
            Ending::One(id) => Selection::Only(vec![id.clone()]),
            Ending::AllOthers => Selection::All,
        };
        self.error.set(None);
        self.ending.set(Some(which));
        spawn_local(async move {
            let answer = api::sign_out_sessions(ids).await;
            self.ending.set(None);
            match answer {
                Ok(answer) => {
                    self.confirming_all.set(false);
                    self.state
                        .show_notice(Tone::Success, messages::sessions_signed_out(answer.ended));
                    self.load();
                }
                Err(failure) if self.state.handle_ended_session(&failure) => {}
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
        });
    }

    fn is_ending(self, which: Ending) -> Signal<bool> {
        Signal::derive(move || self.ending.with(|e| e.as_ref() == Some(&which)))
    }
}

/// Every signed-in session, newest first, "This session" marked.
#[component]
pub fn SessionsPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = Sessions {
        state,
        list: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        error: RwSignal::new(None),
        ending: RwSignal::new(None),
        confirming_all: RwSignal::new(false),
    };
    flows.load();
    let others = Memo::new(move |_| flows.list.with(|l| l.iter().filter(|s| !s.current).count()));

    let row = move |session: SessionInfo| {
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
                    on_click=move |()| flows.sign_out(Ending::One(id.clone()))
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
    };

    view! {
        <section class="card" aria-labelledby="sessions-title" data-testid="sessions">
            <h2 id="sessions-title">"Sessions"</h2>
            <p class="muted">
                "Where your account is signed in, newest first. Sign out any session you do not \
                 recognise, then change your password. Access tokens are listed under Access \
                 Tokens; signing out does not end them."
            </p>
            <ul class="session-list" data-testid="session-list">
                {move || flows.list.get().into_iter().map(row).collect_view()}
            </ul>
            {move || {
                (flows.loaded.get() && others.get() == 0)
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-other-sessions">
                                "You are signed in nowhere else."
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
                    on:click=move |_| flows.confirming_all.set(true)
                >
                    "Sign Out All Other Sessions"
                </button>
            </div>
        </section>
        {move || {
            flows
                .confirming_all
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            title="Sign Out All Other Sessions?"
                            confirm_label="Sign Out All"
                            danger=true
                            busy=flows.is_ending(Ending::AllOthers)
                            error=flows.error
                            on_confirm=move |()| flows.sign_out(Ending::AllOthers)
                            on_cancel=move |()| flows.confirming_all.set(false)
                            testid="confirm-sign-out-others"
                        >
                            <p>
                                "Every other browser and script signed in to your account will \
                                 have to sign in again. This session stays signed in, and access \
                                 tokens keep working."
                            </p>
                        </ConfirmDialog>
                    }
                })
        }}
    }
}
