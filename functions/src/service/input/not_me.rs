//! UndoChange's factor from before the change: a code, or a security
//! key's answer to StartUndoKeyCheck's ceremony, never both.

use twofold_api::{not_me::UndoChangeRequest, params};
use twofold_auth::account::SecondFactorInput;

use super::{super::ServiceError, KeyEntered};

/// What UndoChange was given to prove the owner.
#[derive(Debug)]
pub(crate) enum UndoEntered {
    /// A code of the earlier app, or an earlier recovery code.
    Code(SecondFactorInput),
    /// An earlier key's answer.
    Key(KeyEntered),
}

impl TryFrom<&UndoChangeRequest> for UndoEntered {
    type Error = ServiceError;

    fn try_from(request: &UndoChangeRequest) -> Result<Self, ServiceError> {
        let key =
            KeyEntered::read_optional(request.ceremony.as_deref(), request.credential.as_ref())?;
        match (request.code.as_deref(), key) {
            (Some(code), None) => SecondFactorInput::parse(code)
                .map(UndoEntered::Code)
                .map_err(|e| ServiceError::invalid(params::CODE, e)),
            (None, Some(key)) => Ok(UndoEntered::Key(key)),
            (None, None) => Err(ServiceError::missing(params::CODE)),
            (Some(_), Some(_)) => Err(ServiceError::invalid(
                params::CODE,
                "send a code or a security key's answer, not both",
            )),
        }
    }
}
