//! What the "Confirm Your Password" pop-up does: what its fields hold, the
//! CheckPassword call, and where a refusal points. Signals only, shared by
//! the pop-up and its fields.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form_error::FieldError;
use super::password_field::PasswordInput;
use super::second_factor_field::focus_code_field;
use super::step_up_code::StepUpCode;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::elevation::{asks_code, Elevation, Need};
use crate::logic::messages::{failure_message, Attempt};
use crate::logic::step_up::{check_password_request, field_at_fault, StepUpField};
use crate::state::AppState;

/// The pop-up's signals.
#[derive(Debug, Clone, Copy)]
pub struct StepUpFlow {
    state: AppState,
    on_confirmed: Callback<()>,
    /// Tracked: true when the change needs a second factor and 2FA is on.
    pub with_code: Memo<bool>,
    /// The password.
    pub password: PasswordInput,
    /// The code, when asked for.
    pub code: StepUpCode,
    /// True while CheckPassword runs.
    pub busy: RwSignal<bool>,
    /// Why the pop-up was refused, and the field at fault.
    pub error: FieldError<StepUpField>,
}

impl StepUpFlow {
    /// Empty fields for a change that needs `need`; `on_confirmed` runs
    /// once the server accepted what was typed.
    pub fn new(state: AppState, need: Need, on_confirmed: Callback<()>) -> Self {
        StepUpFlow {
            state,
            on_confirmed,
            with_code: Memo::new(move |_| asks_code(need, state.two_factor_on())),
            password: PasswordInput::default(),
            code: StepUpCode::new(),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// The pop-up was sent: CheckPassword for what was typed, or the field
    /// at fault named (an empty password or an incomplete code is never
    /// sent).
    pub fn send(self) {
        if self.busy.get_untracked() {
            return;
        }
        let now = browser::now_secs();
        let code = if self.with_code.get_untracked() {
            self.code.code_to_send(now)
        } else {
            None
        };
        let request = match check_password_request(&self.password.value.get_untracked(), code) {
            Ok(request) => request,
            Err((at, words)) => return self.refuse(Some(at), words),
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::check_password(request).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => {
                    self.state.record_elevation(Elevation::of_check(&answer));
                    self.on_confirmed.run(());
                }
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self.refused(&failure),
            }
        });
    }

    /// Six digits typed after the password send the form, as at sign-in.
    pub fn code_complete(self) {
        if !self.password.value.with_untracked(String::is_empty) {
            self.send();
        }
    }

    /// CheckPassword refused: the wait recorded, the field at fault
    /// cleared, marked and focused.
    fn refused(self, failure: &Failure) {
        self.code.refused(failure, browser::now_secs());
        let at = field_at_fault(failure);
        match at {
            Some(StepUpField::Password) => self.password.value.set(String::new()),
            Some(StepUpField::Code) => self.code.clear(),
            None => {}
        }
        self.refuse(at, failure_message(Attempt::ConfirmPassword, failure));
    }

    /// Says `words` and puts the cursor in the field `at`.
    fn refuse(self, at: Option<StepUpField>, words: String) {
        self.error.set(Some((at, words)));
        match at {
            Some(StepUpField::Password) => self.password.focus(),
            Some(StepUpField::Code) => focus_code_field(self.code.is_locked_now()),
            None => {}
        }
    }

    /// What the code field says (a wait ended, or nothing after a switch)
    /// replaces the message.
    pub fn say(self, words: Option<String>) {
        self.error
            .set(words.map(|words| (Some(StepUpField::Code), words)));
    }
}
