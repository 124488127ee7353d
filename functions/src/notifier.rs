//! The deliverer of security notices: takes due items from the outbox
//! (each under a lease, so two deliverers never both send one and a
//! crashed one's item is sent by the next), renders them, sends them over
//! SMTP and deletes them. At least once: a crash between the send and the
//! delete sends again, with the same `Message-ID` (the outbox id), which
//! mail systems use to drop the copy.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use twofold_auth::notice::{
    email_code_context, notice_for, notice_to_replaced_address, render, render_email_code,
    render_test, Mail, MailText, OutboxMail,
};

use crate::Service;

/// How long a claimed item is held before another deliverer may take it.
const LEASE_SECONDS: u64 = 60;
/// How often the outbox is read.
const POLL: Duration = Duration::from_millis(200);
/// Items taken per read.
const BATCH: usize = 25;

/// Sends the outbox's mails.
pub struct Notifier {
    service: Arc<Service>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site: String,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("from", &self.from.to_string())
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl Notifier {
    /// A deliverer over the SMTP server at `url` (`smtp://host:port`,
    /// `smtps://user:password@host`, lettre's forms), sending as `from`,
    /// linking to `site`.
    pub fn new(service: Arc<Service>, url: &str, from: &str, site: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("TWOFOLD_SMTP_URL")?
            .build();
        let from = from.parse().context("TWOFOLD_MAIL_FROM")?;
        Ok(Notifier {
            service,
            transport,
            from,
            site: site.trim_end_matches('/').to_owned(),
        })
    }

    /// Delivers until the process ends.
    pub async fn run(self) {
        loop {
            if let Err(error) = self.deliver_due().await {
                tracing::warn!("delivering notices: {error:#}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// One pass over the due items; how many were sent.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let store = self.service.store();
        let now = self.service.clock.now();
        let mut sent = 0;
        for mail in store.due_mails(now, BATCH).await? {
            let Some(claimed) = store.claim_mail(&mail, now, LEASE_SECONDS).await? else {
                continue;
            };
            match self.send(&claimed.mail).await {
                Ok(()) => {
                    store.sent_mail(&mail, now).await?;
                    sent += 1;
                }
                // Left to the lease: the next pass after it tries again.
                Err(error) => tracing::warn!(
                    outbox = %mail.id,
                    attempts = claimed.attempts,
                    "a notice was not sent: {error:#}"
                ),
            }
        }
        Ok(sent)
    }

    /// Renders and sends one mail; a mail with no one to go to (no
    /// confirmed address, the account gone) counts as sent.
    async fn send(&self, outbox: &OutboxMail) -> anyhow::Result<()> {
        let Some(account) = self.service.store().load_account(&outbox.user_id).await? else {
            return Ok(());
        };
        let account = account.value;
        let login = account.login.as_str();
        let confirmed = account
            .notification_email
            .as_ref()
            .map(|e| e.address.clone());
        let (to, text) = match &outbox.mail {
            Mail::Notice {
                event,
                to: Some(replaced),
            } => (
                replaced.clone(),
                render(&notice_to_replaced_address(), event, login, &self.site),
            ),
            Mail::Notice { event, to: None } => {
                let Some(notice) = notice_for(event) else {
                    return Ok(());
                };
                // Only to an address confirmed before the event: an older
                // notice never goes to an address that arrived later.
                let Some(to) = account
                    .notification_email
                    .as_ref()
                    .filter(|email| email.verified_at <= event.at)
                    .map(|email| email.address.clone())
                else {
                    return Ok(());
                };
                (to, render(&notice, event, login, &self.site))
            }
            Mail::EmailCode { to, code } => {
                let sealer = &self.service.two_factor.sealer;
                let code = sealer
                    .open(code, &email_code_context(&outbox.user_id))
                    .map_err(|_| anyhow::anyhow!("the mailed code does not unseal"))?;
                let code = String::from_utf8_lossy(&code).into_owned();
                (to.clone(), render_email_code(login, &code, &self.site))
            }
            Mail::Test { at } => {
                let Some(to) = confirmed else {
                    return Ok(());
                };
                (to, render_test(login, *at, &self.site))
            }
        };
        let MailText { subject, body } = text;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.as_str().parse().context("the recipient")?)
            .subject(subject)
            .message_id(Some(format!("<{}@twofold>", outbox.id.replace('#', "."))))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("building the mail")?;
        self.transport
            .send(message)
            .await
            .context("sending over SMTP")?;
        Ok(())
    }
}
