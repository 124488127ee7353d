//! The sign-in flow without its rendering: the password step, then, with 2FA
//! on, the code step; what each answer leads to and what the person reads
//! under the form. The page ([`crate::pages::sign_in`]) makes the calls and
//! draws the steps.

use std::fmt;

use twofold_api::authentication::{
    SignInRequest, SignInResponse, Verify2FACodeRequest, Verify2FACodeResponse,
};
use twofold_api::ResultCode;

use crate::api::Failure;
use crate::logic::code::CodeKind;
use crate::logic::code_wait::Wait;
use crate::logic::credentials::{sign_in_request, AtFault};
use crate::logic::dates::ZoneAt;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::wait_reason::WaitReason;

/// Attempts left at which arriving at the code step warns.
const WARN_AT_ATTEMPTS_LEFT: u32 = 2;

/// Seconds a sign-in waits for its code: the server's pending sessions
/// last five minutes (`SessionPolicy::pending_seconds`). Counted from the
/// answer by the browser's clock, since the server's `expiresAt` is by
/// the server's, which may differ.
pub const PENDING_SECS: u64 = 300;

/// A sign-in waiting for its code. The pending token lives only here, in
/// memory, for the five minutes the server allows.
#[derive(Clone, PartialEq, Eq)]
pub struct Pending {
    session: String,
    login: String,
    /// When the server forgets it, by the browser's clock.
    ends_at: u64,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("session", &"[redacted]")
            .field("login", &self.login)
            .field("ends_at", &self.ends_at)
            .finish()
    }
}

/// Which step the sign-in screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Step {
    /// Login and password.
    #[default]
    Password,
    /// The code for a sign-in the password started.
    Code {
        /// The sign-in waiting for the code.
        pending: Pending,
        /// The kind of code being typed.
        kind: CodeKind,
    },
}

/// What the page does once SignIn accepted the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordAccepted {
    /// No second factor: the person is in.
    SignedIn,
    /// On to the code step, with empty code fields.
    CodeStep,
    /// The answer lacked the pending session; the error says so.
    Unreadable,
}

/// What the page does once Verify2FACode refused a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefused {
    /// The pending sign-in is gone: back at the password step.
    StartOver,
    /// Still on the code step: the field is cleared or selected for the
    /// next try of this kind.
    TryAgain(CodeKind),
}

/// What a tick of the clock changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ticked {
    /// Nothing.
    Nothing,
    /// A wait ended: the message says so.
    WaitEnded,
    /// The sign-in's five minutes ran out: back at the password step,
    /// saying why.
    SignInEnded,
}

/// The sign-in screen's state: the step, the message under its form, and
/// the wait the server asked for, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInFlow {
    step: Step,
    /// What the last try led to, under the form.
    error: Option<String>,
    /// The fields of the password step the error is about.
    at_fault: AtFault,
    wait: Option<Wait>,
    /// Codes from the app are refused until a recovery code signs in.
    totp_stopped: bool,
    /// The time zone times are shown in.
    zone: ZoneAt,
}

impl SignInFlow {
    /// The password step, nothing said yet, times shown in UTC.
    pub fn new() -> Self {
        SignInFlow::default()
    }

    /// The same flow, showing times in `zone` (the person's, as it stands
    /// now: a lock lasts minutes).
    #[must_use]
    pub fn in_time_zone(mut self, zone: ZoneAt) -> Self {
        self.zone = zone;
        self
    }

    /// The step shown.
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// True on the code step.
    pub fn is_code_step(&self) -> bool {
        matches!(self.step, Step::Code { .. })
    }

    /// The kind of code asked for on the code step.
    pub fn code_kind(&self) -> Option<CodeKind> {
        match &self.step {
            Step::Code { kind, .. } => Some(*kind),
            Step::Password => None,
        }
    }

    /// The login being signed in on the code step.
    pub fn pending_login(&self) -> Option<&str> {
        match &self.step {
            Step::Code { pending, .. } => Some(&pending.login),
            Step::Password => None,
        }
    }

    /// The message under the form, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The fields of the password step the message is about.
    pub fn at_fault(&self) -> AtFault {
        match self.step {
            Step::Password => self.at_fault,
            Step::Code { .. } => AtFault::NONE,
        }
    }

    /// The password form was sent: the request to make, or `None` with the
    /// reason shown.
    pub fn submit_password(&mut self, login: &str, password: &str) -> Option<SignInRequest> {
        match sign_in_request(login, password) {
            Ok(request) => {
                self.error = None;
                self.at_fault = AtFault::NONE;
                Some(request)
            }
            Err(refusal) => {
                self.error = Some(refusal.words);
                self.at_fault = refusal.at_fault;
                None
            }
        }
    }

    /// SignIn refused the password.
    pub fn password_refused(&mut self, failure: &Failure) {
        self.error = Some(failure_message(Attempt::SignIn, failure));
        self.at_fault = AtFault::of_failure(failure);
    }

    /// SignIn accepted the password. On the code step, the person is warned
    /// at once when the second factor is locked or nearly so.
    pub fn password_accepted(&mut self, answer: SignInResponse, now: u64) -> PasswordAccepted {
        if !answer.two_factor_required {
            return PasswordAccepted::SignedIn;
        }
        let Some(session) = answer.session else {
            self.error = Some(failure_message(Attempt::SignIn, &Failure::Unreadable));
            return PasswordAccepted::Unreadable;
        };
        // When app codes are stopped, only a recovery code can sign in.
        self.totp_stopped = answer.totp_stopped;
        let kind = if answer.totp_stopped {
            CodeKind::Recovery
        } else {
            CodeKind::default()
        };
        self.step = Step::Code {
            pending: Pending {
                session,
                login: answer.login,
                ends_at: now.saturating_add(PENDING_SECS),
            },
            kind,
        };
        self.wait = answer
            .retry_after
            .filter(|_| !answer.totp_stopped)
            .map(|secs| Wait {
                reason: WaitReason::Locked,
                kind: CodeKind::Totp,
                until: now.saturating_add(secs),
            });
        // A lock or a stop is explained beside the form (see
        // `explanation`); only a warning goes under it.
        self.error = answer
            .attempts_left
            .filter(|&left| left <= WARN_AT_ATTEMPTS_LEFT && self.explanation().is_none())
            .map(messages::attempts_warning);
        PasswordAccepted::CodeStep
    }

    /// A code was sent from the code step: the request to make, or `None`
    /// with the reason shown (or when not on the code step at all).
    pub fn submit_code(&mut self, typed: &str, now: u64) -> Option<Verify2FACodeRequest> {
        if self.is_locked(now) {
            return None;
        }
        let Step::Code { pending, kind } = &self.step else {
            return None;
        };
        let kind = *kind;
        let Some(code) = kind.to_send(typed) else {
            self.error = Some(messages::incomplete_code(Attempt::VerifyCode(kind)).into());
            return None;
        };
        let session = pending.session.clone();
        self.error = None;
        // A new try ends a wait for its own kind; a lock on the other kind
        // stays.
        if self.wait.is_some_and(|wait| wait.kind == kind) {
            self.wait = None;
        }
        Some(Verify2FACodeRequest {
            session: Some(session),
            code,
        })
    }

    /// Verify2FACode refused the code.
    pub fn code_refused(&mut self, failure: &Failure, now: u64) -> CodeRefused {
        if must_start_over(failure) {
            self.end_sign_in(now);
            return CodeRefused::StartOver;
        }
        let kind = self.code_kind().unwrap_or_default();
        self.error = Some(failure_message(Attempt::VerifyCode(kind), failure));
        let wait = Wait::after_refusal(failure, kind, now);
        if wait.is_some() || self.wait.is_some_and(|w| w.kind == kind) {
            self.wait = wait;
        }
        match failure.result() {
            // Explained beside the form, whichever kind is shown.
            Some(ResultCode::SecondFactorLocked) => self.error = None,
            Some(ResultCode::TotpStopped) => {
                self.error = None;
                self.totp_stopped = true;
                // Only a recovery code signs in now: switch to it.
                if let Step::Code { kind, .. } = &mut self.step {
                    *kind = CodeKind::Recovery;
                }
                return CodeRefused::TryAgain(CodeKind::Recovery);
            }
            _ => {}
        }
        CodeRefused::TryAgain(kind)
    }

    /// The pending sign-in is gone (the server said so, or its five
    /// minutes ran out): back at the password step, saying why, and until
    /// when app codes stay locked if they do.
    fn end_sign_in(&mut self, now: u64) {
        let app_lock = self
            .wait
            .filter(|w| w.reason == WaitReason::Locked && w.kind == CodeKind::Totp)
            .filter(|w| !w.has_ended(now));
        self.error = Some(match app_lock {
            Some(lock) => messages::sign_in_expired_while_locked(&lock.ends_at_local(&self.zone)),
            None => messages::SIGN_IN_EXPIRED.into(),
        });
        self.at_fault = AtFault::NONE;
        self.wait = None;
        self.totp_stopped = false;
        self.step = Step::Password;
    }

    /// Why codes of a kind are refused meanwhile, on the code step: a lock
    /// (until when, and what works now) or app codes stopped. It stays
    /// while the person switches between the kinds.
    pub fn explanation(&self) -> Option<String> {
        if !self.is_code_step() {
            return None;
        }
        if self.totp_stopped {
            return Some(messages::TOTP_STOPPED.into());
        }
        self.wait
            .filter(|wait| wait.reason == WaitReason::Locked)
            .map(|lock| messages::codes_locked_until(lock.kind, &lock.ends_at_local(&self.zone)))
    }

    /// Verify2FACode accepted the code: the sign-in is done. Returns the
    /// recovery codes left when a recovery code was spent, for the
    /// dashboard's banner (and, at none left, for regeneration first).
    pub fn code_accepted(&mut self, answer: &Verify2FACodeResponse) -> Option<u32> {
        self.step = Step::Password;
        answer
            .recovery_code_used
            .then_some(answer.recovery_codes_left)
    }

    /// "Use a recovery code instead" and back.
    pub fn switch_code_kind(&mut self) {
        if let Step::Code { kind, .. } = &mut self.step {
            self.error = None;
            *kind = kind.other();
        }
    }

    /// "Back to login and password".
    pub fn start_over(&mut self) {
        self.error = None;
        self.at_fault = AtFault::NONE;
        self.wait = None;
        self.totp_stopped = false;
        self.step = Step::Password;
    }

    /// The wait for the kind of code shown, with the seconds left at `now`;
    /// `None` when there is none or it has ended.
    pub fn wait_left(&self, now: u64) -> Option<(WaitReason, u64)> {
        self.wait?.left(self.code_kind()?, now)
    }

    /// True while the kind of code shown is locked: its form is disabled
    /// (the other kind stays usable, as the server allows).
    pub fn is_locked(&self, now: u64) -> bool {
        matches!(self.wait_left(now), Some((WaitReason::Locked, _)))
    }

    /// True when [`Self::tick`] at `now` would change something: a wait
    /// has ended, or the sign-in's five minutes have.
    pub fn needs_tick(&self, now: u64) -> bool {
        self.sign_in_ended(now) || self.wait.is_some_and(|wait| wait.has_ended(now))
    }

    fn sign_in_ended(&self, now: u64) -> bool {
        matches!(&self.step, Step::Code { pending, .. } if now >= pending.ends_at)
    }

    /// Called as time passes. Once the sign-in's five minutes are over, it
    /// is back at the password step saying why (a lock that outlives it
    /// never counts down to a dead end). Once a wait ends, the message
    /// says that the code can be typed now (once, so screen readers
    /// announce it once).
    pub fn tick(&mut self, now: u64) -> Ticked {
        if self.sign_in_ended(now) {
            self.end_sign_in(now);
            return Ticked::SignInEnded;
        }
        let Some(wait) = self.wait.filter(|wait| wait.has_ended(now)) else {
            return Ticked::Nothing;
        };
        self.wait = None;
        if self.code_kind() == Some(wait.kind) {
            self.error = Some(wait.ended_words().into());
        }
        Ticked::WaitEnded
    }
}

/// True when a code-step failure means the pending sign-in is gone
/// (expired, spent or unknown) and the person must start with the password.
pub fn must_start_over(failure: &Failure) -> bool {
    matches!(
        failure.result(),
        Some(ResultCode::NotSignedIn | ResultCode::NotAPendingSession)
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use twofold_api::ApiError;

    use super::*;

    /// Berlin in summer: two hours ahead of UTC.
    fn berlin_in_summer() -> ZoneAt {
        ZoneAt {
            behind_utc_minutes: -120,
            name: "CEST".into(),
        }
    }

    /// A fixed clock reading for the flow (seconds since the epoch).
    const NOW: u64 = 1_700_000_000;

    /// SignIn's answer as the server sends it (read from JSON, so fields
    /// added later take their defaults).
    fn answer(two_factor_required: bool) -> SignInResponse {
        let json = if two_factor_required {
            json!({"session": "tfp_pending", "expiresAt": 1_700_000_300, "login": "ada",
                   "twoFactorRequired": true, "attemptsLeft": 5})
        } else {
            json!({"expiresAt": 1_700_000_300, "login": "ada", "twoFactorRequired": false})
        };
        serde_json::from_value(json).unwrap()
    }

    fn on_code_step() -> SignInFlow {
        let mut flow = SignInFlow::new();
        assert_eq!(
            flow.password_accepted(answer(true), NOW),
            PasswordAccepted::CodeStep
        );
        flow
    }

    fn refused(result: ResultCode) -> Failure {
        let mut error = ApiError::new(result);
        error.attempts_left = Some(4);
        Failure::Api(error)
    }

    fn verified(recovery_code_used: bool, recovery_codes_left: u32) -> Verify2FACodeResponse {
        serde_json::from_value(json!({
            "expiresAt": 1_700_086_400,
            "login": "ada",
            "recoveryCodeUsed": recovery_code_used,
            "recoveryCodesLeft": recovery_codes_left,
        }))
        .unwrap()
    }

    #[test]
    fn an_empty_field_is_named_before_anything_is_sent() {
        let mut flow = SignInFlow::new();
        assert!(flow.submit_password("ada", "").is_none());
        assert_eq!(flow.error(), Some(messages::ENTER_LOGIN_AND_PASSWORD));
        let request = flow.submit_password(" ada ", "secret").unwrap();
        assert_eq!(request.login, "ada");
        assert_eq!(flow.error(), None, "a new try clears the old message");
    }

    #[test]
    fn a_wrong_password_stays_on_the_password_step_in_words() {
        let mut flow = SignInFlow::new();
        flow.password_refused(&refused(ResultCode::InvalidCredentials));
        assert_eq!(flow.step(), &Step::Password);
        assert_eq!(flow.error(), Some(messages::WRONG_LOGIN_OR_PASSWORD));
    }

    #[test]
    fn without_two_factor_the_password_signs_in() {
        let mut flow = SignInFlow::new();
        assert_eq!(
            flow.password_accepted(answer(false), NOW),
            PasswordAccepted::SignedIn
        );
        assert!(!flow.is_code_step());
    }

    #[test]
    fn with_two_factor_the_password_leads_to_the_code_step_for_that_login() {
        let flow = on_code_step();
        assert!(flow.is_code_step());
        assert_eq!(flow.code_kind(), Some(CodeKind::Totp));
        assert_eq!(flow.pending_login(), Some("ada"));
        assert_eq!(flow.error(), None, "five attempts left need no warning");
    }

    #[test]
    fn a_pending_sign_in_without_its_session_is_unreadable() {
        let mut flow = SignInFlow::new();
        let mut incomplete = answer(true);
        incomplete.session = None;
        assert_eq!(
            flow.password_accepted(incomplete, NOW),
            PasswordAccepted::Unreadable
        );
        assert!(!flow.is_code_step());
        assert!(flow.error().unwrap().contains("could not be read"));
    }

    #[test]
    fn arriving_at_the_code_step_warns_of_a_lock_or_of_few_attempts() {
        let mut locked = answer(true);
        locked.retry_after = Some(240);
        let mut flow = SignInFlow::new();
        flow.password_accepted(locked, NOW);
        assert_eq!(flow.error(), None, "the lock is explained beside the form");
        assert_eq!(
            flow.explanation(),
            Some(messages::codes_locked_until(CodeKind::Totp, "22:18 UTC"))
        );

        let mut nearly = answer(true);
        nearly.attempts_left = Some(2);
        let mut flow = SignInFlow::new();
        flow.password_accepted(nearly, NOW);
        assert_eq!(flow.error(), Some(messages::attempts_warning(2).as_str()));
    }

    #[test]
    fn when_app_codes_are_stopped_the_code_step_asks_for_a_recovery_code() {
        let mut stopped = answer(true);
        stopped.totp_stopped = true;
        stopped.attempts_left = Some(0);
        let mut flow = SignInFlow::new();
        flow.password_accepted(stopped, NOW);
        assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
        assert_eq!(flow.explanation().as_deref(), Some(messages::TOTP_STOPPED));
        flow.switch_code_kind();
        assert_eq!(
            flow.explanation().as_deref(),
            Some(messages::TOTP_STOPPED),
            "the explanation stays on the other kind"
        );

        let mut flow = on_code_step();
        let outcome = flow.code_refused(&refused(ResultCode::TotpStopped), NOW);
        assert_eq!(outcome, CodeRefused::TryAgain(CodeKind::Recovery));
        assert_eq!(flow.code_kind(), Some(CodeKind::Recovery));
        assert_eq!(flow.explanation().as_deref(), Some(messages::TOTP_STOPPED));
        assert_eq!(flow.error(), None, "said once, beside the form");
    }

    #[test]
    fn an_incomplete_code_is_named_by_its_kind_and_not_sent() {
        let mut flow = on_code_step();
        assert!(flow.submit_code("12345", NOW).is_none());
        assert_eq!(flow.error(), Some(messages::TYPE_THE_SIX_DIGITS));
        flow.switch_code_kind();
        assert_eq!(flow.error(), None, "switching clears the message");
        assert!(flow.submit_code("abcde", NOW).is_none());
        assert_eq!(
            flow.error(),
            Some(messages::RECOVERY_CODE_HAS_TEN_CHARACTERS)
        );
    }

    #[test]
    fn a_complete_code_is_sent_with_the_pending_session() {
        let mut flow = on_code_step();
        let request = flow.submit_code("123456", NOW).unwrap();
        assert_eq!(request.session.as_deref(), Some("tfp_pending"));
        assert_eq!(request.code, "123456");
        flow.switch_code_kind();
        let request = flow.submit_code("ABCDE FGHJK", NOW).unwrap();
        assert_eq!(request.code, "abcde-fghjk", "recovery codes are normalised");
    }

    #[test]
    fn no_code_is_sent_from_the_password_step() {
        let mut flow = SignInFlow::new();
        assert!(flow.submit_code("123456", NOW).is_none());
        assert_eq!(flow.error(), None);
    }

    #[test]
    fn a_wrong_code_stays_on_the_code_step_and_says_what_is_left() {
        let mut flow = on_code_step();
        assert_eq!(
            flow.code_refused(&refused(ResultCode::InvalidCode), NOW),
            CodeRefused::TryAgain(CodeKind::Totp)
        );
        assert!(flow.is_code_step());
        let mut wrong = ApiError::new(ResultCode::InvalidCode);
        wrong.attempts_left = Some(4);
        assert_eq!(
            flow.error(),
            Some(
                failure_message(Attempt::VerifyCode(CodeKind::Totp), &Failure::Api(wrong)).as_str()
            )
        );
    }

    #[test]
    fn an_expired_sign_in_goes_back_to_the_password_step_in_words() {
        for result in [ResultCode::NotSignedIn, ResultCode::NotAPendingSession] {
            let mut flow = on_code_step();
            assert_eq!(
                flow.code_refused(&refused(result), NOW),
                CodeRefused::StartOver,
                "{result:?}"
            );
            assert_eq!(flow.step(), &Step::Password);
            assert_eq!(flow.error(), Some(messages::SIGN_IN_EXPIRED));
        }
    }

    #[test]
    fn a_spent_recovery_code_reports_the_codes_left_and_an_authentication_code_does_not() {
        let mut flow = on_code_step();
        assert_eq!(flow.code_accepted(&verified(false, 10)), None);
        assert!(!flow.is_code_step());

        let mut flow = on_code_step();
        assert_eq!(flow.code_accepted(&verified(true, 9)), Some(9));
        let mut flow = on_code_step();
        assert_eq!(
            flow.code_accepted(&verified(true, 0)),
            Some(0),
            "the last code is reported as none left"
        );
    }

    #[test]
    fn back_to_login_and_password_forgets_the_pending_sign_in() {
        let mut flow = on_code_step();
        flow.code_refused(&refused(ResultCode::InvalidCode), NOW);
        flow.start_over();
        assert_eq!(flow, SignInFlow::new());
    }

    fn refused_with_wait(result: ResultCode, retry_after: u64) -> Failure {
        let mut error = ApiError::new(result);
        error.attempts_left = Some(5);
        error.retry_after = Some(retry_after);
        Failure::Api(error)
    }

    #[test]
    fn a_code_just_used_asks_to_wait_for_the_next_one_without_locking() {
        let mut flow = on_code_step();
        flow.code_refused(&refused_with_wait(ResultCode::CodeJustUsed, 12), NOW);
        assert_eq!(flow.error(), Some(messages::code_just_used(12).as_str()));
        assert_eq!(flow.wait_left(NOW + 2), Some((WaitReason::JustUsed, 10)));
        assert!(!flow.is_locked(NOW), "a just-used code locks nothing");
        assert!(flow.submit_code("123456", NOW + 1).is_some());
        assert_eq!(flow.wait_left(NOW + 1), None, "a new try ends the wait");
    }

    #[test]
    fn a_lock_counts_down_disables_its_kind_only_and_says_when_it_ends() {
        let mut flow = on_code_step();
        flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 120), NOW);
        assert!(flow.is_locked(NOW));
        assert_eq!(flow.error(), None, "explained beside the form");
        assert_eq!(
            flow.explanation(),
            Some(messages::codes_locked_until(CodeKind::Totp, "22:16 UTC"))
        );
        assert_eq!(flow.wait_left(NOW + 60), Some((WaitReason::Locked, 60)));
        assert!(
            flow.submit_code("123456", NOW + 1).is_none(),
            "nothing is sent while locked"
        );
        flow.switch_code_kind();
        assert!(!flow.is_locked(NOW + 1), "recovery codes stay usable");
        flow.switch_code_kind();
        assert!(flow.is_locked(NOW + 119));
        assert_eq!(flow.tick(NOW + 119), Ticked::Nothing);
        assert!(
            flow.is_locked(NOW + 119),
            "a tick before the end changes nothing"
        );
        assert!(!flow.needs_tick(NOW + 119));
        assert!(flow.needs_tick(NOW + 120));
        assert_eq!(flow.tick(NOW + 120), Ticked::WaitEnded);
        assert!(!flow.is_locked(NOW + 120));
        assert_eq!(flow.explanation(), None);
        assert_eq!(flow.error(), Some(messages::LOCK_ENDED));
    }

    #[test]
    fn the_lock_is_explained_on_both_kinds_and_a_recovery_code_try_keeps_it() {
        let mut flow = on_code_step();
        flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 900), NOW);
        let explained = flow.explanation();
        assert!(explained.is_some());
        flow.switch_code_kind();
        assert_eq!(flow.explanation(), explained, "kept on the recovery code");
        let request = flow.submit_code("abcde-fghjk", NOW + 5);
        assert!(request.is_some(), "a recovery code is sent under the lock");
        flow.code_refused(&refused(ResultCode::InvalidCode), NOW + 6);
        assert!(flow.error().unwrap().contains("not valid"));
        assert_eq!(flow.explanation(), explained, "the wrong recovery code");
        flow.switch_code_kind();
        assert_eq!(flow.explanation(), explained, "and back");
        assert!(flow.is_locked(NOW + 7), "the app's codes stay locked");
    }

    #[test]
    fn a_lock_that_outlives_the_sign_in_ends_it_after_five_minutes_saying_until_when() {
        let mut flow = on_code_step();
        flow.code_refused(&refused_with_wait(ResultCode::SecondFactorLocked, 900), NOW);
        assert!(!flow.needs_tick(NOW + PENDING_SECS - 1));
        assert_eq!(flow.tick(NOW + PENDING_SECS - 1), Ticked::Nothing);
        assert!(flow.is_code_step());
        assert!(flow.needs_tick(NOW + PENDING_SECS));
        assert_eq!(flow.tick(NOW + PENDING_SECS), Ticked::SignInEnded);
        assert_eq!(flow.step(), &Step::Password);
        assert_eq!(
            flow.error(),
            Some(messages::sign_in_expired_while_locked("22:29 UTC").as_str())
        );
        assert_eq!(flow.explanation(), None);
        assert!(!flow.needs_tick(NOW + 900), "nothing counts down any more");
    }

    #[test]
    fn a_sign_in_left_five_minutes_ends_in_words_in_the_persons_time_zone() {
        let mut flow = SignInFlow::new();
        flow.password_accepted(answer(true), NOW);
        assert_eq!(flow.tick(NOW + PENDING_SECS), Ticked::SignInEnded);
        assert_eq!(flow.error(), Some(messages::SIGN_IN_EXPIRED));

        // Berlin in summer: two hours ahead of UTC.
        let mut locked = answer(true);
        locked.retry_after = Some(900);
        let mut flow = SignInFlow::new().in_time_zone(berlin_in_summer());
        flow.password_accepted(locked, NOW);
        assert_eq!(
            flow.explanation(),
            Some(messages::codes_locked_until(CodeKind::Totp, "00:29 CEST"))
        );
        // The server ended it first (a minute later).
        assert_eq!(
            flow.code_refused(&refused(ResultCode::NotSignedIn), NOW + 60),
            CodeRefused::StartOver
        );
        assert_eq!(
            flow.error(),
            Some(messages::sign_in_expired_while_locked("00:29 CEST").as_str())
        );
        flow.start_over();
        assert_eq!(flow, SignInFlow::new().in_time_zone(berlin_in_summer()));
    }

    #[test]
    fn arriving_while_locked_disables_the_app_code_form() {
        let mut locked = answer(true);
        locked.retry_after = Some(240);
        let mut flow = SignInFlow::new();
        flow.password_accepted(locked, NOW);
        assert!(flow.is_locked(NOW + 239));
        assert!(!flow.is_locked(NOW + 240));
    }

    #[test]
    fn an_expired_or_spent_pending_sign_in_starts_over_and_a_wrong_code_does_not() {
        assert!(must_start_over(&refused(ResultCode::NotSignedIn)));
        assert!(must_start_over(&refused(ResultCode::NotAPendingSession)));
        assert!(!must_start_over(&refused(ResultCode::InvalidCode)));
        assert!(!must_start_over(&Failure::Network));
    }

    #[test]
    fn the_pending_session_never_shows_in_debug_output() {
        let flow = on_code_step();
        let debug = format!("{flow:?}");
        assert!(!debug.contains("tfp_pending"), "{debug}");
        assert!(debug.contains("ada"));
    }
}
