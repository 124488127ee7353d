//! Login and password as typed into the sign-in and sign-up forms, checked
//! before they are sent, so that the plain mistakes are named at once.

use twofold_api::authentication::{SignInRequest, SignUpRequest};

use twofold_api::{limits::MIN_PASSWORD_CHARS, params, ResultCode};

use crate::api::Failure;
use crate::logic::messages;

/// The SignIn request for what was typed, or why it cannot be sent.
pub fn sign_in_request(login: &str, password: &str) -> Result<SignInRequest, Refusal> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        let at_fault = AtFault {
            login: login.is_empty(),
            password: password.is_empty(),
        };
        return Err(Refusal::new(messages::ENTER_LOGIN_AND_PASSWORD, at_fault));
    }
    Ok(SignInRequest {
        login: login.into(),
        password: password.into(),
    })
}

/// The SignUp request for what was typed, or why it cannot be sent. The
/// server checks the rest (the login's characters, the password's length
/// cap).
pub fn sign_up_request(login: &str, password: &str) -> Result<SignUpRequest, Refusal> {
    let login = login.trim();
    if login.is_empty() {
        return Err(Refusal::new(messages::CHOOSE_A_LOGIN, AtFault::LOGIN));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Refusal::new(
            messages::password_too_short(MIN_PASSWORD_CHARS),
            AtFault::PASSWORD,
        ));
    }
    Ok(SignUpRequest {
        login: login.into(),
        password: password.into(),
    })
}

/// The fields of the sign-in or sign-up form a refusal is about, for
/// `aria-invalid` on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AtFault {
    /// The login field.
    pub login: bool,
    /// The password field.
    pub password: bool,
}

impl AtFault {
    /// Neither field: the form was right, something else failed.
    pub const NONE: AtFault = AtFault {
        login: false,
        password: false,
    };
    /// The login.
    pub const LOGIN: AtFault = AtFault {
        login: true,
        password: false,
    };
    /// The password.
    pub const PASSWORD: AtFault = AtFault {
        login: false,
        password: true,
    };
    /// Both: the server does not say which of them is wrong.
    pub const BOTH: AtFault = AtFault {
        login: true,
        password: true,
    };

    /// The fields a refused SignIn or SignUp is about: the one the
    /// server's `parameter` names; both for a wrong login or password (the
    /// server does not say which, on purpose); the login when it is taken;
    /// none for anything else, whatever the words say (a throttle, a
    /// server fault, no network).
    pub fn of_failure(failure: &Failure) -> AtFault {
        let Failure::Api(error) = failure else {
            return AtFault::NONE;
        };
        match (error.result, error.parameter.as_deref()) {
            (_, Some(params::LOGIN)) => AtFault::LOGIN,
            (_, Some(params::PASSWORD)) => AtFault::PASSWORD,
            (ResultCode::InvalidCredentials, _) => AtFault::BOTH,
            (ResultCode::LoginTaken, _) => AtFault::LOGIN,
            _ => AtFault::NONE,
        }
    }
}

/// Why the form was not sent, and the fields at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The words under the form.
    pub words: String,
    /// The fields to mark.
    pub at_fault: AtFault,
}

impl Refusal {
    fn new(words: impl Into<String>, at_fault: AtFault) -> Self {
        Refusal {
            words: words.into(),
            at_fault,
        }
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    #[test]
    fn sign_in_sends_the_login_trimmed_and_the_password_as_typed() {
        let request = sign_in_request("  ada ", " pass word ").unwrap();
        assert_eq!(request.login, "ada");
        assert_eq!(request.password, " pass word ");
    }

    #[test]
    fn sign_in_needs_both_fields() {
        for (login, password) in [("", "secret"), ("   ", "secret"), ("ada", "")] {
            assert_eq!(
                sign_in_request(login, password).unwrap_err().words,
                messages::ENTER_LOGIN_AND_PASSWORD
            );
        }
    }

    #[test]
    fn sign_up_needs_a_login_then_eight_characters_of_password() {
        assert_eq!(
            sign_up_request(" ", "long enough").unwrap_err().words,
            messages::CHOOSE_A_LOGIN
        );
        assert_eq!(
            sign_up_request("ada", "1234567").unwrap_err().words,
            messages::password_too_short(8)
        );
        assert!(
            sign_up_request("ada", "ééééééé").is_err(),
            "characters are counted, not bytes"
        );
        let request = sign_up_request(" ada ", "12345678").unwrap();
        assert_eq!(request.login, "ada");
    }

    fn refused(result: ResultCode, parameter: Option<&str>) -> Failure {
        let mut error = ApiError::new(result);
        error.parameter = parameter.map(str::to_owned);
        Failure::Api(error)
    }

    #[test]
    fn a_refusal_marks_the_field_the_server_names_whatever_its_words() {
        let cases = [
            (
                refused(ResultCode::InvalidParameter, Some("login")),
                AtFault::LOGIN,
            ),
            (
                refused(ResultCode::InvalidParameter, Some("password")),
                AtFault::PASSWORD,
            ),
            (
                refused(ResultCode::MissingParameter, Some("password")),
                AtFault::PASSWORD,
            ),
            // The server does not say which one is wrong, on purpose.
            (refused(ResultCode::InvalidCredentials, None), AtFault::BOTH),
            (refused(ResultCode::LoginTaken, None), AtFault::LOGIN),
            // Words that mention a field, about no field the person typed.
            (refused(ResultCode::NoClientAddress, None), AtFault::NONE),
            (
                refused(ResultCode::TooManySignInAttempts, None),
                AtFault::NONE,
            ),
            (refused(ResultCode::TooManySignUps, None), AtFault::NONE),
            (refused(ResultCode::SignUpDisabled, None), AtFault::NONE),
            (Failure::Network, AtFault::NONE),
        ];
        for (failure, expected) in cases {
            assert_eq!(AtFault::of_failure(&failure), expected, "{failure:?}");
        }
    }

    #[test]
    fn a_form_not_sent_marks_the_empty_or_short_field() {
        assert_eq!(
            sign_in_request("", "secret").unwrap_err().at_fault,
            AtFault::LOGIN
        );
        assert_eq!(
            sign_in_request("ada", "").unwrap_err().at_fault,
            AtFault::PASSWORD
        );
        assert_eq!(
            sign_in_request(" ", "").unwrap_err().at_fault,
            AtFault::BOTH
        );
        assert_eq!(
            sign_up_request("", "long enough").unwrap_err().at_fault,
            AtFault::LOGIN
        );
        assert_eq!(
            sign_up_request("ada", "short").unwrap_err().at_fault,
            AtFault::PASSWORD
        );
    }
}
