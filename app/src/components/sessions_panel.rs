//! Settings > Sessions: where the account is signed in, with Sign Out for
//! each other session and for all of them at once.
//!
//! A session ends sessions that began before it on its own word; a newer
//! one, or all of them with the access tokens not kept, only after the
//! password pop-up (with a code when 2FA is on): so a stolen session can
//! never keep its owner out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::{Selection, SessionInfo, SignOutSessionsResponse};

use super::busy_button::BusyButton;
use super::confirm_dialog::ConfirmDialog;
use super::form_error::FormError;
use super::password_dialog::PasswordDialog;
use super::token_keep_list::TokenKeepList;
use crate::api;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::token_keep::TokenKeep;
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
    /// The password pop-up open before this sign-out is sent (again).
    asking: RwSignal<Option<Ending>>,
    /// The access tokens to keep when all other sessions are signed out.
    keep: RwSignal<TokenKeep>,
}

impl Sessions {
    fn load(self) {
        spawn_local(async move {
            match api::get_sessions().await {
                Ok(answer) => self.list.set(answer.sessions),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
            self.loaded.set(true);
        });
    }

    fn open_confirmation(self) {
        self.error.set(None);
        self.keep.set(TokenKeep::default());
        self.confirming_all.set(true);
    }

    /// "Sign Out All" in the confirmation: at once while this session's
    /// step-up with a second factor holds, else after the pop-up.
    fn sign_out_all(self) {
        if let Err(words) = self.keep.with_untracked(TokenKeep::selection) {
            self.error.set(Some(words.into()));
            return;
        }
        if self.state.is_elevated(Need::SecondFactor) {
            self.sign_out(Ending::AllOthers, false);
        } else {
            let asking = self.asking;
            self.state
                .ask_password(move || asking.set(Some(Ending::AllOthers)));
        }
    }

    /// Sends the sign-out. A session newer than this one is refused without
    /// a step-up: the pop-up opens and, once confirmed, the sign-out is
    /// sent once more (`after_step_up`); a second refusal is said.
    fn sign_out(self, which: Ending, after_step_up: bool) {
        if self.ending.with_untracked(Option::is_some) {
            return;
        }
        let (ids, keep_tokens) = match &which {
            Ending::One(id) => (Selection::Only(vec![id.clone()]), None),
            Ending::AllOthers => (
                Selection::All,
                self.keep
                    .with_untracked(TokenKeep::selection)
                    .ok()
                    .flatten(),
            ),
        };
        self.error.set(None);
        self.ending.set(Some(which.clone()));
        spawn_local(async move {
            let answer = api::sign_out_sessions(ids, keep_tokens).await;
            self.ending.set(None);
            match answer {
                Ok(answer) => self.signed_out(&which, &answer),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure)
                    if !after_step_up && need_after(&failure, Need::SecondFactor).is_some() =>
                {
                    self.asking.set(Some(which));
                }
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
        });
    }

    fn signed_out(self, which: &Ending, answer: &SignOutSessionsResponse) {
        self.confirming_all.set(false);
        let words = match which {
            Ending::One(_) => messages::sessions_signed_out(answer.ended),
            Ending::AllOthers => messages::other_sessions_signed_out(
                answer.ended,
                answer.newer_kept,
                answer.tokens_ended,
            ),
        };
        self.state.show_notice(Tone::Success, words);
        self.load();
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
        asking: RwSignal::new(None),
        keep: RwSignal::new(TokenKeep::default()),
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
    };

    view! {
        <section class="card" aria-labelledby="sessions-title" data-testid="sessions">
            <h2 id="sessions-title">"Sessions"</h2>
            <p class="muted">{messages::SESSIONS_EXPLAINED}</p>
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
                    on:click=move |_| flows.open_confirmation()
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
                            on_confirm=move |()| flows.sign_out_all()
                            on_cancel=move |()| flows.confirming_all.set(false)
                            testid="confirm-sign-out-others"
                            controls=move || view! { <TokenKeepList keep=flows.keep /> }
                        >
                            <p>{messages::SIGN_OUT_OTHERS_EXPLAINED}</p>
                        </ConfirmDialog>
                    }
                })
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|which| {
                    view! {
                        <PasswordDialog
                            need=Need::SecondFactor
                            on_confirmed=move |()| {
                                flows.asking.set(None);
                                flows.sign_out(which.clone(), true);
                            }
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
    }
}
