//! The notifier Lambda function's three invocations: a batch of the
//! table's stream (each new outbox item delivered as it is written,
//! failures reported one by one so that Lambda retries from them); an SES
//! event by EventBridge (`"source": "aws.ses"`: a bounce, a complaint or a
//! delivery, `ses_events.rs`); and the schedule's (anything else): a
//! sweep of every item that is due, which is what a crash or a failed
//! send left behind once its lease ended.
//!
//! The stream's records are read by a small struct of our own rather than
//! `aws_lambda_events`' `dynamodb` feature, which brings `serde_dynamo` and
//! `chrono` for three string fields.

use std::{collections::HashMap, sync::Arc};

use anyhow::Context;
use lambda_http::lambda_runtime::{self, service_fn, LambdaEvent};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use twofold_auth::notice::OutboxMail;

use super::{ses_events::SES_SOURCE, Delivery, Notifier, Ses, Transport, BATCH};

/// The outbox's partition key and the attributes of an outbox item the
/// stream's image is read by (shared/store's `outbox_item`).
const OUTBOX_PK: &str = "OUTBOX";
const PK: &str = "pk";
const DATA: &str = "data";
/// Passes one sweep makes at most (each of up to [`BATCH`] items), so
/// that a sweep ends well within the function's timeout.
const MAX_PASSES: usize = 20;

/// A DynamoDB Streams batch as Lambda hands it over (only what is read).
#[derive(Debug, Deserialize)]
struct StreamBatch {
    #[serde(rename = "Records")]
    records: Vec<StreamRecord>,
}

/// One change of the table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StreamRecord {
    /// INSERT, MODIFY or REMOVE.
    event_name: String,
    dynamodb: StreamChange,
}

/// The item's keys, its new image and the record's place in the shard.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StreamChange {
    #[serde(default)]
    keys: HashMap<String, Attribute>,
    #[serde(default)]
    new_image: HashMap<String, Attribute>,
    sequence_number: String,
}

/// An attribute value; only strings are read.
#[derive(Debug, Deserialize)]
struct Attribute {
    #[serde(rename = "S")]
    s: Option<String>,
}

/// The answer to a stream batch (`ReportBatchItemFailures`): the records
/// to retry, by sequence number.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BatchResponse {
    batch_item_failures: Vec<ItemFailure>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct ItemFailure {
    item_identifier: String,
}

impl StreamRecord {
    /// The outbox item this record inserted, if it is one.
    fn inserted_mail(&self) -> Option<anyhow::Result<OutboxMail>> {
        let string = |item: &HashMap<String, Attribute>, name: &str| {
            item.get(name).and_then(|value| value.s.clone())
        };
        if self.event_name != "INSERT"
            || string(&self.dynamodb.keys, PK).as_deref() != Some(OUTBOX_PK)
        {
            return None;
        }
        Some(
            string(&self.dynamodb.new_image, DATA)
                .context("the stream's image has no data (is the stream's view NEW_IMAGE?)")
                .and_then(|data| serde_json::from_str(&data).context("an outbox item's data")),
        )
    }
}

impl<T: Transport> Notifier<T> {
    /// Handles one invocation: a stream batch, an SES event, or else a
    /// sweep.
    pub async fn handle(&self, event: Value) -> anyhow::Result<Value> {
        if event.get("source").and_then(Value::as_str) == Some(SES_SOURCE) {
            return self.ses_event(event).await;
        }
        let is_stream = event
            .get("Records")
            .and_then(Value::as_array)
            .is_some_and(|records| {
                records.iter().all(|record| {
                    record.get("eventSource").and_then(Value::as_str) == Some("aws:dynamodb")
                })
            });
        if is_stream {
            let batch: StreamBatch = serde_json::from_value(event).context("a stream batch")?;
            Ok(serde_json::to_value(self.stream(batch).await)?)
        } else {
            self.sweep().await
        }
    }

    /// Delivers each outbox item the batch inserted; the records whose
    /// delivery failed are reported for Lambda to retry (by then the item
    /// is under this attempt's lease, so a retry sends nothing twice: the
    /// sweep after the lease does).
    async fn stream(&self, batch: StreamBatch) -> BatchResponse {
        let mut response = BatchResponse::default();
        for record in &batch.records {
            let Some(mail) = record.inserted_mail() else {
                continue;
            };
            let delivered = match mail {
                Ok(mail) => self.deliver(&mail).await.map(|d| (mail.id, d)),
                Err(error) => Err(error),
            };
            match delivered {
                Ok((id, Delivery::Sent)) => tracing::info!(outbox = %id, "delivered"),
                Ok((id, Delivery::Bounced)) => tracing::info!(outbox = %id, "bounced"),
                Ok((id, Delivery::NotOurs)) => {
                    tracing::info!(outbox = %id, "held by another deliverer, or sent")
                }
                Err(error) => {
                    tracing::warn!(
                        sequence = %record.dynamodb.sequence_number,
                        "a notice was not sent: {error:#}"
                    );
                    response.batch_item_failures.push(ItemFailure {
                        item_identifier: record.dynamodb.sequence_number.clone(),
                    });
                }
            }
        }
        response
    }

    /// Delivers every due item, pass by pass, until a pass finds fewer
    /// than a full batch, or sends nothing while sends fail (SES refusing
    /// everything: the next sweep tries again).
    async fn sweep(&self) -> anyhow::Result<Value> {
        let (mut sent, mut failed, mut oldest) = (0, 0, None);
        for _ in 0..MAX_PASSES {
            let pass = self.deliver_due().await?;
            sent += pass.sent;
            failed += pass.failed;
            oldest = oldest.or(Some(pass.oldest_seconds));
            if pass.due < BATCH || (pass.sent == 0 && pass.failed > 0) {
                break;
            }
        }
        let oldest = oldest.unwrap_or(0);
        tracing::info!(
            sent,
            failed,
            oldest_due_seconds = oldest,
            "swept the outbox"
        );
        println!(
            "{}",
            metrics(self.service.clock.now(), oldest, sent, failed)
        );
        Ok(json!({ "sent": sent, "failed": failed }))
    }
}

/// The sweep's numbers as CloudWatch metrics (namespace `Twofold`, by
/// function name): one log line in the embedded metric format, which
/// CloudWatch Logs turns into `OutboxOldestDueSeconds` (how long the oldest
/// item the sweep found due had waited: the outbox's age, since the stream
/// sends new items within seconds), `NoticesSentBySweep` and
/// `NoticesFailedInSweep`.
fn metrics(now: u64, oldest: u64, sent: usize, failed: usize) -> Value {
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default();
    json!({
        "_aws": {
            "Timestamp": now.saturating_mul(1000),
            "CloudWatchMetrics": [{
                "Namespace": "Twofold",
                "Dimensions": [["FunctionName"]],
                "Metrics": [
                    {"Name": "OutboxOldestDueSeconds", "Unit": "Seconds"},
                    {"Name": "NoticesSentBySweep", "Unit": "Count"},
                    {"Name": "NoticesFailedInSweep", "Unit": "Count"}
                ]
            }]
        },
        "FunctionName": function,
        "OutboxOldestDueSeconds": oldest,
        "NoticesSentBySweep": sent,
        "NoticesFailedInSweep": failed
    })
}

/// The notifier function: the service (sealing keys from Secrets Manager,
/// as the others), SES, and the invocations for the life of the instance.
/// `TWOFOLD_MAIL_FROM` is the sender (an address of the SES identity),
/// `TWOFOLD_SITE_URL` the app's address the mails link to, and
/// `TWOFOLD_SES_CONFIGURATION_SET` (optional) the configuration set mails
/// go through, whose event destination reports bounces, complaints and
/// deliveries back to this function; without it SES reports nothing.
pub async fn run() -> Result<(), lambda_runtime::Error> {
    let (service, _) = crate::lambda::service().await?;
    let setting = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.trim().is_empty())
            .ok_or_else(|| format!("{name} is not set"))
    };
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let configuration_set = std::env::var("TWOFOLD_SES_CONFIGURATION_SET").ok();
    let ses = Ses::new(&sdk, configuration_set.as_deref()).map_err(|e| format!("{e:#}"))?;
    let notifier = Notifier::with_transport(
        service,
        ses,
        &setting("TWOFOLD_MAIL_FROM")?,
        &setting("TWOFOLD_SITE_URL")?,
    )
    .map_err(|e| format!("{e:#}"))?;
    let notifier = Arc::new(notifier);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let notifier = Arc::clone(&notifier);
        async move {
            notifier
                .handle(event.payload)
                .await
                .map_err(|e| lambda_runtime::Error::from(format!("{e:#}")))
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(event_name: &str, pk: &str, image: Value) -> Value {
        json!({
            "eventID": "1",
            "eventName": event_name,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "ApproximateCreationDateTime": 1.7e9,
                "Keys": {"pk": {"S": pk}, "sk": {"S": "00000000001700000000#ab"}},
                "NewImage": image,
                "SequenceNumber": "4200",
                "SizeBytes": 100,
                "StreamViewType": "NEW_IMAGE"
            },
            "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x"
        })
    }

    fn mail() -> OutboxMail {
        serde_json::from_value(json!({
            "id": "00000000001700000000#ab",
            "userId": "0123456789abcdef0123456789abcdef",
            "mail": {"type": "test", "at": 1_700_000_000u64}
        }))
        .expect("an outbox mail")
    }

    fn parse(record: Value) -> StreamRecord {
        serde_json::from_value(record).expect("a stream record")
    }

    #[test]
    fn an_inserted_outbox_item_is_read_from_the_new_image() {
        let data = serde_json::to_string(&mail()).expect("JSON");
        let image = json!({"pk": {"S": "OUTBOX"}, "data": {"S": data}, "attempts": {"N": "0"}});
        let read = parse(record("INSERT", "OUTBOX", image)).inserted_mail();
        assert_eq!(read.map(|r| r.ok()), Some(Some(mail())));
    }

    #[test]
    fn other_items_and_other_changes_are_passed_over() {
        let image = json!({"pk": {"S": "OUTBOX"}});
        assert!(parse(record("MODIFY", "OUTBOX", image.clone()))
            .inserted_mail()
            .is_none());
        assert!(parse(record("INSERT", "USER#u1", image))
            .inserted_mail()
            .is_none());
    }

    #[test]
    fn an_image_without_data_is_an_error_not_a_skip() {
        let read =
            parse(record("INSERT", "OUTBOX", json!({"pk": {"S": "OUTBOX"}}))).inserted_mail();
        assert!(matches!(read, Some(Err(_))));
    }
}
