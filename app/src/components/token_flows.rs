//! What Settings > Access Tokens does: the list, the form, the
//! confirmations and the password pop-up of every change, and the value
//! shown once. Signals only, shared by the panel and its pop-ups.
//!
//! Every change needs a recent step-up: the password pop-up (with a code
//! when 2FA is on and the change lets a token do more) unless this session
//! confirmed lately, then the call without the password. A refusal of what
//! was typed is said in the form; others where the change was asked for.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::AccessToken;

use super::form_error::FieldError;
use super::token_change::{perform, Change, Done};
use super::token_form_dialog::TokenFormMode;
use crate::api::{self, Failure};
use crate::logic::elevation::Need;
use crate::logic::list_focus;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::tokens::{self, Changes, Field, Refusal, TokenSpec};
use crate::state::AppState;

/// The `id` of the Access Tokens heading, where focus goes when the last
/// token is removed.
pub const TOKENS_HEADING_ID: &str = "tokens-title";

/// The `id` of Generate New Token, where focus returns after a new token's
/// value is shown.
pub const GENERATE_BUTTON_ID: &str = "generate-token-button";

/// The `id` of a token's button `action` (`edit`, `regenerate`, `remove`),
/// where focus returns after a change to that token.
pub fn token_button_id(action: &str, id: u32) -> String {
    format!("token-{id}-{action}")
}

/// A confirmation open before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirming {
    /// "Regenerate This Token?"
    Regenerate(AccessToken),
    /// "Remove This Token?"
    Remove(AccessToken),
}

/// The panel's signals.
#[derive(Debug, Clone, Copy)]
pub struct TokenFlows {
    state: AppState,
    /// The tokens, newest first.
    pub list: RwSignal<Vec<AccessToken>>,
    /// True once GetTokens has answered.
    pub loaded: RwSignal<bool>,
    /// Why GetTokens failed.
    pub load_error: RwSignal<Option<String>>,
    /// The Generate or Edit form, when open.
    pub form: RwSignal<Option<TokenFormMode>>,
    /// Why the form was refused, and the field at fault.
    pub form_error: FieldError<Field>,
    /// The confirmation, when open.
    pub confirming: RwSignal<Option<Confirming>>,
    /// Why the change of the open confirmation failed.
    pub confirm_error: RwSignal<Option<String>>,
    /// The password pop-up open before this change, asking for this.
    pub asking: RwSignal<Option<(Change, Need)>>,
    /// True while a change's call runs.
    pub busy: RwSignal<bool>,
    /// A token's value to show once, and whether it was regenerated.
    pub shown: RwSignal<Option<(AccessToken, bool)>>,
    /// What the last change did, said beside the list (the notice at the
    /// top of the page is out of sight on a phone).
    pub status: RwSignal<Option<String>>,
}

impl TokenFlows {
    /// Nothing loaded, nothing open.
    pub fn new(state: AppState) -> Self {
        TokenFlows {
            state,
            list: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            load_error: RwSignal::new(None),
            form: RwSignal::new(None),
            form_error: RwSignal::new(None),
            confirming: RwSignal::new(None),
            confirm_error: RwSignal::new(None),
            asking: RwSignal::new(None),
            busy: RwSignal::new(false),
            shown: RwSignal::new(None),
            status: RwSignal::new(None),
        }
    }

    /// GetTokens, into the list.
    pub fn load(self) {
        spawn_local(async move {
            let answer = api::get_tokens().await;
            match answer {
                Ok(answer) => {
                    self.load_error.set(None);
                    self.list.set(answer.tokens);
                }
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self
                    .load_error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
            self.loaded.set(true);
        });
    }

    /// Opens the Generate or Edit form, with nothing said yet.
    pub fn open_form(self, mode: TokenFormMode) {
        self.form_error.set(None);
        self.form.set(Some(mode));
    }

    /// Opens a confirmation, with nothing said yet.
    pub fn open_confirmation(self, confirming: Confirming) {
        self.confirm_error.set(None);
        self.confirming.set(Some(confirming));
    }

    /// The form was checked: on to the step-up and the call.
    pub fn form_submitted(self, spec: TokenSpec) {
        let change = match self.form.get_untracked() {
            Some(TokenFormMode::Edit(token)) => match Changes::between(&token, spec) {
                Some(changes) => Change::Edit(changes, token.description),
                None => {
                    self.form_error
                        .set(Some((None, messages::NOTHING_CHANGED.into())));
                    return;
                }
            },
            _ => Change::Create(spec),
        };
        self.start(change);
    }

    /// The confirmation's action was chosen, with the new expiry a
    /// regenerated token gets (`None` keeps its own); it stays open until
    /// the change is made, to say why it was not.
    pub fn confirmed(self, expires_at: Option<u64>) {
        let change = match self.confirming.get_untracked() {
            Some(Confirming::Regenerate(token)) => Change::Regenerate(token, expires_at),
            Some(Confirming::Remove(token)) => Change::Remove(token),
            None => return,
        };
        self.confirm_error.set(None);
        self.start(change);
    }

    /// Sends `change` at once while the session's step-up covers it, else
    /// after the password pop-up.
    fn start(self, change: Change) {
        if self.busy.get_untracked() {
            return;
        }
        let need = change.need();
        if self.state.is_elevated(need) {
            self.send(change, false);
        } else {
            let asking = self.asking;
            self.state
                .ask_password(move || asking.set(Some((change, need))));
        }
    }

    /// The pop-up confirmed: the change goes out once more at most.
    pub fn stepped_up(self) {
        if let Some((change, _)) = self.asking.get_untracked() {
            self.asking.set(None);
            self.send(change, true);
        }
    }

    /// Makes the call for `change`; `after_step_up` when the pop-up was
    /// just confirmed (a second refusal for want of one is said, not asked
    /// again).
    fn send(self, change: Change, after_step_up: bool) {
        self.busy.set(true);
        spawn_local(async move {
            let need = change.need();
            let outcome = perform(change.clone()).await;
            self.busy.set(false);
            match outcome {
                Ok(done) => self.succeeded(done),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => match tokens::refusal(&failure, need) {
                    Refusal::StepUp(need) if !after_step_up => {
                        self.asking.set(Some((change, need)));
                    }
                    refusal => self.refused(refusal, &failure),
                },
            }
        });
    }

    fn succeeded(self, done: Done) {
        self.form.set(None);
        self.confirming.set(None);
        match done {
            Done::Shown(token, regenerated) => {
                self.status.set(None);
                self.shown.set(Some((token, regenerated)));
            }
            Done::Saved(token) => {
                self.status
                    .set(Some(messages::token_saved(&token.description)));
                self.list.update(|list| {
                    if let Some(row) = list.iter_mut().find(|row| row.id == token.id) {
                        *row = token;
                    }
                });
            }
            Done::Removed(token) => {
                // Out of the list before the confirmation gives focus back,
                // so that focus goes to the row that takes its place.
                self.list
                    .update(|list| list.retain(|row| row.id != token.id));
                self.status
                    .set(Some(messages::token_removed(&token.description)));
            }
        }
        self.load();
    }

    /// The value dialog closed: says what was done beside the list.
    pub fn value_closed(self) {
        if let Some((token, regenerated)) = self.shown.get_untracked() {
            self.status.set(Some(if regenerated {
                messages::token_value_replaced(&token.description)
            } else {
                messages::token_generated(&token.description)
            }));
        }
        self.shown.set(None);
    }

    /// Where focus goes once `token` is removed: the Remove button of the
    /// row that takes its place, else the heading.
    pub fn focus_after_removing(self, token: &AccessToken) -> String {
        let ids: Vec<u32> = self
            .list
            .with_untracked(|l| l.iter().map(|t| t.id).collect());
        list_focus::after_removal(&ids, &token.id).map_or_else(
            || TOKENS_HEADING_ID.to_owned(),
            |&next| token_button_id("remove", next),
        )
    }

    /// Says why the change was refused: in the form when it is open (next
    /// to the field at fault), else in the confirmation.
    fn refused(self, refusal: Refusal, failure: &Failure) {
        let words = failure_message(Attempt::TokenChange, failure);
        if self.form.with_untracked(Option::is_some) {
            let field = match refusal {
                Refusal::Form(field) => field,
                Refusal::StepUp(_) | Refusal::Said => None,
            };
            self.form_error.set(Some((field, words)));
        } else {
            self.confirm_error.set(Some(words));
        }
    }
}
