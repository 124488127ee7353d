//! Store errors.

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A condition failed: another request changed the same item first.
    /// Reload and re-apply.
    #[error("conflicting concurrent change")]
    Conflict,
    /// A session the change replaces or deletes is gone (signed out, or a
    /// pending session already spent). Retrying cannot help.
    #[error("session already ended")]
    SessionGone,
    /// The login belongs to another account.
    #[error("login taken")]
    LoginTaken,
    /// A sign-in failure counter is at its limit.
    #[error("sign-in limit reached")]
    LimitReached,
    /// An item in the table is not in the shape this code writes.
    #[error("stored item is malformed: {0}")]
    Malformed(String),
    /// DynamoDB throttled the request, or was unreachable or failing, after
    /// the SDK's own retries: try again in a little while.
    #[error("DynamoDB {operation} is unavailable: {message}")]
    Unavailable {
        /// The API operation.
        operation: &'static str,
        /// The SDK's description, without request data.
        message: String,
    },
    /// DynamoDB (or the engine standing in for it) failed.
    #[error("DynamoDB {operation} failed: {message}")]
    Backend {
        /// The API operation.
        operation: &'static str,
        /// The SDK's description, without request data.
        message: String,
    },
}

/// Service error codes that mean "too busy or briefly broken", not "wrong".
const UNAVAILABLE_CODES: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionInProgressException",
];

impl StoreError {
    /// A failure that is not the service's answer to this request: a
    /// request that could not be built, or an item of the wrong shape.
    pub(crate) fn backend<E: std::error::Error>(operation: &'static str, error: E) -> Self {
        StoreError::Backend {
            operation,
            message: describe(&error),
        }
    }

    /// A failed call: throttling, server errors, time-outs and unreachable
    /// endpoints (after the SDK's retries) are [`StoreError::Unavailable`];
    /// anything else is a backend error.
    pub(crate) fn sdk<E, R>(operation: &'static str, error: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let unavailable = match &error {
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => true,
            SdkError::ServiceError(service) => service
                .err()
                .code()
                .is_some_and(|code| UNAVAILABLE_CODES.contains(&code)),
            SdkError::ResponseError(_) => true,
            _ => false,
        };
        let message = describe(&error);
        if unavailable {
            StoreError::Unavailable { operation, message }
        } else {
            StoreError::Backend { operation, message }
        }
    }
}

/// The error and its causes. The SDK's Display names the service error code
/// and message; it never includes item values.
fn describe(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
