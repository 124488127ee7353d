//! Mail by Amazon SES (API v2 `SendEmail` with raw MIME): the Lambda
//! notifier's transport. The endpoint is the SDK's (`AWS_ENDPOINT_URL_SESV2`
//! overrides it, as the tests do).
//!
//! SES takes a mail and reports what became of it later. With a
//! configuration set (`TWOFOLD_SES_CONFIGURATION_SET`) each mail goes
//! through it, tagged `account=<user id>`, so that SES's bounce, complaint
//! and delivery events (by EventBridge, [`super::ses_events`]) name the
//! account they concern; without one SES reports nothing back.

use anyhow::Context;
use aws_sdk_sesv2::{
    error::DisplayErrorContext,
    primitives::Blob,
    types::{Destination, EmailContent, MessageTag, RawMessage},
};
use lettre::Message;
use twofold_auth::UserId;

use super::Transport;

/// The tag each mail carries naming its account (SES tag names and values
/// take ASCII letters, digits, `_` and `-`: a user id is 32 hex digits).
pub(super) const ACCOUNT_TAG: &str = "account";

/// SES, through one client made at start-up.
#[derive(Debug, Clone)]
pub struct Ses {
    client: aws_sdk_sesv2::Client,
    configuration_set: Option<String>,
}

impl Ses {
    /// A client for the SDK configuration `sdk` (region, credentials),
    /// sending through `configuration_set` when there is one (its name: 1
    /// to 64 ASCII letters, digits, `_` and `-`, as SES names them).
    pub fn new(
        sdk: &aws_config::SdkConfig,
        configuration_set: Option<&str>,
    ) -> anyhow::Result<Ses> {
        let configuration_set = configuration_set
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                if is_configuration_set_name(name) {
                    Ok(name.to_owned())
                } else {
                    Err(anyhow::anyhow!(
                        "TWOFOLD_SES_CONFIGURATION_SET must be 1 to 64 ASCII letters, digits, \
                         '_' and '-', not {name:?}"
                    ))
                }
            })
            .transpose()?;
        Ok(Ses {
            client: aws_sdk_sesv2::Client::new(sdk),
            configuration_set,
        })
    }
}

/// SES's rule for a configuration set's name.
fn is_configuration_set_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Transport for Ses {
    async fn send(&self, message: Message, account: &UserId) -> anyhow::Result<()> {
        let envelope = message.envelope();
        let from = envelope.from().map(ToString::to_string);
        let to = envelope.to().iter().map(ToString::to_string).collect();
        let raw = RawMessage::builder()
            .data(Blob::new(message.formatted()))
            .build()
            .context("the raw message")?;
        let mut request = self
            .client
            .send_email()
            .set_from_email_address(from)
            .destination(Destination::builder().set_to_addresses(Some(to)).build())
            .content(EmailContent::builder().raw(raw).build());
        if let Some(set) = &self.configuration_set {
            let tag = MessageTag::builder()
                .name(ACCOUNT_TAG)
                .value(account.as_str())
                .build()
                .context("the account's tag")?;
            request = request.configuration_set_name(set).email_tags(tag);
        }
        let sent = request
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("{}", DisplayErrorContext(e)))
            .context("SES SendEmail")?;
        tracing::info!(ses_message_id = sent.message_id(), "notice sent");
        Ok(())
    }

    /// With a configuration set, SES's acceptance is not a delivery: its
    /// delivery events say when a mail arrived.
    fn reports_deliveries_later(&self) -> bool {
        self.configuration_set.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_set_names_follow_ses_rules() {
        for good in ["twofold-prod-notices", "a", "A_b-9", &"x".repeat(64)] {
            assert!(is_configuration_set_name(good), "{good}");
        }
        for bad in ["", "with space", "dots.not", "slash/no", &"x".repeat(65)] {
            assert!(!is_configuration_set_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_user_id_fits_an_ses_tag_value() {
        let id = UserId::from_bytes(&[0xab; UserId::BYTES]);
        assert!(id
            .as_str()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
    }
}
