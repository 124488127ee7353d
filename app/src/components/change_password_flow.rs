//! What the Change Password form does: what the fields hold, the
//! ChangePassword call, and where a refusal points. Signals only, shared by
//! the form and its fields.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::ChangePasswordResponse;

use super::form_error::FieldError;
use super::password_field::PasswordInput;
use super::second_factor_field::focus_code_field;
use super::step_up_code::StepUpCode;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::change_password::{change_password_request, field_at_fault, Field, Typed};
use crate::logic::elevation::Need;
use crate::logic::messages::{failure_message, Attempt};
use crate::logic::second_factor::is_about_the_code;
use crate::logic::token_keep::TokenKeep;
use crate::state::AppState;

/// The form's signals.
#[derive(Debug, Clone, Copy)]
pub struct ChangePasswordFlow {
    state: AppState,
    keep_tokens: bool,
    on_changed: Callback<ChangePasswordResponse>,
    /// True while the form asks for a code.
    pub with_code: RwSignal<bool>,
    /// Current password.
    pub current: PasswordInput,
    /// New password.
    pub new: PasswordInput,
    /// Confirm new password.
    pub confirm: PasswordInput,
    /// The code, when asked for.
    pub code: StepUpCode,
    /// The access tokens ticked to keep.
    pub keep: RwSignal<TokenKeep>,
    /// True while ChangePassword runs.
    pub busy: RwSignal<bool>,
    /// Why the form was refused, and the field at fault.
    pub error: FieldError<Field>,
}

impl ChangePasswordFlow {
    /// Empty fields; a code asked for with 2FA on, unless a step-up with a
    /// second factor minutes ago stands for it. `keep_tokens`: the tokens
    /// ticked to keep go with the call. `on_changed` runs with the answer.
    pub fn new(
        state: AppState,
        keep_tokens: bool,
        on_changed: Callback<ChangePasswordResponse>,
    ) -> Self {
        ChangePasswordFlow {
            state,
            keep_tokens,
            on_changed,
            with_code: RwSignal::new(
                state.two_factor_on() && !state.is_elevated(Need::SecondFactor),
            ),
            current: PasswordInput::default(),
            new: PasswordInput::default(),
            confirm: PasswordInput::default(),
            code: StepUpCode::for_account(state.asks_app_codes()),
            keep: RwSignal::new(TokenKeep::default()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// The form was sent: ChangePassword for what was typed, or the field
    /// at fault named (a mismatched confirmation never reaches the server).
    pub fn send(self) {
        if self.busy.get_untracked() {
            return;
        }
        let kept = if self.keep_tokens {
            match self.keep.with_untracked(TokenKeep::selection) {
                Ok(kept) => kept,
                Err(words) => return self.refuse(None, words.into()),
            }
        } else {
            None
        };
        let code = if self.with_code.get_untracked() {
            self.code.code_to_send(browser::now_secs())
        } else {
            None
        };
        let (current, new, confirm) = (
            self.current.value.get_untracked(),
            self.new.value.get_untracked(),
            self.confirm.value.get_untracked(),
        );
        let typed = Typed {
            current: &current,
            new: &new,
            confirm: &confirm,
            code,
            keep_tokens: kept,
        };
        let request = match change_password_request(typed) {
            Ok(request) => request,
            Err((field, words)) => return self.refuse(Some(field), words),
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::change_password(request).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => self.on_changed.run(answer),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self.refused(&failure),
            }
        });
    }

    /// ChangePassword refused: the code asked for when the refusal is about
    /// it, the current password cleared when it is wrong, the field at
    /// fault marked and focused.
    fn refused(self, failure: &Failure) {
        if is_about_the_code(failure) {
            // With 2FA switched on elsewhere, or this
            // session's confirmation run out: ask for a code.
            self.with_code.set(true);
            self.code.refused(failure, browser::now_secs());
            self.code.clear();
        }
        let field = field_at_fault(failure);
        if field == Some(Field::Current) {
            self.current.value.set(String::new());
        }
        self.refuse(field, failure_message(Attempt::ChangePassword, failure));
    }

    /// Says `words` and puts the cursor in `field`.
    fn refuse(self, field: Option<Field>, words: String) {
        self.error.set(Some((field, words)));
        match field {
            Some(Field::Current) => self.current.focus(),
            Some(Field::New) => self.new.focus(),
            Some(Field::Confirm) => self.confirm.focus(),
            Some(Field::Code) => focus_code_field(self.code.is_locked_now()),
            None => {}
        }
    }

    /// What the code field says (a wait ended, or nothing after a switch)
    /// replaces the message.
    pub fn say(self, words: Option<String>) {
        self.error
            .set(words.map(|words| (Some(Field::Code), words)));
    }
}
