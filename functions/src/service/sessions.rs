//! Turning a presented token into a live session and its account.

use twofold_api::ResultCode;
use twofold_auth::{
    token::{self, TokenKind},
    Account, Session, SessionKind,
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

/// What a method needs from the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Signed in.
    Full,
    /// Signed in and the password confirmed within the last few minutes.
    Elevated,
    /// Any live session, full or pending (SignOut).
    Any,
}

impl Service {
    /// Checks the caller's token: well-formed, stored, not expired, not ended
    /// by an epoch change, of the kind the method takes. One round trip.
    pub(crate) async fn authenticate(
        &self,
        caller: &Caller,
        need: Need,
    ) -> Result<Authenticated, ServiceError> {
        let not_signed_in = || ServiceError::refused(ResultCode::NotSignedIn);
        let credential = caller.credential.as_ref().ok_or_else(not_signed_in)?;
        let presented = token::parse(credential.token()).map_err(|_| not_signed_in())?;
        if presented.kind == TokenKind::Pending && need != Need::Any {
            return Err(ServiceError::refused(ResultCode::SecondFactorRequired));
        }
        let now = self.now();
        let (session, account) = self
            .store
            .load_session(&presented)
            .await?
            .ok_or_else(not_signed_in)?;
        let kind_matches = matches!(
            (presented.kind, session.kind),
            (TokenKind::Session, SessionKind::Full) | (TokenKind::Pending, SessionKind::Pending)
        );
        if !kind_matches || !session.is_live(now, account.value.session_epoch) {
            return Err(not_signed_in());
        }
        if need == Need::Elevated && !session.is_elevated(now) {
            return Err(ServiceError::refused(
                ResultCode::PasswordConfirmationRequired,
            ));
        }
        Ok(Authenticated { session, account })
    }
}
