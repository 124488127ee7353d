//! GetSessions and SignOutSessions: the account's signed-in sessions, and
//! ending them from another one.

use twofold_api::{events::EventKind, tokens::*, Method, ResultCode};
use twofold_auth::{SecurityEvent, Session, SessionKind, StepUp};
use twofold_store::{Apply, Change, SessionWrite, StoreError};

use super::{
    account::others_ended,
    authenticate::{Authenticated, Need},
    input::SessionsToEnd,
    remediation::Keep,
    step_up::Proof,
    Caller, Service, ServiceError,
};

/// Sessions one transaction deletes (DynamoDB takes 100 items, one of them
/// the event).
const DELETES_PER_TRANSACTION: usize = 99;

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
        let mut sessions = self.signed_in(&auth, now).await?;
        // Newest first, to the nanosecond: the order sessions began in.
        sessions.sort_by_key(|s| std::cmp::Reverse(s.began_at_nanos()));
        let sessions: Vec<SessionInfo> = sessions
            .into_iter()
            .map(|session| SessionInfo {
                id: session.public_id(),
                created_at: session.created_at,
                last_seen: session.last_seen.unwrap_or(session.created_at),
                current: session.token_hash == auth.session.token_hash,
                signed_in_with: session.signed_in_with,
                ip: session.ip,
                user_agent: session.user_agent,
            })
            .collect();
        Ok(SessionsResponse { sessions })
    }

    /// SignOutSessions: the sessions named, or with `*` every one but the
    /// caller's (pending ones too). The caller's own is never ended here:
    /// that is SignOut.
    ///
    /// A session ends only sessions that began before it, unless the call
    /// is stepped up (the password, and with 2FA on a second factor, here
    /// or with CheckPassword a few minutes before). So a stolen session can
    /// never keep its owner out: the owner's fresh sign-in is newer, and
    /// ends the thief's older one without anything more. Stepped up, `*`
    /// ends every other session at once and every personal access token
    /// but this session's own and those named in `keepTokens`; naming a
    /// newer session without a step-up is refused (203 or 209).
    pub async fn sign_out_sessions(
        &self,
        request: SignOutSessionsRequest,
        caller: &Caller,
    ) -> Result<SignOutSessionsResponse, ServiceError> {
        let SessionsToEnd {
            ids,
            proof,
            keep_tokens,
        } = request.try_into()?;
        let mut auth = self
            .authenticate(caller, Method::SignOutSessions, Need::Full)
            .await?;
        if proof.password.is_some() || proof.code.is_some() {
            auth = self
                .step_up(auth, StepUp::SecondFactor, proof, caller)
                .await?
                .auth;
        }
        let now = self.now();
        let stepped_up = self.is_stepped_up(&auth, now);
        match &ids {
            Selection::All if stepped_up => {
                let keep = keep_tokens.as_ref();
                self.sign_out_all_others(auth, keep, caller, now).await
            }
            Selection::All => self.sign_out_older(&auth, caller, now).await,
            Selection::Only(ids) => {
                let newer = self
                    .signed_in(&auth, now)
                    .await?
                    .iter()
                    .filter(|s| s.token_hash != auth.session.token_hash)
                    .any(|s| ids.contains(&s.public_id()) && !began_before(s, &auth.session));
                if newer && !stepped_up {
                    // Refused as a step-up would be: 203 or 209, naming what
                    // to send.
                    self.step_up(auth, StepUp::SecondFactor, Proof::default(), caller)
                        .await?;
                    return Err(ServiceError::refused(
                        ResultCode::PasswordConfirmationRequired,
                    ));
                }
                let ended = self.sign_out_some(&auth, ids, caller, now).await?;
                Ok(SignOutSessionsResponse {
                    ended,
                    newer_kept: 0,
                    tokens_ended: 0,
                })
            }
        }
    }

    /// True when the session's live step-up is what ending newer sessions
    /// needs: the password, and with 2FA on a second factor.
    fn is_stepped_up(&self, auth: &Authenticated, now: u64) -> bool {
        match auth.session.step_up(now) {
            Some(StepUp::SecondFactor) => true,
            Some(StepUp::Password) => !auth.account.value.two_factor_enabled(),
            None => false,
        }
    }

    /// Raises the account's session epoch: every other session ends in one
    /// write, however many there are, and with it every token but those
    /// this session made and those named to keep.
    async fn sign_out_all_others(
        &self,
        auth: Authenticated,
        keep: Option<&Selection<u32>>,
        caller: &Caller,
        now: u64,
    ) -> Result<SignOutSessionsResponse, ServiceError> {
        let others = self
            .signed_in(&auth, now)
            .await?
            .iter()
            .filter(|s| s.token_hash != auth.session.token_hash)
            .count();
        let ended = u32::try_from(others).unwrap_or(u32::MAX);
        let session_id = auth.session.public_id();
        let keep = Keep {
            session: Some(&session_id),
            named: keep,
        };
        self.change_authenticated_account_with_tokens(auth, |account, current, now, tokens| {
            let epoch = account.end_other_sessions();
            let event = self
                .event(
                    &account.user_id,
                    EventKind::SessionsSignedOut,
                    &caller.client,
                    now,
                )
                .with_count(ended);
            let (ended_tokens, tokens_ended) =
                self.end_tokens(&account.user_id, tokens, keep, &caller.client, now);
            Ok(Apply::Write {
                alongside: others_ended(current, epoch, event).and(ended_tokens),
                value: SignOutSessionsResponse {
                    ended,
                    newer_kept: 0,
                    tokens_ended,
                },
            })
        })
        .await
    }

    /// `*` without a step-up: deletes every session (pending ones too) that
    /// began before the caller's, a transaction per hundred; newer ones
    /// stay, and are counted. Tokens stay.
    async fn sign_out_older(
        &self,
        auth: &Authenticated,
        caller: &Caller,
        now: u64,
    ) -> Result<SignOutSessionsResponse, ServiceError> {
        let full =
            |list: &[Session]| count(list.iter().filter(|s| s.kind == SessionKind::Full).count());
        // Counted once, from the first listing; logged with the first
        // transaction that commits.
        let mut ended = None;
        let mut logged = false;
        for _ in 0..RETRIES {
            let (older, newer) = self.older_and_newer(auth, now).await?;
            let ended = *ended.get_or_insert_with(|| full(&older));
            let mut gone = false;
            for chunk in older.chunks(DELETES_PER_TRANSACTION) {
                let event = (!logged).then(|| self.signed_out(auth, ended, caller, now));
                match self.store.commit(deleting(chunk, event)).await {
                    Ok(()) => logged = true,
                    // One of them ended meanwhile (signed out, or expired):
                    // list again and delete what is left.
                    Err(StoreError::SessionGone) => gone = true,
                    Err(other) => return Err(other.into()),
                }
            }
            if !gone {
                return Ok(SignOutSessionsResponse {
                    ended,
                    newer_kept: full(&newer),
                    tokens_ended: 0,
                });
            }
        }
        Err(ServiceError::busy())
    }

    /// The live sessions other than the caller's (pending ones too), those
    /// that began before it and the others.
    async fn older_and_newer(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<(Vec<Session>, Vec<Session>), ServiceError> {
        Ok(self
            .live_sessions(auth, now)
            .await?
            .into_iter()
            .filter(|s| s.token_hash != auth.session.token_hash)
            .partition(|s| began_before(s, &auth.session)))
    }

    /// The account's live sessions (pending ones too): not expired, not
    /// ended by the epoch, not idle.
    async fn live_sessions(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<Vec<Session>, ServiceError> {
        let epoch = auth.account.value.session_epoch;
        let idle = self.config.sessions.idle_seconds;
        let mut sessions = self.store.sessions(&auth.session.user_id, now).await?;
        sessions.retain(|s| s.is_live(now, epoch) && !s.is_idle(now, idle));
        Ok(sessions)
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
            let ended = count(chosen.len());
            let event = self.signed_out(auth, ended, caller, now);
            match self.store.commit(deleting(&chosen, Some(event))).await {
                Ok(()) => return Ok(ended),
                // One of them ended meanwhile: list again.
                Err(StoreError::SessionGone | StoreError::Conflict) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(ServiceError::busy())
    }

    /// The `sessionsSignedOut` event of `auth`'s call, counting `ended`.
    fn signed_out(
        &self,
        auth: &Authenticated,
        ended: u32,
        caller: &Caller,
        now: u64,
    ) -> SecurityEvent {
        self.event(
            &auth.session.user_id,
            EventKind::SessionsSignedOut,
            &caller.client,
            now,
        )
        .with_count(ended)
    }

    /// The account's live signed-in sessions.
    async fn signed_in(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<Vec<Session>, ServiceError> {
        let mut sessions = self.live_sessions(auth, now).await?;
        sessions.retain(|s| s.kind == SessionKind::Full);
        Ok(sessions)
    }
}

/// True when `session` began before `caller`: one that began at the same
/// instant counts as newer, so a tie never lets a session end its owner's.
fn began_before(session: &Session, caller: &Session) -> bool {
    session.began_before(caller)
}

/// The writes that end `sessions`, each conditioned on still existing, with
/// `event` when given.
fn deleting(sessions: &[Session], event: Option<SecurityEvent>) -> Change {
    let mut change = Change::default();
    if let Some(event) = event {
        change = change.event(event);
    }
    for session in sessions {
        change = change.session(SessionWrite::Delete {
            user_id: session.user_id.clone(),
            token_hash: session.token_hash.clone(),
        });
    }
    change
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
