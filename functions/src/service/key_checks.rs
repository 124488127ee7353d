//! Checking a security key: the ceremonies (started, kept in the store,
//! taken once), Start2FAKeyCheck, Verify2FAKey, StartPasskeySignIn and
//! SignInWithPasskey. Adding, renaming and removing keys are in
//! `security_keys.rs`; a key at a step-up goes through `step_up.rs`.
//!
//! A ceremony's state lives in the store, never in an instance's memory,
//! so a ceremony started on one Lambda instance finishes on another. It is
//! taken (deleted) before the answer is checked: webauthn-rs would accept
//! the same answer twice against the same state, so single use is ours.

use rand::rngs::OsRng;
use serde_json::Value;
use twofold_api::{
    authentication::SessionResponse, events::EventKind, security_keys::*, tokens::SignedInWith,
    Method, ResultCode,
};
use twofold_auth::{
    account::security_keys::{KeyAnswer, SecurityKey},
    Account, Ceremony, CeremonyId, CeremonyPurpose, SessionKind, StepUp, TokenHash, UserId,
};
use twofold_store::{Apply, Change, LimitKey, SessionWrite, StoreError};

use super::{
    authenticate::{Authenticated, Need},
    authentication::{opened_session, SignedIn},
    input::KeyEntered,
    relying_party::{KeptKey, KeyRefusal, RelyingParty, Started},
    Caller, Opened, Service, ServiceError,
};

impl Service {
    /// The relying party, when the server has origins for it.
    pub(super) fn relying_party(&self) -> Result<&RelyingParty, ServiceError> {
        self.relying_party.as_ref().ok_or_else(|| {
            ServiceError::refused_with(
                ResultCode::Unavailable,
                "Security keys are not set up on this server (TWOFOLD_WEBAUTHN_ORIGINS).",
            )
        })
    }

    /// Keeps a started ceremony in the store and says what the browser
    /// needs of it.
    pub(super) async fn open_ceremony(
        &self,
        purpose: CeremonyPurpose,
        user: Option<&UserId>,
        session: Option<&TokenHash>,
        started: Started,
        now: u64,
    ) -> Result<KeyCeremony, ServiceError> {
        let ceremony = Ceremony::start(
            &mut OsRng,
            purpose,
            user.cloned(),
            session.cloned(),
            started.state,
            now,
        );
        self.store.put_ceremony(&ceremony).await?;
        Ok(KeyCeremony {
            ceremony: ceremony.id.to_string(),
            options: started.options,
            expires_at: ceremony.expires_at,
        })
    }

    /// Takes a ceremony out of the store, once: gone, expired, or started
    /// for another purpose or session, it is refused (and spent all the
    /// same, so an answer never meets its state twice).
    pub(super) async fn take_ceremony(
        &self,
        id: &CeremonyId,
        purpose: CeremonyPurpose,
        session: Option<&TokenHash>,
        now: u64,
    ) -> Result<Ceremony, ServiceError> {
        self.store
            .take_ceremony(id, now)
            .await?
            .filter(|ceremony| ceremony.finishes(purpose, session))
            .ok_or_else(|| ServiceError::refused(ResultCode::KeyCheckGone))
    }

    /// A key's answer to a ceremony of `purpose` started by `session`,
    /// checked against `account`'s keys: the ceremony is taken first (so an
    /// answer is never checked twice), and a refusal is logged as
    /// [`Service::key_refused`] says.
    async fn check_key_answer(
        &self,
        key: &KeyEntered,
        purpose: CeremonyPurpose,
        session: &TokenHash,
        account: &Account,
        caller: &Caller,
        now: u64,
    ) -> Result<KeyAnswer, ServiceError> {
        let ceremony = self
            .take_ceremony(&key.ceremony, purpose, Some(session), now)
            .await?;
        let keys = kept_keys(account);
        match self
            .relying_party()?
            .finish_check(&ceremony.state, &key.credential, &keys)
        {
            Ok(answer) => Ok(answer),
            Err(refusal) => Err(self
                .key_refused(account, refusal, &key.credential, caller, now)
                .await),
        }
    }

    /// A key's answer refused. A signature counter that went backwards is
    /// logged (a copy of the key may be in someone's hands) before the
    /// refusal is answered; the rest change nothing.
    pub(super) async fn key_refused(
        &self,
        account: &Account,
        refusal: KeyRefusal,
        answer: &Value,
        caller: &Caller,
        now: u64,
    ) -> ServiceError {
        if refusal != KeyRefusal::CloneSuspected {
            return ServiceError::refused_with(ResultCode::KeyRefused, refusal_words(refusal));
        }
        let named = answer
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| account.key_with_credential(id))
            .map(|key| key.name.clone());
        let mut event = self.event(
            &account.user_id,
            EventKind::SecurityKeyCloneSuspected,
            &caller.client,
            now,
        );
        if let Some(name) = named {
            event = event.with_description(name);
        }
        match self.store.commit(Change::default().event(event)).await {
            Ok(()) => ServiceError::refused(ResultCode::KeyCloneSuspected),
            Err(error) => error.into(),
        }
    }

    /// Start2FAKeyCheck: a check of the account's keys, for the pending
    /// session of a sign-in or for a full session's step-up.
    pub async fn start_2fa_key_check(
        &self,
        _request: Start2FAKeyCheckRequest,
        caller: &Caller,
    ) -> Result<KeyCeremony, ServiceError> {
        let auth = self
            .authenticate(caller, Method::Start2FAKeyCheck, Need::Any)
            .await?;
        let purpose = match auth.session.kind {
            SessionKind::Pending => CeremonyPurpose::SignIn,
            SessionKind::Full => CeremonyPurpose::StepUp,
        };
        self.start_key_check(&auth.account.value, purpose, &auth.session.token_hash)
            .await
    }

    /// A check of `account`'s keys, for `session`.
    pub(super) async fn start_key_check(
        &self,
        account: &Account,
        purpose: CeremonyPurpose,
        session: &TokenHash,
    ) -> Result<KeyCeremony, ServiceError> {
        self.start_check_of(account.security_keys(), &account.user_id, purpose, session)
            .await
    }

    /// A check of `keys` of `user`'s, for `holder` (a session, or a link).
    pub(super) async fn start_check_of(
        &self,
        keys: &[SecurityKey],
        user: &UserId,
        purpose: CeremonyPurpose,
        holder: &TokenHash,
    ) -> Result<KeyCeremony, ServiceError> {
        if keys.is_empty() {
            return Err(ServiceError::refused(ResultCode::NoSecurityKeys));
        }
        let started = self
            .relying_party()?
            .start_check(&kept(keys))
            .map_err(|refusal| internal_refusal("starting a key check", refusal))?;
        let now = self.now();
        self.open_ceremony(purpose, Some(user), Some(holder), started, now)
            .await
    }

    /// Verify2FAKey: the pending session and a key's answer to its
    /// ceremony: the pending session is spent and a full one opened, with
    /// the key's counter and last use saved in the same transaction.
    pub async fn verify_2fa_key(
        &self,
        request: Verify2FAKeyRequest,
        caller: &Caller,
    ) -> Result<Opened<SessionResponse>, ServiceError> {
        let key: KeyEntered = request.try_into()?;
        let now = self.now();
        let (pending, account) = self.pending_session(caller, now).await?;
        let answer = self
            .check_key_answer(
                &key,
                CeremonyPurpose::SignIn,
                &pending.token_hash,
                &account.value,
                caller,
                now,
            )
            .await?;
        self.store
            .update_account(&pending.user_id, Some(account), |account| {
                if account.session_epoch != pending.epoch {
                    return Err(ServiceError::refused(ResultCode::NotSignedIn));
                }
                let alongside = Change::default().session(SessionWrite::Delete {
                    user_id: account.user_id.clone(),
                    token_hash: pending.token_hash.clone(),
                });
                self.signed_in_with_key(
                    account,
                    &answer,
                    KeySignIn::SecondFactor,
                    alongside,
                    caller,
                    now,
                )
            })
            .await
            .map_err(ServiceError::from)
    }

    /// A step-up's second factor by a key: its answer to a step-up
    /// ceremony of this session, checked, and the step-up recorded on the
    /// session with the key's counter and last use, in one transaction.
    pub(super) async fn record_key_step_up(
        &self,
        auth: Authenticated,
        key: &KeyEntered,
        caller: &Caller,
    ) -> Result<Authenticated, ServiceError> {
        let now = self.now();
        let answer = self
            .check_key_answer(
                key,
                CeremonyPurpose::StepUp,
                &auth.session.token_hash,
                &auth.account.value,
                caller,
                now,
            )
            .await?;
        let user = auth.session.user_id.clone();
        let sessions = &self.config.sessions;
        let session = self
            .change_authenticated_account(auth, |account, current, now| {
                let key = account
                    .key_answered(&answer, now)
                    .map_err(|_| unknown_key())?;
                let mut session = current.clone();
                session.elevate(now, sessions, StepUp::SecondFactor);
                let event = self
                    .event(
                        &account.user_id,
                        EventKind::PasswordAndKeyConfirmed,
                        &caller.client,
                        now,
                    )
                    .with_description(key.name);
                Ok(Apply::Write {
                    alongside: Change::default()
                        .session(SessionWrite::Replace(session.clone()))
                        .event(event),
                    value: session,
                })
            })
            .await?;
        let account = self
            .store
            .load_account(&user)
            .await?
            .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))?;
        Ok(Authenticated { session, account })
    }

    /// StartPasskeySignIn: options that name no account, under a budget
    /// per client address (each one is a write).
    pub async fn start_passkey_sign_in(
        &self,
        _request: StartPasskeySignInRequest,
        caller: &Caller,
    ) -> Result<KeyCeremony, ServiceError> {
        let now = self.now();
        let throttle = &self.config.sign_in_throttle;
        let window = throttle.window(now);
        let limit = LimitKey::PasskeySignIn(caller.address_key()?);
        match self
            .store
            .take_slot(&limit, throttle.max_per_address, window)
            .await
        {
            Ok(()) => {}
            Err(StoreError::LimitReached) => {
                return Err(ServiceError::Throttled {
                    code: ResultCode::TooManySignInAttempts,
                    retry_after: window.retry_after(now),
                })
            }
            Err(other) => return Err(other.into()),
        }
        let started = self
            .relying_party()?
            .start_passkey_sign_in()
            .map_err(|refusal| internal_refusal("starting a passkey sign-in", refusal))?;
        self.open_ceremony(CeremonyPurpose::PasskeySignIn, None, None, started, now)
            .await
    }

    /// SignInWithPasskey: a passkey's answer signs in alone (it verified
    /// its user: something held and something known or been), as both
    /// factors.
    pub async fn sign_in_with_passkey(
        &self,
        request: SignInWithPasskeyRequest,
        caller: &Caller,
    ) -> Result<Opened<SessionResponse>, ServiceError> {
        let KeyEntered {
            ceremony,
            credential,
        } = request.try_into()?;
        let now = self.now();
        let ceremony = self
            .take_ceremony(&ceremony, CeremonyPurpose::PasskeySignIn, None, now)
            .await?;
        let relying_party = self.relying_party()?;
        let owner = relying_party
            .passkey_owner(&credential)
            .map_err(|_| unknown_key())?;
        let account = self
            .store
            .load_account(&owner)
            .await?
            .ok_or_else(unknown_key)?;
        let answer = match relying_party.finish_passkey_sign_in(
            &ceremony.state,
            &credential,
            &kept_keys(&account.value),
        ) {
            Ok(answer) => answer,
            Err(refusal) => {
                return Err(self
                    .key_refused(&account.value, refusal, &credential, caller, now)
                    .await)
            }
        };
        self.store
            .update_account(&owner, Some(account), |account| {
                self.signed_in_with_key(
                    account,
                    &answer,
                    KeySignIn::Passkey,
                    Change::default(),
                    caller,
                    now,
                )
            })
            .await
            .map_err(ServiceError::from)
    }

    /// A key that answered signs in: its record and last use saved, a full
    /// session opened, the event naming the key, all beside `alongside`.
    fn signed_in_with_key(
        &self,
        account: &mut Account,
        answer: &KeyAnswer,
        how: KeySignIn,
        alongside: Change,
        caller: &Caller,
        now: u64,
    ) -> Result<Apply<Opened<SessionResponse>>, ServiceError> {
        // Refused when the key was removed between the check and this write.
        let key = account
            .key_answered(answer, now)
            .map_err(|_| unknown_key())?;
        let (with, kind) = match how {
            KeySignIn::SecondFactor => (
                SignedInWith::SecurityKey,
                EventKind::SignedInWithSecurityKey,
            ),
            KeySignIn::Passkey => (SignedInWith::Passkey, EventKind::SignedInWithPasskey),
        };
        let (token, session) = self.new_session(account, SignedIn::With(with), caller, now);
        let event = self
            .event(&account.user_id, kind, &caller.client, now)
            .with_description(key.name);
        let alongside = alongside
            .session(SessionWrite::Create(session.clone()))
            .event(event)
            .and(self.new_browser_sign_in(account, caller, now));
        let opened = opened_session(
            token,
            &session,
            account,
            self.device_after_sign_in(caller, &account.login, now),
        );
        Ok(Apply::Write {
            alongside,
            value: opened,
        })
    }
}

/// How a key signs in.
#[derive(Debug, Clone, Copy)]
enum KeySignIn {
    /// After the password, as the second factor.
    SecondFactor,
    /// A passkey alone.
    Passkey,
}

/// The account's keys as the relying party reads them.
pub(super) fn kept_keys(account: &Account) -> Vec<KeptKey> {
    kept(account.security_keys())
}

/// Keys as the relying party reads them.
pub(super) fn kept(keys: &[SecurityKey]) -> Vec<KeptKey> {
    keys.iter()
        .map(|key| KeptKey {
            credential_id: key.credential_id.clone(),
            kind: key.kind,
            credential: key.credential.clone(),
        })
        .collect()
}

/// A refusal in words for people.
pub(super) fn refusal_words(refusal: KeyRefusal) -> &'static str {
    match refusal {
        KeyRefusal::OtherSite => {
            "The key answered for another site: sign in only on this site's own address."
        }
        KeyRefusal::OtherCeremony => "The key answered another request: try again.",
        KeyRefusal::CloneSuspected => ResultCode::KeyCloneSuspected.default_message(),
        KeyRefusal::UserNotVerified => {
            "The key did not check that it is you (its PIN, fingerprint or face): try again."
        }
        KeyRefusal::UnknownKey => "That is not a security key of this account.",
        KeyRefusal::Invalid => "The key's answer could not be read: try again.",
    }
}

/// An answer from a key that is not the account's (or no longer).
fn unknown_key() -> ServiceError {
    ServiceError::refused_with(
        ResultCode::KeyRefused,
        refusal_words(KeyRefusal::UnknownKey),
    )
}

/// A ceremony the relying party could not even start: our fault.
fn internal_refusal(what: &str, refusal: KeyRefusal) -> ServiceError {
    ServiceError::internal(anyhow::anyhow!("{what}: {refusal}"))
}
