//! Store errors.

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
    /// DynamoDB (or the engine standing in for it) failed.
    #[error("DynamoDB {operation} failed: {message}")]
    Backend {
        /// The API operation.
        operation: &'static str,
        /// The SDK's description, without request data.
        message: String,
    },
}

impl StoreError {
    pub(crate) fn backend<E: std::error::Error>(operation: &'static str, error: E) -> Self {
        // The SDK's Display for an error names the service error code and
        // message; it never includes item values.
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        StoreError::Backend { operation, message }
    }
}
