//! Login and password as typed into the sign-in and sign-up forms, checked
//! before they are sent, so that the plain mistakes are named at once.

use twofold_api::authentication::{SignInRequest, SignUpRequest};

use twofold_api::limits::{
    MAX_LOGIN_CHARS, MAX_NEW_PASSWORD_CHARS, MIN_LOGIN_CHARS, MIN_PASSWORD_CHARS,
};
use twofold_api::{params, ResultCode};

use crate::api::Failure;
use crate::logic::messages::{self, failure_message, Attempt};

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

/// The SignUp request for what was typed, or what is wrong with each
/// field, all at once (the server's own rules, from `twofold_api::limits`,
/// so that a form it would refuse is not sent).
pub fn sign_up_request(login: &str, password: &str) -> Result<SignUpRequest, FieldWords> {
    let login = login.trim();
    let words = FieldWords {
        login: login_problem(login),
        password: new_password_problem(password),
    };
    if !words.is_empty() {
        return Err(words);
    }
    Ok(SignUpRequest {
        login: login.into(),
        password: password.into(),
    })
}

/// What is wrong with a new login (already trimmed), if anything: 3 to 64
/// of `A-Z a-z 0-9 . _ - @ +`, as `twofold_api::patterns::login` says.
fn login_problem(login: &str) -> Option<String> {
    if login.is_empty() {
        return Some(messages::CHOOSE_A_LOGIN.into());
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-@+".contains(c);
    let length = login.chars().count();
    let fits = (MIN_LOGIN_CHARS..=MAX_LOGIN_CHARS).contains(&length) && login.chars().all(allowed);
    (!fits).then(|| messages::LOGIN_RULES.into())
}

/// What is wrong with a new password, if anything.
fn new_password_problem(password: &str) -> Option<String> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => Some(messages::password_too_short(MIN_PASSWORD_CHARS)),
        n if n > MAX_NEW_PASSWORD_CHARS => Some(messages::PASSWORD_RULES.into()),
        _ => None,
    }
}

/// The words under each field of the sign-up form: every problem at once,
/// each on its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldWords {
    /// Under the login.
    pub login: Option<String>,
    /// Under the password.
    pub password: Option<String>,
}

impl FieldWords {
    /// True when neither field has anything to say.
    pub fn is_empty(&self) -> bool {
        self.login.is_none() && self.password.is_none()
    }

    /// The fields marked `aria-invalid`: those with words.
    pub fn at_fault(&self) -> AtFault {
        AtFault {
            login: self.login.is_some(),
            password: self.password.is_some(),
        }
    }

    /// A refused SignUp: its words under the field it is about, or, about
    /// no field (a throttle, sign-up switched off, no network), as the
    /// second value, for the whole form.
    pub fn of_sign_up_failure(failure: &Failure) -> (FieldWords, Option<String>) {
        let words = failure_message(Attempt::SignUp, failure);
        match AtFault::of_failure(failure) {
            AtFault {
                login: true,
                password: false,
            } => (FieldWords::login(words), None),
            AtFault {
                login: false,
                password: true,
            } => (FieldWords::password(words), None),
            _ => (FieldWords::default(), Some(words)),
        }
    }

    fn login(words: String) -> FieldWords {
        FieldWords {
            login: Some(words),
            password: None,
        }
    }

    fn password(words: String) -> FieldWords {
        FieldWords {
            login: None,
            password: Some(words),
        }
    }
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
    fn sign_up_needs_a_login_and_eight_characters_of_password() {
        assert_eq!(
            sign_up_request(" ", "long enough").unwrap_err(),
            FieldWords::login(messages::CHOOSE_A_LOGIN.into())
        );
        assert_eq!(
            sign_up_request("ada", "1234567").unwrap_err(),
            FieldWords::password(messages::password_too_short(8))
        );
        assert!(
            sign_up_request("ada", "ééééééé").is_err(),
            "characters are counted, not bytes"
        );
        assert!(sign_up_request("ada", "ééééééé8").is_ok());
        let request = sign_up_request(" ada ", "12345678").unwrap();
        assert_eq!(request.login, "ada");
    }

    #[test]
    fn sign_up_names_every_problem_at_once_each_on_its_field() {
        let words = sign_up_request("", "short").unwrap_err();
        assert_eq!(words.login.as_deref(), Some(messages::CHOOSE_A_LOGIN));
        assert_eq!(words.password, Some(messages::password_too_short(8)));
        assert_eq!(words.at_fault(), AtFault::BOTH);

        let words = sign_up_request("a b", &"x".repeat(257)).unwrap_err();
        assert_eq!(words.login.as_deref(), Some(messages::LOGIN_RULES));
        assert_eq!(words.password.as_deref(), Some(messages::PASSWORD_RULES));
    }

    #[test]
    fn a_new_login_keeps_to_the_servers_rules() {
        for fine in [
            "ada",
            "Ada.Lovelace+1@example.org",
            "a_b-c",
            &"a".repeat(64),
        ] {
            assert_eq!(login_problem(fine), None, "{fine:?}");
        }
        for wrong in ["ab", "ada lovelace", "adä", "ada/1", &"a".repeat(65)] {
            assert_eq!(
                login_problem(wrong).as_deref(),
                Some(messages::LOGIN_RULES),
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn a_refused_sign_up_puts_its_words_on_the_field_at_fault() {
        let (fields, form) = FieldWords::of_sign_up_failure(&refused(ResultCode::LoginTaken, None));
        assert_eq!(fields.login.as_deref(), Some(messages::LOGIN_TAKEN));
        assert_eq!((fields.password, form), (None, None));

        let (fields, form) = FieldWords::of_sign_up_failure(&refused(
            ResultCode::InvalidParameter,
            Some("password"),
        ));
        assert_eq!(fields.password.as_deref(), Some(messages::PASSWORD_RULES));
        assert_eq!(form, None);

        let (fields, form) =
            FieldWords::of_sign_up_failure(&refused(ResultCode::SignUpDisabled, None));
        assert!(fields.is_empty());
        assert_eq!(form.as_deref(), Some(messages::SIGN_UP_DISABLED));
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
            sign_up_request("", "long enough").unwrap_err().at_fault(),
            AtFault::LOGIN
        );
        assert_eq!(
            sign_up_request("ada", "short").unwrap_err().at_fault(),
            AtFault::PASSWORD
        );
    }
}
