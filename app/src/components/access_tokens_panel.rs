//! Settings > Access Tokens: the account's personal access tokens and the
//! Generate, Edit, Regenerate and Remove flows with their pop-ups.
//!
//! Every change ends in the password pop-up: the token methods take the
//! account's password with the change, so the pop-up only collects it and
//! the call carries it. A wrong password is said in the pop-up; a refusal of
//! what was typed closes the pop-up and is said in the form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::{AccessToken, DeleteTokensRequest, RegenerateTokenRequest, Selection};
use twofold_api::ResultCode;

use super::confirm_dialog::ConfirmDialog;
use super::form_error::FormError;
use super::password_prompt::PasswordPrompt;
use super::token_form_dialog::{TokenFormDialog, TokenFormMode};
use super::token_list::TokenList;
use super::token_value_dialog::TokenValueDialog;
use crate::api::{self, Failure};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::tokens::{self, Changes, Field, Refusal, TokenSpec};
use crate::state::{use_app_state, AppState, Tone};

/// A change waiting for the password.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Create(TokenSpec),
    Edit(Changes, String),
    Regenerate(AccessToken),
    Remove(AccessToken),
}

impl Change {
    /// What the password pop-up says it is for.
    fn purpose(&self) -> &'static str {
        match self {
            Change::Create(_) => "Enter your password to generate the token.",
            Change::Edit(..) => "Enter your password to save the changes.",
            Change::Regenerate(_) => "Enter your password to give the token a new value.",
            Change::Remove(_) => "Enter your password to remove the token.",
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
    asking: RwSignal<Option<Change>>,
    password: RwSignal<String>,
    busy: RwSignal<bool>,
    prompt_error: RwSignal<Option<String>>,
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
            asking: RwSignal::new(None),
            password: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            prompt_error: RwSignal::new(None),
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
                Err(failure) if self.state.handle_ended_session(&failure) => {}
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

    /// The form was checked: on to the password.
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
        self.ask(change);
    }

    fn confirmed(self) {
        let change = match self.confirming.get_untracked() {
            Some(Confirming::Regenerate(token)) => Change::Regenerate(token),
            Some(Confirming::Remove(token)) => Change::Remove(token),
            None => return,
        };
        self.confirming.set(None);
        self.ask(change);
    }

    fn ask(self, change: Change) {
        self.password.set(String::new());
        self.prompt_error.set(None);
        let asking = self.asking;
        self.state.ask_password(move || asking.set(Some(change)));
    }

    fn cancel_prompt(self) {
        self.asking.set(None);
        self.password.set(String::new());
        self.prompt_error.set(None);
    }

    /// Sends the change waiting for the password, with `password`.
    fn send(self, password: String) {
        let Some(change) = self.asking.get_untracked() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let outcome = perform(change, password).await;
            self.busy.set(false);
            match outcome {
                Ok(done) => self.succeeded(done),
                Err(failure) if self.state.handle_ended_session(&failure) => {}
                Err(failure) => self.refused(&failure),
            }
        });
    }

    fn succeeded(self, done: Done) {
        self.cancel_prompt();
        self.form.set(None);
        match done {
            Done::Shown(token, regenerated) => {
                self.state.clear_notice();
                self.shown.set(Some((token, regenerated)));
            }
            Done::Said(words) => self.state.show_notice(Tone::Success, words),
        }
        self.load();
    }

    fn refused(self, failure: &Failure) {
        let words = failure_message(Attempt::TokenChange, failure);
        let form_open = self.form.with_untracked(Option::is_some);
        match tokens::refusal(failure) {
            Refusal::Form(field) if form_open => {
                self.cancel_prompt();
                self.form_error.set(Some((field, words)));
            }
            _ => {
                if failure.is(ResultCode::InvalidCredentials) {
                    self.password.set(String::new());
                }
                self.prompt_error.set(Some(words));
            }
        }
    }
}

/// Makes the call for `change`.
async fn perform(change: Change, password: String) -> Result<Done, Failure> {
    match change {
        Change::Create(spec) => api::create_token(tokens::create_request(spec, password))
            .await
            .map(|answer| Done::Shown(answer.token, false)),
        Change::Edit(changes, _) => api::edit_token(changes.request(password))
            .await
            .map(|answer| Done::Said(messages::token_saved(&answer.token.description))),
        Change::Regenerate(token) => api::regenerate_token(RegenerateTokenRequest {
            password,
            id: token.id,
        })
        .await
        .map(|answer| Done::Shown(answer.token, true)),
        Change::Remove(token) => api::delete_tokens(DeleteTokensRequest {
            password,
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
            <p class="muted">
                "Scripts, CI jobs and the platform's other services use a token instead of your \
                 password and a code. A token may call only the methods you choose, until it \
                 expires or you remove it; signing out does not end it."
            </p>
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
                    flows.confirming.set(Some(Confirming::Regenerate(token)))
                }
                on_remove=move |token| flows.confirming.set(Some(Confirming::Remove(token)))
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
                                    busy=Signal::stored(false)
                                    error=Signal::stored(None::<String>)
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
                                    busy=Signal::stored(false)
                                    error=Signal::stored(None::<String>)
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
                .map(|change| {
                    view! {
                        <PasswordPrompt
                            purpose=change.purpose()
                            password=flows.password
                            busy=flows.busy
                            error=flows.prompt_error
                            on_submit=move |password| flows.send(password)
                            on_cancel=move |()| flows.cancel_prompt()
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
