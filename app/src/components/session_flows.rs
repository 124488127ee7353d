//! What Settings > Sessions does: the list, and signing one session or all
//! the others out. Signals only, shared by the panel and its pop-ups.
//!
//! A session ends sessions that began before it on its own word; a newer
//! one, or all of them with the access tokens not kept, only after the
//! password pop-up (with a code when 2FA is on): so a stolen session can
//! never keep its owner out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::{Selection, SessionInfo, SignOutSessionsResponse};

use super::list_status::Said;
use crate::api;
use crate::browser;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::token_keep::TokenKeep;
use crate::logic::{list_focus, sessions};
use crate::state::AppState;

/// The `id` of the Sessions heading, where focus goes when no other
/// session is left to sign out.
pub const SESSIONS_HEADING_ID: &str = "sessions-title";

/// A CSS selector for the Sign Out button of session `id`.
pub fn sign_out_button(id: &str) -> String {
    format!("[data-sign-out='{id}']")
}

/// Which sign-out is running: one session's id, or all the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The session of this id.
    One(String),
    /// Every session but this one.
    AllOthers,
}

/// The panel's signals.
#[derive(Debug, Clone, Copy)]
pub struct SessionFlows {
    state: AppState,
    /// The sessions, newest first.
    pub list: RwSignal<Vec<SessionInfo>>,
    /// True once GetSessions has answered.
    pub loaded: RwSignal<bool>,
    /// Why the list or a sign-out failed.
    pub error: RwSignal<Option<String>>,
    /// The sign-out whose call runs.
    pub ending: RwSignal<Option<Ending>>,
    /// True while "Sign Out All Other Sessions?" is open.
    pub confirming_all: RwSignal<bool>,
    /// The password pop-up open before this sign-out is sent (again).
    pub asking: RwSignal<Option<Ending>>,
    /// The access tokens to keep when all other sessions are signed out.
    pub keep: RwSignal<TokenKeep>,
    /// What the last sign-out did, said beside the list (the notice at
    /// the top of the page is out of sight on a phone), with a link to the
    /// access tokens when it stopped some.
    pub status: RwSignal<Option<Said>>,
}

impl SessionFlows {
    /// Nothing loaded, nothing open.
    pub fn new(state: AppState) -> Self {
        SessionFlows {
            state,
            list: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            ending: RwSignal::new(None),
            confirming_all: RwSignal::new(false),
            asking: RwSignal::new(None),
            keep: RwSignal::new(TokenKeep::default()),
            status: RwSignal::new(None),
        }
    }

    /// GetSessions, into the list.
    pub fn load(self) {
        spawn_local(async move {
            match api::get_sessions().await {
                Ok(answer) => self.list.set(sessions::in_list_order(answer.sessions)),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
            self.loaded.set(true);
        });
    }

    /// Opens "Sign Out All Other Sessions?" with no token ticked to keep.
    pub fn open_confirmation(self) {
        self.error.set(None);
        self.keep.set(TokenKeep::default());
        self.confirming_all.set(true);
    }

    /// "Sign Out All" in the confirmation: at once while this session's
    /// step-up with a second factor holds, else after the pop-up.
    pub fn sign_out_all(self) {
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
    pub fn sign_out(self, which: Ending, after_step_up: bool) {
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

    /// Says what was signed out beside the list, takes the ended sessions
    /// out of it at once, and moves focus to the next session's Sign Out
    /// (the heading when none is left): the button that had it is gone.
    fn signed_out(self, which: &Ending, answer: &SignOutSessionsResponse) {
        self.confirming_all.set(false);
        let (words, tokens_ended, focus) = match which {
            Ending::One(id) => {
                let others = self.list.with_untracked(|l| sessions::others(l));
                let next = list_focus::after_removal(&others, id).map(|next| sign_out_button(next));
                self.list.update(|l| l.retain(|s| &s.id != id));
                (messages::sessions_signed_out(answer.ended), 0, next)
            }
            Ending::AllOthers => {
                self.list.update(|l| l.retain(|s| s.current));
                let words = messages::other_sessions_signed_out(
                    answer.ended,
                    answer.newer_kept,
                    answer.tokens_ended,
                );
                (words, answer.tokens_ended, None)
            }
        };
        let link = (tokens_ended > 0).then_some(("/settings/tokens", messages::REVIEW_TOKENS));
        self.status.set(Some((words, link)));
        let heading = format!("#{SESSIONS_HEADING_ID}");
        browser::focus_when_ready(focus.into_iter().chain([heading]).collect(), true);
        self.load();
    }

    /// Tracked: true while the sign-out `which` runs.
    pub fn is_ending(self, which: Ending) -> Signal<bool> {
        Signal::derive(move || self.ending.with(|e| e.as_ref() == Some(&which)))
    }
}
