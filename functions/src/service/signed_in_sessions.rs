//! GetSessions and SignOutSessions: the account's signed-in sessions, and
//! ending them from another one.

use twofold_api::{events::EventKind, tokens::*, Method, ResultCode};
use twofold_auth::{Session, SessionKind};
use twofold_store::{Apply, Change, SessionWrite, StoreError};

use super::{
    account::others_ended,
    sessions::{Authenticated, Need},
    Caller, Service, ServiceError,
};

/// Most session ids one SignOutSessions call may name.
const MAX_IDS: usize = 50;

/// Times a sign-out is tried again after one of its sessions ended meanwhile.
const RETRIES: usize = 5;

impl Service {
    /// GetSessions: the live signed-in sessions (not pending ones), newest
    /// first, the caller's marked.
    pub async fn get_sessions(&self, caller: &Caller) -> Result<SessionsResponse, ServiceError> {
        let auth = self
            .authenticate(caller, Method::GetSessions, Need::Full)
            .await?;
        let now = self.now();
        let mut sessions: Vec<SessionInfo> = self
            .signed_in(&auth, now)
            .await?
            .into_iter()
            .map(|session| SessionInfo {
                id: session.public_id(),
                created_at: session.created_at,
                last_seen: session.last_seen.unwrap_or(session.created_at),
                current: session.token_hash == auth.session.token_hash,
                ip: session.ip,
                user_agent: session.user_agent,
            })
            .collect();
        sessions.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        Ok(SessionsResponse { sessions })
    }

    /// SignOutSessions: the sessions named, or with `*` every one but the
    /// caller's (pending ones too). The caller's own is never ended here:
    /// that is SignOut. Personal access tokens are left alone.
    pub async fn sign_out_sessions(
        &self,
        request: SignOutSessionsRequest,
        caller: &Caller,
    ) -> Result<SignOutSessionsResponse, ServiceError> {
        match &request.ids {
            Selection::Only(ids) if ids.is_empty() => {
                return Err(ServiceError::invalid(
                    "ids",
                    "name at least one session id, or * for every other session",
                ))
            }
            Selection::Only(ids) if ids.len() > MAX_IDS => {
                return Err(ServiceError::invalid(
                    "ids",
                    format!("name at most {MAX_IDS} sessions, or * for every other session"),
                ))
            }
            _ => {}
        }
        let auth = self
            .authenticate(caller, Method::SignOutSessions, Need::Full)
            .await?;
        let now = self.now();
        let ended = match &request.ids {
            Selection::All => self.sign_out_all_others(auth, caller, now).await?,
            Selection::Only(ids) => self.sign_out_some(&auth, ids, caller, now).await?,
        };
        Ok(SignOutSessionsResponse { ended })
    }

    /// Raises the account's session epoch: every other session ends in one
    /// write, however many there are.
    async fn sign_out_all_others(
        &self,
        auth: Authenticated,
        caller: &Caller,
        now: u64,
    ) -> Result<u32, ServiceError> {
        let others = self
            .signed_in(&auth, now)
            .await?
            .iter()
            .filter(|s| s.token_hash != auth.session.token_hash)
            .count();
        let ended = u32::try_from(others).unwrap_or(u32::MAX);
        self.change_authenticated_account(auth, |account, current, now| {
            let epoch = account.end_other_sessions();
            let event = self
                .event(
                    &account.user_id,
                    EventKind::SessionsSignedOut,
                    &caller.client,
                    now,
                )
                .with_count(ended);
            Ok(Apply::Write {
                alongside: others_ended(current, epoch, event),
                value: ended,
            })
        })
        .await
    }

    /// Deletes the named sessions that are live and not the caller's.
    async fn sign_out_some(
        &self,
        auth: &Authenticated,
        ids: &[String],
        caller: &Caller,
        now: u64,
    ) -> Result<u32, ServiceError> {
        for _ in 0..RETRIES {
            let chosen: Vec<Session> = self
                .signed_in(auth, now)
                .await?
                .into_iter()
                .filter(|s| s.token_hash != auth.session.token_hash)
                .filter(|s| ids.contains(&s.public_id()))
                .collect();
            if chosen.is_empty() {
                return Ok(0);
            }
            let ended = u32::try_from(chosen.len()).unwrap_or(u32::MAX);
            let mut change = Change::default().event(
                self.event(
                    &auth.session.user_id,
                    EventKind::SessionsSignedOut,
                    &caller.client,
                    now,
                )
                .with_count(ended),
            );
            for session in chosen {
                change = change.session(SessionWrite::Delete {
                    user_id: session.user_id,
                    token_hash: session.token_hash,
                });
            }
            match self.store.commit(change).await {
                Ok(()) => return Ok(ended),
                // One of them ended meanwhile: list again.
                Err(StoreError::SessionGone | StoreError::Conflict) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(ServiceError::refused(ResultCode::Busy))
    }

    /// The account's live signed-in sessions.
    async fn signed_in(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<Vec<Session>, ServiceError> {
        let epoch = auth.account.value.session_epoch;
        Ok(self
            .store
            .sessions(&auth.session.user_id)
            .await?
            .into_iter()
            .filter(|s| s.kind == SessionKind::Full && s.is_live(now, epoch))
            .collect())
    }
}
