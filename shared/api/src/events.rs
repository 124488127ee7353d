//! The security log as the API shows it.

use serde::{Deserialize, Serialize};

/// One entry of the security log.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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
    /// How many tokens were deleted or sessions ended; for an entry kept
    /// once per window (`passwordAccepted`), how many times it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// For an operator's change: who ran the command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

macro_rules! event_kinds {
    ($($variant:ident => $doc:literal, $describe:literal;)*) => {
        /// What a security-log entry records.
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub enum EventKind {
            $(#[doc = $doc] $variant,)*
        }

        impl EventKind {
            /// Every kind.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// A short sentence for the log view.
            pub const fn describe(self) -> &'static str {
                match self { $(EventKind::$variant => $describe,)* }
            }
        }
    };
}

event_kinds! {
    SignedUp => "The account was created.",
        "Account created";
    SignedInWithPassword => "A full session began with the password alone (2FA off).",
        "Signed in with password";
    SignedInWithTotp => "A full session began with a code from the authenticator app.",
        "Signed in with an authentication code";
    SignedInWithRecoveryCode => "A full session began with a recovery code (now spent).",
        "Signed in with a recovery code";
    SignInFailed => "A sign-in failed on the password.",
        "Failed sign-in (wrong password)";
    PasswordConfirmationFailed => "A signed-in session gave a wrong password where the password is asked again (the confirmation pop-up, ChangePassword, the token methods); counted like a failed sign-in.",
        "Wrong password when asked to confirm it";
    PasswordAccepted => "The right password was given and the second factor asked for: whoever did it holds the password.",
        "Correct password entered; code asked for";
    SecondFactorFailed => "A second-factor code was wrong.",
        "Wrong authentication or recovery code";
    SecondFactorLocked => "Too many wrong codes: codes of that kind are locked for a while.",
        "Second factor locked after too many wrong codes";
    SecondFactorRefusedWhileLocked => "A code was refused unread because its kind was locked or stopped.",
        "Code refused while locked";
    TotpStopped => "Too many wrong app codes in a row: only a recovery code signs in now.",
        "Authentication codes stopped after too many wrong ones; a recovery code is needed";
    PasswordConfirmed => "The session confirmed the password (sudo mode).",
        "Password confirmed";
    PasswordAndCodeConfirmed => "The session confirmed the password and a second factor (a code from the app, or a recovery code, now spent): the step-up sensitive changes need with 2FA on.",
        "Password and code confirmed";
    TwoFactorSetupStarted => "A new authenticator secret was issued, pending a first code.",
        "Two-factor setup started";
    TwoFactorSetupCodeFailed => "A wrong code was given to confirm the set-up.",
        "Wrong code while setting up two-factor authentication";
    TwoFactorSetupDiscarded => "Too many wrong codes: the pending set-up was discarded.",
        "Two-factor setup discarded after too many wrong codes";
    TwoFactorEnabled => "Two-factor authentication was switched on.",
        "Two-factor authentication enabled";
    RecoveryCodesViewed => "The recovery codes were shown.",
        "Recovery codes viewed";
    RecoveryCodesRegenerated => "New recovery codes replaced the old ones; other sessions ended.",
        "Recovery codes regenerated";
    TwoFactorDisabled => "Two-factor authentication was switched off; other sessions ended.",
        "Two-factor authentication disabled";
    PasswordChanged => "The password was changed; other sessions ended.",
        "Password changed; other sessions signed out";
    SignedOut => "A session was ended by its owner.",
        "Signed out";
    TokenCreated => "A personal access token was made.",
        "Personal access token created";
    TokenEdited => "A token's description, methods or expiry changed.",
        "Personal access token changed";
    TokenRegenerated => "A token got a new value; the old one stopped working.",
        "Personal access token regenerated";
    TokensDeleted => "Tokens were deleted.",
        "Personal access tokens deleted";
    TokensEnded => "Tokens were ended by a change that ends sessions (enabling 2FA, a new password, signing out everywhere, an operator); `description` names them.",
        "Personal access tokens ended";
    SessionsSignedOut => "Other sessions were signed out from the session list.",
        "Other sessions signed out";
    TwoFactorResetByOperator => "An operator switched 2FA off for its owner (phone and codes lost), ending every session; `description` holds the operator's reason.",
        "Two-factor authentication switched off by an operator; all sessions ended";
    UnlockedByOperator => "An operator lifted the second-factor lock and the login's sign-in throttle.",
        "Locks lifted by an operator";
    SessionsRevokedByOperator => "An operator ended every session.",
        "All sessions ended by an operator";
}
