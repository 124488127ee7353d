//! ReportNotMe and UndoChange: "This wasn't me" from a security notice.
//! The signed link is the only credential: whoever reads the account's mail
//! can end every session and token at once; putting credentials back also
//! takes a code of a factor the account had before the change, so the
//! mailbox alone never changes a password or a second factor.
//!
//! Each use is written in one transaction with the account (its session
//! epoch moves, so every session ends), the deletion of every token, the
//! log entry and the link's state; two uses at once conflict on the
//! account, and the second reads the link again and finds it used.

use rand::rngs::OsRng;
use twofold_api::{
    events::EventKind,
    limits::UNDO_TRIES,
    not_me::{
        ReportNotMeRequest, ReportNotMeResponse, StartUndoKeyCheckRequest, UndoChangeRequest,
        UndoChangeResponse, UndoOffer,
    },
    params,
    security_keys::KeyCeremony,
    ResultCode,
};
use twofold_auth::{
    account::{security_keys::KeyAnswer, FactorsBefore, UndoProof, UndoRefused, Undone},
    not_me::{LinkRefused, NotMeLink, UndoPoint},
    AccessToken, Account, CeremonyPurpose, SecurityEvent,
};
use twofold_store::{Apply, Change, LinkState, LinkWrite, UpdateError};

use super::{
    input::{KeyEntered, UndoEntered},
    key_checks::{kept, refusal_words},
    relying_party::KeyRefusal,
    remediation::Keep,
    Caller, Service, ServiceError,
};

impl Service {
    /// ReportNotMe: ends every session and access token of the link's
    /// account, once; a link reported before changes nothing and says what
    /// it can still do.
    pub async fn report_not_me(
        &self,
        request: ReportNotMeRequest,
        caller: &Caller,
    ) -> Result<ReportNotMeResponse, ServiceError> {
        let (link, change) = self.open_link(&request.link).await?;
        let user = link.user_id.clone();
        self.with_unused_link(&link, |account, state, tokens| {
            let mut answer = ReportNotMeResponse {
                change: change.kind,
                at: change.at,
                tokens_deleted: 0,
                already_reported: state.reported_at.is_some(),
                undo: self.undo_offer(state, &link, account),
            };
            if answer.already_reported {
                return Ok(Apply::Skip(answer));
            }
            let now = self.now();
            account.end_everything();
            let (ended, count) =
                self.end_tokens(&user, tokens, Keep::named(None), &caller.client, now);
            answer.tokens_deleted = count;
            let event = self
                .event(&user, EventKind::ReportedNotMe, &caller.client, now)
                .with_description(change.kind.describe());
            Ok(Apply::Write {
                alongside: Change::default()
                    .event(event)
                    .link(LinkWrite::Report {
                        link: link.clone(),
                        at: now,
                    })
                    .and(ended),
                value: answer,
            })
        })
        .await
    }

    /// StartUndoKeyCheck: a check of the keys the account had before the
    /// link's change, held by the link. Starting one takes no try: only an
    /// answer is checked.
    pub async fn start_undo_key_check(
        &self,
        request: StartUndoKeyCheckRequest,
    ) -> Result<KeyCeremony, ServiceError> {
        let (link, _) = self.open_link(&request.link).await?;
        let (state, account) = self.undo_state(&link).await?;
        if state.tries >= UNDO_TRIES {
            return Err(ServiceError::refused(ResultCode::UndoTriesUsed));
        }
        let factors = self.factors_before(&account, &state)?;
        self.start_check_of(
            &factors.keys,
            &link.user_id,
            CeremonyPurpose::Undo,
            &link.ceremony_holder(),
        )
        .await
    }

    /// UndoChange: with a factor from before the change (a code, or a key's
    /// answer), the account's password hash and second factor come back
    /// as they were, every session and token ends, and the link is spent.
    /// Each try takes one of the link's tries first, so racing guesses get
    /// [`UNDO_TRIES`] checks in all.
    pub async fn undo_change(
        &self,
        request: UndoChangeRequest,
        caller: &Caller,
    ) -> Result<UndoChangeResponse, ServiceError> {
        let entered = UndoEntered::try_from(&request)?;
        let (link, change) = self.open_link(&request.link).await?;
        if !self.store.reserve_undo_try(&link, UNDO_TRIES).await? {
            let state = self.store.link_state(&link).await?;
            return Err(ServiceError::refused(if state.undone_at.is_some() {
                ResultCode::NotMeLinkUsed
            } else if state.before.is_none() {
                ResultCode::NothingToRestore
            } else {
                ResultCode::UndoTriesUsed
            }));
        }
        let answer;
        let proof = match &entered {
            UndoEntered::Code(input) => UndoProof::Code(input),
            UndoEntered::Key(key) => {
                answer = self.check_undo_key(&link, key, caller).await?;
                UndoProof::Key(&answer)
            }
        };
        let user = link.user_id.clone();
        let policy = self.config.second_factor;
        self.with_unused_link(&link, |account, state, tokens| {
            let before = state
                .before
                .as_ref()
                .ok_or(ServiceError::refused(ResultCode::NothingToRestore))?;
            let now = self.now();
            let undone = account
                .restore(&self.two_factor, &policy, now, before, proof)
                .map_err(|refused| undo_refused(refused, state.tries))?;
            let (ended, count) =
                self.end_tokens(&user, tokens, Keep::named(None), &caller.client, now);
            let mut event = self
                .event(&user, EventKind::ChangeUndone, &caller.client, now)
                .with_description(change.kind.describe());
            let left = match undone {
                Undone::RecoveryCode { left } => {
                    event = event.with_codes_left(left);
                    left
                }
                Undone::Totp | Undone::Key { .. } => account.recovery_codes_left(),
            };
            Ok(Apply::Write {
                alongside: Change::default()
                    .event(event)
                    .link(LinkWrite::Undo {
                        link: link.clone(),
                        at: now,
                    })
                    .and(ended),
                value: UndoChangeResponse {
                    change: change.kind,
                    at: change.at,
                    tokens_deleted: count,
                    recovery_codes_left: left,
                },
            })
        })
        .await
    }

    /// The answer of a key the account had before the link's change to the
    /// link's ceremony: the ceremony is taken first (so an answer is never
    /// checked twice), then the answer is checked against those keys.
    async fn check_undo_key(
        &self,
        link: &NotMeLink,
        key: &KeyEntered,
        caller: &Caller,
    ) -> Result<KeyAnswer, ServiceError> {
        let now = self.now();
        let ceremony = self
            .take_ceremony(
                &key.ceremony,
                CeremonyPurpose::Undo,
                Some(&link.ceremony_holder()),
                now,
            )
            .await?;
        let (state, account) = self.undo_state(link).await?;
        let factors = self.factors_before(&account, &state)?;
        match self.relying_party()?.finish_check(
            &ceremony.state,
            &key.credential,
            &kept(&factors.keys),
        ) {
            Ok(answer) => Ok(answer),
            Err(refusal) => Err(self
                .key_refused(&account, refusal, &key.credential, caller, now)
                .await),
        }
    }

    /// What the link has done and its account, while it can still undo.
    async fn undo_state(&self, link: &NotMeLink) -> Result<(LinkState, Account), ServiceError> {
        let (state, account) = tokio::try_join!(
            self.store.link_state(link),
            self.store.load_account(&link.user_id)
        )?;
        let account = account.ok_or(ServiceError::refused(ResultCode::NotMeLinkInvalid))?;
        if state.undone_at.is_some() {
            return Err(ServiceError::refused(ResultCode::NotMeLinkUsed));
        }
        Ok((state, account.value))
    }

    /// The factors the account had before the link's change.
    fn factors_before(
        &self,
        account: &Account,
        state: &LinkState,
    ) -> Result<FactorsBefore, ServiceError> {
        let before = state
            .before
            .as_ref()
            .ok_or(ServiceError::refused(ResultCode::NothingToRestore))?;
        account
            .factors_before(&self.two_factor, before)
            .map_err(|refused| undo_refused(refused, state.tries))
    }

    /// What a change recorded by `event` keeps of `before` (the account
    /// before it) for its notice's link to put back, if it takes a
    /// credential away from an account with a second factor.
    pub(super) fn undo_point(&self, before: &Account, event: &SecurityEvent) -> Option<UndoPoint> {
        before.undo_point(&self.two_factor, &mut OsRng, event)
    }

    /// The link `text` names, checked (signature, time), and the log entry
    /// of the change it tells of.
    async fn open_link(&self, text: &str) -> Result<(NotMeLink, SecurityEvent), ServiceError> {
        if NotMeLink::parse(text).is_none() {
            return Err(ServiceError::invalid(
                params::LINK,
                "copy the whole link from the mail",
            ));
        }
        let link =
            NotMeLink::open(text, &self.two_factor.sealer, self.now()).map_err(|refused| {
                ServiceError::refused(match refused {
                    LinkRefused::Invalid => ResultCode::NotMeLinkInvalid,
                    LinkRefused::Expired => ResultCode::NotMeLinkExpired,
                })
            })?;
        let event = self
            .store
            .linked_event(&link)
            .await?
            .ok_or(ServiceError::refused(ResultCode::NotMeLinkInvalid))?;
        Ok((link, event))
    }

    /// Applies `change` to the link's account with what the link has done
    /// and the account's tokens, both read again after each load of the
    /// account (a use of the link moves the account too), while the link
    /// has not undone its change: then it is used (417).
    async fn with_unused_link<T>(
        &self,
        link: &NotMeLink,
        mut change: impl FnMut(
            &mut Account,
            &LinkState,
            &[AccessToken],
        ) -> Result<Apply<T>, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.store
            .update_account_after(
                &link.user_id,
                None,
                || async {
                    let (state, tokens) = tokio::try_join!(
                        self.store.link_state(link),
                        self.store.tokens(&link.user_id)
                    )?;
                    Ok((state, tokens))
                },
                |account, (state, tokens)| {
                    if state.undone_at.is_some() {
                        return Err(ServiceError::refused(ResultCode::NotMeLinkUsed));
                    }
                    change(account, state, tokens)
                },
            )
            .await
            .map_err(not_found_is_invalid)
    }

    /// What UndoChange would take for this link, if it can still undo.
    fn undo_offer(
        &self,
        state: &LinkState,
        link: &NotMeLink,
        account: &Account,
    ) -> Option<UndoOffer> {
        let before = state.before.as_ref()?;
        let tries_left = UNDO_TRIES.saturating_sub(state.tries);
        if tries_left == 0 || state.undone_at.is_some() {
            return None;
        }
        let factors = account.factors_before(&self.two_factor, before).ok()?;
        Some(UndoOffer {
            authenticator_app: factors.app,
            // Without a relying party (keys switched off on this server)
            // the codes still undo.
            security_keys: !factors.keys.is_empty() && self.relying_party.is_some(),
            tries_left,
            until: link.expires_at(),
        })
    }
}

/// A refused undo: a wrong code says how many tries the link has left (the
/// one just taken counted).
fn undo_refused(refused: UndoRefused, tries: u32) -> ServiceError {
    match refused {
        UndoRefused::WrongCode => ServiceError::InvalidCode {
            attempts_left: UNDO_TRIES.saturating_sub(tries),
            message: Some(
                "That code is not one your account had before the change: use a code from the authenticator app you had then, or one of your recovery codes.",
            ),
        },
        UndoRefused::JustUsed { retry_after } => ServiceError::CodeJustUsed {
            retry_after,
            attempts_left: UNDO_TRIES.saturating_sub(tries),
        },
        UndoRefused::NothingToRestore => ServiceError::refused(ResultCode::NothingToRestore),
        UndoRefused::UnknownKey => ServiceError::refused_with(
            ResultCode::KeyRefused,
            refusal_words(KeyRefusal::UnknownKey),
        ),
        UndoRefused::Unseal => ServiceError::internal(anyhow::anyhow!(
            "the credentials before a change do not open with the configured key"
        )),
    }
}

/// A link whose account is gone is no link.
fn not_found_is_invalid(error: UpdateError<ServiceError>) -> ServiceError {
    match error {
        UpdateError::NotFound => ServiceError::refused(ResultCode::NotMeLinkInvalid),
        other => ServiceError::from(other),
    }
}
