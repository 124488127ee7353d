//! The "Confirm Your Password" pop-up as typed: the CheckPassword request
//! it sends, checked first (an empty password or an incomplete code never
//! reaches the server), which field a refusal is about, and how long it
//! shows what the confirmation bought.

use twofold_api::authentication::CheckPasswordRequest;
use twofold_api::{params, ResultCode};

use crate::api::Failure;
use crate::logic::messages;
use crate::logic::second_factor::is_about_the_code;

/// How long the pop-up, once confirmed, says how long the confirmation
/// lasts before the change behind it goes on by itself: long enough to
/// read the sentence, short enough not to feel like a second step
/// (Continue goes on at once).
pub const CONFIRMED_HOLD_MS: u64 = 2500;

/// The fields of the pop-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepUpField {
    /// Password.
    Password,
    /// The code from the app, or the recovery code.
    Code,
}

/// The CheckPassword request for `password` and, when the pop-up asks for
/// one, the code (or why it cannot be sent, in words); else the field at
/// fault and why.
pub fn check_password_request(
    password: &str,
    code: Option<Result<String, String>>,
) -> Result<CheckPasswordRequest, (StepUpField, String)> {
    if password.is_empty() {
        return Err((StepUpField::Password, messages::ENTER_YOUR_PASSWORD.into()));
    }
    let code = code
        .transpose()
        .map_err(|words| (StepUpField::Code, words))?;
    Ok(CheckPasswordRequest {
        password: password.to_owned(),
        code,
        ceremony: None,
        credential: None,
    })
}

/// `request` (the password alone) with a security key's answer to
/// `ceremony` as its second factor.
pub fn with_key(
    request: CheckPasswordRequest,
    ceremony: String,
    credential: serde_json::Value,
) -> CheckPasswordRequest {
    CheckPasswordRequest {
        code: None,
        ceremony: Some(ceremony),
        credential: Some(credential),
        ..request
    }
}

/// The field a refusal of CheckPassword is about, to clear, mark and focus
/// it; `None` when it is about neither (a throttle, the network).
pub fn field_at_fault(failure: &Failure) -> Option<StepUpField> {
    if is_about_the_code(failure) {
        return Some(StepUpField::Code);
    }
    match failure {
        Failure::Api(error) if error.result == ResultCode::InvalidCredentials => {
            Some(StepUpField::Password)
        }
        Failure::Api(error)
            if error.result == ResultCode::InvalidParameter
                && error.parameter.as_deref() == Some(params::PASSWORD) =>
        {
            Some(StepUpField::Password)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    #[test]
    fn an_empty_password_is_named_before_the_code() {
        assert_eq!(
            check_password_request("", Some(Err(messages::TYPE_THE_SIX_DIGITS.into())))
                .unwrap_err(),
            (StepUpField::Password, messages::ENTER_YOUR_PASSWORD.into())
        );
    }

    #[test]
    fn an_incomplete_code_is_named_and_nothing_is_sent() {
        assert_eq!(
            check_password_request(
                "secret words",
                Some(Err(messages::TYPE_THE_SIX_DIGITS.into()))
            )
            .unwrap_err(),
            (StepUpField::Code, messages::TYPE_THE_SIX_DIGITS.into())
        );
    }

    #[test]
    fn the_password_goes_as_typed_with_the_code_when_one_is_asked_for() {
        let with_code =
            check_password_request(" secret words ", Some(Ok("123456".into()))).unwrap();
        assert_eq!(with_code.password, " secret words ");
        assert_eq!(with_code.code.as_deref(), Some("123456"));
        let without = check_password_request("secret words", None).unwrap();
        assert_eq!(without.code, None);
    }

    #[test]
    fn a_key_answer_goes_instead_of_a_code() {
        let request = check_password_request("secret words", None).unwrap();
        let keyed = with_key(request, "c1".into(), serde_json::json!({"id": "k"}));
        assert_eq!(keyed.password, "secret words");
        assert_eq!(keyed.code, None);
        assert_eq!(keyed.ceremony.as_deref(), Some("c1"));
        assert_eq!(
            serde_json::to_value(&keyed).unwrap()["credential"]["id"],
            "k"
        );
    }

    #[test]
    fn a_refusal_points_at_the_password_or_at_the_code() {
        let refused = |result| Failure::Api(ApiError::new(result));
        assert_eq!(
            field_at_fault(&refused(ResultCode::InvalidCredentials)),
            Some(StepUpField::Password)
        );
        for result in [
            ResultCode::InvalidCode,
            ResultCode::SecondFactorLocked,
            ResultCode::TotpStopped,
            ResultCode::CodeJustUsed,
        ] {
            assert_eq!(field_at_fault(&refused(result)), Some(StepUpField::Code));
        }
        assert_eq!(
            field_at_fault(&refused(ResultCode::TooManySignInAttempts)),
            None
        );
        assert_eq!(field_at_fault(&Failure::Network), None);
    }
}
