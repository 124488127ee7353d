//! Mail refused for good: a recipient's server that answers with a
//! permanent failure (SMTP 5xx: no such mailbox, mailbox disabled) marks
//! the account's confirmed address as bouncing, which GetAccount and the
//! app show so the owner sets another; the mail is dropped (retrying will
//! not deliver it) and its log entry is not marked mailed. The next mail
//! that gets through clears the mark. (SES reports its bounces later, by
//! EventBridge: `ses_events.rs` marks the address through [`Notifier::mark`].)

use twofold_auth::{email::EmailAddress, notice::OutboxMail, UserId};
use twofold_store::Apply;

use super::Notifier;

/// What [`Notifier::mark`] did to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marked {
    /// The change was written.
    Changed,
    /// The account was already so, or the change was not for it (another
    /// address): nothing written.
    Unchanged,
    /// There is no such account (any more).
    NoAccount,
}

/// A transport's "refused for good" (a permanent failure for this
/// recipient), as opposed to a failure worth trying again.
#[derive(Debug, thiserror::Error)]
#[error("the recipient's mail server refused the mail for good: {0}")]
pub struct Refused(pub String);

impl<T> Notifier<T> {
    /// `outbox`, sent to `to`, was refused for good at `now`: the address
    /// is marked bouncing if it is the confirmed one, and the item goes.
    pub(super) async fn bounced(
        &self,
        outbox: &OutboxMail,
        to: &EmailAddress,
        now: u64,
    ) -> anyhow::Result<()> {
        tracing::warn!(outbox = %outbox.id, "a notice bounced; the address is marked bouncing");
        self.mark(&outbox.user_id, |account| account.email_bounced(to, now))
            .await?;
        self.service.store().dropped_mail(outbox).await?;
        Ok(())
    }

    /// A mail reached `to`, which was bouncing: it is not any more.
    pub(super) async fn delivered_again(
        &self,
        user: &UserId,
        to: &EmailAddress,
    ) -> anyhow::Result<()> {
        self.mark(user, |account| account.email_delivered(to))
            .await
            .map(drop)
    }

    /// Applies `change` to `user`'s account (true when it changed it),
    /// retrying on a concurrent write; what became of it.
    pub(super) async fn mark(
        &self,
        user: &UserId,
        mut change: impl FnMut(&mut twofold_auth::Account) -> bool,
    ) -> anyhow::Result<Marked> {
        let outcome = self
            .service
            .store()
            .update_account(user, None, |account| {
                Ok::<_, std::convert::Infallible>(if change(account) {
                    Apply::Write {
                        alongside: twofold_store::Change::default(),
                        value: Marked::Changed,
                    }
                } else {
                    Apply::Skip(Marked::Unchanged)
                })
            })
            .await;
        match outcome {
            Ok(marked) => Ok(marked),
            Err(twofold_store::UpdateError::NotFound) => Ok(Marked::NoAccount),
            Err(twofold_store::UpdateError::Refused(never)) => match never {},
            Err(other) => Err(anyhow::anyhow!("marking the address: {other}")),
        }
    }
}
