//! Mail by Amazon SES (API v2 `SendEmail` with raw MIME): the Lambda
//! notifier's transport. The endpoint is the SDK's (`AWS_ENDPOINT_URL_SESV2`
//! overrides it, as the tests do).

use anyhow::Context;
use aws_sdk_sesv2::{
    error::DisplayErrorContext,
    primitives::Blob,
    types::{Destination, EmailContent, RawMessage},
};
use lettre::Message;

use super::Transport;

/// SES, through one client made at start-up.
#[derive(Debug, Clone)]
pub struct Ses(aws_sdk_sesv2::Client);

impl Ses {
    /// A client for the SDK configuration `sdk` (region, credentials).
    pub fn new(sdk: &aws_config::SdkConfig) -> Ses {
        Ses(aws_sdk_sesv2::Client::new(sdk))
    }
}

impl Transport for Ses {
    async fn send(&self, message: Message) -> anyhow::Result<()> {
        let envelope = message.envelope();
        let from = envelope.from().map(ToString::to_string);
        let to = envelope.to().iter().map(ToString::to_string).collect();
        let raw = RawMessage::builder()
            .data(Blob::new(message.formatted()))
            .build()
            .context("the raw message")?;
        let sent = self
            .0
            .send_email()
            .set_from_email_address(from)
            .destination(Destination::builder().set_to_addresses(Some(to)).build())
            .content(EmailContent::builder().raw(raw).build())
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("{}", DisplayErrorContext(e)))
            .context("SES SendEmail")?;
        tracing::info!(ses_message_id = sent.message_id(), "notice sent");
        Ok(())
    }
}
