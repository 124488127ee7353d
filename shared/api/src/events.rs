//! The security log as the API shows it.

use serde::{Deserialize, Serialize};

/// One entry of the security log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// When it happened, in seconds since the epoch.
    pub at: u64,
    /// What happened.
    pub kind: EventKind,
    /// The client's network address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The client's User-Agent, shortened, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Unused recovery codes after the event, where it changed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes_left: Option<u32>,
    /// The personal access token(s) concerned, by description (never the
    /// token itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many tokens were deleted or sessions ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// What a security-log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// The account was created.
    SignedUp,
    /// A full session began with the password alone (2FA off).
    SignedInWithPassword,
    /// A full session began with a code from the authenticator app.
    SignedInWithTotp,
    /// A full session began with a recovery code (now spent).
    SignedInWithRecoveryCode,
    /// A sign-in failed on the password.
    SignInFailed,
    /// A signed-in session gave a wrong password where the password is
    /// asked again (the confirmation pop-up, ChangePassword, the token
    /// methods); counted like a failed sign-in.
    PasswordConfirmationFailed,
    /// The right password was given and the second factor asked for: whoever
    /// did it holds the password.
    PasswordAccepted,
    /// A second-factor code was wrong.
    SecondFactorFailed,
    /// Too many wrong codes: codes of that kind are locked for a while.
    SecondFactorLocked,
    /// A code was refused unread because its kind was locked or stopped.
    SecondFactorRefusedWhileLocked,
    /// Too many wrong app codes in a row: only a recovery code signs in now.
    TotpStopped,
    /// The session confirmed the password (sudo mode).
    PasswordConfirmed,
    /// A new authenticator secret was issued, pending a first code.
    TwoFactorSetupStarted,
    /// A wrong code was given to confirm the set-up.
    TwoFactorSetupCodeFailed,
    /// Too many wrong codes: the pending set-up was discarded.
    TwoFactorSetupDiscarded,
    /// Two-factor authentication was switched on.
    TwoFactorEnabled,
    /// The recovery codes were shown.
    RecoveryCodesViewed,
    /// New recovery codes replaced the old ones; other sessions ended.
    RecoveryCodesRegenerated,
    /// Two-factor authentication was switched off; other sessions ended.
    TwoFactorDisabled,
    /// The password was changed; other sessions ended.
    PasswordChanged,
    /// A session was ended by its owner.
    SignedOut,
    /// A personal access token was made.
    TokenCreated,
    /// A token's description, methods or expiry changed.
    TokenEdited,
    /// A token got a new value; the old one stopped working.
    TokenRegenerated,
    /// Tokens were deleted.
    TokensDeleted,
    /// Other sessions were signed out from the session list.
    SessionsSignedOut,
    /// An operator switched 2FA off for its owner (phone and codes lost),
    /// ending every session; `description` holds the operator's reason.
    TwoFactorResetByOperator,
    /// An operator lifted the second-factor lock and the login's sign-in
    /// throttle.
    UnlockedByOperator,
    /// An operator ended every session.
    SessionsRevokedByOperator,
}

impl EventKind {
    /// A short sentence for the log view.
    pub const fn describe(self) -> &'static str {
        match self {
            EventKind::SignedUp => "Account created",
            EventKind::SignedInWithPassword => "Signed in with password",
            EventKind::SignedInWithTotp => "Signed in with an authentication code",
            EventKind::SignedInWithRecoveryCode => "Signed in with a recovery code",
            EventKind::SignInFailed => "Failed sign-in (wrong password)",
            EventKind::PasswordConfirmationFailed => "Wrong password when asked to confirm it",
            EventKind::PasswordAccepted => "Correct password entered; code asked for",
            EventKind::SecondFactorFailed => "Wrong authentication or recovery code",
            EventKind::SecondFactorLocked => "Second factor locked after too many wrong codes",
            EventKind::SecondFactorRefusedWhileLocked => "Code refused while locked",
            EventKind::TotpStopped => {
                "Authentication codes stopped after too many wrong ones; a recovery code is needed"
            }
            EventKind::PasswordConfirmed => "Password confirmed",
            EventKind::TwoFactorSetupStarted => "Two-factor setup started",
            EventKind::TwoFactorSetupCodeFailed => {
                "Wrong code while setting up two-factor authentication"
            }
            EventKind::TwoFactorSetupDiscarded => {
                "Two-factor setup discarded after too many wrong codes"
            }
            EventKind::TwoFactorEnabled => "Two-factor authentication enabled",
            EventKind::RecoveryCodesViewed => "Recovery codes viewed",
            EventKind::RecoveryCodesRegenerated => "Recovery codes regenerated",
            EventKind::TwoFactorDisabled => "Two-factor authentication disabled",
            EventKind::PasswordChanged => "Password changed; other sessions signed out",
            EventKind::SignedOut => "Signed out",
            EventKind::TokenCreated => "Personal access token created",
            EventKind::TokenEdited => "Personal access token changed",
            EventKind::TokenRegenerated => "Personal access token regenerated",
            EventKind::TokensDeleted => "Personal access tokens deleted",
            EventKind::SessionsSignedOut => "Other sessions signed out",
            EventKind::TwoFactorResetByOperator => {
                "Two-factor authentication switched off by an operator; all sessions ended"
            }
            EventKind::UnlockedByOperator => "Locks lifted by an operator",
            EventKind::SessionsRevokedByOperator => "All sessions ended by an operator",
        }
    }
}
