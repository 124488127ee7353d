//! The deliverer of security notices: takes items from the outbox (each
//! under a lease, so two deliverers never both send one and a crashed
//! one's item is sent by the next), renders them, hands them to a
//! [`Transport`] and deletes them. At least once: a crash between the send
//! and the delete sends again, with the same outbox id in `Message-ID` and
//! in `X-Twofold-Outbox-Id` (SES replaces `Message-ID` with its own), by
//! which mail systems and readers know the copy.
//!
//! twofold-local runs [`Notifier::run`] over SMTP ([`Smtp`]); in AWS the
//! notifier function delivers each new item from the table's stream and
//! sweeps what is due every minute, over SES ([`Ses`], [`lambda`]); SES's
//! later reports (a bounce, a complaint, a delivery) reach it by
//! EventBridge (`ses_events.rs`).

mod bounce;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "lambda")]
mod ses;
#[cfg(feature = "lambda")]
mod ses_events;
#[cfg(feature = "local")]
mod smtp;

use std::{future::Future, sync::Arc, time::Duration};

use anyhow::Context;
use lettre::{
    message::{
        header::{ContentType, Header, HeaderName, HeaderValue},
        Mailbox,
    },
    Message,
};
use twofold_auth::notice::{
    digested, email_code_context, notice_for, notice_to_replaced_address, once_per_window, render,
    render_digest, render_email_code, render_test, render_token_expiry, Mail, MailText, OutboxMail,
};
use twofold_auth::{email::EmailAddress, not_me::NotMeLink, SecurityEvent, UserId};

pub use bounce::Refused;

#[cfg(feature = "lambda")]
pub use ses::Ses;
#[cfg(feature = "local")]
pub use smtp::Smtp;

use crate::Service;

/// How long a claimed item is held before another deliverer may take it
/// (`TWOFOLD_NOTICE_LEASE_SECONDS`): longer than a send can take (the
/// notifier function's timeout), and the wait before a failed send is
/// tried again.
const LEASE_SECONDS: u64 = 60;
/// The lease's bounds.
const LEASE_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;
/// How often twofold-local reads the outbox.
const POLL: Duration = Duration::from_millis(200);
/// Items taken per read.
const BATCH: usize = 25;

/// Where a mail goes out: SMTP, SES. One call per message; an error leaves
/// the item to the next attempt once its lease ends.
pub trait Transport: Send + Sync {
    /// Sends `message` (its envelope says from and to whom), a mail about
    /// `account` (SES tags it with the account, for its later reports).
    fn send(
        &self,
        message: Message,
        account: &UserId,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// True when taking a mail is not delivering it: the transport reports
    /// deliveries later (SES through a configuration set), and only such a
    /// report clears a bouncing mark. False: a mail taken is a mail that
    /// got through.
    fn reports_deliveries_later(&self) -> bool {
        false
    }
}

/// Sends the outbox's mails through `T`.
pub struct Notifier<T> {
    service: Arc<Service>,
    transport: T,
    from: Mailbox,
    site: String,
    lease: u64,
}

impl<T> std::fmt::Debug for Notifier<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("from", &self.from.to_string())
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

/// What became of one outbox item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Sent (or there was no one to send it to) and deleted.
    Sent,
    /// Another deliverer holds it, or it is gone (sent already).
    NotOurs,
    /// Refused for good by the recipient's server: dropped, and a
    /// confirmed address marked bouncing.
    Bounced,
}

/// A mail ready to send.
struct Composed {
    message: Message,
    /// Its recipient.
    to: EmailAddress,
    /// True when that is the confirmed address, marked bouncing.
    bouncing: bool,
}

/// One pass over the due items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Items that were due.
    pub due: usize,
    /// Of them, sent.
    pub sent: usize,
    /// Of them, not sent (left to their lease).
    pub failed: usize,
    /// Of them, refused for good by their recipients' servers (dropped).
    pub bounced: usize,
    /// How long the oldest of them had waited, in seconds (0 when none
    /// was due): an outbox id begins with the item's time.
    pub oldest_seconds: u64,
}

impl<T: Transport> Notifier<T> {
    /// A deliverer over `transport`, sending as `from`, linking to `site`,
    /// holding what it claims for `TWOFOLD_NOTICE_LEASE_SECONDS`.
    pub fn with_transport(
        service: Arc<Service>,
        transport: T,
        from: &str,
        site: &str,
    ) -> anyhow::Result<Self> {
        let from = from.parse().context("TWOFOLD_MAIL_FROM")?;
        Ok(Notifier {
            service,
            transport,
            from,
            site: site.trim_end_matches('/').to_owned(),
            lease: lease_seconds()?,
        })
    }

    /// Delivers until the process ends (twofold-local).
    pub async fn run(self) {
        loop {
            if let Err(error) = self.deliver_due().await {
                tracing::warn!("delivering notices: {error:#}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// One pass over up to [`BATCH`] due items.
    pub async fn deliver_due(&self) -> anyhow::Result<Pass> {
        let now = self.service.clock.now();
        let due = self.service.store().due_mails(now, BATCH).await?;
        let oldest = due
            .first()
            .and_then(|mail| mail.id.split('#').next())
            .and_then(|at| at.parse::<u64>().ok());
        let mut pass = Pass {
            due: due.len(),
            oldest_seconds: oldest.map_or(0, |at| now.saturating_sub(at)),
            ..Pass::default()
        };
        for mail in &due {
            match self.deliver(mail).await {
                Ok(Delivery::Sent) => pass.sent += 1,
                Ok(Delivery::NotOurs) => {}
                Ok(Delivery::Bounced) => pass.bounced += 1,
                Err(error) => {
                    pass.failed += 1;
                    tracing::warn!(outbox = %mail.id, "a notice was not sent: {error:#}");
                }
            }
        }
        Ok(pass)
    }

    /// Claims `mail` under a lease, sends it and deletes it. An error
    /// leaves it claimed: the next attempt after the lease sends it.
    pub async fn deliver(&self, mail: &OutboxMail) -> anyhow::Result<Delivery> {
        let store = self.service.store();
        let now = self.service.clock.now();
        let Some(claimed) = store.claim_mail(mail, now, self.lease).await? else {
            return Ok(Delivery::NotOurs);
        };
        if let Some(composed) = self.compose(&claimed.mail).await? {
            match self.transport.send(composed.message, &mail.user_id).await {
                Ok(()) if composed.bouncing && !self.transport.reports_deliveries_later() => {
                    self.delivered_again(&mail.user_id, &composed.to).await?;
                }
                Ok(()) => {}
                Err(error) if error.downcast_ref::<Refused>().is_some() => {
                    self.bounced(mail, &composed.to, now).await?;
                    return Ok(Delivery::Bounced);
                }
                Err(error) => {
                    return Err(error.context(format!("attempt {}", claimed.attempts)));
                }
            }
        }
        store.sent_mail(mail, now).await?;
        Ok(Delivery::Sent)
    }

    /// The signed "This wasn't me" link of `event`'s notice.
    fn link(&self, event: &SecurityEvent) -> String {
        NotMeLink::for_event(event).sign(&self.service.two_factor.sealer)
    }

    /// False for a notice of a kind mailed once per window (a new
    /// browser's sign-in: a script signing in with a password is one each
    /// time) when another notice of its window was mailed: the log keeps
    /// every entry; the mailbox gets the first. The first of a digested
    /// kind schedules its window's digest.
    async fn window_notice(
        &self,
        outbox: &OutboxMail,
        event: &SecurityEvent,
    ) -> anyhow::Result<bool> {
        let store = self.service.store();
        let window = self.service.config().sign_in_throttle.window(event.at);
        if once_per_window(event.kind)
            && !store
                .first_notice_of_window(outbox, event.kind.name(), window.index, window.ends_at)
                .await?
        {
            return Ok(false);
        }
        if digested(event.kind) {
            let digest = OutboxMail::digest(
                &outbox.user_id,
                event.kind,
                window.starts_at,
                window.ends_at,
            );
            store.schedule_mail_once(&digest, event.at).await?;
        }
        Ok(true)
    }

    /// True while the account's token `id` still expires at `expires_at`
    /// (not deleted, regenerated with another expiry, or edited).
    async fn token_still_expires(
        &self,
        outbox: &OutboxMail,
        id: u32,
        expires_at: u64,
    ) -> anyhow::Result<bool> {
        let tokens = self.service.store().tokens(&outbox.user_id).await?;
        Ok(tokens
            .iter()
            .any(|token| token.id == id && token.expires_at == expires_at))
    }

    /// Renders one mail: `None` when it has no one to go to (no confirmed
    /// address, the account gone), which counts as sent.
    async fn compose(&self, outbox: &OutboxMail) -> anyhow::Result<Option<Composed>> {
        let Some(account) = self.service.store().load_account(&outbox.user_id).await? else {
            return Ok(None);
        };
        let account = account.value;
        let login = account.login.as_str();
        let confirmed = account
            .notification_email
            .as_ref()
            .map(|e| e.address.clone());
        let offset = account
            .notification_email
            .as_ref()
            .and_then(|email| email.utc_offset);
        let (to, text) = match &outbox.mail {
            Mail::Notice {
                event,
                to: Some(replaced),
            } => (
                replaced.clone(),
                render(
                    &notice_to_replaced_address(),
                    event,
                    login,
                    &self.site,
                    &self.link(event),
                    None,
                ),
            ),
            Mail::Notice { event, to: None } => {
                let Some(notice) = notice_for(event) else {
                    return Ok(None);
                };
                // Only to an address confirmed before the event: an older
                // notice never goes to an address that arrived later.
                let Some(to) = account
                    .notification_email
                    .as_ref()
                    .filter(|email| email.verified_at <= event.at)
                    .map(|email| email.address.clone())
                else {
                    return Ok(None);
                };
                if !self.window_notice(outbox, event).await? {
                    return Ok(None);
                }
                (
                    to,
                    render(&notice, event, login, &self.site, &self.link(event), offset),
                )
            }
            Mail::EmailCode { to, code } => {
                let sealer = &self.service.two_factor.sealer;
                let code = sealer
                    .open(code, &email_code_context(&outbox.user_id))
                    .map_err(|_| anyhow::anyhow!("the mailed code does not unseal"))?;
                let code = String::from_utf8_lossy(&code).into_owned();
                (to.clone(), render_email_code(login, &code, &self.site))
            }
            Mail::Digest { kind, from, to } => {
                let Some(address) = confirmed else {
                    return Ok(None);
                };
                let store = self.service.store();
                let times = store
                    .count_events(&outbox.user_id, *kind, *from, *to)
                    .await?;
                if times <= 1 {
                    return Ok(None);
                }
                (
                    address,
                    render_digest(login, *kind, times, *from, *to, &self.site),
                )
            }
            Mail::TokenExpiry {
                id,
                description,
                expires_at,
                expired,
            } => {
                let Some(to) = confirmed else {
                    return Ok(None);
                };
                if !self.token_still_expires(outbox, *id, *expires_at).await? {
                    return Ok(None);
                }
                (
                    to,
                    render_token_expiry(login, description, *expires_at, *expired, &self.site),
                )
            }
            Mail::Test { at } => {
                let Some(to) = confirmed else {
                    return Ok(None);
                };
                (to, render_test(login, *at, &self.site))
            }
        };
        let bouncing = account
            .notification_email
            .as_ref()
            .is_some_and(|email| email.address == to && email.bouncing_since.is_some());
        let MailText { subject, body } = text;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.as_str().parse().context("the recipient")?)
            .subject(subject)
            .message_id(Some(format!("<{}@twofold>", outbox.id.replace('#', "."))))
            .header(OutboxId(outbox.id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("building the mail")?;
        Ok(Some(Composed {
            message,
            to,
            bouncing,
        }))
    }
}

/// `TWOFOLD_NOTICE_LEASE_SECONDS`, or the default.
fn lease_seconds() -> anyhow::Result<u64> {
    let Some(text) = std::env::var("TWOFOLD_NOTICE_LEASE_SECONDS")
        .ok()
        .filter(|text| !text.trim().is_empty())
    else {
        return Ok(LEASE_SECONDS);
    };
    text.trim()
        .parse()
        .ok()
        .filter(|seconds| LEASE_RANGE.contains(seconds))
        .with_context(|| {
            format!(
                "TWOFOLD_NOTICE_LEASE_SECONDS must be seconds from {} to {}, not {text:?}",
                LEASE_RANGE.start(),
                LEASE_RANGE.end()
            )
        })
}

/// `X-Twofold-Outbox-Id`: the outbox id, the message's idempotency
/// reference where `Message-ID` is replaced on the way (SES does).
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxId(String);

impl Header for OutboxId {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Twofold-Outbox-Id")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(OutboxId(text.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}
