//! Turning a presented token into a live session (or personal access
//! token) and its account.

use twofold_api::{Method, ResultCode};
use twofold_auth::{
    last_use_due,
    token::{self, PresentedToken, TokenKind},
    AccessToken, Account, Session, SessionKind,
};
use twofold_store::Versioned;

use super::{Caller, Service, ServiceError};

/// A live session and its account.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The session.
    pub session: Session,
    /// Its account, as loaded.
    pub account: Versioned<Account>,
}

/// Who is calling a method that personal access tokens may call too.
#[derive(Debug, Clone)]
pub(crate) enum Principal {
    /// A signed-in session.
    Session(Authenticated),
    /// A live token whose list allows the method.
    Token {
        /// The token.
        token: AccessToken,
        /// Its account, as loaded.
        account: Versioned<Account>,
    },
}

impl Principal {
    /// The caller's account.
    pub(crate) fn account(&self) -> &Account {
        match self {
            Principal::Session(auth) => &auth.account.value,
            Principal::Token { account, .. } => &account.value,
        }
    }
}

/// What a method needs from the session (a step-up, where a method needs
/// one, is checked by [`Service::stepped_up`] after this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Signed in.
    Full,
    /// Any live session, full or pending (SignOut).
    Any,
}

/// The methods an account that must change its password may still call.
fn allowed_before_new_password(method: Method) -> bool {
    matches!(
        method,
        Method::ChangePassword
            | Method::GetAccount
            | Method::GetEvents
            | Method::SignOut
            | Method::GetSessions
            | Method::SignOutSessions
    )
}

impl Service {
    /// Checks the caller's session for `method`: well-formed, stored, not
    /// expired, not ended by an epoch change, of the kind the method takes.
    /// One round trip, and a second at most once a minute to record the
    /// use. A personal access token is refused here (TokenMethodRefused,
    /// naming `method`), or NotSignedIn when it is not live: methods that
    /// tokens may call use [`Service::authenticate_principal`].
    pub(crate) async fn authenticate(
        &self,
        caller: &Caller,
        method: Method,
        need: Need,
    ) -> Result<Authenticated, ServiceError> {
        let presented = presented_token(caller)?;
        match presented.kind {
            TokenKind::Access => {
                self.authenticate_token(&presented, caller, method).await?;
                // Live and allowed, but this flow takes sessions only.
                Err(ServiceError::TokenRefused {
                    method: method.name().to_owned(),
                })
            }
            TokenKind::Pending if need != Need::Any => {
                Err(ServiceError::refused(ResultCode::SecondFactorRequired))
            }
            TokenKind::Pending | TokenKind::Session => {
                self.authenticate_session(&presented, method).await
            }
        }
    }

    /// Checks the caller's session or personal access token for `method`,
    /// one that tokens may call when their list names it.
    pub(crate) async fn authenticate_principal(
        &self,
        caller: &Caller,
        method: Method,
    ) -> Result<Principal, ServiceError> {
        let presented = presented_token(caller)?;
        match presented.kind {
            TokenKind::Access => {
                let (token, account) = self.authenticate_token(&presented, caller, method).await?;
                Ok(Principal::Token { token, account })
            }
            TokenKind::Pending => Err(ServiceError::refused(ResultCode::SecondFactorRequired)),
            TokenKind::Session => Ok(Principal::Session(
                self.authenticate_session(&presented, method).await?,
            )),
        }
    }

    async fn authenticate_session(
        &self,
        presented: &PresentedToken,
        method: Method,
    ) -> Result<Authenticated, ServiceError> {
        let not_signed_in = || ServiceError::refused(ResultCode::NotSignedIn);
        let now = self.now();
        let (mut session, account) = self
            .store
            .load_session(presented)
            .await?
            .ok_or_else(not_signed_in)?;
        let kind_matches = matches!(
            (presented.kind, session.kind),
            (TokenKind::Session, SessionKind::Full) | (TokenKind::Pending, SessionKind::Pending)
        );
        let idle = session.is_idle(now, self.config.sessions.idle_seconds);
        if !kind_matches || !session.is_live(now, account.value.session_epoch) || idle {
            return Err(not_signed_in());
        }
        if account.value.password_change_required
            && session.kind == SessionKind::Full
            && !allowed_before_new_password(method)
        {
            return Err(ServiceError::refused(ResultCode::PasswordChangeRequired));
        }
        if session.kind == SessionKind::Full
            && last_use_due(session.last_seen.or(Some(session.created_at)), now)
        {
            self.store.touch_session(&session, now).await?;
            session.last_seen = Some(now);
        }
        Ok(Authenticated { session, account })
    }

    /// A live token that may call `method`, with its account; its use is
    /// recorded at most once a minute, inside this request.
    async fn authenticate_token(
        &self,
        presented: &PresentedToken,
        caller: &Caller,
        method: Method,
    ) -> Result<(AccessToken, Versioned<Account>), ServiceError> {
        let now = self.now();
        let (mut token, account) = self
            .store
            .load_token(presented)
            .await?
            .filter(|(token, _)| token.is_live(now))
            .ok_or_else(|| {
                ServiceError::refused_with(
                    ResultCode::NotSignedIn,
                    "This personal access token is not valid: it expired, or was deleted or regenerated.",
                )
            })?;
        if !token.may_call(method) {
            return Err(ServiceError::TokenRefused {
                method: method.name().to_owned(),
            });
        }
        if last_use_due(token.last_used, now) {
            // Authorize is called by another of the platform's services on
            // the token holder's behalf: its address is that service's, not
            // where the token was used, so only the time is recorded.
            let ip = (method != Method::Authorize)
                .then_some(caller.client.ip.as_deref())
                .flatten();
            self.store.touch_token(&token, now, ip).await?;
            token.last_used = Some(now);
            if ip.is_some() {
                token.last_used_ip = caller.client.ip.clone();
            }
        }
        Ok((token, account))
    }
}

fn presented_token(caller: &Caller) -> Result<PresentedToken, ServiceError> {
    caller
        .credential
        .as_ref()
        .and_then(|credential| token::parse(credential.token()).ok())
        .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))
}
