//! The second factor: setting up, enabling, checking and disabling an
//! [`Account`]'s TOTP secret, and the types the second step of a sign-in
//! takes and returns. The recovery codes themselves live in
//! `recovery_codes`; Enable2FA makes the first set and Verify2FACode may
//! spend one.

use serde::{Deserialize, Serialize};

use crate::{
    ids::UserId,
    lockout::{Refusal, SecondFactorPolicy},
    recovery::RecoveryCode,
    sealing::Sealed,
    token::TokenHash,
    totp::{self, Enrollment, TotpCode, TotpRejection, TotpSecret},
    SecureRng,
};

use super::{
    recovery_codes::{new_recovery_codes, RecoveryCodes},
    security_keys::SecurityKey,
    Account, AccountError, TwoFactorSettings,
};

/// How long a secret from Setup2FA waits for its first code.
pub const PENDING_SETUP_SECONDS: u64 = 15 * 60;

/// Wrong codes Enable2FA takes before it discards the pending secret.
pub const SETUP_MAX_FAILURES: u32 = 5;

/// Two-factor authentication, on: the authenticator app, the security
/// keys, or both, and the one set of recovery codes they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactor {
    /// The authenticator app's secret; `None` when only keys are set up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) secret: Option<Sealed>,
    /// Security keys and passkeys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<SecurityKey>,
    /// When it was switched on.
    pub enabled_at: u64,
    /// The last TOTP step accepted; codes at or below it are replays.
    pub last_step: u64,
    pub(super) recovery: RecoveryCodes,
}

/// A secret waiting for its first code, bound to the session that asked
/// for it (the one that passed the password pop-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingSetup {
    pub(super) secret: Sealed,
    /// Until when Enable2FA accepts it.
    pub expires_at: u64,
    /// The session that started the set-up; only it may finish it. Absent
    /// on set-ups stored before sessions were bound: those are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<TokenHash>,
    /// Wrong codes so far.
    #[serde(default)]
    pub failures: u32,
}

/// A second factor offered at sign-in.
#[derive(Debug, Clone)]
pub enum SecondFactorInput {
    /// Six digits from the app.
    Totp(TotpCode),
    /// A recovery code.
    Recovery(RecoveryCode),
}

/// Text that is neither a six-digit code nor a recovery code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("enter the six-digit code from your app or a recovery code (xxxxx-xxxxx)")]
pub struct InvalidSecondFactor;

impl SecondFactorInput {
    /// Reads what the person typed: six digits are a TOTP code, ten
    /// characters of the recovery alphabet a recovery code.
    pub fn parse(input: &str) -> Result<Self, InvalidSecondFactor> {
        if let Ok(code) = TotpCode::parse(input) {
            return Ok(SecondFactorInput::Totp(code));
        }
        RecoveryCode::parse(input)
            .map(SecondFactorInput::Recovery)
            .map_err(|_| InvalidSecondFactor)
    }
}

/// A second factor accepted, and by what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// A code from the authenticator app; its step is now spent.
    Totp,
    /// A recovery code, now spent.
    RecoveryCode {
        /// Unused recovery codes now.
        left: u32,
    },
}

/// A second factor refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecondFactorFailure {
    /// The account has no second factor.
    #[error("two-factor authentication is not on")]
    NotEnabled,
    /// Codes of this kind are locked by earlier failures; the code was not
    /// even looked at. The account changed only when `first`.
    #[error("locked for {retry_after} s")]
    Locked {
        /// Seconds until codes of this kind are taken again.
        retry_after: u64,
        /// The first refusal of this lock: the account now says it was
        /// logged; save it with the log entry. Later ones change nothing
        /// and are not logged.
        first: bool,
    },
    /// Codes from the app stopped after too many wrong ones in a row: only
    /// a recovery code signs in now. The code was not looked at; the
    /// account changed only when `first` (as for `Locked`).
    #[error("codes from the app are stopped until a recovery code signs in")]
    TotpStopped {
        /// The first refusal since the stop.
        first: bool,
    },
    /// The right code from the app, but its step was already used (the
    /// owner signing in twice within 30 seconds, or a race lost to the
    /// owner's own sign-in). Not counted: only someone who holds the
    /// secret can compute it, so it reveals nothing to a guesser.
    #[error("the code was just used")]
    JustUsed {
        /// Seconds until the app shows the next code.
        retry_after: u64,
        /// Wrong app codes left before the lock, unchanged.
        attempts_left: u32,
    },
    /// Wrong or already-used code; counted.
    #[error("wrong code")]
    Wrong {
        /// Which kind of code was wrong.
        kind: CodeKind,
        /// Wrong codes of that kind left before its lock or stop.
        attempts_left: u32,
        /// Set when this failure locked codes of that kind.
        locked_until: Option<u64>,
        /// True when this failure stopped codes from the app.
        stopped: bool,
    },
    /// Sealed data did not open.
    #[error("sealed data does not open")]
    Unseal,
}

/// The two kinds of second factor, each with its own failure counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A code from the authenticator app.
    Totp,
    /// A recovery code.
    RecoveryCode,
}

/// The context a user's TOTP secret is sealed for (account and purpose): a
/// sealed secret copied to another account does not open there.
pub(super) fn totp_context(user: &UserId) -> String {
    format!("{user}/totp")
}

impl Account {
    /// Setup2FA: a new pending secret (replacing any earlier one), which
    /// only `session` may confirm: with Enable2FA while 2FA is off, with
    /// Change2FAApp while it is on (a new authenticator app; the current
    /// one keeps working until then).
    pub fn start_setup(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        now: u64,
        session: &TokenHash,
    ) -> Result<(Enrollment, u64), AccountError> {
        let secret = TotpSecret::generate(rng);
        let sealed = settings
            .sealer
            .seal(rng, secret.expose_bytes(), &totp_context(&self.user_id));
        let expires_at = now.saturating_add(PENDING_SETUP_SECONDS);
        self.pending_setup = Some(PendingSetup {
            secret: sealed,
            expires_at,
            session: Some(session.clone()),
            failures: 0,
        });
        Ok((
            totp::enrollment(&secret, &settings.issuer, self.login.as_str()),
            expires_at,
        ))
    }

    /// Enable2FA: a code made from the pending secret, sent by the session
    /// that started the set-up, switches 2FA on, ends every other session
    /// (one opened before 2FA may be an attacker's) and returns the first
    /// recovery codes. The code's step is recorded, so it cannot be
    /// replayed to sign in. A wrong code is counted, and the
    /// [`SETUP_MAX_FAILURES`]-th discards the set-up.
    pub fn enable(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        now: u64,
        code: &TotpCode,
        session: &TokenHash,
    ) -> Result<Vec<RecoveryCode>, AccountError> {
        if self.two_factor.is_some() {
            return Err(AccountError::TwoFactorAlreadyEnabled);
        }
        let (secret, step) = self.confirm_pending(settings, now, code, session)?;
        let (recovery, codes) = new_recovery_codes(settings, rng, &self.user_id);
        self.next_recovery_codes_version();
        self.two_factor = Some(TwoFactor {
            secret: Some(secret),
            keys: Vec::new(),
            enabled_at: now,
            last_step: step,
            recovery,
        });
        self.totp_failures.reset();
        self.recovery_failures.reset();
        self.end_other_sessions();
        Ok(codes)
    }

    /// Change2FAApp: with 2FA on, a code made from the pending secret, sent
    /// by the session that started the set-up, makes it the account's
    /// authenticator app in place of the old one. The recovery codes stay;
    /// the app codes' failures are forgotten (they counted the old app's
    /// codes); every other session ends (the old phone may be a thief's).
    /// A wrong code is counted as at Enable2FA.
    pub fn change_app(
        &mut self,
        settings: &TwoFactorSettings,
        now: u64,
        code: &TotpCode,
        session: &TokenHash,
    ) -> Result<(), AccountError> {
        if self.two_factor.is_none() {
            return Err(AccountError::TwoFactorNotEnabled);
        }
        let (secret, step) = self.confirm_pending(settings, now, code, session)?;
        if let Some(two_factor) = self.two_factor.as_mut() {
            two_factor.secret = Some(secret);
            two_factor.last_step = step;
        }
        self.totp_failures.reset();
        self.end_other_sessions();
        Ok(())
    }

    /// Checks `code` against the pending secret of `session`'s set-up: the
    /// sealed secret and the step the code was made at, the set-up spent.
    /// A wrong code is counted, and the last one allowed discards the
    /// set-up.
    fn confirm_pending(
        &mut self,
        settings: &TwoFactorSettings,
        now: u64,
        code: &TotpCode,
        session: &TokenHash,
    ) -> Result<(Sealed, u64), AccountError> {
        let pending = self
            .pending_setup
            .as_mut()
            .filter(|p| now < p.expires_at)
            .ok_or(AccountError::NoPendingSetup)?;
        if pending.session.as_ref() != Some(session) {
            return Err(AccountError::SetupOfAnotherSession);
        }
        let secret = open_secret(settings, &pending.secret, &self.user_id)?;
        let Ok(step) = totp::verify(&secret, code, now, None) else {
            pending.failures = pending.failures.saturating_add(1);
            let attempts_left = SETUP_MAX_FAILURES.saturating_sub(pending.failures);
            if attempts_left == 0 {
                self.pending_setup = None;
            }
            return Err(AccountError::WrongCode { attempts_left });
        };
        let sealed = pending.secret.clone();
        self.pending_setup = None;
        Ok((sealed, step))
    }

    /// Verify2FACode: checks a TOTP or recovery code. Each kind has its own
    /// failure counter: a lock (or the stop) on app codes leaves recovery
    /// codes usable. A right app code resets the app-code counter; a right
    /// recovery code resets both, lifting the stop. A wrong code is
    /// counted. The caller persists the account on success and on `Wrong`;
    /// the other failures change nothing.
    pub fn verify_second_factor(
        &mut self,
        settings: &TwoFactorSettings,
        now: u64,
        policy: &SecondFactorPolicy,
        input: &SecondFactorInput,
    ) -> Result<Accepted, SecondFactorFailure> {
        let user_id = self.user_id.clone();
        let two_factor = self
            .two_factor
            .as_mut()
            .ok_or(SecondFactorFailure::NotEnabled)?;
        let (kind, failures, lockout) = match input {
            SecondFactorInput::Totp(_) => (CodeKind::Totp, &mut self.totp_failures, &policy.totp),
            SecondFactorInput::Recovery(_) => (
                CodeKind::RecoveryCode,
                &mut self.recovery_failures,
                &policy.recovery,
            ),
        };
        if let Err(refusal) = failures.check(now, lockout) {
            let first = failures.note_refusal();
            return Err(match refusal {
                Refusal::Locked { retry_after } => {
                    SecondFactorFailure::Locked { retry_after, first }
                }
                Refusal::Stopped => SecondFactorFailure::TotpStopped { first },
            });
        }
        let accepted = match input {
            // Without an app, a code from one is a wrong code, counted as
            // one: it says nothing of which factors the account has.
            SecondFactorInput::Totp(_) if two_factor.secret.is_none() => false,
            SecondFactorInput::Totp(code) => {
                let secret = match &two_factor.secret {
                    Some(sealed) => open_secret(settings, sealed, &user_id)
                        .map_err(|_| SecondFactorFailure::Unseal)?,
                    None => return Err(SecondFactorFailure::Unseal),
                };
                match totp::verify(&secret, code, now, Some(two_factor.last_step)) {
                    Ok(step) => {
                        two_factor.last_step = step;
                        true
                    }
                    Err(TotpRejection::Replayed) => {
                        let next_code_at = two_factor
                            .last_step
                            .saturating_add(1)
                            .saturating_mul(totp::PERIOD);
                        return Err(SecondFactorFailure::JustUsed {
                            retry_after: next_code_at.saturating_sub(now).max(1),
                            attempts_left: failures.attempts_left(lockout),
                        });
                    }
                    Err(TotpRejection::Wrong) => false,
                }
            }
            SecondFactorInput::Recovery(code) => two_factor
                .recovery
                .spend(settings, &user_id, code, now)
                .map_err(|_| SecondFactorFailure::Unseal)?,
        };
        if !accepted {
            let outcome = failures.record_failure(now, lockout);
            return Err(SecondFactorFailure::Wrong {
                kind,
                attempts_left: outcome.attempts_left,
                locked_until: outcome.locked_until,
                stopped: outcome.stopped,
            });
        }
        failures.reset();
        Ok(match kind {
            CodeKind::Totp => Accepted::Totp,
            CodeKind::RecoveryCode => {
                // Possession of a recovery code proves the owner: lift the
                // lock and the stop on app codes too.
                self.totp_failures.reset();
                Accepted::RecoveryCode {
                    left: self.recovery_codes_left(),
                }
            }
        })
    }

    /// Disable2FA: the secret and the recovery codes are deleted, the failure
    /// count cleared, other sessions ended.
    pub fn disable_two_factor(&mut self) -> Result<(), AccountError> {
        if self.two_factor.is_none() {
            return Err(AccountError::TwoFactorNotEnabled);
        }
        self.two_factor = None;
        self.pending_setup = None;
        self.totp_failures.reset();
        self.recovery_failures.reset();
        self.end_other_sessions();
        Ok(())
    }
}

fn open_secret(
    settings: &TwoFactorSettings,
    sealed: &Sealed,
    user: &UserId,
) -> Result<TotpSecret, AccountError> {
    let bytes = settings
        .sealer
        .open(sealed, &totp_context(user))
        .map_err(|_| AccountError::Unseal)?;
    TotpSecret::from_bytes(&bytes).ok_or(AccountError::Unseal)
}
