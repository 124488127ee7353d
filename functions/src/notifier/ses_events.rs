//! SES's later reports on the mails it took, as EventBridge hands them to
//! the notifier function (the configuration set's event destination, the
//! default bus, `NotifierSesEvents`' rule): `{"source": "aws.ses",
//! "detail-type": "Email Bounced", "detail": {...}}`, whose detail is SES's
//! event record: `eventType`, `mail` (`timestamp`, `tags`: the `account`
//! tag the notifier put on it, [`super::ses`]) and `bounce`, `complaint`
//! or `delivery`.
//!
//! - A permanent bounce marks the account's confirmed address bouncing
//!   (GetAccount's `bouncingSince`), when it is the address that bounced
//!   and was confirmed by the time the mail was sent.
//! - A transient or undetermined bounce (SES gave up on a full mailbox, a
//!   server that stayed down) is logged: the next mail may get through.
//! - A complaint (the owner's mail provider reports the notice as spam) is
//!   logged as a warning and marks nothing: the mail arrived. Operators
//!   alarm on complaints (docs/OPERATIONS.md).
//! - A delivery clears the mark, when the mail was sent once the address
//!   was marked (EventBridge may hand events over out of order).
//!
//! An event that cannot be read, names no account or one that is gone is
//! logged and acknowledged: handing it again would not make it readable.
//! The logs name the account and the outcome, never an address.

use std::collections::HashMap;

use aws_sdk_sesv2::primitives::{DateTime, DateTimeFormat};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use twofold_auth::{email::EmailAddress, Account, UserId};

use super::{bounce::Marked, ses::ACCOUNT_TAG, Notifier};

/// The `source` of SES's events on EventBridge.
pub(super) const SES_SOURCE: &str = "aws.ses";

/// An EventBridge event from SES (only what is read).
#[derive(Debug, Deserialize)]
struct Envelope {
    detail: Detail,
}

/// SES's event record.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    event_type: String,
    mail: MailRecord,
    bounce: Option<BounceRecord>,
    complaint: Option<ComplaintRecord>,
    delivery: Option<DeliveryRecord>,
}

/// The mail the event is about.
#[derive(Debug, Deserialize)]
struct MailRecord {
    /// When SES took it (ISO 8601).
    timestamp: String,
    /// Its tags, each with its values (SES's own `ses:*` ones too).
    #[serde(default)]
    tags: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BounceRecord {
    /// Permanent, Transient or Undetermined.
    bounce_type: String,
    #[serde(default)]
    bounce_sub_type: Option<String>,
    #[serde(default)]
    bounced_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ComplaintRecord {
    #[serde(default)]
    complaint_feedback_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DeliveryRecord {
    #[serde(default)]
    recipients: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: String,
}

/// What SES reported about one mail to one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SesReport {
    /// The account the mail was about (its tag).
    pub account: UserId,
    /// When SES took the mail, in seconds since the epoch.
    pub sent_at: u64,
    /// What became of it.
    pub outcome: Outcome,
}

/// What became of a mail, as SES tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Refused for good by these recipients' servers (or by SES's
    /// suppression list: `sub_type` says which).
    Bounced {
        recipients: Vec<String>,
        sub_type: Option<String>,
    },
    /// Not delivered, but not for good (`Transient`, `Undetermined`).
    SoftBounced { bounce_type: String },
    /// Delivered, then reported as spam.
    Complained { feedback_type: Option<String> },
    /// Handed to these recipients' servers.
    Delivered { recipients: Vec<String> },
    /// Another kind of event (the rule does not ask for them).
    Other { event_type: String },
}

/// Why an event was passed over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum Unreadable {
    /// Not shaped as SES's event record (serde's category of the fault:
    /// its message may quote a value, an address among them).
    #[error("not an SES event record ({0})")]
    Shape(&'static str),
    /// The mail carries no `account` tag (sent without the configuration
    /// set, or by someone else through it).
    #[error("the mail has no account tag")]
    NoAccount,
    /// The tag is not an account id.
    #[error("the mail's account tag is not an account id")]
    BadAccount,
    /// `mail.timestamp` is not a time.
    #[error("the mail's timestamp is not an ISO 8601 time")]
    BadTime,
}

/// Reads an SES event as EventBridge delivers it.
pub(super) fn read(event: Value) -> Result<SesReport, Unreadable> {
    let Envelope { detail } = serde_json::from_value(event).map_err(|e| {
        Unreadable::Shape(match e.classify() {
            serde_json::error::Category::Data => "a field is missing or of another type",
            _ => "not JSON of that shape",
        })
    })?;
    let tag = detail
        .mail
        .tags
        .get(ACCOUNT_TAG)
        .and_then(|values| values.first())
        .ok_or(Unreadable::NoAccount)?;
    let account = UserId::try_from(tag.clone()).map_err(|_| Unreadable::BadAccount)?;
    let sent_at = DateTime::from_str(&detail.mail.timestamp, DateTimeFormat::DateTime)
        .ok()
        .and_then(|time| u64::try_from(time.secs()).ok())
        .ok_or(Unreadable::BadTime)?;
    let missing = || Unreadable::Shape("the record for its event type is missing");
    let outcome = match detail.event_type.as_str() {
        "Bounce" => {
            let bounce = detail.bounce.ok_or_else(missing)?;
            if bounce.bounce_type == "Permanent" {
                Outcome::Bounced {
                    recipients: bounce
                        .bounced_recipients
                        .into_iter()
                        .map(|r| r.email_address)
                        .collect(),
                    sub_type: bounce.bounce_sub_type,
                }
            } else {
                Outcome::SoftBounced {
                    bounce_type: bounce.bounce_type,
                }
            }
        }
        "Complaint" => Outcome::Complained {
            feedback_type: detail
                .complaint
                .ok_or_else(missing)?
                .complaint_feedback_type,
        },
        "Delivery" => Outcome::Delivered {
            recipients: detail.delivery.ok_or_else(missing)?.recipients,
        },
        _ => Outcome::Other {
            event_type: detail.event_type,
        },
    };
    Ok(SesReport {
        account,
        sent_at,
        outcome,
    })
}

/// What the notifier did with an SES event: the invocation's answer
/// (EventBridge drops it; tests and a manual invocation read it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum Handled {
    /// The confirmed address is now marked bouncing.
    MarkedBouncing,
    /// The address's bouncing mark is cleared.
    Cleared,
    /// Nothing to change: another address, one confirmed after the mail
    /// was sent, a mark already there, or none to clear.
    Unchanged,
    /// The account is gone.
    NoAccount,
    /// Logged only: a soft bounce, a complaint, another event.
    Logged,
    /// Passed over: not readable.
    Unreadable,
}

/// The confirmed address of `account`, if it is one of `recipients` and
/// was confirmed by `sent_at`. Compared without regard to case: a domain
/// has none, and SES may report the address as a server wrote it.
fn confirmed_among(account: &Account, recipients: &[String], sent_at: u64) -> Option<EmailAddress> {
    let email = account.notification_email.as_ref()?;
    let among = recipients.iter().any(|recipient| {
        recipient
            .trim()
            .eq_ignore_ascii_case(email.address.as_str())
    });
    (among && email.verified_at <= sent_at).then(|| email.address.clone())
}

impl<T> Notifier<T> {
    /// Handles one SES event; never an error for an event that cannot be
    /// read or applied (EventBridge would hand it again, to no end), only
    /// for a store that fails.
    pub(super) async fn ses_event(&self, event: Value) -> anyhow::Result<Value> {
        let handled = match read(event) {
            Ok(report) => self.apply(&report).await?,
            Err(unreadable) => {
                tracing::warn!("an SES event was passed over: {unreadable}");
                Handled::Unreadable
            }
        };
        Ok(json!({ "handled": handled }))
    }

    /// Applies what SES reported to the account it names.
    async fn apply(&self, report: &SesReport) -> anyhow::Result<Handled> {
        let account = &report.account;
        match &report.outcome {
            Outcome::Bounced {
                recipients,
                sub_type,
            } => {
                let handled = self.bounced_for_good(report, recipients).await?;
                let sub_type = sub_type.as_deref().unwrap_or("none");
                tracing::warn!(%account, sub_type, ?handled, "a notice bounced for good (SES)");
                Ok(handled)
            }
            Outcome::Delivered { recipients } => {
                let handled = self.delivered(report, recipients).await?;
                tracing::info!(%account, ?handled, "a notice was delivered (SES)");
                Ok(handled)
            }
            Outcome::SoftBounced { bounce_type } => {
                tracing::info!(%account, bounce_type, "a notice was not delivered for now (SES)");
                Ok(Handled::Logged)
            }
            Outcome::Complained { feedback_type } => {
                let feedback_type = feedback_type.as_deref().unwrap_or("none");
                tracing::warn!(%account, feedback_type, "a notice was reported as spam (SES)");
                Ok(Handled::Logged)
            }
            Outcome::Other { event_type } => {
                tracing::info!(%account, event_type, "an SES event of another kind was passed over");
                Ok(Handled::Logged)
            }
        }
    }

    /// A permanent bounce: the confirmed address is marked bouncing, if it
    /// is one of `recipients` and was confirmed when the mail was sent.
    async fn bounced_for_good(
        &self,
        report: &SesReport,
        recipients: &[String],
    ) -> anyhow::Result<Handled> {
        let now = self.service.clock.now();
        let marked = self
            .mark(&report.account, |owner| {
                confirmed_among(owner, recipients, report.sent_at)
                    .is_some_and(|address| owner.email_bounced(&address, now))
            })
            .await?;
        Ok(handled(marked, Handled::MarkedBouncing))
    }

    /// A delivery: the bouncing mark goes, if the mail went to the
    /// confirmed address once it was marked (an older mail's delivery,
    /// handed over late, says nothing of the address now).
    async fn delivered(
        &self,
        report: &SesReport,
        recipients: &[String],
    ) -> anyhow::Result<Handled> {
        let marked = self
            .mark(&report.account, |owner| {
                let since = owner
                    .notification_email
                    .as_ref()
                    .and_then(|email| email.bouncing_since);
                match (confirmed_among(owner, recipients, report.sent_at), since) {
                    (Some(address), Some(since)) if since <= report.sent_at => {
                        owner.email_delivered(&address)
                    }
                    _ => false,
                }
            })
            .await?;
        Ok(handled(marked, Handled::Cleared))
    }
}

/// `changed` when the account was changed, else what else happened.
fn handled(marked: Marked, changed: Handled) -> Handled {
    match marked {
        Marked::Changed => changed,
        Marked::Unchanged => Handled::Unchanged,
        Marked::NoAccount => Handled::NoAccount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";
    /// 2026-12-07T10:30:00Z.
    const SENT_AT: u64 = 1_796_639_400;

    /// An event as EventBridge delivers it (SES's documented example's
    /// shape), with `fields` in the detail beside `eventType` and `mail`.
    fn event(event_type: &str, detail_type: &str, tags: Value, fields: Value) -> Value {
        let mut detail = json!({
            "eventType": event_type,
            "mail": {
                "timestamp": "2026-12-07T10:30:00.123Z",
                "source": "Twofold <security@example.com>",
                "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
                "sendingAccountId": "123456789012",
                "messageId": "0100018d-1234-abcd-ef01-234567890abc-000000",
                "destination": ["ada@example.com"],
                "headersTruncated": false,
                "tags": tags
            }
        });
        for (name, value) in fields.as_object().into_iter().flatten() {
            detail[name] = value.clone();
        }
        json!({
            "version": "0",
            "id": "c3d4e5f6-a7b8-9012-cdef-123456789012",
            "detail-type": detail_type,
            "source": "aws.ses",
            "account": "123456789012",
            "time": "2026-12-07T10:30:02Z",
            "region": "us-east-1",
            "resources": [],
            "detail": detail
        })
    }

    fn tags() -> Value {
        json!({
            "ses:configuration-set": ["twofold-prod-notices"],
            "ses:from-domain": ["example.com"],
            "account": [ACCOUNT]
        })
    }

    fn bounce(bounce_type: &str) -> Value {
        json!({"bounce": {
            "bounceType": bounce_type,
            "bounceSubType": "General",
            "bouncedRecipients": [{
                "emailAddress": "ada@example.com",
                "action": "failed",
                "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown"
            }],
            "timestamp": "2026-12-07T10:30:02.000Z",
            "feedbackId": "0100018d-1234-abcd-ef01-234567890abc-000000"
        }})
    }

    fn report(outcome: Outcome) -> Result<SesReport, Unreadable> {
        Ok(SesReport {
            account: UserId::try_from(ACCOUNT.to_owned()).expect("an id"),
            sent_at: SENT_AT,
            outcome,
        })
    }

    #[test]
    fn a_permanent_bounce_names_the_account_the_time_and_the_addresses() {
        let read = read(event(
            "Bounce",
            "Email Bounced",
            tags(),
            bounce("Permanent"),
        ));
        assert_eq!(
            read,
            report(Outcome::Bounced {
                recipients: vec!["ada@example.com".into()],
                sub_type: Some("General".into()),
            })
        );
    }

    #[test]
    fn transient_and_undetermined_bounces_are_soft() {
        for kind in ["Transient", "Undetermined"] {
            let read = read(event("Bounce", "Email Bounced", tags(), bounce(kind)));
            assert_eq!(
                read,
                report(Outcome::SoftBounced {
                    bounce_type: kind.into()
                }),
                "{kind}"
            );
        }
    }

    #[test]
    fn complaints_deliveries_and_other_events_are_told_apart() {
        let complaint = json!({"complaint": {
            "complainedRecipients": [{"emailAddress": "ada@example.com"}],
            "timestamp": "2026-12-07T10:35:00.000Z",
            "feedbackId": "x",
            "complaintFeedbackType": "abuse"
        }});
        let delivery = json!({"delivery": {
            "timestamp": "2026-12-07T10:30:01.000Z",
            "processingTimeMillis": 1025,
            "recipients": ["ada@example.com"],
            "smtpResponse": "250 2.0.0 OK",
            "reportingMTA": "a8-21.smtp-out.amazonses.com"
        }});
        let cases = [
            (
                event("Complaint", "Email Complaint Received", tags(), complaint),
                Outcome::Complained {
                    feedback_type: Some("abuse".into()),
                },
            ),
            (
                event("Delivery", "Email Delivered", tags(), delivery),
                Outcome::Delivered {
                    recipients: vec!["ada@example.com".into()],
                },
            ),
            (
                event("Open", "Email Opened", tags(), json!({"open": {}})),
                Outcome::Other {
                    event_type: "Open".into(),
                },
            ),
        ];
        for (event, outcome) in cases {
            assert_eq!(read(event), report(outcome));
        }
    }

    #[test]
    fn an_event_without_a_readable_account_or_time_is_unreadable() {
        let no_tag = json!({"ses:configuration-set": ["twofold-prod-notices"]});
        let bad_tag = json!({"account": ["Ada"]});
        let mut bad_time = event("Bounce", "Email Bounced", tags(), bounce("Permanent"));
        bad_time["detail"]["mail"]["timestamp"] = json!("yesterday");
        let no_bounce = event("Bounce", "Email Bounced", tags(), json!({}));
        let cases = [
            (
                event("Bounce", "Email Bounced", no_tag, bounce("Permanent")),
                Unreadable::NoAccount,
            ),
            (
                event("Bounce", "Email Bounced", bad_tag, bounce("Permanent")),
                Unreadable::BadAccount,
            ),
            (bad_time, Unreadable::BadTime),
            (
                no_bounce,
                Unreadable::Shape("the record for its event type is missing"),
            ),
            (
                json!({"source": "aws.ses", "detail": {"eventType": "Bounce"}}),
                Unreadable::Shape("a field is missing or of another type"),
            ),
        ];
        for (event, unreadable) in cases {
            assert_eq!(read(event), Err(unreadable));
        }
    }

    #[test]
    fn a_shape_fault_does_not_quote_the_address() {
        let mut event = event("Bounce", "Email Bounced", tags(), bounce("Permanent"));
        event["detail"]["bounce"]["bouncedRecipients"] = json!("ada@example.com");
        let fault = read(event).expect_err("a string for a list").to_string();
        assert!(!fault.contains("ada@"), "{fault}");
    }
}
