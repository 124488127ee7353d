//! CreateToken, GetTokens, EditToken, RegenerateToken, DeleteTokens and
//! Authorize: personal access tokens, for scripts.
//!
//! Every change needs a signed-in session (never a token: a stolen token
//! cannot mint, widen or renew tokens) and a step-up: the password, and
//! with 2FA on a second factor to mint, widen or renew one (on the call, or
//! with CheckPassword a few minutes before). Each change and its
//! security-log event are one transaction, conditioned on the caller's
//! session still being live at commit.

use rand::rngs::OsRng;
use twofold_api::{
    events::EventKind, limits::MAX_TOKENS_PER_ACCOUNT, params, tokens::*, Method, ResultCode,
};
use twofold_auth::{
    access_token,
    notice::OutboxMail,
    token::{self, TokenKind},
    AccessToken, StepUp,
};
use twofold_store::{Change, Check, StoreError, TokenWrite, MAX_ATTEMPTS};

use super::{
    authenticate::{Authenticated, Need, Principal},
    input::{MethodAsked, NewToken, TokenChoice, TokenDeletion, TokenEdit},
    Caller, Service, ServiceError,
};

/// A token's expiry as asked, checked against now: in the future, at most
/// 366 days ahead; 90 days ahead when none was asked.
fn valid_expiry(asked: Option<u64>, now: u64) -> Result<u64, ServiceError> {
    access_token::expiry(asked, now).map_err(|e| ServiceError::invalid(params::EXPIRES_AT, e))
}

/// The notices `token`'s expiry schedules (7 days before, and at it), in
/// the transaction that gives it that expiry; the deliverer drops them if
/// the token is gone or its expiry moved by then.
fn expiry_notices(token: &AccessToken, now: u64) -> Change {
    OutboxMail::token_expiry(
        &token.user_id,
        token.id,
        &token.description,
        token.expires_at,
        now,
        &mut OsRng,
    )
    .into_iter()
    .fold(Change::default(), Change::mail)
}

/// Times a token change is tried again after another change of the same
/// tokens won a race.
const RETRIES: usize = 5;

impl Service {
    /// CreateToken: a new token, its value shown once.
    pub async fn create_token(
        &self,
        request: CreateTokenRequest,
        caller: &Caller,
    ) -> Result<TokenResponse, ServiceError> {
        let NewToken {
            description,
            api_list,
            expires_at,
            proof,
        } = request.try_into()?;
        let auth = self
            .stepped_up(caller, Method::CreateToken, StepUp::SecondFactor, proof)
            .await?
            .auth;
        let now = self.now();
        let expires_at = valid_expiry(expires_at, now)?;
        let user = auth.session.user_id.clone();
        let issued = token::issue(TokenKind::Access, &user, &mut OsRng);
        // The limit is exact under any concurrency: the tokens are counted
        // after the account was read, and the new token is written with the
        // account at that version. Every CreateToken moves the version (it
        // takes the next id), so one that committed after the read makes
        // this write fail, and the count is taken again.
        let mut account = auth.account;
        let mut created = None;
        // As many tries as the account's update loop allows: each round of
        // a race lets one CreateToken through.
        for _ in 0..MAX_ATTEMPTS {
            if !auth.session.is_live(now, account.value.session_epoch) {
                return Err(ServiceError::refused(ResultCode::NotSignedIn));
            }
            if self.store.tokens(&user).await?.len() >= MAX_TOKENS_PER_ACCOUNT {
                return Err(ServiceError::refused(ResultCode::TooManyTokens));
            }
            let mut changed = account.value.clone();
            let token = AccessToken {
                id: changed.next_token_id(),
                user_id: user.clone(),
                token_hash: issued.hash.clone(),
                description: description.clone(),
                created_at: now,
                created_ip: caller.client.ip.clone(),
                expires_at,
                api_list: api_list.clone(),
                last_used: None,
                last_used_ip: None,
                created_by: Some(auth.session.public_id()),
            };
            let event = self
                .event(&user, EventKind::TokenCreated, &caller.client, now)
                .with_description(description.clone());
            let change = Change::account(changed, account.version)
                .token(TokenWrite::Create(token.clone()))
                .event(event)
                .and(expiry_notices(&token, now));
            match self.store.commit(change).await {
                Ok(()) => {
                    created = Some(token);
                    break;
                }
                Err(StoreError::Conflict) => {
                    account = self
                        .store
                        .load_account(&user)
                        .await?
                        .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))?;
                }
                Err(other) => return Err(other.into()),
            }
        }
        let created = created.ok_or_else(ServiceError::busy)?;
        Ok(TokenResponse {
            token: shown(&created, Some(issued.expose())),
        })
    }

    /// GetTokens: every token, newest first, never with its value.
    pub async fn get_tokens(&self, caller: &Caller) -> Result<TokensResponse, ServiceError> {
        let auth = self
            .authenticate(caller, Method::GetTokens, Need::Full)
            .await?;
        let mut tokens = self.store.tokens(&auth.session.user_id).await?;
        tokens.sort_by_key(|t| std::cmp::Reverse(t.id));
        Ok(TokensResponse {
            tokens: tokens.iter().map(|t| shown(t, None)).collect(),
        })
    }

    /// EditToken: a token's description, methods or expiry.
    pub async fn edit_token(
        &self,
        request: EditTokenRequest,
        caller: &Caller,
    ) -> Result<TokenResponse, ServiceError> {
        let TokenEdit {
            id,
            description,
            api_list,
            expires_at,
            proof,
        } = request.try_into()?;
        let auth = self
            .authenticate(caller, Method::EditToken, Need::Full)
            .await?;
        // Widening a token (more methods, a later expiry) is minting
        // access: it needs the second factor that creating one needs.
        // Decided on the token as it is now, and again at commit below.
        let widens = |token: &AccessToken| {
            api_list.as_ref().is_some_and(|list| {
                list.as_slice()
                    .iter()
                    .any(|n| !token.api_list.names_text(n))
            }) || expires_at.is_some_and(|at| at > token.expires_at)
        };
        let current = self.store.tokens(&auth.session.user_id).await?;
        let needed = match current.iter().find(|t| t.id == id) {
            Some(token) if !widens(token) => StepUp::Password,
            _ => StepUp::SecondFactor,
        };
        let auth = self.step_up(auth, needed, proof, caller).await?.auth;
        let now = self.now();
        let proven = auth.session.step_up(now);
        let expires_at = expires_at
            .map(|at| valid_expiry(Some(at), now))
            .transpose()?;
        let edited = self
            .change_tokens(&auth, |tokens| {
                let mut token = find(tokens, id)?;
                if widens(&token)
                    && auth.account.value.two_factor_enabled()
                    && proven != Some(StepUp::SecondFactor)
                {
                    return Err(ServiceError::step_up_required(
                        ResultCode::SecondFactorConfirmationRequired,
                        params::CODE,
                    ));
                }
                // Expiry ends a token for good, as deletion does: an edit
                // does not bring it back.
                if !token.is_live(now) {
                    return Err(ServiceError::invalid(
                        params::ID,
                        "this token has expired: create a new one",
                    ));
                }
                if let Some(text) = &description {
                    token.description = text.clone();
                }
                if let Some(list) = &api_list {
                    token.api_list = list.clone();
                }
                let expiry_moved = expires_at.is_some_and(|at| at != token.expires_at);
                if let Some(at) = expires_at {
                    token.expires_at = at;
                }
                let event = self
                    .event(&token.user_id, EventKind::TokenEdited, &caller.client, now)
                    .with_description(token.description.clone());
                let mut change = Change::default()
                    .token(TokenWrite::Replace(token.clone()))
                    .event(event);
                if expiry_moved {
                    change = change.and(expiry_notices(&token, now));
                }
                Ok((change, token))
            })
            .await?;
        Ok(TokenResponse {
            token: shown(&edited, None),
        })
    }

    /// RegenerateToken: a new value, and a new expiry when one is asked;
    /// the old value is refused from the next request on.
    pub async fn regenerate_token(
        &self,
        request: RegenerateTokenRequest,
        caller: &Caller,
    ) -> Result<TokenResponse, ServiceError> {
        let TokenChoice {
            id,
            expires_at,
            proof,
        } = request.try_into()?;
        let auth = self
            .stepped_up(caller, Method::RegenerateToken, StepUp::SecondFactor, proof)
            .await?
            .auth;
        let now = self.now();
        let new_expiry = expires_at
            .map(|at| valid_expiry(Some(at), now))
            .transpose()?;
        let session_id = auth.session.public_id();
        let issued = token::issue(TokenKind::Access, &auth.session.user_id, &mut OsRng);
        let renewed = self
            .change_tokens(&auth, |tokens| {
                let old = find(tokens, id)?;
                if !old.is_live(now) {
                    return Err(ServiceError::invalid(
                        params::ID,
                        "this token has expired: create a new one",
                    ));
                }
                let renewed = AccessToken {
                    token_hash: issued.hash.clone(),
                    created_at: now,
                    created_ip: caller.client.ip.clone(),
                    last_used: None,
                    last_used_ip: None,
                    created_by: Some(session_id.clone()),
                    expires_at: new_expiry.unwrap_or(old.expires_at),
                    ..old.clone()
                };
                let event = self
                    .event(
                        &old.user_id,
                        EventKind::TokenRegenerated,
                        &caller.client,
                        now,
                    )
                    .with_description(old.description.clone());
                let mut change = Change::default()
                    .token(TokenWrite::Delete {
                        user_id: old.user_id.clone(),
                        token_hash: old.token_hash.clone(),
                    })
                    .token(TokenWrite::Create(renewed.clone()))
                    .event(event);
                // Same expiry: the notices scheduled before still hold.
                if renewed.expires_at != old.expires_at {
                    change = change.and(expiry_notices(&renewed, now));
                }
                Ok((change, renewed))
            })
            .await?;
        Ok(TokenResponse {
            token: shown(&renewed, Some(issued.expose())),
        })
    }

    /// DeleteTokens: by id, or `*` for all. Ids that name no token are
    /// skipped; `deleted` counts the tokens that were.
    pub async fn delete_tokens(
        &self,
        request: DeleteTokensRequest,
        caller: &Caller,
    ) -> Result<DeleteTokensResponse, ServiceError> {
        let TokenDeletion { ids, proof } = request.try_into()?;
        let auth = self
            .stepped_up(caller, Method::DeleteTokens, StepUp::Password, proof)
            .await?
            .auth;
        let now = self.now();
        let deleted = self
            .change_tokens(&auth, |tokens| {
                let chosen: Vec<&AccessToken> = tokens
                    .iter()
                    .filter(|t| match &ids {
                        Selection::All => true,
                        Selection::Only(ids) => ids.contains(&t.id),
                    })
                    .collect();
                Ok(self.deleting_tokens(
                    &auth.session.user_id,
                    &chosen,
                    EventKind::TokensDeleted,
                    &caller.client,
                    now,
                ))
            })
            .await?;
        Ok(DeleteTokensResponse { deleted })
    }

    /// Authorize: may the credential on this call call `method`? For the
    /// platform's other services, which hold no tokens of their own.
    pub async fn authorize(
        &self,
        request: AuthorizeRequest,
        caller: &Caller,
    ) -> Result<AuthorizeResponse, ServiceError> {
        let MethodAsked { name, kind } = request.try_into()?;
        let principal = self
            .authenticate_principal(caller, Method::Authorize)
            .await?;
        let account = principal.account();
        let (via, token_id) = match &principal {
            Principal::Session(_) => (Via::Session, None),
            Principal::Token { token, .. } => {
                if !token.may_call_named(&kind, &name) {
                    return Err(ServiceError::TokenRefused { method: name });
                }
                (Via::Token, Some(token.id))
            }
        };
        Ok(AuthorizeResponse {
            login: account.login.to_string(),
            user_id: account.user_id.to_string(),
            via,
            token_id,
        })
    }

    /// Reads the account's tokens, lets `decide` build one change from them,
    /// and commits it, conditioned on the caller's session being live at
    /// commit: the account unchanged since it was read (a raised session
    /// epoch is a change) and the session not signed out. When another
    /// change won a race, reads the account again, checks the session is
    /// still live under it, and decides again.
    async fn change_tokens<T>(
        &self,
        auth: &Authenticated,
        mut decide: impl FnMut(&[AccessToken]) -> Result<(Change, T), ServiceError>,
    ) -> Result<T, ServiceError> {
        let session = &auth.session;
        let user = &session.user_id;
        let mut account = auth.account.clone();
        for _ in 0..RETRIES {
            let now = self.now();
            if !session.is_live(now, account.value.session_epoch) {
                return Err(ServiceError::refused(ResultCode::NotSignedIn));
            }
            let tokens = self.store.tokens(user).await?;
            let (change, value) = decide(&tokens)?;
            if change.is_empty() {
                return Ok(value);
            }
            let change = change
                .check(Check::AccountAt {
                    user_id: user.clone(),
                    version: account.version,
                })
                .check(Check::SessionExists {
                    user_id: user.clone(),
                    token_hash: session.token_hash.clone(),
                });
            match self.store.commit(change).await {
                Ok(()) => return Ok(value),
                Err(StoreError::Conflict) => {
                    account = self
                        .store
                        .load_account(user)
                        .await?
                        .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))?;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(ServiceError::busy())
    }
}

/// The token with id `id`.
fn find(tokens: &[AccessToken], id: u32) -> Result<AccessToken, ServiceError> {
    tokens
        .iter()
        .find(|t| t.id == id)
        .cloned()
        .ok_or_else(|| ServiceError::invalid(params::ID, "no token of this account has this id"))
}

/// A token as the API shows it; `key` only when it was just made.
fn shown(token: &AccessToken, key: Option<&str>) -> twofold_api::tokens::AccessToken {
    twofold_api::tokens::AccessToken {
        id: token.id,
        key: key.map(str::to_owned),
        description: token.description.clone(),
        created_at: token.created_at,
        created_ip: token.created_ip.clone(),
        expires_at: token.expires_at,
        api_list: token.api_list.as_slice().to_vec(),
        last_used: token.last_used,
        last_used_ip: token.last_used_ip.clone(),
    }
}
