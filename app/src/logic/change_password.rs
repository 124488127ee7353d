//! The Change Password form as typed, checked before it is sent (a
//! mismatched confirmation never reaches the server), and which field a
//! refusal points at.

use twofold_api::account::ChangePasswordRequest;
use twofold_api::tokens::Selection;
use twofold_api::{params, ResultCode};

use twofold_api::limits::MIN_PASSWORD_CHARS;

use crate::api::Failure;
use crate::logic::messages;
use crate::logic::second_factor::is_about_the_code;

/// The fields of the Change Password form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Current password.
    Current,
    /// New password.
    New,
    /// Confirm new password.
    Confirm,
    /// The code from the app, or a recovery code (with 2FA on).
    Code,
}

/// What the person typed and chose.
#[derive(Debug, Clone)]
pub struct Typed<'a> {
    /// Current password.
    pub current: &'a str,
    /// New password.
    pub new: &'a str,
    /// Confirm new password.
    pub confirm: &'a str,
    /// The code to send, or why it cannot be sent, in words
    /// ([`crate::logic::second_factor::SecondFactorEntry::code_to_send`]);
    /// `None` when the form asks for none (2FA off, or this session's
    /// step-up proved a second factor).
    pub code: Option<Result<String, String>>,
    /// The tokens to keep ([`crate::logic::token_keep::TokenKeep::selection`]).
    pub keep_tokens: Option<Selection<u32>>,
}

/// The ChangePassword request for what was typed, or the field at fault
/// and why, in words. The server checks the rest (the length cap, whether
/// the passwords and the code are right).
pub fn change_password_request(typed: Typed<'_>) -> Result<ChangePasswordRequest, (Field, String)> {
    if typed.current.is_empty() {
        return Err((Field::Current, messages::ENTER_CURRENT_PASSWORD.into()));
    }
    if typed.new.chars().count() < MIN_PASSWORD_CHARS {
        return Err((Field::New, messages::password_too_short(MIN_PASSWORD_CHARS)));
    }
    if typed.new == typed.current {
        return Err((Field::New, messages::NEW_PASSWORD_UNCHANGED.into()));
    }
    if typed.confirm != typed.new {
        return Err((Field::Confirm, messages::NEW_PASSWORDS_DIFFER.into()));
    }
    let code = typed
        .code
        .transpose()
        .map_err(|words| (Field::Code, words))?;
    Ok(ChangePasswordRequest {
        old_password: typed.current.into(),
        new_password: typed.new.into(),
        code,
        keep_tokens: typed.keep_tokens,
    })
}

/// The field a refusal from the server is about, to mark and focus it.
pub fn field_at_fault(failure: &Failure) -> Option<Field> {
    if is_about_the_code(failure) {
        return Some(Field::Code);
    }
    let Failure::Api(error) = failure else {
        return None;
    };
    match error.result {
        ResultCode::InvalidCredentials => Some(Field::Current),
        ResultCode::InvalidParameter | ResultCode::MissingParameter => {
            match error.parameter.as_deref() {
                Some(params::NEW_PASSWORD) => Some(Field::New),
                Some(params::OLD_PASSWORD) => Some(Field::Current),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn typed<'a>(current: &'a str, new: &'a str, confirm: &'a str) -> Typed<'a> {
        Typed {
            current,
            new,
            confirm,
            code: None,
            keep_tokens: None,
        }
    }

    #[test]
    fn a_mismatched_confirmation_is_caught_before_sending() {
        let (field, words) =
            change_password_request(typed("old password", "new password", "new passwort"))
                .unwrap_err();
        assert_eq!(field, Field::Confirm);
        assert_eq!(words, messages::NEW_PASSWORDS_DIFFER);
    }

    #[test]
    fn the_current_password_is_needed_and_the_new_one_must_be_long_and_different() {
        assert_eq!(
            change_password_request(typed("", "new password", "new password"))
                .unwrap_err()
                .0,
            Field::Current
        );
        assert_eq!(
            change_password_request(typed("old password", "short", "short")).unwrap_err(),
            (Field::New, messages::password_too_short(8))
        );
        assert_eq!(
            change_password_request(typed("same password", "same password", "same password"))
                .unwrap_err(),
            (Field::New, messages::NEW_PASSWORD_UNCHANGED.into())
        );
    }

    #[test]
    fn the_passwords_are_sent_as_typed_and_no_code_without_2fa() {
        let request =
            change_password_request(typed(" old password", "new password ", "new password "))
                .unwrap();
        assert_eq!(request.old_password, " old password");
        assert_eq!(request.new_password, "new password ");
        assert_eq!(request.code, None);
    }

    #[test]
    fn the_code_and_the_tokens_to_keep_go_with_the_passwords() {
        let request = change_password_request(Typed {
            code: Some(Ok("123456".into())),
            keep_tokens: Some(Selection::Only(vec![2, 7])),
            ..typed("old password", "new password", "new password")
        })
        .unwrap();
        assert_eq!(request.code.as_deref(), Some("123456"));
        assert_eq!(request.keep_tokens, Some(Selection::Only(vec![2, 7])));
    }

    #[test]
    fn a_code_that_cannot_be_sent_is_named_after_the_passwords() {
        let refused = change_password_request(Typed {
            code: Some(Err(messages::TYPE_THE_SIX_DIGITS.into())),
            ..typed("old password", "new password", "new password")
        })
        .unwrap_err();
        assert_eq!(refused, (Field::Code, messages::TYPE_THE_SIX_DIGITS.into()));
        let first = change_password_request(Typed {
            code: Some(Err(messages::TYPE_THE_SIX_DIGITS.into())),
            ..typed("old password", "new password", "other password")
        })
        .unwrap_err();
        assert_eq!(first.0, Field::Confirm);
    }

    #[test]
    fn a_refusal_points_at_the_field_it_is_about() {
        let refused = |result, parameter: Option<&str>| {
            let mut error = ApiError::new(result);
            error.parameter = parameter.map(str::to_owned);
            field_at_fault(&Failure::Api(error))
        };
        assert_eq!(
            refused(ResultCode::InvalidCredentials, None),
            Some(Field::Current)
        );
        assert_eq!(
            refused(ResultCode::InvalidParameter, Some("newPassword")),
            Some(Field::New)
        );
        assert_eq!(refused(ResultCode::InvalidCode, None), Some(Field::Code));
        assert_eq!(refused(ResultCode::CodeJustUsed, None), Some(Field::Code));
        assert_eq!(
            refused(ResultCode::SecondFactorConfirmationRequired, None),
            Some(Field::Code)
        );
        assert_eq!(
            refused(ResultCode::MissingParameter, Some("code")),
            Some(Field::Code)
        );
        assert_eq!(refused(ResultCode::Busy, None), None);
        assert_eq!(field_at_fault(&Failure::Network), None);
    }
}
