//! The code step's security key: offered first when the account has one,
//! with the ways to a code from the app (when it has one) and to a
//! recovery code, and back. Each try of the key uses a check of its own:
//! the one SignIn's answer carried, then new ones (Start2FAKeyCheck).

use twofold_api::security_keys::{KeyCeremony, Verify2FAKeyRequest};

use super::{must_start_over, CodeRefused, SignInFlow, Step};
use crate::api::Failure;
use crate::logic::code::CodeKind;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::security_keys::{KeyFailure, KeyProblem};

/// A try of the key: the pending sign-in it finishes, and the check
/// SignIn's answer carried when it is still unused (else a new one is
/// asked for: Start2FAKeyCheck).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyCheck {
    /// The pending session, for Start2FAKeyCheck and Verify2FAKey.
    pub session: String,
    /// SignIn's check, the first time.
    pub ceremony: Option<KeyCeremony>,
}

impl KeyCheck {
    /// The Verify2FAKey request for the key's answer to `ceremony`.
    pub fn answered(self, ceremony: String, credential: serde_json::Value) -> Verify2FAKeyRequest {
        Verify2FAKeyRequest {
            session: Some(self.session),
            ceremony,
            credential,
        }
    }
}

/// The ways on the code step offers besides what it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ways {
    /// The key is asked for now (else a code field is shown).
    pub key_step: bool,
    /// The account has a key: the way back to it.
    pub key: bool,
    /// The account has an authenticator app: the way to its codes.
    pub app: bool,
}

/// One way on from the code step, besides what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// A code of this kind.
    Code(CodeKind),
    /// The security key.
    Key,
}

impl Ways {
    /// The tip under the ways: on a lost key (the key step, or an account
    /// without the app), else on a lost phone.
    pub fn tip(self) -> &'static str {
        if self.key_step || !self.app {
            messages::LOST_KEY_TIP
        } else {
            messages::LOST_PHONE_TIP
        }
    }
}

impl std::fmt::Debug for KeyCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The session is the pending sign-in's token.
        f.debug_struct("KeyCheck")
            .field("session", &"[redacted]")
            .field("ceremony", &self.ceremony)
            .finish()
    }
}

impl SignInFlow {
    /// True while the code step asks for the security key.
    pub fn is_key_step(&self) -> bool {
        matches!(self.step, Step::Code { key: true, .. })
    }

    /// True when the account has a security key (the way back to it is
    /// offered on the code step).
    pub fn offers_key(&self) -> bool {
        matches!(&self.step, Step::Code { pending, .. } if pending.keys)
    }

    /// True when the account has an authenticator app (its codes are
    /// offered).
    pub fn offers_app(&self) -> bool {
        matches!(&self.step, Step::Code { pending, .. } if pending.app)
    }

    /// What the code step offers besides what it shows.
    pub fn ways(&self) -> Ways {
        Ways {
            key_step: self.is_key_step(),
            key: self.offers_key(),
            app: self.offers_app(),
        }
    }

    /// One of the ways offered was chosen.
    pub fn take_way(&mut self, way: Way) {
        match way {
            Way::Key => self.use_key(),
            Way::Code(kind) => self.use_code(kind),
        }
    }

    /// "Use your security key instead".
    pub fn use_key(&mut self) {
        if let Step::Code { key, pending, .. } = &mut self.step {
            if pending.keys {
                *key = true;
                self.error = None;
            }
        }
    }

    /// "Use a code from your app instead", "Use a recovery code": the code
    /// field of `kind` (a recovery code when the account has no app).
    pub fn use_code(&mut self, wanted: CodeKind) {
        if let Step::Code { key, kind, pending } = &mut self.step {
            *key = false;
            *kind = if pending.app && !self.totp_stopped {
                wanted
            } else {
                CodeKind::Recovery
            };
            self.error = None;
        }
    }

    /// "Use your security key" was chosen: the check to answer, or `None`
    /// off the key step. The message under the button is cleared.
    pub fn start_key_try(&mut self) -> Option<KeyCheck> {
        let Step::Code {
            pending, key: true, ..
        } = &mut self.step
        else {
            return None;
        };
        self.error = None;
        Some(KeyCheck {
            session: pending.session.clone(),
            ceremony: pending.ceremony.take(),
        })
    }

    /// A try of the key came to nothing (see [`Self::key_problem`] and
    /// [`Self::key_refused`]).
    pub fn key_failed(&mut self, failure: &KeyFailure, now: u64) -> CodeRefused {
        match failure {
            KeyFailure::Problem(problem) => {
                self.key_problem(*problem);
                CodeRefused::TryAgain(self.code_kind().unwrap_or_default())
            }
            KeyFailure::Refused(failure) => self.key_refused(failure, now),
        }
    }

    /// The browser gave no answer: why, under the button.
    pub fn key_problem(&mut self, problem: KeyProblem) {
        if self.is_key_step() {
            self.error = Some(messages::key_problem(problem).into());
        }
    }

    /// Start2FAKeyCheck or Verify2FAKey refused: back at the password step
    /// when the sign-in is gone, else why, under the button.
    pub fn key_refused(&mut self, failure: &Failure, now: u64) -> CodeRefused {
        if must_start_over(failure) {
            self.end_sign_in(now);
            return CodeRefused::StartOver;
        }
        self.error = Some(failure_message(Attempt::KeySignIn, failure));
        CodeRefused::TryAgain(self.code_kind().unwrap_or_default())
    }

    /// Verify2FAKey accepted: the sign-in is done.
    pub fn key_accepted(&mut self) {
        self.step = Step::Password;
    }
}
