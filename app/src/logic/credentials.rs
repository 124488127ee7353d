//! Login and password as typed into the sign-in and sign-up forms, checked
//! before they are sent, so that the plain mistakes are named at once.

use twofold_api::authentication::{SignInRequest, SignUpRequest};

use crate::logic::messages;

/// Shortest password the server accepts.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// The SignIn request for what was typed, or why it cannot be sent.
pub fn sign_in_request(login: &str, password: &str) -> Result<SignInRequest, String> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(messages::ENTER_LOGIN_AND_PASSWORD.into());
    }
    Ok(SignInRequest {
        login: login.into(),
        password: password.into(),
    })
}

/// The SignUp request for what was typed, or why it cannot be sent. The
/// server checks the rest (the login's characters, the password's length
/// cap).
pub fn sign_up_request(login: &str, password: &str) -> Result<SignUpRequest, String> {
    let login = login.trim();
    if login.is_empty() {
        return Err(messages::CHOOSE_A_LOGIN.into());
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(messages::password_too_short(MIN_PASSWORD_CHARS));
    }
    Ok(SignUpRequest {
        login: login.into(),
        password: password.into(),
    })
}

/// Which field a message under the sign-in or sign-up form is about:
/// `(login, password)`, for `aria-invalid` on the field at fault.
pub fn fields_at_fault(message: &str) -> (bool, bool) {
    let login = message.contains("login") || message.contains("Login");
    let password = message.contains("password");
    match (login, password) {
        // "Could not reach the server" and the like: neither field is wrong.
        (false, false) => (false, false),
        other => other,
    }
}

#[cfg(test)]
mod tests {
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
                sign_in_request(login, password).unwrap_err(),
                "Enter your login and your password."
            );
        }
    }

    #[test]
    fn sign_up_needs_a_login_then_eight_characters_of_password() {
        assert_eq!(
            sign_up_request(" ", "long enough").unwrap_err(),
            "Choose a login."
        );
        assert_eq!(
            sign_up_request("ada", "1234567").unwrap_err(),
            "The password needs at least 8 characters."
        );
        assert!(
            sign_up_request("ada", "ééééééé").is_err(),
            "characters are counted, not bytes"
        );
        let request = sign_up_request(" ada ", "12345678").unwrap();
        assert_eq!(request.login, "ada");
    }

    #[test]
    fn a_message_marks_the_field_it_is_about() {
        assert_eq!(fields_at_fault(messages::CHOOSE_A_LOGIN), (true, false));
        assert_eq!(
            fields_at_fault(&messages::password_too_short(8)),
            (false, true)
        );
        assert_eq!(
            fields_at_fault("The login or the password is wrong."),
            (true, true)
        );
        assert_eq!(
            fields_at_fault("Could not reach the server."),
            (false, false)
        );
    }
}
