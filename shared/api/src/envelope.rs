//! The response envelope: `{"result": 0, ...fields}` or
//! `{"result": N, "error": "...", ...details}`.

use serde::{Deserialize, Serialize};

use crate::ResultCode;

/// A successful response: `result` is always 0, the method's fields beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Always [`ResultCode::Ok`].
    pub result: ResultCode,
    /// The method's own fields, flattened beside `result`.
    #[serde(flatten)]
    pub body: T,
}

impl<T> Envelope<T> {
    /// Wraps a method's response.
    pub fn ok(body: T) -> Self {
        Envelope {
            result: ResultCode::Ok,
            body,
        }
    }
}

/// A failed call.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Error"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// Why it failed: a stable number.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::failure_code")
    )]
    pub result: ResultCode,
    /// What went wrong, in words for a person.
    pub error: String,
    /// The parameter at fault, for input errors; with 203 `password` and
    /// with 209 `code`: what to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Wrong codes still allowed before the second factor locks: with 300,
    /// 301 (0) and 303 (unchanged); at Enable2FA, before the set-up is
    /// discarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// Seconds to wait (also the Retry-After header): with 204, 208, 301,
    /// 303 (until the app shows the next code), 500 and 503.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The method a token was refused (`TokenMethodRefused`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

impl ApiError {
    /// An error with the code's default sentence.
    pub fn new(result: ResultCode) -> Self {
        ApiError::with_message(result, result.default_message())
    }

    /// An error with a sentence of its own.
    pub fn with_message(result: ResultCode, error: impl Into<String>) -> Self {
        ApiError {
            result,
            error: error.into(),
            parameter: None,
            attempts_left: None,
            retry_after: None,
            method: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (result {})", self.error, self.result.code())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authentication::SignOutResponse;

    #[test]
    fn a_success_serialises_as_result_zero_beside_the_fields() {
        let json = serde_json::to_value(Envelope::ok(SignOutResponse {})).unwrap();
        assert_eq!(json, serde_json::json!({"result": 0}));
    }

    #[test]
    fn an_error_carries_its_number_and_words() {
        let mut error = ApiError::new(ResultCode::InvalidCode);
        error.attempts_left = Some(3);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["result"], 300);
        assert_eq!(json["attemptsLeft"], 3);
        assert!(json["error"].as_str().unwrap().contains("code"));
        assert!(json.get("retryAfter").is_none());
    }
}
