//! The `Account` aggregate: an account's password hash, second factor,
//! recovery codes, failure counter and session epoch, and the methods that
//! carry out every change to them.
//!
//! Methods mutate the account in memory and return what the caller must
//! show; the caller persists the account with optimistic locking, so two
//! concurrent changes never both win.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{
    ids::UserId,
    lockout::{FailureState, Refusal, SecondFactorPolicy},
    login::Login,
    password::PasswordHash,
    recovery::{RecoveryCode, RecoveryStorage, COUNT},
    sealing::{Sealed, Sealer},
    token::TokenHash,
    totp::{self, Enrollment, TotpCode, TotpRejection, TotpSecret},
    SecureRng,
};

/// How long a secret from Setup2FA waits for its first code.
pub const PENDING_SETUP_SECONDS: u64 = 15 * 60;

/// Wrong codes Enable2FA takes before it discards the pending secret.
pub const SETUP_MAX_FAILURES: u32 = 5;

/// The service-wide settings of the second factor: the sealer that keeps
/// TOTP secrets and recovery codes at rest, how recovery codes are stored,
/// and the issuer shown in authenticator apps.
#[derive(Debug)]
pub struct TwoFactorSettings {
    /// Seals TOTP secrets and recovery codes.
    pub sealer: Sealer,
    /// Sealed (viewable) or hash-only recovery codes.
    pub recovery_storage: RecoveryStorage,
    /// The issuer name in the otpauth URI.
    pub issuer: String,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Its identifier.
    pub user_id: UserId,
    /// Its login.
    pub login: Login,
    /// Argon2id hash of its password.
    pub password_hash: PasswordHash,
    /// When it was created.
    pub created_at: u64,
    /// Sessions opened under another epoch are over.
    pub session_epoch: u64,
    /// The second factor, when on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<TwoFactor>,
    /// A secret from Setup2FA waiting for its first code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_setup: Option<PendingSetup>,
    /// Wrong codes from the app, and the lock or stop they caused.
    #[serde(default, alias = "secondFactor")]
    pub totp_failures: FailureState,
    /// Wrong recovery codes, and the lock they caused.
    #[serde(default)]
    pub recovery_failures: FailureState,
    /// The id the next personal access token gets (ids are never reused).
    #[serde(default)]
    pub last_token_id: u32,
    /// The version of the newest set of recovery codes: every new set
    /// (Enable2FA, Regenerate2FABackupCodes) raises it, and it never goes
    /// back, across Disable2FA too, so a confirmation names one set only.
    #[serde(default)]
    pub recovery_codes_version: u64,
    /// An operator reset 2FA: the password may be how it was lost, so it
    /// must be changed before the account does anything else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_change_required: bool,
}

/// An enabled second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactor {
    secret: Sealed,
    /// When it was switched on.
    pub enabled_at: u64,
    /// The last TOTP step accepted; codes at or below it are replays.
    pub last_step: u64,
    recovery: RecoveryCodes,
}

/// A secret waiting for its first code, bound to the session that asked
/// for it (the one that passed the password pop-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingSetup {
    secret: Sealed,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecoveryCodes {
    storage: StoredCodes,
    used_at: Vec<Option<u64>>,
    /// The owner confirmed saving this set. Sets stored before this was
    /// recorded count as confirmed: their owners were never asked here.
    #[serde(default = "stored_before_confirmation")]
    confirmed: bool,
}

fn stored_before_confirmation() -> bool {
    true
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "mode")]
enum StoredCodes {
    /// The normalised codes, newline-separated, sealed.
    Sealed { codes: Sealed },
    /// Keyed hashes of the normalised codes.
    Hashed { hashes: Vec<String> },
}

impl std::fmt::Debug for StoredCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredCodes::Sealed { codes } => {
                f.debug_struct("Sealed").field("codes", codes).finish()
            }
            // A keyed hash of a 49-bit code is offline-crackable by whoever
            // also has the key: never printed.
            StoredCodes::Hashed { hashes } => f
                .debug_struct("Hashed")
                .field("count", &hashes.len())
                .finish_non_exhaustive(),
        }
    }
}

/// What [`Account::reseal`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Sealed values now under the current key that were not.
    pub values: usize,
    /// Hash-only recovery codes still hashed under an older key.
    pub hashes_under_old_keys: usize,
}

/// A change the account refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// 2FA is on already.
    #[error("two-factor authentication is already on")]
    TwoFactorAlreadyEnabled,
    /// 2FA is off.
    #[error("two-factor authentication is not on")]
    TwoFactorNotEnabled,
    /// No Setup2FA secret, or it expired.
    #[error("there is no pending secret")]
    NoPendingSetup,
    /// The pending secret belongs to another session's set-up.
    #[error("the set-up was started in another session")]
    SetupOfAnotherSession,
    /// The code does not match the pending secret; counted. The account
    /// changed (the count, or the discarded set-up) and must be saved.
    #[error("the code is wrong")]
    WrongCode {
        /// Wrong codes left before the set-up is discarded; 0 when this
        /// one discarded it.
        attempts_left: u32,
    },
    /// The confirmation names a set of recovery codes that a newer one
    /// replaced.
    #[error("those recovery codes were replaced by newer ones")]
    RecoveryCodesReplaced,
    /// A sealed value did not open: the sealing key changed or data is damaged.
    #[error("sealed data does not open with the configured key")]
    Unseal,
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

/// The recovery codes as "View Recovery Codes" shows them.
#[derive(Debug, Clone)]
pub struct RecoveryView {
    /// Each code and when it was used; `None` in hash-only mode.
    pub codes: Option<Vec<(RecoveryCode, Option<u64>)>>,
    /// Unused codes.
    pub left: u32,
}

fn totp_context(user: &UserId) -> String {
    format!("{user}/totp")
}

fn recovery_context(user: &UserId) -> String {
    format!("{user}/recovery")
}

impl Account {
    /// A new account without a second factor.
    pub fn new(user_id: UserId, login: Login, password_hash: PasswordHash, now: u64) -> Self {
        Account {
            user_id,
            login,
            password_hash,
            created_at: now,
            session_epoch: 0,
            two_factor: None,
            pending_setup: None,
            totp_failures: FailureState::default(),
            recovery_failures: FailureState::default(),
            last_token_id: 0,
            recovery_codes_version: 0,
            password_change_required: false,
        }
    }

    /// The id of a new personal access token: one more than the last.
    pub fn next_token_id(&mut self) -> u32 {
        self.last_token_id = self.last_token_id.saturating_add(1);
        self.last_token_id
    }

    /// Seals again, under the current key, every secret sealed under an
    /// older one: the TOTP secret, a pending set-up's secret, sealed
    /// recovery codes. Returns what it did. Hash-only recovery codes cannot
    /// be re-keyed (only their hashes are kept): they keep naming their key
    /// until the owner regenerates them, and are counted in the outcome.
    pub fn reseal(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
    ) -> Result<Resealed, AccountError> {
        let sealer = &settings.sealer;
        let user = self.user_id.clone();
        let mut outcome = Resealed::default();
        // Every value is opened, those under the current key too: a key
        // configured under the right id but with the wrong bytes fails
        // here, before anyone is told that nothing is left to re-seal.
        let mut again = |sealed: &mut Sealed, context: &str| -> Result<(), AccountError> {
            let plain = sealer
                .open(sealed, context)
                .map_err(|_| AccountError::Unseal)?;
            if !sealer.is_current(sealed) {
                *sealed = sealer.seal(rng, &plain, context);
                outcome.values += 1;
            }
            Ok(())
        };
        if let Some(pending) = self.pending_setup.as_mut() {
            again(&mut pending.secret, &totp_context(&user))?;
        }
        if let Some(two_factor) = self.two_factor.as_mut() {
            again(&mut two_factor.secret, &totp_context(&user))?;
            match &mut two_factor.recovery.storage {
                StoredCodes::Sealed { codes } => again(codes, &recovery_context(&user))?,
                StoredCodes::Hashed { hashes } => {
                    outcome.hashes_under_old_keys =
                        hashes.iter().filter(|h| !sealer.is_current_hash(h)).count();
                }
            }
        }
        Ok(outcome)
    }

    /// True when 2FA is on and few recovery codes are left: time to make
    /// new ones.
    pub fn recovery_codes_low(&self) -> bool {
        self.two_factor_enabled()
            && self.recovery_codes_left() <= twofold_api::account::RECOVERY_CODES_LOW
    }

    /// True when sign-in needs a second factor.
    pub fn two_factor_enabled(&self) -> bool {
        self.two_factor.is_some()
    }

    /// Unused recovery codes (0 without 2FA).
    pub fn recovery_codes_left(&self) -> u32 {
        self.two_factor.as_ref().map_or(0, |tf| {
            let unused = tf.recovery.used_at.iter().filter(|u| u.is_none()).count();
            u32::try_from(unused).unwrap_or(u32::MAX)
        })
    }

    /// The version of the current recovery codes (None without 2FA).
    pub fn recovery_codes_version(&self) -> Option<u64> {
        self.two_factor_enabled()
            .then_some(self.recovery_codes_version)
    }

    /// True when 2FA is on and its owner confirmed saving the current
    /// recovery codes.
    pub fn recovery_codes_confirmed(&self) -> bool {
        self.two_factor
            .as_ref()
            .is_some_and(|tf| tf.recovery.confirmed)
    }

    /// Confirm2FABackupCodes: the owner saved the codes of `version`. Only
    /// the current set can be confirmed, so a confirmation sent for a set
    /// that was replaced meanwhile leaves the new one unconfirmed. Returns
    /// false when there was nothing to change (confirmed already).
    pub fn confirm_recovery_codes(&mut self, version: u64) -> Result<bool, AccountError> {
        let current = self.recovery_codes_version;
        let two_factor = self
            .two_factor
            .as_mut()
            .ok_or(AccountError::TwoFactorNotEnabled)?;
        if version != current {
            return Err(AccountError::RecoveryCodesReplaced);
        }
        let changed = !two_factor.recovery.confirmed;
        two_factor.recovery.confirmed = true;
        Ok(changed)
    }

    /// A new version for a new set of recovery codes.
    fn next_recovery_codes_version(&mut self) -> u64 {
        self.recovery_codes_version = self.recovery_codes_version.saturating_add(1);
        self.recovery_codes_version
    }

    /// Ends every session but the one the caller restamps with the returned
    /// epoch.
    pub fn end_other_sessions(&mut self) -> u64 {
        self.session_epoch = self.session_epoch.saturating_add(1);
        self.session_epoch
    }

    /// ChangePassword: `new_hash` replaces the password hash and every other
    /// session ends (one may be a password thief's); returns the epoch the
    /// caller restamps its own session with. The caller checked the old
    /// password (and, with 2FA on, a code) and hashed the new one.
    pub fn change_password(&mut self, new_hash: PasswordHash) -> u64 {
        self.password_hash = new_hash;
        self.password_change_required = false;
        self.end_other_sessions()
    }

    /// Setup2FA: a new pending secret (replacing any earlier one), which
    /// only `session` may confirm. Refused while 2FA is on: to bind a new
    /// phone, disable first.
    pub fn start_setup(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        now: u64,
        session: &TokenHash,
    ) -> Result<(Enrollment, u64), AccountError> {
        if self.two_factor.is_some() {
            return Err(AccountError::TwoFactorAlreadyEnabled);
        }
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
        let sealed_secret = pending.secret.clone();
        let (recovery, codes) = new_recovery_codes(settings, rng, &self.user_id);
        self.next_recovery_codes_version();
        self.two_factor = Some(TwoFactor {
            secret: sealed_secret,
            enabled_at: now,
            last_step: step,
            recovery,
        });
        self.pending_setup = None;
        self.totp_failures.reset();
        self.recovery_failures.reset();
        self.end_other_sessions();
        Ok(codes)
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
            SecondFactorInput::Totp(code) => {
                let secret = open_secret(settings, &two_factor.secret, &user_id)
                    .map_err(|_| SecondFactorFailure::Unseal)?;
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
            SecondFactorInput::Recovery(code) => {
                let index = two_factor
                    .recovery
                    .find(settings, &user_id, code)
                    .map_err(|_| SecondFactorFailure::Unseal)?;
                let unused = index.and_then(|i| {
                    two_factor
                        .recovery
                        .used_at
                        .get_mut(i)
                        .filter(|used| used.is_none())
                });
                match unused {
                    Some(used_at) => {
                        *used_at = Some(now);
                        true
                    }
                    None => false,
                }
            }
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

    /// Get2FABackupCodes: the codes (sealed mode) or only how many are left.
    pub fn view_recovery_codes(
        &self,
        settings: &TwoFactorSettings,
    ) -> Result<RecoveryView, AccountError> {
        let two_factor = self
            .two_factor
            .as_ref()
            .ok_or(AccountError::TwoFactorNotEnabled)?;
        let left = self.recovery_codes_left();
        let codes = match &two_factor.recovery.storage {
            StoredCodes::Hashed { .. } => None,
            StoredCodes::Sealed { codes } => {
                let plain = open_codes(settings, codes, &self.user_id)?;
                let parsed = plain
                    .split('\n')
                    .map(RecoveryCode::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| AccountError::Unseal)?;
                Some(
                    parsed
                        .into_iter()
                        .zip(two_factor.recovery.used_at.iter().copied())
                        .collect(),
                )
            }
        };
        Ok(RecoveryView { codes, left })
    }

    /// Regenerate2FABackupCodes: a new set replaces the old one at once, and
    /// other sessions end (the codes may have leaked with one of them).
    pub fn regenerate_recovery_codes(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
    ) -> Result<Vec<RecoveryCode>, AccountError> {
        let user_id = self.user_id.clone();
        if self.two_factor.is_none() {
            return Err(AccountError::TwoFactorNotEnabled);
        }
        self.next_recovery_codes_version();
        let (recovery, codes) = new_recovery_codes(settings, rng, &user_id);
        if let Some(two_factor) = self.two_factor.as_mut() {
            two_factor.recovery = recovery;
        }
        self.end_other_sessions();
        Ok(codes)
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

fn open_codes(
    settings: &TwoFactorSettings,
    sealed: &Sealed,
    user: &UserId,
) -> Result<Zeroizing<String>, AccountError> {
    let bytes = settings
        .sealer
        .open(sealed, &recovery_context(user))
        .map_err(|_| AccountError::Unseal)?;
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| AccountError::Unseal)
}

fn new_recovery_codes(
    settings: &TwoFactorSettings,
    rng: &mut impl SecureRng,
    user: &UserId,
) -> (RecoveryCodes, Vec<RecoveryCode>) {
    let codes = RecoveryCode::generate_set(rng);
    let context = recovery_context(user);
    let storage = match settings.recovery_storage {
        RecoveryStorage::Sealed => {
            let joined = Zeroizing::new(
                codes
                    .iter()
                    .map(RecoveryCode::normalised)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            StoredCodes::Sealed {
                codes: settings.sealer.seal(rng, joined.as_bytes(), &context),
            }
        }
        RecoveryStorage::HashOnly => StoredCodes::Hashed {
            hashes: codes
                .iter()
                .map(|c| {
                    settings
                        .sealer
                        .keyed_hash(&context, c.normalised().as_bytes())
                })
                .collect(),
        },
    };
    (
        RecoveryCodes {
            storage,
            used_at: vec![None; COUNT],
            confirmed: false,
        },
        codes,
    )
}

impl RecoveryCodes {
    /// The position of `code` in the set, comparing every entry in constant
    /// time.
    fn find(
        &self,
        settings: &TwoFactorSettings,
        user: &UserId,
        code: &RecoveryCode,
    ) -> Result<Option<usize>, AccountError> {
        let context = recovery_context(user);
        let candidates: Vec<Zeroizing<String>> = match &self.storage {
            StoredCodes::Sealed { codes } => open_codes(settings, codes, user)?
                .split('\n')
                .map(|c| Zeroizing::new(c.to_owned()))
                .collect(),
            StoredCodes::Hashed { hashes } => {
                hashes.iter().map(|h| Zeroizing::new(h.clone())).collect()
            }
        };
        let mut found = None;
        for (i, candidate) in candidates.iter().enumerate() {
            // Each hash is compared with the offered code hashed under the
            // key that made it (keys rotate; see `Sealer`).
            let offered = match &self.storage {
                StoredCodes::Sealed { .. } => Zeroizing::new(code.normalised().to_owned()),
                StoredCodes::Hashed { .. } => Zeroizing::new(
                    settings
                        .sealer
                        .keyed_hash_like(candidate, &context, code.normalised().as_bytes())
                        .ok_or(AccountError::Unseal)?,
                ),
            };
            if bool::from(candidate.as_bytes().ct_eq(offered.as_bytes())) && found.is_none() {
                found = Some(i);
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests;
