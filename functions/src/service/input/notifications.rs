//! The notification methods' parameters: an address and its mailed code.

use twofold_api::{notifications::SetNotificationEmailRequest, params};
use twofold_auth::{email::EmailAddress, utc_offset::UtcOffset, TotpCode};

use super::super::{step_up::Proof, ServiceError};

/// SetNotificationEmail's address and step-up.
#[derive(Debug)]
pub(crate) struct EmailEntered {
    pub address: EmailAddress,
    pub utc_offset: Option<UtcOffset>,
    pub proof: Proof,
}

impl TryFrom<SetNotificationEmailRequest> for EmailEntered {
    type Error = ServiceError;

    fn try_from(request: SetNotificationEmailRequest) -> Result<Self, ServiceError> {
        Ok(EmailEntered {
            address: EmailAddress::parse(&request.email)
                .map_err(|e| ServiceError::invalid(params::EMAIL, e))?,
            utc_offset: request
                .utc_offset
                .as_deref()
                .map(UtcOffset::parse)
                .transpose()
                .map_err(|e| ServiceError::invalid(params::UTC_OFFSET, e))?,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

/// ConfirmNotificationEmail's six digits (spaces and dashes as the app's
/// codes take them).
pub(crate) fn read_email_code(text: &str) -> Result<String, ServiceError> {
    TotpCode::parse(text)
        .map(|code| code.as_str().to_owned())
        .map_err(|e| ServiceError::invalid(params::CODE, e))
}
