//! Service errors and the result codes they become.

use twofold_api::{ApiError, ResultCode};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input: the code says which kind, the message and parameter say
    /// what. Nothing was changed.
    #[error("{message}")]
    Input {
        /// `MalformedRequest`, `MissingParameter`, `InvalidParameter`, ...
        code: ResultCode,
        /// Words for the caller.
        message: String,
        /// The parameter at fault.
        parameter: Option<String>,
    },
    /// A failure with a fixed code and the code's own sentence, or a better one.
    #[error("{}", message.unwrap_or(code.default_message()))]
    Refused {
        /// The result code.
        code: ResultCode,
        /// A sentence better than the default.
        message: Option<&'static str>,
    },
    /// A refusal that lifts by itself: failed sign-ins
    /// (`TooManySignInAttempts`) or sign-ups (`TooManySignUps`) are
    /// throttled, or changes raced on the account (`Busy`).
    #[error("throttled")]
    Throttled {
        /// Which throttle.
        code: ResultCode,
        /// Seconds until the window ends.
        retry_after: u64,
    },
    /// A wrong second-factor code.
    #[error("invalid code")]
    InvalidCode {
        /// Wrong codes left before the lock (or, at Enable2FA, before the
        /// set-up is discarded).
        attempts_left: u32,
        /// A sentence better than the sign-in one.
        message: Option<&'static str>,
    },
    /// The right code from the app, already used: not counted.
    #[error("code just used")]
    CodeJustUsed {
        /// Seconds until the app shows the next code.
        retry_after: u64,
        /// Wrong codes left before the lock, unchanged.
        attempts_left: u32,
    },
    /// The second factor is locked.
    #[error("second factor locked")]
    Locked {
        /// Seconds until codes are taken again.
        retry_after: u64,
    },
    /// A personal access token called a method its list does not allow,
    /// or one that tokens never call.
    #[error("this token may not call {method}")]
    TokenRefused {
        /// The method's name.
        method: String,
    },
    /// The store is throttled or briefly failing: try again soon.
    #[error("store unavailable")]
    Unavailable {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Our fault; the cause is logged, never shown.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl ServiceError {
    /// A refusal with the code's own sentence.
    pub fn refused(code: ResultCode) -> Self {
        ServiceError::Refused {
            code,
            message: None,
        }
    }

    /// The account changed too often while this change was tried: try
    /// again in a moment.
    pub fn busy() -> Self {
        ServiceError::Throttled {
            code: ResultCode::Busy,
            retry_after: BUSY_RETRY_SECONDS,
        }
    }

    /// A refusal with a sentence of its own.
    pub fn refused_with(code: ResultCode, message: &'static str) -> Self {
        ServiceError::Refused {
            code,
            message: Some(message),
        }
    }

    /// Bad input for `parameter`.
    pub fn invalid(parameter: &str, message: impl std::fmt::Display) -> Self {
        ServiceError::Input {
            code: ResultCode::InvalidParameter,
            message: format!("{parameter}: {message}"),
            parameter: Some(parameter.to_owned()),
        }
    }

    /// A sensitive change without the proof it needs: `code` says which
    /// (203 the password, 209 a second factor), `parameter` where to send it.
    pub fn step_up_required(code: ResultCode, parameter: &str) -> Self {
        ServiceError::Input {
            code,
            message: code.default_message().to_owned(),
            parameter: Some(parameter.to_owned()),
        }
    }

    /// `parameter` is required here and was not sent.
    pub fn missing(parameter: &str) -> Self {
        ServiceError::Input {
            code: ResultCode::MissingParameter,
            message: format!("The parameter `{parameter}` is required."),
            parameter: Some(parameter.to_owned()),
        }
    }

    /// Bad input that is not about one parameter.
    pub fn input(code: ResultCode, message: impl Into<String>) -> Self {
        ServiceError::Input {
            code,
            message: message.into(),
            parameter: None,
        }
    }

    /// Our fault.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        ServiceError::Internal(error.into())
    }

    /// What the client sees.
    pub fn to_api(&self) -> ApiError {
        match self {
            ServiceError::Input {
                code,
                message,
                parameter,
            } => {
                let mut error = ApiError::with_message(*code, message.clone());
                error.parameter = parameter.clone();
                error
            }
            ServiceError::Refused { code, message } => {
                ApiError::with_message(*code, message.unwrap_or(code.default_message()))
            }
            ServiceError::Throttled { code, retry_after } => {
                let mut error = ApiError::new(*code);
                error.retry_after = Some(*retry_after);
                error
            }
            ServiceError::InvalidCode {
                attempts_left,
                message,
            } => {
                let mut error = ApiError::with_message(
                    ResultCode::InvalidCode,
                    message.unwrap_or(
                        "The code is not valid. Check your authenticator app or use an unused recovery code.",
                    ),
                );
                error.attempts_left = Some(*attempts_left);
                error
            }
            ServiceError::CodeJustUsed {
                retry_after,
                attempts_left,
            } => {
                let mut error = ApiError::with_message(
                    ResultCode::CodeJustUsed,
                    format!("This code was just used. Wait for the next one ({retry_after} s)."),
                );
                error.retry_after = Some(*retry_after);
                error.attempts_left = Some(*attempts_left);
                error
            }
            ServiceError::Locked { retry_after } => {
                let mut error = ApiError::with_message(
                    ResultCode::SecondFactorLocked,
                    format!(
                        "Too many wrong codes. Codes are refused for {} more minute(s).",
                        retry_after.div_ceil(60)
                    ),
                );
                error.retry_after = Some(*retry_after);
                error.attempts_left = Some(0);
                error
            }
            ServiceError::TokenRefused { method } => {
                let never = twofold_api::Method::named(method)
                    .is_some_and(|m| !m.token_may_call() && m != twofold_api::Method::Authorize);
                let message = if never {
                    format!(
                        "Personal access tokens never call {method}: it needs a signed-in session."
                    )
                } else {
                    format!("This token may not call {method}: its apiList does not name it.")
                };
                let mut error = ApiError::with_message(ResultCode::TokenMethodRefused, message);
                error.method = Some(method.clone());
                error
            }
            ServiceError::Unavailable { retry_after } => {
                let mut error = ApiError::new(ResultCode::Unavailable);
                error.retry_after = Some(*retry_after);
                error
            }
            ServiceError::Internal(_) => ApiError::new(ResultCode::Internal),
        }
    }
}

/// Seconds a caller is asked to wait after losing races on an account.
const BUSY_RETRY_SECONDS: u64 = 1;

/// Seconds a caller is asked to wait when the store is unavailable.
const UNAVAILABLE_RETRY_SECONDS: u64 = 2;

impl From<twofold_store::StoreError> for ServiceError {
    fn from(error: twofold_store::StoreError) -> Self {
        match error {
            twofold_store::StoreError::SessionGone => {
                ServiceError::refused(ResultCode::NotSignedIn)
            }
            twofold_store::StoreError::Unavailable { operation, message } => {
                // Logged like an internal error, answered as a pause.
                tracing::warn!(operation, "store unavailable: {message}");
                ServiceError::Unavailable {
                    retry_after: UNAVAILABLE_RETRY_SECONDS,
                }
            }
            other => ServiceError::Internal(other.into()),
        }
    }
}

impl From<twofold_store::UpdateError<ServiceError>> for ServiceError {
    fn from(error: twofold_store::UpdateError<ServiceError>) -> Self {
        match error {
            twofold_store::UpdateError::Refused(inner) => inner,
            twofold_store::UpdateError::NotFound => ServiceError::refused(ResultCode::NotSignedIn),
            twofold_store::UpdateError::Busy => ServiceError::busy(),
            twofold_store::UpdateError::Store(store) => store.into(),
        }
    }
}
