//! The security-key methods' parameters: a ceremony's handle, a key's
//! answer, a key's name and id, read once.

use serde_json::Value;
use twofold_api::{
    authentication::CheckPasswordRequest,
    limits::{MAX_KEY_ANSWER_CHARS, MAX_KEY_NAME_CHARS},
    params,
    security_keys::*,
    tokens::Selection,
};
use twofold_auth::{access_token::parse_name, CeremonyId};

use super::super::{step_up::Proof, ServiceError};

/// A ceremony's handle and the key's answer to it.
#[derive(Debug, Clone)]
pub(crate) struct KeyEntered {
    pub ceremony: CeremonyId,
    pub credential: Value,
}

impl KeyEntered {
    fn read(ceremony: &str, credential: &Value) -> Result<Self, ServiceError> {
        Ok(KeyEntered {
            ceremony: read_ceremony(ceremony)?,
            credential: read_credential(credential)?,
        })
    }

    /// CheckPassword's optional `ceremony` and `credential`: both or
    /// neither.
    pub(crate) fn read_optional(
        ceremony: Option<&str>,
        credential: Option<&Value>,
    ) -> Result<Option<Self>, ServiceError> {
        let credential = credential.filter(|value| !value.is_null());
        match (ceremony, credential) {
            (None, None) => Ok(None),
            (Some(ceremony), Some(credential)) => Self::read(ceremony, credential).map(Some),
            (Some(_), None) => Err(ServiceError::missing(params::CREDENTIAL)),
            (None, Some(_)) => Err(ServiceError::missing(params::CEREMONY)),
        }
    }
}

impl TryFrom<Verify2FAKeyRequest> for KeyEntered {
    type Error = ServiceError;

    fn try_from(request: Verify2FAKeyRequest) -> Result<Self, ServiceError> {
        Self::read(&request.ceremony, &request.credential)
    }
}

impl TryFrom<SignInWithPasskeyRequest> for KeyEntered {
    type Error = ServiceError;

    fn try_from(request: SignInWithPasskeyRequest) -> Result<Self, ServiceError> {
        Self::read(&request.ceremony, &request.credential)
    }
}

impl TryFrom<CheckPasswordRequest> for Proof {
    type Error = ServiceError;

    /// The step-up on its own: the password is required here; the second
    /// factor is a code or a key's answer.
    fn try_from(request: CheckPasswordRequest) -> Result<Self, ServiceError> {
        if request.password.is_empty() {
            return Err(ServiceError::missing(params::PASSWORD));
        }
        let mut proof = Proof::read(Some(&request.password), request.code.as_deref())?;
        proof.key =
            KeyEntered::read_optional(request.ceremony.as_deref(), request.credential.as_ref())?;
        Ok(proof)
    }
}

/// Setup2FAKey's kind and step-up.
#[derive(Debug)]
pub(crate) struct KeyAsked {
    pub kind: KeyKind,
    pub proof: Proof,
}

impl TryFrom<Setup2FAKeyRequest> for KeyAsked {
    type Error = ServiceError;

    fn try_from(request: Setup2FAKeyRequest) -> Result<Self, ServiceError> {
        Ok(KeyAsked {
            kind: request.kind,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

/// Enable2FAKey's answer, name and tokens to keep.
#[derive(Debug)]
pub(crate) struct NewKeyEntered {
    pub answer: KeyEntered,
    pub name: String,
    pub keep_tokens: Option<Selection<u32>>,
}

impl TryFrom<Enable2FAKeyRequest> for NewKeyEntered {
    type Error = ServiceError;

    fn try_from(request: Enable2FAKeyRequest) -> Result<Self, ServiceError> {
        Ok(NewKeyEntered {
            answer: KeyEntered::read(&request.ceremony, &request.credential)?,
            name: read_key_name(&request.name)?,
            keep_tokens: request.keep_tokens,
        })
    }
}

/// Rename2FAKey's key, name and step-up.
#[derive(Debug)]
pub(crate) struct KeyRename {
    pub id: u32,
    pub name: String,
    pub proof: Proof,
}

impl TryFrom<Rename2FAKeyRequest> for KeyRename {
    type Error = ServiceError;

    fn try_from(request: Rename2FAKeyRequest) -> Result<Self, ServiceError> {
        Ok(KeyRename {
            id: request.key_id,
            name: read_key_name(&request.name)?,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

/// Remove2FAKey's key and step-up.
#[derive(Debug)]
pub(crate) struct KeyRemoval {
    pub id: u32,
    pub proof: Proof,
}

impl TryFrom<Remove2FAKeyRequest> for KeyRemoval {
    type Error = ServiceError;

    fn try_from(request: Remove2FAKeyRequest) -> Result<Self, ServiceError> {
        Ok(KeyRemoval {
            id: request.key_id,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

fn read_ceremony(text: &str) -> Result<CeremonyId, ServiceError> {
    CeremonyId::try_from(text.trim().to_owned())
        .map_err(|e| ServiceError::invalid(params::CEREMONY, e))
}

/// A key's answer: a JSON object, or its text (what a form field
/// carries), at most 8 KiB of it. Whether it is an answer at all is the
/// relying party's to say, after the ceremony is taken (304): text that is
/// no JSON object stays text, and is refused there like any other object
/// that is not a key's answer.
fn read_credential(value: &Value) -> Result<Value, ServiceError> {
    match value {
        Value::Object(_) => Ok(value.clone()),
        Value::String(text) if text.chars().count() <= MAX_KEY_ANSWER_CHARS => {
            Ok(serde_json::from_str::<Value>(text)
                .ok()
                .filter(Value::is_object)
                .unwrap_or_else(|| value.clone()))
        }
        _ => Err(ServiceError::invalid(
            params::CREDENTIAL,
            format!(
                "must be the browser's credential.toJSON(), as a JSON object or its text (at most {MAX_KEY_ANSWER_CHARS} characters)"
            ),
        )),
    }
}

fn read_key_name(text: &str) -> Result<String, ServiceError> {
    parse_name(text, MAX_KEY_NAME_CHARS).ok_or_else(|| {
        ServiceError::invalid(
            params::NAME,
            format!("a key's name has 1 to {MAX_KEY_NAME_CHARS} characters"),
        )
    })
}
