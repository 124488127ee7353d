//! Which result codes each method can answer: declared once, here, for the
//! OpenAPI description (each status's `result` values) and for the tests,
//! which hold every failure they meet to its method's list.

use crate::{Method, ResultCode};

use ResultCode::*;

/// Any call: the body, its parameters, the cross-site check, our side.
const EVERY_CALL: &[ResultCode] = &[
    MalformedRequest,
    MissingParameter,
    InvalidParameter,
    BodyTooLarge,
    UnsupportedMediaType,
    CsrfRejected,
    Internal,
    Unavailable,
];

/// A method that needs a full session: a missing or ended one, a pending
/// one, a personal access token (refused, naming the method), an account
/// an operator reset.
const SIGNED_IN: &[ResultCode] = &[
    NotSignedIn,
    SecondFactorRequired,
    TokenMethodRefused,
    PasswordChangeRequired,
];

/// A password checked under the sign-in throttle.
const PASSWORD_CHECKED: &[ResultCode] =
    &[InvalidCredentials, TooManySignInAttempts, NoClientAddress];

/// A second factor checked (counted, locked, stopped, replayed).
const CODE_CHECKED: &[ResultCode] = &[InvalidCode, SecondFactorLocked, TotpStopped, CodeJustUsed];

/// A security key's answer checked against its ceremony.
const KEY_CHECKED: &[ResultCode] = &[KeyRefused, KeyCheckGone, KeyCloneSuspected];

/// A step-up of the password alone.
const PASSWORD_STEP_UP: &[ResultCode] = &[PasswordConfirmationRequired];

/// A step-up that wants a second factor too with 2FA on.
const SECOND_FACTOR_STEP_UP: &[ResultCode] = &[
    PasswordConfirmationRequired,
    SecondFactorConfirmationRequired,
];

/// A change that may lose a race with others on the account too often.
const CHANGES: &[ResultCode] = &[Busy];

impl Method {
    /// Every result code but `Ok` a call of this method can answer, in
    /// ascending order.
    pub fn failures(self) -> Vec<ResultCode> {
        let groups: &[&[ResultCode]] = match self {
            Method::SignUp => &[
                &[TooManySignUps, LoginTaken, SignUpDisabled, NoClientAddress],
                CHANGES,
            ],
            Method::SignIn => &[PASSWORD_CHECKED, CHANGES],
            Method::Verify2FACode => &[&[NotSignedIn, NotAPendingSession], CODE_CHECKED, CHANGES],
            Method::SignOut => &[&[TokenMethodRefused]],
            Method::CheckPassword => &[
                SIGNED_IN,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                KEY_CHECKED,
                CHANGES,
            ],
            Method::Start2FAKeyCheck => &[
                &[
                    NotSignedIn,
                    TokenMethodRefused,
                    PasswordChangeRequired,
                    NoSecurityKeys,
                ],
                CHANGES,
            ],
            Method::Verify2FAKey => &[&[NotSignedIn, NotAPendingSession], KEY_CHECKED, CHANGES],
            Method::StartPasskeySignIn => &[&[TooManySignInAttempts, NoClientAddress], CHANGES],
            Method::SignInWithPasskey => &[
                &[TooManySignInAttempts, NoClientAddress],
                KEY_CHECKED,
                CHANGES,
            ],
            Method::ReportNotMe => &[
                &[NotMeLinkInvalid, NotMeLinkExpired, NotMeLinkUsed],
                CHANGES,
            ],
            Method::StartUndoKeyCheck => &[
                &[
                    NotMeLinkInvalid,
                    NotMeLinkExpired,
                    NotMeLinkUsed,
                    NothingToRestore,
                    UndoTriesUsed,
                    NoSecurityKeys,
                ],
                CHANGES,
            ],
            Method::UndoChange => &[
                &[InvalidCode, CodeJustUsed],
                KEY_CHECKED,
                &[
                    NotMeLinkInvalid,
                    NotMeLinkExpired,
                    NotMeLinkUsed,
                    NothingToRestore,
                    UndoTriesUsed,
                ],
                CHANGES,
            ],
            Method::SetNotificationEmail => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                CHANGES,
            ],
            Method::ConfirmNotificationEmail => {
                &[SIGNED_IN, &[InvalidCode, NoPendingEmail], CHANGES]
            }
            Method::SendTestNotice => &[SIGNED_IN, &[NoNotificationEmail], CHANGES],
            Method::Setup2FAKey => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                &[TooManySecurityKeys],
                CHANGES,
            ],
            Method::Enable2FAKey => &[
                SIGNED_IN,
                KEY_CHECKED,
                &[KeyAlreadyAdded, TooManySecurityKeys],
                CHANGES,
            ],
            Method::Rename2FAKey => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                &[SecurityKeyNotFound],
                CHANGES,
            ],
            Method::Remove2FAKey => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                &[SecurityKeyNotFound, LastSecondFactor],
                CHANGES,
            ],
            Method::CreateToken => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                &[TooManyTokens],
                CHANGES,
            ],
            Method::EditToken | Method::RegenerateToken => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                CHANGES,
            ],
            Method::DeleteTokens => &[SIGNED_IN, PASSWORD_STEP_UP, PASSWORD_CHECKED, CHANGES],
            Method::GetTokens | Method::GetSessions => &[SIGNED_IN],
            Method::Authorize | Method::GetAccount | Method::GetEvents => &[SIGNED_IN],
            Method::SignOutSessions => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                CHANGES,
            ],
            Method::Setup2FA => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                CHANGES,
            ],
            Method::Change2FAApp => &[
                SIGNED_IN,
                &[InvalidCode, NoPendingSetup, TwoFactorNotEnabled],
                CHANGES,
            ],
            Method::Enable2FA => &[
                SIGNED_IN,
                &[InvalidCode, NoPendingSetup, TwoFactorAlreadyEnabled],
                CHANGES,
            ],
            Method::Get2FABackupCodes | Method::Regenerate2FABackupCodes | Method::Disable2FA => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                &[TwoFactorNotEnabled],
                CHANGES,
            ],
            Method::Confirm2FABackupCodes => &[
                SIGNED_IN,
                &[TwoFactorNotEnabled, RecoveryCodesReplaced],
                CHANGES,
            ],
            Method::ChangePassword => &[
                SIGNED_IN,
                SECOND_FACTOR_STEP_UP,
                PASSWORD_CHECKED,
                CODE_CHECKED,
                CHANGES,
            ],
        };
        let mut codes: Vec<ResultCode> = EVERY_CALL
            .iter()
            .chain(groups.iter().flat_map(|group| group.iter()))
            .copied()
            .collect();
        codes.sort_by_key(|code| code.code());
        codes.dedup();
        codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_answered_by_some_method_and_ok_by_none() {
        for &code in ResultCode::ALL {
            let answered = Method::ALL.iter().any(|m| m.failures().contains(&code));
            let routing = matches!(code, UnknownMethod | MethodNotAllowed);
            assert_eq!(
                answered,
                code != ResultCode::Ok && !routing,
                "{code:?}: Ok is no failure, and unknown paths or HTTP methods reach no method"
            );
        }
    }
}
