//! What the "Confirm Your Password" pop-up does: what its fields hold, the
//! CheckPassword call, where a refusal points, and, once confirmed, how
//! long the confirmation lasts before the change behind it goes on. Signals
//! only, shared by the pop-up and its fields.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::authentication::{CheckPasswordRequest, CheckPasswordResponse};
use twofold_api::security_keys::Start2FAKeyCheckRequest;

use super::form_error::FieldError;
use super::password_field::PasswordInput;
use super::second_factor_field::focus_code_field;
use super::step_up_code::StepUpCode;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::elevation::{asks_code, Elevation};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::security_keys::KeyFailure;
use crate::logic::step_up::{
    check_password_request, field_at_fault, with_key, StepUpField, CONFIRMED_HOLD_MS,
};
use crate::state::AppState;
use crate::webauthn;

/// The pop-up's signals.
#[derive(Debug, Clone, Copy)]
pub struct StepUpFlow {
    state: AppState,
    on_confirmed: Callback<()>,
    /// Tracked: true while 2FA is on (the pop-up then always asks for a
    /// code, so that one confirmation covers every change).
    pub with_code: Memo<bool>,
    /// Tracked: true while the account has a security key ("Use your
    /// security key" is offered beside the code).
    pub with_key: Memo<bool>,
    /// The password.
    pub password: PasswordInput,
    /// The code, when asked for.
    pub code: StepUpCode,
    /// True while CheckPassword runs.
    pub busy: RwSignal<bool>,
    /// Why the pop-up was refused, and the field at fault.
    pub error: FieldError<StepUpField>,
    /// Once CheckPassword accepted: how long the confirmation lasts, in
    /// words, shown until the change goes on.
    pub confirmed: RwSignal<Option<String>>,
    /// The wait before the change goes on by itself, while it runs.
    hold: StoredValue<Option<TimeoutHandle>>,
}

impl StepUpFlow {
    /// Empty fields; `on_confirmed` runs once the server accepted what was
    /// typed and the pop-up said how long that lasts. A pop-up closed
    /// before then never runs it.
    pub fn new(state: AppState, on_confirmed: Callback<()>) -> Self {
        let hold = StoredValue::new(None::<TimeoutHandle>);
        on_cleanup(move || {
            if let Some(Some(handle)) = hold.try_update_value(Option::take) {
                handle.clear();
            }
        });
        StepUpFlow {
            state,
            on_confirmed,
            with_code: Memo::new(move |_| asks_code(state.two_factor_on())),
            with_key: Memo::new(move |_| state.has_keys()),
            password: PasswordInput::default(),
            code: StepUpCode::for_account(state.asks_app_codes()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            confirmed: RwSignal::new(None),
            hold,
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
                Ok(answer) => self.accepted(Elevation::of_check(&answer)),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => self.refused(&failure),
            }
        });
    }

    /// "Use your security key": the password checked first, then a new
    /// check of the account's keys (Start2FAKeyCheck), the browser's
    /// window, and CheckPassword with the key's answer instead of a code.
    pub fn send_with_key(self) {
        if self.busy.get_untracked() {
            return;
        }
        let password = self.password.value.get_untracked();
        let request = match check_password_request(&password, None) {
            Ok(request) => request,
            Err((at, words)) => return self.refuse(Some(at), words),
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let outcome = check_with_key(request).await;
            self.busy.set(false);
            match outcome {
                Ok(answer) => self.accepted(Elevation::of_check(&answer)),
                Err(KeyFailure::Problem(problem)) => {
                    self.refuse(None, messages::key_problem(problem).into());
                }
                Err(KeyFailure::Refused(failure))
                    if self.state.handle_session_failure(&failure) => {}
                Err(KeyFailure::Refused(failure)) => self.refused(&failure),
            }
        });
    }

    /// CheckPassword accepted: the step-up recorded, the pop-up says how
    /// long it lasts (the server's `elevatedUntil` less now, never a
    /// figure of the app's own), and the change goes on after a moment or
    /// at Continue. Nothing when the pop-up was closed meanwhile.
    fn accepted(self, elevation: Elevation) {
        self.state.record_elevation(elevation);
        let left = elevation.seconds_left(browser::now_secs()).unwrap_or(0);
        if self
            .confirmed
            .try_set(Some(messages::step_up_confirmed(left)))
            .is_some()
        {
            return;
        }
        let hold = Duration::from_millis(CONFIRMED_HOLD_MS);
        match set_timeout_with_handle(move || self.go_on(), hold) {
            Ok(handle) => self.hold.set_value(Some(handle)),
            Err(_) => self.on_confirmed.run(()),
        }
    }

    /// Continue, or the end of the wait: the change goes on, once.
    pub fn go_on(self) {
        if let Some(Some(handle)) = self.hold.try_update_value(Option::take) {
            handle.clear();
            self.on_confirmed.try_run(());
        }
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

/// A new check of the account's keys (Start2FAKeyCheck), the browser's
/// window, then CheckPassword with `request`'s password and the key's
/// answer.
async fn check_with_key(
    request: CheckPasswordRequest,
) -> Result<CheckPasswordResponse, KeyFailure> {
    let ceremony = api::start_key_check(Start2FAKeyCheckRequest::default()).await?;
    let credential = webauthn::get(&ceremony.options).await?;
    let request = with_key(request, ceremony.ceremony, credential);
    Ok(api::check_password(request).await?)
}
