//! Settings > Access Tokens: the account's personal access tokens and the
//! Generate, Edit, Regenerate and Remove flows with their pop-ups.
//!
//! Every change needs a recent step-up: the password pop-up (with a code
//! when 2FA is on and the change lets a token do more) unless this session
//! confirmed lately, then the call without the password. A refusal of what
//! was typed is said in the form; others where the change was asked for.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::{AccessToken, DeleteTokensRequest, RegenerateTokenRequest, Selection};

use super::confirm_dialog::ConfirmDialog;
use super::form_error::FormError;
use super::password_dialog::PasswordDialog;
use super::token_form_dialog::{TokenFormDialog, TokenFormMode};
use super::token_list::TokenList;
use super::token_value_dialog::TokenValueDialog;
use crate::api::{self, Failure};
use crate::logic::elevation::Need;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::tokens::{self, Changes, Field, Refusal, TokenSpec};
use crate::state::{use_app_state, AppState, Tone};

/// A change to the tokens, waiting for the step-up or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Create(TokenSpec),
    Edit(Changes, String),
    Regenerate(AccessToken),
    Remove(AccessToken),
}

impl Change {
    /// What the change needs from the session's step-up: the password to
    /// remove a token or narrow it, a second factor too (with 2FA on) to
    /// make one, give it a new value or let it do more.
    fn need(&self) -> Need {
        match self {
            Change::Create(_) | Change::Regenerate(_) => Need::SecondFactor,
            Change::Edit(changes, _) => changes.need(),
            Change::Remove(_) => Need::Password,
        }
    }
}

/// A confirmation open before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Confirming {
    Regenerate(AccessToken),
    Remove(AccessToken),
}

/// What a successful change leads to.
enum Done {
    /// A value to show once.
    Shown(AccessToken, bool),
    /// A notice.
    Said(String),
}

/// The panel's signals.
#[derive(Debug, Clone, Copy)]
struct Tokens {
    state: AppState,
    list: RwSignal<Vec<AccessToken>>,
    loaded: RwSignal<bool>,
    load_error: RwSignal<Option<String>>,
    form: RwSignal<Option<TokenFormMode>>,
    form_error: RwSignal<Option<(Option<Field>, String)>>,
    confirming: RwSignal<Option<Confirming>>,
    /// Why the change of the open confirmation failed.
    confirm_error: RwSignal<Option<String>>,
    /// The password pop-up open before this change, asking for this.
    asking: RwSignal<Option<(Change, Need)>>,
    busy: RwSignal<bool>,
    shown: RwSignal<Option<(AccessToken, bool)>>,
}

impl Tokens {
    fn new(state: AppState) -> Self {
        Tokens {
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
        }
    }

    fn load(self) {
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

    fn open_form(self, mode: TokenFormMode) {
        self.form_error.set(None);
        self.form.set(Some(mode));
    }

    fn open_confirmation(self, confirming: Confirming) {
        self.confirm_error.set(None);
        self.confirming.set(Some(confirming));
    }

    /// The form was checked: on to the step-up and the call.
    fn form_submitted(self, spec: TokenSpec) {
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

    /// The confirmation's action was chosen; it stays open until the
    /// change is made, to say why it was not.
    fn confirmed(self) {
        let change = match self.confirming.get_untracked() {
            Some(Confirming::Regenerate(token)) => Change::Regenerate(token),
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
    fn stepped_up(self) {
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
                self.state.clear_notice();
                self.shown.set(Some((token, regenerated)));
            }
            Done::Said(words) => self.state.show_notice(Tone::Success, words),
        }
        self.load();
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

/// Makes the call for `change`, covered by the session's step-up.
async fn perform(change: Change) -> Result<Done, Failure> {
    match change {
        Change::Create(spec) => api::create_token(tokens::create_request(spec))
            .await
            .map(|answer| Done::Shown(answer.token, false)),
        Change::Edit(changes, _) => api::edit_token(changes.request())
            .await
            .map(|answer| Done::Said(messages::token_saved(&answer.token.description))),
        Change::Regenerate(token) => api::regenerate_token(RegenerateTokenRequest {
            password: None,
            code: None,
            id: token.id,
        })
        .await
        .map(|answer| Done::Shown(answer.token, true)),
        Change::Remove(token) => api::delete_tokens(DeleteTokensRequest {
            password: None,
            ids: Selection::Only(vec![token.id]),
        })
        .await
        .map(|_| Done::Said(messages::token_removed(&token.description))),
    }
}

/// The tokens, Generate New Token, and every pop-up of the flows.
#[component]
pub fn AccessTokensPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = Tokens::new(state);
    flows.load();
    let empty = move || flows.loaded.get() && flows.list.with(Vec::is_empty);

    view! {
        <section class="card" aria-labelledby="tokens-title" data-testid="access-tokens">
            <div class="card-header">
                <h2 id="tokens-title">"Personal Access Tokens"</h2>
                <button
                    type="button"
                    class="button primary"
                    data-testid="generate-token"
                    on:click=move |_| flows.open_form(TokenFormMode::Generate)
                >
                    "Generate New Token"
                </button>
            </div>
            <p class="muted">{messages::TOKENS_EXPLAINED}</p>
            {move || {
                empty()
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-tokens">
                                "You have no access tokens."
                            </p>
                        }
                    })
            }}
            <TokenList
                tokens=flows.list
                on_edit=move |token| flows.open_form(TokenFormMode::Edit(token))
                on_regenerate=move |token| {
                    flows.open_confirmation(Confirming::Regenerate(token))
                }
                on_remove=move |token| flows.open_confirmation(Confirming::Remove(token))
            />
            <FormError message=flows.load_error />
        </section>
        {move || {
            flows
                .form
                .get()
                .map(|mode| {
                    view! {
                        <TokenFormDialog
                            mode=mode
                            error=flows.form_error
                            busy=flows.busy
                            on_submit=move |spec| flows.form_submitted(spec)
                            on_cancel=move |()| flows.form.set(None)
                        />
                    }
                })
        }}
        {move || {
            flows
                .confirming
                .get()
                .map(|confirming| {
                    let cancel = move |()| flows.confirming.set(None);
                    let confirm = move |()| flows.confirmed();
                    match confirming {
                        Confirming::Regenerate(token) => {
                            view! {
                                <ConfirmDialog
                                    title="Regenerate This Token?"
                                    confirm_label="Regenerate"
                                    busy=flows.busy
                                    error=flows.confirm_error
                                    on_confirm=confirm
                                    on_cancel=cancel
                                    testid="confirm-regenerate-token"
                                >
                                    <p>
                                        {format!("“{}” will get a new value. ", token.description)}
                                        "The current value stops working at once: scripts that \
                                         use it are refused until they get the new one."
                                    </p>
                                </ConfirmDialog>
                            }
                                .into_any()
                        }
                        Confirming::Remove(token) => {
                            view! {
                                <ConfirmDialog
                                    title="Remove This Token?"
                                    confirm_label="Remove"
                                    danger=true
                                    busy=flows.busy
                                    error=flows.confirm_error
                                    on_confirm=confirm
                                    on_cancel=cancel
                                    testid="confirm-remove-token"
                                >
                                    <p>
                                        {format!("“{}” stops working at once. ", token.description)}
                                        "Scripts that use it are refused from their next call. \
                                         This cannot be undone."
                                    </p>
                                </ConfirmDialog>
                            }
                                .into_any()
                        }
                    }
                })
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|(_, need)| {
                    view! {
                        <PasswordDialog
                            need=need
                            on_confirmed=move |()| flows.stepped_up()
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
        {move || {
            flows
                .shown
                .get()
                .map(|(token, regenerated)| {
                    view! {
                        <TokenValueDialog
                            token=token
                            regenerated=regenerated
                            on_close=move |()| flows.shown.set(None)
                        />
                    }
                })
        }}
    }
}
