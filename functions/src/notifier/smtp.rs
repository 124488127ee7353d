//! Mail over SMTP (twofold-local, self-hosting, MailDev in `make dev`).

use std::sync::Arc;

use anyhow::Context;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use twofold_auth::UserId;

use super::{Notifier, Refused, Transport};
use crate::Service;

/// An SMTP server, by lettre.
#[derive(Debug, Clone)]
pub struct Smtp(AsyncSmtpTransport<Tokio1Executor>);

impl Smtp {
    /// The server at `url` (`smtp://host:port`, `smtps://user:password@host`,
    /// lettre's forms).
    pub fn from_url(url: &str) -> anyhow::Result<Smtp> {
        Ok(Smtp(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .context("TWOFOLD_SMTP_URL")?
                .build(),
        ))
    }
}

impl Transport for Smtp {
    /// The account plays no part: SMTP answers at once, for good or not.
    async fn send(&self, message: Message, _account: &UserId) -> anyhow::Result<()> {
        match self.0.send(message).await {
            Ok(_) => Ok(()),
            // A 5xx: this recipient's server will not take it, now or later.
            Err(error) if error.is_permanent() => Err(Refused(error.to_string()).into()),
            Err(error) => Err(anyhow::Error::new(error).context("sending over SMTP")),
        }
    }
}

impl Notifier<Smtp> {
    /// A deliverer over the SMTP server at `url`, sending as `from`,
    /// linking to `site`.
    pub fn new(service: Arc<Service>, url: &str, from: &str, site: &str) -> anyhow::Result<Self> {
        Notifier::with_transport(service, Smtp::from_url(url)?, from, site)
    }
}
