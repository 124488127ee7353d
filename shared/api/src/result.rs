//! Result codes: the stable numbers in every response's `result` field.
//!
//! Numbers never change meaning once published; new failures get new numbers.
//! Ranges: 1xx bad request, 2xx credentials and sessions, 3xx second factor,
//! 4xx account state, 5xx server.

use serde::{Deserialize, Serialize};

macro_rules! result_codes {
    ($($variant:ident = $code:literal, $status:literal, $text:literal;)*) => {
        /// Why a call failed (or `Ok`). Serialised as its number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ResultCode {
            $(#[doc = $text] $variant,)*
        }

        impl ResultCode {
            /// Every code.
            pub const ALL: &'static [ResultCode] = &[$(ResultCode::$variant,)*];

            /// The number sent in `result`.
            pub const fn code(self) -> u16 {
                match self { $(ResultCode::$variant => $code,)* }
            }

            /// The HTTP status that accompanies the code.
            pub const fn http_status(self) -> u16 {
                match self { $(ResultCode::$variant => $status,)* }
            }

            /// A sentence for people, used when the server has nothing more
            /// specific to say.
            pub const fn default_message(self) -> &'static str {
                match self { $(ResultCode::$variant => $text,)* }
            }

            /// The code with this number, if there is one.
            pub fn from_code(code: u16) -> Option<ResultCode> {
                match code { $($code => Some(ResultCode::$variant),)* _ => None }
            }
        }
    };
}

result_codes! {
    Ok = 0, 200, "Success.";
    MalformedRequest = 100, 400, "The request body could not be read as JSON or form fields.";
    MissingParameter = 101, 400, "A required parameter is missing.";
    InvalidParameter = 102, 400, "A parameter has the wrong type or format.";
    UnknownMethod = 103, 404, "There is no such method.";
    BodyTooLarge = 104, 413, "The request body is too large.";
    MethodNotAllowed = 105, 405, "Methods are called with POST.";
    UnsupportedMediaType = 106, 415, "Send parameters as application/json or application/x-www-form-urlencoded.";
    InvalidCredentials = 200, 401, "The login or the password is wrong.";
    NotSignedIn = 201, 401, "Sign in first: the session is missing, expired or ended.";
    SecondFactorRequired = 202, 401, "This session still needs the second factor: call Verify2FACode.";
    PasswordConfirmationRequired = 203, 403, "Confirm your password first: send password on this call, or call CheckPassword.";
    TooManySignInAttempts = 204, 429, "Too many failed sign-ins; try again later.";
    CsrfRejected = 205, 403, "A cookie-authenticated call must send JSON or the client header.";
    NotAPendingSession = 206, 401, "Verify2FACode takes the pending session that SignIn returned.";
    TokenMethodRefused = 207, 403, "This token may not call this method.";
    TooManySignUps = 208, 429, "Too many sign-ups from this network; try again later.";
    SecondFactorConfirmationRequired = 209, 403, "With two-factor authentication on, this also needs a code from your authenticator app or a recovery code (send code, with the password or after CheckPassword with a code); the code you signed in with does not count.";
    InvalidCode = 300, 401, "The code is not valid.";
    SecondFactorLocked = 301, 429, "Too many wrong codes; the second factor is locked for a while.";
    TotpStopped = 302, 403, "Too many wrong codes in a row: codes from the app are refused until you sign in with a recovery code.";
    CodeJustUsed = 303, 401, "That code was just used: wait for the next one from the app.";
    KeyRefused = 304, 401, "The security key's answer was refused: it is not a key of this account, or it answered another site or another request.";
    KeyCheckGone = 305, 409, "That key check expired or was already answered: start a new one.";
    KeyCloneSuspected = 306, 403, "The key's signature counter went backwards, so it may have been copied: sign in another way and remove it.";
    TwoFactorAlreadyEnabled = 400, 409, "Two-factor authentication is already on.";
    TwoFactorNotEnabled = 401, 409, "Two-factor authentication is not on.";
    NoPendingSetup = 402, 409, "Start the setup again (Setup2FA): there is no pending secret.";
    LoginTaken = 403, 409, "That login is taken.";
    SignUpDisabled = 404, 403, "Sign-up is switched off on this server.";
    TooManyTokens = 405, 409, "This account has the most personal access tokens allowed: delete some first.";
    RecoveryCodesReplaced = 406, 409, "Those recovery codes were replaced by newer ones: confirm the current ones.";
    PasswordChangeRequired = 407, 403, "An operator reset this account's two-factor authentication: choose a new password (ChangePassword) before anything else.";
    NoSecurityKeys = 408, 409, "This account has no security key: use a code instead.";
    LastSecondFactor = 409, 409, "That is the account's last second factor: turn two-factor authentication off instead (Disable2FA).";
    TooManySecurityKeys = 410, 409, "This account has the most security keys allowed: remove one first.";
    SecurityKeyNotFound = 411, 404, "There is no such security key on this account.";
    KeyAlreadyAdded = 412, 409, "That key is already added to this account.";
    NoPendingEmail = 413, 409, "There is no address waiting for a code: set it again (SetNotificationEmail).";
    NoNotificationEmail = 414, 409, "This account has no confirmed address for security notices.";
    NotMeLinkInvalid = 415, 403, "That link is not one this server sent in a security notice, or it was altered: copy the whole link from the mail.";
    NotMeLinkExpired = 416, 410, "That link expired: the links in security notices work for 72 hours. Sign in and change your password, or ask the operator for help.";
    NotMeLinkUsed = 417, 409, "That link was used already: it works once.";
    NothingToRestore = 418, 409, "This link cannot put the account back: the change took nothing back a code could prove, or it was put back already. Every session and token it could end was ended; ask the operator for help.";
    UndoTriesUsed = 419, 429, "Too many wrong codes with this link: it no longer puts the account back. The sessions and tokens it ended stay ended; ask the operator for help.";
    Busy = 500, 503, "The account is changing too fast; try again.";
    Internal = 501, 500, "Something went wrong on our side.";
    NoClientAddress = 502, 500, "The server could not tell the caller's network address, so it will not check passwords (run it behind API Gateway's HTTP API).";
    Unavailable = 503, 503, "The service is busy or briefly unavailable; try again shortly.";
}

impl ResultCode {
    /// True for the codes that say how long to wait: their answers carry
    /// `retryAfter` and the `Retry-After` header.
    pub const fn asks_to_wait(self) -> bool {
        matches!(
            self,
            ResultCode::TooManySignInAttempts
                | ResultCode::TooManySignUps
                | ResultCode::SecondFactorLocked
                | ResultCode::CodeJustUsed
                | ResultCode::Busy
                | ResultCode::Unavailable
        )
    }
}

impl Serialize for ResultCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.code())
    }
}

impl<'de> Deserialize<'de> for ResultCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = u16::deserialize(deserializer)?;
        ResultCode::from_code(code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown result code {code}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_codes_are_unique_and_round_trip_through_their_number() {
        let mut seen = std::collections::HashSet::new();
        for &code in ResultCode::ALL {
            assert!(seen.insert(code.code()), "{code:?} reuses {}", code.code());
            assert_eq!(ResultCode::from_code(code.code()), Some(code));
        }
    }

    #[test]
    fn only_ok_comes_with_a_success_status() {
        for &code in ResultCode::ALL {
            assert_eq!(code == ResultCode::Ok, code.http_status() < 300, "{code:?}");
        }
    }
}
