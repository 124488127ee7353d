//! Each method's parameters, read once into what the domain takes: a
//! request that converts is well-formed, and one that does not is refused
//! with 101 or 102 naming the parameter, before anything is looked up.
//! What depends on the account or the time (a token's expiry against now,
//! a new password against the old one) is checked by the method itself.

use twofold_api::{
    account::*,
    authentication::*,
    events::EventKind,
    limits::{DEFAULT_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE, MAX_SESSION_IDS},
    params,
    tokens::*,
    ResultCode,
};
use twofold_auth::{
    access_token::{self, MethodName},
    account::SecondFactorInput,
    ApiList, Login, Password, Session, TotpCode,
};
use twofold_store::EventCursor;

mod keys;
mod not_me;
mod notifications;

pub(crate) use keys::{KeyAsked, KeyEntered, KeyRemoval, KeyRename, NewKeyEntered};
pub(crate) use not_me::UndoEntered;
pub(crate) use notifications::{read_email_code, EmailEntered};

use super::{step_up::Proof, ServiceError};

/// SignUp's and SignIn's login and password.
#[derive(Debug)]
pub(crate) struct Credentials {
    pub login: Login,
    pub password: Password,
}

impl TryFrom<SignUpRequest> for Credentials {
    type Error = ServiceError;

    /// A new account's: the password by the rules for new ones.
    fn try_from(request: SignUpRequest) -> Result<Self, ServiceError> {
        Ok(Credentials {
            login: read_login(&request.login)?,
            password: Password::parse_new(&request.password)
                .map_err(|e| ServiceError::invalid(params::PASSWORD, e))?,
        })
    }
}

impl TryFrom<SignInRequest> for Credentials {
    type Error = ServiceError;

    fn try_from(request: SignInRequest) -> Result<Self, ServiceError> {
        Ok(Credentials {
            login: read_login(&request.login)?,
            password: Password::parse(&request.password)
                .map_err(|e| ServiceError::invalid(params::PASSWORD, e))?,
        })
    }
}

fn read_login(text: &str) -> Result<Login, ServiceError> {
    Login::parse(text).map_err(|e| ServiceError::invalid(params::LOGIN, e))
}

/// Verify2FACode's code (the pending session is the call's credential).
#[derive(Debug)]
pub(crate) struct CodeEntered(pub SecondFactorInput);

impl TryFrom<Verify2FACodeRequest> for CodeEntered {
    type Error = ServiceError;

    fn try_from(request: Verify2FACodeRequest) -> Result<Self, ServiceError> {
        SecondFactorInput::parse(&request.code)
            .map(CodeEntered)
            .map_err(|e| ServiceError::invalid(params::CODE, e))
    }
}

macro_rules! step_up_proof {
    ($($request:ty),*) => {$(
        impl TryFrom<$request> for Proof {
            type Error = ServiceError;

            fn try_from(request: $request) -> Result<Self, ServiceError> {
                Proof::read(request.password.as_deref(), request.code.as_deref())
            }
        }
    )*};
}

step_up_proof!(
    Setup2FARequest,
    Get2FABackupCodesRequest,
    Regenerate2FABackupCodesRequest,
    Disable2FARequest
);

/// Enable2FA's code and the tokens to keep.
#[derive(Debug)]
pub(crate) struct NewFactor {
    pub code: TotpCode,
    pub keep_tokens: Option<Selection<u32>>,
}

impl TryFrom<Enable2FARequest> for NewFactor {
    type Error = ServiceError;

    fn try_from(request: Enable2FARequest) -> Result<Self, ServiceError> {
        Ok(NewFactor {
            code: TotpCode::parse(&request.code)
                .map_err(|e| ServiceError::invalid(params::CODE, e))?,
            keep_tokens: request.keep_tokens,
        })
    }
}

/// Change2FAApp's code from the new app.
#[derive(Debug)]
pub(crate) struct NewApp {
    pub code: TotpCode,
}

impl TryFrom<Change2FAAppRequest> for NewApp {
    type Error = ServiceError;

    fn try_from(request: Change2FAAppRequest) -> Result<Self, ServiceError> {
        Ok(NewApp {
            code: TotpCode::parse(&request.code)
                .map_err(|e| ServiceError::invalid(params::CODE, e))?,
        })
    }
}

/// ChangePassword's new password, the proof (the old password, a code)
/// and the tokens to keep.
#[derive(Debug)]
pub(crate) struct PasswordChange {
    pub new_password: Password,
    /// The new password is the old one typed again: refused once the old
    /// one is proven right (before that, saying so would tell a thief the
    /// password).
    pub same_as_old: bool,
    pub proof: Proof,
    pub keep_tokens: Option<Selection<u32>>,
}

impl TryFrom<ChangePasswordRequest> for PasswordChange {
    type Error = ServiceError;

    fn try_from(request: ChangePasswordRequest) -> Result<Self, ServiceError> {
        let new_password = Password::parse_new(&request.new_password)
            .map_err(|e| ServiceError::invalid(params::NEW_PASSWORD, e))?;
        if request.old_password.is_empty() {
            return Err(ServiceError::missing(params::OLD_PASSWORD));
        }
        Ok(PasswordChange {
            new_password,
            same_as_old: request.new_password == request.old_password,
            proof: Proof::read_as(
                params::OLD_PASSWORD,
                Some(&request.old_password),
                request.code.as_deref(),
            )?,
            keep_tokens: request.keep_tokens,
        })
    }
}

/// GetEvents' page, and the kinds it keeps (all when `None`).
#[derive(Debug)]
pub(crate) struct EventsPage {
    pub limit: u32,
    pub after: Option<EventCursor>,
    pub kinds: Option<Vec<EventKind>>,
}

impl TryFrom<GetEventsRequest> for EventsPage {
    type Error = ServiceError;

    fn try_from(request: GetEventsRequest) -> Result<Self, ServiceError> {
        let limit = request.limit.unwrap_or(DEFAULT_EVENTS_PER_PAGE);
        if !(1..=MAX_EVENTS_PER_PAGE).contains(&limit) {
            return Err(ServiceError::invalid(
                params::LIMIT,
                format_args!("a page has 1 to {MAX_EVENTS_PER_PAGE} events"),
            ));
        }
        let after = request
            .after
            .as_deref()
            .map(|text| {
                EventCursor::parse(text).ok_or_else(|| {
                    ServiceError::invalid(
                        params::AFTER,
                        "pass the `next` value of the previous page",
                    )
                })
            })
            .transpose()?;
        let kinds = match request.kinds {
            Some(kinds) if kinds.0.is_empty() => {
                return Err(ServiceError::invalid(
                    params::KINDS,
                    "name at least one kind of event, or leave kinds out for all",
                ))
            }
            other => other.map(|kinds| kinds.0),
        };
        Ok(EventsPage {
            limit,
            after,
            kinds,
        })
    }
}

/// CreateToken's token.
#[derive(Debug)]
pub(crate) struct NewToken {
    pub description: String,
    pub api_list: ApiList,
    /// As asked; checked against the time by the method.
    pub expires_at: Option<u64>,
    pub proof: Proof,
}

impl TryFrom<CreateTokenRequest> for NewToken {
    type Error = ServiceError;

    fn try_from(request: CreateTokenRequest) -> Result<Self, ServiceError> {
        Ok(NewToken {
            description: read_description(&request.description)?,
            api_list: read_api_list(&request.api_list)?,
            expires_at: request.expires_at,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

fn read_description(text: &str) -> Result<String, ServiceError> {
    access_token::parse_description(text).map_err(|e| ServiceError::invalid(params::DESCRIPTION, e))
}

fn read_api_list(list: &MethodList) -> Result<ApiList, ServiceError> {
    ApiList::parse(&list.0).map_err(|e| ServiceError::invalid(params::API_LIST, e))
}

/// EditToken's changes: at least one.
#[derive(Debug)]
pub(crate) struct TokenEdit {
    pub id: u32,
    pub description: Option<String>,
    pub api_list: Option<ApiList>,
    /// As asked; checked against the time by the method.
    pub expires_at: Option<u64>,
    pub proof: Proof,
}

impl TryFrom<EditTokenRequest> for TokenEdit {
    type Error = ServiceError;

    fn try_from(request: EditTokenRequest) -> Result<Self, ServiceError> {
        let description = request
            .description
            .as_deref()
            .map(read_description)
            .transpose()?;
        let api_list = request.api_list.as_ref().map(read_api_list).transpose()?;
        if description.is_none() && api_list.is_none() && request.expires_at.is_none() {
            return Err(ServiceError::input(
                ResultCode::MissingParameter,
                "Send at least one of description, apiList and expiresAt.",
            ));
        }
        Ok(TokenEdit {
            id: request.id,
            description,
            api_list,
            expires_at: request.expires_at,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

/// RegenerateToken's token, and its new expiry if one was asked.
#[derive(Debug)]
pub(crate) struct TokenChoice {
    pub id: u32,
    pub expires_at: Option<u64>,
    pub proof: Proof,
}

impl TryFrom<RegenerateTokenRequest> for TokenChoice {
    type Error = ServiceError;

    fn try_from(request: RegenerateTokenRequest) -> Result<Self, ServiceError> {
        Ok(TokenChoice {
            id: request.id,
            expires_at: request.expires_at,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
        })
    }
}

/// DeleteTokens' tokens: at least one, or `*`.
#[derive(Debug)]
pub(crate) struct TokenDeletion {
    pub ids: Selection<u32>,
    pub proof: Proof,
}

impl TryFrom<DeleteTokensRequest> for TokenDeletion {
    type Error = ServiceError;

    fn try_from(request: DeleteTokensRequest) -> Result<Self, ServiceError> {
        if matches!(&request.ids, Selection::Only(ids) if ids.is_empty()) {
            return Err(ServiceError::invalid(
                params::IDS,
                "name at least one token id, or * for all",
            ));
        }
        Ok(TokenDeletion {
            ids: request.ids,
            proof: Proof::read(request.password.as_deref(), None)?,
        })
    }
}

/// The method Authorize asks about, and what it names.
#[derive(Debug)]
pub(crate) struct MethodAsked {
    pub name: String,
    pub kind: MethodName,
}

impl TryFrom<AuthorizeRequest> for MethodAsked {
    type Error = ServiceError;

    fn try_from(request: AuthorizeRequest) -> Result<Self, ServiceError> {
        let kind = MethodName::classify(&request.method).ok_or_else(|| {
            ServiceError::invalid(
                params::METHOD,
                "name one of this API's methods or a platform method like env.control.CreateEnvironment",
            )
        })?;
        Ok(MethodAsked {
            name: request.method,
            kind,
        })
    }
}

/// SignOutSessions' sessions (1 to 50, or `*`), proof and tokens to keep.
#[derive(Debug)]
pub(crate) struct SessionsToEnd {
    pub ids: Selection<String>,
    pub proof: Proof,
    pub keep_tokens: Option<Selection<u32>>,
}

impl TryFrom<SignOutSessionsRequest> for SessionsToEnd {
    type Error = ServiceError;

    fn try_from(request: SignOutSessionsRequest) -> Result<Self, ServiceError> {
        if let Selection::Only(ids) = &request.ids {
            if ids.is_empty() {
                return Err(ServiceError::invalid(
                    params::IDS,
                    "name at least one session id, or * for every other session",
                ));
            }
            if ids.len() > MAX_SESSION_IDS {
                return Err(ServiceError::invalid(
                    params::IDS,
                    format_args!(
                        "name at most {MAX_SESSION_IDS} sessions, or * for every other session"
                    ),
                ));
            }
            if !ids.iter().all(|id| Session::is_public_id(id)) {
                return Err(ServiceError::invalid(
                    params::IDS,
                    "a session id is 16 lower-case hexadecimal digits, as GetSessions shows it",
                ));
            }
        }
        Ok(SessionsToEnd {
            ids: request.ids,
            proof: Proof::read(request.password.as_deref(), request.code.as_deref())?,
            keep_tokens: request.keep_tokens,
        })
    }
}
