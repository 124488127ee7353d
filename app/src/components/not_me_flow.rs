//! The "Wasn't you?" page's signals and its calls: ReportNotMe on the
//! button, UndoChange with a code from before the change, or with a
//! security key from then (StartUndoKeyCheck, the browser's window,
//! UndoChange with the key's answer).

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::not_me::UndoChangeResponse;
use twofold_api::ResultCode;

use super::second_factor_field::focus_code_field;
use super::step_up_code::StepUpCode;
use crate::api;
use crate::browser;
use crate::logic::not_me::{NotMeFlow, Stage};
use crate::logic::security_keys::KeyFailure;
use crate::state::AppState;
use crate::webauthn;

/// The page's state and calls (signals only, cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct NotMeCalls {
    /// The link and where the page is.
    pub flow: RwSignal<NotMeFlow>,
    /// True while a call runs.
    pub busy: RwSignal<bool>,
    /// Why "Sign out everywhere" did not work.
    pub report_error: RwSignal<Option<String>>,
    /// Why the account was not put back.
    pub undo_error: RwSignal<Option<String>>,
    /// True when the last refusal was about the code typed.
    pub code_invalid: RwSignal<bool>,
    /// Why the key did not put the account back, said under its button
    /// while the form stays.
    pub key_error: RwSignal<Option<String>>,
    /// True while the browser's window asks for the key.
    pub key_waiting: RwSignal<bool>,
    state: AppState,
}

impl NotMeCalls {
    /// The page for the address's fragment `hash`.
    pub fn new(state: AppState, hash: &str) -> Self {
        NotMeCalls {
            flow: RwSignal::new(NotMeFlow::from_hash(hash)),
            busy: RwSignal::new(false),
            report_error: RwSignal::new(None),
            undo_error: RwSignal::new(None),
            code_invalid: RwSignal::new(false),
            key_error: RwSignal::new(None),
            key_waiting: RwSignal::new(false),
            state,
        }
    }

    /// Starts over with the link in `hash`, when it holds one: a link
    /// pasted into the address bar of this page changes only the fragment,
    /// and the browser does not load the page again.
    pub fn open(self, hash: &str) {
        let flow = NotMeFlow::from_hash(hash);
        if flow.link().is_none() || self.busy.get_untracked() {
            return;
        }
        self.flow.set(flow);
        self.report_error.set(None);
        self.undo_error.set(None);
        self.key_error.set(None);
        self.code_invalid.set(false);
    }

    /// Tracked: which part the page shows.
    pub fn stage(self) -> Memo<Stage> {
        Memo::new(move |_| self.flow.with(|f| f.step().stage()))
    }

    fn link(self) -> Option<String> {
        self.flow.with_untracked(|f| f.link().map(str::to_owned))
    }

    /// "Sign out everywhere": ReportNotMe, once per press.
    pub fn report(self) {
        let Some(link) = self.link() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.report_error.set(None);
        spawn_local(async move {
            match api::report_not_me(link).await {
                Ok(report) => {
                    self.flow.try_update(|f| f.reported(report));
                    browser::focus_when_ready(vec![DONE.to_owned()], false);
                    self.own_session_checked().await;
                }
                Err(failure) => {
                    let words = self.flow.try_update(|f| f.report_refused(&failure));
                    self.report_error.try_set(words);
                }
            }
            self.busy.try_set(false);
        });
    }

    /// "Put my account back": UndoChange with the code typed in `code`.
    pub fn undo(self, code: StepUpCode) {
        let Some(link) = self.link() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        let typed = match code.code_to_send(browser::now_secs()) {
            Some(Ok(typed)) => typed,
            Some(Err(words)) => {
                self.code_invalid.set(true);
                self.undo_error.set(Some(words));
                return;
            }
            None => return,
        };
        self.busy.set(true);
        self.undo_error.set(None);
        self.key_error.set(None);
        self.code_invalid.set(false);
        spawn_local(async move {
            match api::undo_change(link, typed).await {
                Ok(answer) => self.put_back(answer).await,
                Err(failure) => {
                    code.refused(&failure, browser::now_secs());
                    if let Some(refusal) = self.flow.try_update(|f| f.undo_refused(&failure)) {
                        let over = self.flow.with_untracked(|f| f.undo_offer().is_none());
                        if over {
                            browser::focus_when_ready(vec![UNDO_OVER.to_owned()], false);
                        } else if refusal.about_code {
                            code.clear();
                            self.code_invalid.set(true);
                            focus_code_field(code.is_locked_now());
                        }
                        self.undo_error.set(Some(refusal.words));
                    }
                }
            }
            self.busy.try_set(false);
        });
    }

    /// "Use your security key": a check of the keys from before the change
    /// bound to the link, the browser's window, and UndoChange with the
    /// key's answer. A refusal is said under the key's button (which keeps
    /// focus); once the undo is over it is said where the form was, and a
    /// link without a key from before the change keeps only the code and
    /// says it under the code.
    pub fn undo_with_key(self) {
        let Some(link) = self.link() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.key_waiting.set(true);
        self.undo_error.set(None);
        self.key_error.set(None);
        self.code_invalid.set(false);
        spawn_local(async move {
            match undo_with_key(link).await {
                Ok(answer) => self.put_back(answer).await,
                Err(failure) => {
                    if let Some(refusal) = self.flow.try_update(|f| f.key_refused(&failure)) {
                        let ways = self.flow.with_untracked(|f| f.undo_ways());
                        let said_at = match ways {
                            None => {
                                browser::focus_when_ready(vec![UNDO_OVER.to_owned()], false);
                                self.undo_error
                            }
                            Some(ways) if !ways.key => {
                                focus_code_field(false);
                                self.undo_error
                            }
                            Some(_) => self.key_error,
                        };
                        said_at.set(Some(refusal.words));
                    }
                }
            }
            self.key_waiting.try_set(false);
            self.busy.try_set(false);
        });
    }

    /// UndoChange answered: the account is back, its sentence focused.
    async fn put_back(self, answer: UndoChangeResponse) {
        self.flow.try_update(|f| f.restored(answer));
        browser::focus_when_ready(vec![RESTORED.to_owned()], false);
        self.own_session_checked().await;
    }

    /// After a call that ended every session of the link's account: this
    /// browser's own session may have been one of them. Asked only when
    /// the signed-in hint is there; an ended session is forgotten quietly
    /// (this page says what happened; the server clears the hint), and a
    /// session of another account stays.
    async fn own_session_checked(self) {
        if !browser::signed_in_hint() {
            self.state.account.try_set(None);
            return;
        }
        match api::get_account().await {
            Ok(account) => {
                self.state.account.try_set(Some(account));
            }
            Err(failure) if failure.is(ResultCode::NotSignedIn) => {
                self.state.account.try_set(None);
                self.state.recovery_sign_in.try_set(None);
            }
            // Nothing else is this page's business.
            Err(_) => {}
        }
    }
}

/// StartUndoKeyCheck for `link`, the browser's window, then UndoChange with
/// the key's answer.
async fn undo_with_key(link: String) -> Result<UndoChangeResponse, KeyFailure> {
    let check = api::start_undo_key_check(link.clone()).await?;
    let credential = webauthn::get(&check.options).await?;
    Ok(api::undo_change_with_key(link, check.ceremony, credential).await?)
}

/// What ReportNotMe did, focused once it shows.
pub const DONE: &str = "[data-testid='not-me-done']";

/// Why the account can no longer be put back, focused as it replaces the
/// form.
pub const UNDO_OVER: &str = "[data-testid='not-me-undo-over']";

/// The restored account's sentence, focused once it shows.
pub const RESTORED: &str = "[data-testid='not-me-restored']";
