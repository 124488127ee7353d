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
    /// When its notice was mailed to the account's address; absent when
    /// it was not (not mailed, no address, or not yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailed_at: Option<u64>,
}

macro_rules! event_kinds {
    ($($variant:ident = $name:literal => $doc:literal, $describe:literal;)*) => {
        /// What a security-log entry records.
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum EventKind {
            $(#[doc = $doc] #[serde(rename = $name)] $variant,)*
        }

        impl EventKind {
            /// Every kind.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// The kind's name on the wire, e.g. `signedInWithTotp`.
            pub const fn name(self) -> &'static str {
                match self { $(EventKind::$variant => $name,)* }
            }

            /// The kind with this wire name, matching case exactly.
            pub fn named(name: &str) -> Option<EventKind> {
                match name { $($name => Some(EventKind::$variant),)* _ => None }
            }

            /// A short sentence for the log view (the Security Log, the
            /// dashboard's summary, the export), in the app's words.
            pub const fn describe(self) -> &'static str {
                match self { $(EventKind::$variant => $describe,)* }
            }
        }
    };
}

event_kinds! {
    SignedUp = "signedUp" => "The account was created.",
        "Account created";
    SignedInWithPassword = "signedInWithPassword" => "A full session began with the password alone (2FA off).",
        "Signed in with password";
    SignedInWithTotp = "signedInWithTotp" => "A full session began with a code from the authenticator app.",
        "Signed in with a code from your authenticator app";
    SignedInWithRecoveryCode = "signedInWithRecoveryCode" => "A full session began with a recovery code (now spent).",
        "Signed in with a recovery code";
    SignedInWithSecurityKey = "signedInWithSecurityKey" => "A full session began with the password and a security key.",
        "Signed in with a security key";
    SignedInWithPasskey = "signedInWithPasskey" => "A full session began with a passkey alone (it verified its owner).",
        "Signed in with a passkey";
    SignedInFromNewBrowser = "signedInFromNewBrowser" => "A full sign-in came from a browser whose device cookie never signed in to this account (or from a script without one); kept once per throttle window with `count`, and mailed.",
        "Signed in from a browser not used for your account before";
    SignInFailed = "signInFailed" => "A sign-in failed on the password.",
        "Failed sign-in (wrong password)";
    PasswordConfirmationFailed = "passwordConfirmationFailed" => "A signed-in session gave a wrong password where the password is asked again (the confirmation pop-up, ChangePassword, the token methods); counted like a failed sign-in.",
        "Wrong password when asked to confirm it";
    PasswordAccepted = "passwordAccepted" => "The right password was given and the second factor asked for: whoever did it holds the password.",
        "Correct password entered; a code was asked for";
    SecondFactorFailed = "secondFactorFailed" => "A second-factor code was wrong.",
        "Wrong code from your authenticator app or wrong recovery code";
    SecondFactorLocked = "secondFactorLocked" => "Too many wrong codes: codes of that kind are locked for a while.",
        "Codes locked for a while after too many wrong ones";
    SecondFactorRefusedWhileLocked = "secondFactorRefusedWhileLocked" => "A code was refused unread because its kind was locked or stopped.",
        "Code refused: codes were locked";
    TotpStopped = "totpStopped" => "Too many wrong app codes in a row: only a recovery code signs in now.",
        "Codes from your authenticator app stopped after too many wrong ones; a recovery code is needed";
    PasswordConfirmed = "passwordConfirmed" => "The session confirmed the password (sudo mode).",
        "Password confirmed";
    PasswordAndCodeConfirmed = "passwordAndCodeConfirmed" => "The session confirmed the password and a second factor (a code from the app, or a recovery code, now spent): the step-up sensitive changes need with 2FA on.",
        "Password and code confirmed";
    PasswordAndKeyConfirmed = "passwordAndKeyConfirmed" => "The session confirmed the password and a security key: the step-up sensitive changes need with 2FA on; `description` names the key.",
        "Password and security key confirmed";
    TwoFactorSetupStarted = "twoFactorSetupStarted" => "A new authenticator secret was issued, pending a first code.",
        "Two-factor authentication set-up started";
    TwoFactorSetupCodeFailed = "twoFactorSetupCodeFailed" => "A wrong code was given to confirm the set-up.",
        "Wrong code while setting up two-factor authentication";
    TwoFactorSetupDiscarded = "twoFactorSetupDiscarded" => "Too many wrong codes: the pending set-up was discarded.",
        "Two-factor authentication set-up cancelled after too many wrong codes";
    TwoFactorEnabled = "twoFactorEnabled" => "Two-factor authentication was switched on.",
        "Two-factor authentication turned on";
    TwoFactorAppChanged = "twoFactorAppChanged" => "A new authenticator app replaced the old one (Change2FAApp); other sessions ended.",
        "Authenticator app changed; other sessions signed out";
    SecurityKeyAdded = "securityKeyAdded" => "A security key or passkey was added; `description` names it.",
        "Security key added";
    SecurityKeyRenamed = "securityKeyRenamed" => "A security key was renamed; `description` holds its new name.",
        "Security key renamed";
    SecurityKeyRemoved = "securityKeyRemoved" => "A security key was removed; `description` names it.",
        "Security key removed";
    SecurityKeyCloneSuspected = "securityKeyCloneSuspected" => "A security key answered with a signature counter that went backwards, as a copy of it would: refused; `description` names it.",
        "Security key refused: it may have been copied";
    NotificationEmailChanged = "notificationEmailChanged" => "A new address for security notices was confirmed; the old one, if any, was told.",
        "Address for security notices changed";
    RecoveryCodesViewed = "recoveryCodesViewed" => "The recovery codes were shown.",
        "Recovery codes viewed";
    RecoveryCodesRegenerated = "recoveryCodesRegenerated" => "New recovery codes replaced the old ones; other sessions ended.",
        "New recovery codes generated; other sessions signed out";
    TwoFactorDisabled = "twoFactorDisabled" => "Two-factor authentication was switched off; other sessions ended.",
        "Two-factor authentication turned off; other sessions signed out";
    PasswordChanged = "passwordChanged" => "The password was changed; other sessions ended.",
        "Password changed; other sessions signed out";
    SignedOut = "signedOut" => "A session was ended by its owner.",
        "Signed out";
    TokenCreated = "tokenCreated" => "A personal access token was made.",
        "Access token generated";
    TokenEdited = "tokenEdited" => "A token's description, methods or expiry changed.",
        "Access token changed";
    TokenRegenerated = "tokenRegenerated" => "A token got a new value; the old one stopped working.",
        "Access token regenerated";
    TokensDeleted = "tokensDeleted" => "Tokens were deleted.",
        "Access tokens removed";
    TokensEnded = "tokensEnded" => "Tokens were ended by a change that ends sessions (enabling 2FA, a new password, signing out everywhere, an operator); `description` names them.",
        "Access tokens stopped working";
    SessionsSignedOut = "sessionsSignedOut" => "Other sessions were signed out from the session list.",
        "Other sessions signed out";
    TwoFactorResetByOperator = "twoFactorResetByOperator" => "An operator switched 2FA off for its owner (phone and codes lost), ending every session; `description` holds the operator's reason.",
        "Two-factor authentication turned off by the operator of this dashboard; all sessions signed out";
    UnlockedByOperator = "unlockedByOperator" => "An operator lifted the second-factor lock and the login's sign-in throttle.",
        "Code locks and sign-in limits lifted by the operator of this dashboard";
    SessionsRevokedByOperator = "sessionsRevokedByOperator" => "An operator ended every session.",
        "All sessions signed out by the operator of this dashboard";
    ReportedNotMe = "reportedNotMe" => "The \"This wasn't me\" link of a security notice was followed: every session and access token ended; `description` names the change the notice told of.",
        "\"This wasn't me\" reported from a security notice; all sessions signed out";
    ChangeUndone = "changeUndone" => "A notice's link put the account back as it was before a change, with a code from before it (now spent): the password and second factor came back, every session and access token ended; `description` names the change.",
        "Change undone from a security notice; password and two-factor authentication put back; all sessions signed out";
}

#[cfg(test)]
mod tests {
    use super::EventKind;

    /// The log speaks the app's words: "your authenticator app", "turned
    /// on/off", "removed", "access token", and no developer's terms.
    #[test]
    fn every_kind_is_described_in_the_apps_words() {
        let jargon = [
            "authentication code",
            "authentication app",
            "second factor",
            "enabled",
            "disabled",
            "deleted",
            "switched",
            "personal access",
            "setup",
            "2fa",
            "totp",
            "an operator",
        ];
        for kind in EventKind::ALL {
            let words = kind.describe().to_lowercase();
            for term in jargon {
                assert!(!words.contains(term), "{term:?} in {kind:?}: {words:?}");
            }
        }
        assert_eq!(
            EventKind::SignedInWithTotp.describe(),
            "Signed in with a code from your authenticator app"
        );
        assert_eq!(EventKind::TokensDeleted.describe(), "Access tokens removed");
    }
}
