//! The sign-in flow without its rendering: the password step, then, with 2FA
//! on, the code step; what each answer leads to and what the person reads
//! under the form. The page ([`crate::pages::sign_in`]) makes the calls and
//! draws the steps.

use std::fmt;

use twofold_api::authentication::{
    SignInRequest, SignInResponse, Verify2FACodeRequest, Verify2FACodeResponse,
};
use twofold_api::security_keys::KeyCeremony;
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
    /// The account has an authenticator app: its codes are offered.
    app: bool,
    /// The account has a security key: it is offered first.
    keys: bool,
    /// The key check SignIn's answer carried, until a try uses it (a
    /// later try asks for a new one: Start2FAKeyCheck).
    ceremony: Option<KeyCeremony>,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("session", &"[redacted]")
            .field("login", &self.login)
            .field("ends_at", &self.ends_at)
            .field("app", &self.app)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

/// Which step the sign-in screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Step {
    /// Login and password.
    #[default]
    Password,
    /// The code (or the security key) for a sign-in the password
    /// started.
    Code {
        /// The sign-in waiting for the code.
        pending: Pending,
        /// The kind of code being typed.
        kind: CodeKind,
        /// True while the security key is asked for instead of a code.
        key: bool,
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
        let keys = answer.security_key.is_some();
        // An account without a key has the app (a server that does not
        // say so predates keys).
        let app = answer.authenticator_app || !keys;
        let kind = if answer.totp_stopped || !app {
            CodeKind::Recovery
        } else {
            CodeKind::default()
        };
        self.step = Step::Code {
            pending: Pending {
                session,
                login: answer.login,
                ends_at: now.saturating_add(PENDING_SECS),
                app,
                keys,
                ceremony: answer.security_key,
            },
            kind,
            key: keys,
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
        // Wrong codes do not concern a key, offered first.
        self.error = answer
            .attempts_left
            .filter(|&left| left <= WARN_AT_ATTEMPTS_LEFT && self.explanation().is_none())
            .filter(|_| !keys)
            .map(messages::attempts_warning);
        PasswordAccepted::CodeStep
    }

    /// A code was sent from the code step: the request to make, or `None`
    /// with the reason shown (or when not on the code step at all).
    pub fn submit_code(&mut self, typed: &str, now: u64) -> Option<Verify2FACodeRequest> {
        if self.is_locked(now) {
            return None;
        }
        let Step::Code {
            pending,
            kind,
            key: false,
        } = &self.step
        else {
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

mod key;

pub use key::{KeyCheck, Way, Ways};

#[cfg(test)]
mod key_tests;
#[cfg(test)]
mod tests;
