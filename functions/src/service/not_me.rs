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
        ReportNotMeRequest, ReportNotMeResponse, UndoChangeRequest, UndoChangeResponse, UndoOffer,
    },
    params, ResultCode,
};
use twofold_auth::{
    account::{Accepted, SecondFactorInput, UndoRefused},
    not_me::{LinkRefused, NotMeLink, UndoPoint},
    AccessToken, Account, SecurityEvent,
};
use twofold_store::{Apply, Change, LinkState, LinkWrite, UpdateError};

use super::{remediation::Keep, Caller, Service, ServiceError};

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

    /// UndoChange: with a code of a factor from before the change, the
    /// account's password hash and second factor come back as they were,
    /// every session and token ends, and the link is spent. Each code
    /// tried takes one of the link's tries first, so racing guesses get
    /// [`UNDO_TRIES`] checks in all.
    pub async fn undo_change(
        &self,
        request: UndoChangeRequest,
        caller: &Caller,
    ) -> Result<UndoChangeResponse, ServiceError> {
        let input = SecondFactorInput::parse(&request.code)
            .map_err(|e| ServiceError::invalid(params::CODE, e))?;
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
        let user = link.user_id.clone();
        let policy = self.config.second_factor;
        self.with_unused_link(&link, |account, state, tokens| {
            let before = state
                .before
                .as_ref()
                .ok_or(ServiceError::refused(ResultCode::NothingToRestore))?;
            let now = self.now();
            let accepted = account
                .restore(&self.two_factor, &policy, now, before, &input)
                .map_err(|refused| undo_refused(refused, state.tries))?;
            let (ended, count) =
                self.end_tokens(&user, tokens, Keep::named(None), &caller.client, now);
            let mut event = self
                .event(&user, EventKind::ChangeUndone, &caller.client, now)
                .with_description(change.kind.describe());
            let left = match accepted {
                Accepted::RecoveryCode { left } => {
                    event = event.with_codes_left(left);
                    left
                }
                Accepted::Totp => account.recovery_codes_left(),
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
        Some(UndoOffer {
            authenticator_app: account.had_app_before(&self.two_factor, before).ok()?,
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
