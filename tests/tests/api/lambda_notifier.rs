//! The notifier Lambda function as it runs in AWS: changes made through
//! the account function put notices in the outbox; the table's stream
//! (dynoxide's, read as Lambda's event source mapping reads it, with the
//! template's filter: INSERTs of `pk = OUTBOX`) hands them to the notifier,
//! which sends them through a loopback stand-in of the SES v2 API (raw
//! MIME, as SES gets it); a send that failed is left to its lease and
//! delivered by the scheduled sweep; nothing is ever sent twice.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, Mutex,
};

use axum::{
    http::{HeaderMap, StatusCode},
    routing::post,
    Router,
};
use serde_json::{json, Value};
use twofold_api::{account::RecoveryCodesResponse, events::EventKind, Method};
use twofold_e2e::{
    lambda::LambdaFunction,
    mail_text::{mailed_code, text},
    smtp_sink::Mail,
    utc, Authenticator, PASSWORD,
};
use twofold_store::embedded::EmbeddedDynamo;

/// The address API Gateway reports for every call.
const SOURCE_IP: &str = "192.0.2.80";
const ADA: &str = "ada@example.com";
const SITE: &str = "https://auth.example.com";
const FROM: &str = "security@example.com";
/// What the template's schedule sends the function.
const SCHEDULE_INPUT: &str = r#"{"sweep":true}"#;

/// A stand-in for the SES v2 API on a loopback port: SendEmail
/// (`POST /v2/email/outbound-emails`, signature not checked) keeps the raw
/// message it is given, and the configuration set and tags it is sent
/// with, and answers a MessageId; told to, it refuses the next sends as
/// SES refuses an unverified sender (a 400 the SDK does not retry).
struct SesStandIn {
    url: String,
    accepted: Arc<Mutex<Vec<Mail>>>,
    options: Arc<Mutex<Vec<SendOptions>>>,
    refused: Arc<AtomicUsize>,
    refuse_next: Arc<AtomicUsize>,
}

/// How a mail SES accepted was sent: through which configuration set,
/// with which tags (name, value).
#[derive(Debug, Clone, PartialEq, Eq)]
struct SendOptions {
    configuration_set: Option<String>,
    tags: Vec<(String, String)>,
}

impl SendOptions {
    fn of(request: &Value) -> SendOptions {
        SendOptions {
            configuration_set: request["ConfigurationSetName"].as_str().map(str::to_owned),
            tags: request["EmailTags"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|tag| {
                    let text = |field: &str| tag[field].as_str().unwrap_or_default().to_owned();
                    (text("Name"), text("Value"))
                })
                .collect(),
        }
    }
}

impl SesStandIn {
    async fn start() -> SesStandIn {
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let options = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(AtomicUsize::new(0));
        let refuse_next = Arc::new(AtomicUsize::new(0));
        let state = (
            accepted.clone(),
            options.clone(),
            refused.clone(),
            refuse_next.clone(),
        );
        let app = Router::new().route(
            "/v2/email/outbound-emails",
            post(move |headers: HeaderMap, body: String| {
                let (accepted, options, refused, refuse_next) = state.clone();
                async move {
                    assert!(
                        headers.contains_key("authorization"),
                        "the SDK signs its calls"
                    );
                    let refuse = refuse_next
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if refuse {
                        refused.fetch_add(1, Ordering::SeqCst);
                        return (
                            StatusCode::BAD_REQUEST,
                            [("x-amzn-errortype", "MessageRejected")],
                            json!({"message": "Email address is not verified."}).to_string(),
                        );
                    }
                    let mail = sent_mail(&body);
                    let request: Value = serde_json::from_str(&body).expect("SendEmail's JSON");
                    options
                        .lock()
                        .expect("lock")
                        .push(SendOptions::of(&request));
                    let mut accepted = accepted.lock().expect("lock");
                    accepted.push(mail);
                    (
                        StatusCode::OK,
                        [("x-amzn-errortype", "")],
                        json!({"MessageId": format!("ses-{}", accepted.len())}).to_string(),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SesStandIn {
            url,
            accepted,
            options,
            refused,
            refuse_next,
        }
    }

    fn accepted(&self) -> Vec<Mail> {
        self.accepted.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// How each accepted mail was sent, in order.
    fn options(&self) -> Vec<SendOptions> {
        self.options.lock().map(|o| o.clone()).unwrap_or_default()
    }
}

/// The mail in a SendEmail request: the envelope from its fields, the
/// message from `Content.Raw.Data` (base64).
fn sent_mail(body: &str) -> Mail {
    let request: Value = serde_json::from_str(body).expect("SendEmail's JSON");
    let raw = request["Content"]["Raw"]["Data"]
        .as_str()
        .expect("raw content");
    let raw = data_encoding::BASE64
        .decode(raw.as_bytes())
        .expect("base64 data");
    Mail {
        from: request["FromEmailAddress"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        to: request["Destination"]["ToAddresses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        data: String::from_utf8(raw).expect("UTF-8 MIME"),
    }
}

/// The table's stream in the embedded store, read as Lambda's event
/// source mapping reads it: enabled with NEW_IMAGE (as the template does),
/// then its one shard from the start, batch after batch.
struct TableStream {
    endpoint: String,
    http: reqwest::Client,
    arn: String,
    iterator: String,
}

impl TableStream {
    async fn enable(endpoint: &str) -> TableStream {
        let http = reqwest::Client::new();
        let call = |target: &'static str, body: Value| dynamo_call(&http, endpoint, target, body);
        call(
            "DynamoDB_20120810.UpdateTable",
            json!({"TableName": "twofold",
                   "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}}),
        )
        .await;
        let table = call(
            "DynamoDB_20120810.DescribeTable",
            json!({"TableName": "twofold"}),
        )
        .await;
        let arn = table["Table"]["LatestStreamArn"]
            .as_str()
            .expect("the table's stream")
            .to_owned();
        let stream = call(
            "DynamoDBStreams_20120810.DescribeStream",
            json!({"StreamArn": arn}),
        )
        .await;
        let shards = stream["StreamDescription"]["Shards"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(shards.len(), 1, "one shard: {stream}");
        let iterator = call(
            "DynamoDBStreams_20120810.GetShardIterator",
            json!({"StreamArn": arn, "ShardId": shards[0]["ShardId"],
                   "ShardIteratorType": "TRIM_HORIZON"}),
        )
        .await["ShardIterator"]
            .as_str()
            .expect("an iterator")
            .to_owned();
        TableStream {
            endpoint: endpoint.to_owned(),
            http,
            arn,
            iterator,
        }
    }

    /// The batch Lambda would hand the notifier for the records written
    /// since the last call: those the template's filter lets through
    /// (INSERTs of `pk = OUTBOX`), with the stream's ARN added.
    async fn next_batch(&mut self) -> Value {
        let answer = dynamo_call(
            &self.http,
            &self.endpoint,
            "DynamoDBStreams_20120810.GetRecords",
            json!({"ShardIterator": self.iterator}),
        )
        .await;
        if let Some(next) = answer["NextShardIterator"].as_str() {
            self.iterator = next.to_owned();
        }
        let records: Vec<Value> = answer["Records"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["eventName"] == "INSERT" && r["dynamodb"]["Keys"]["pk"]["S"] == "OUTBOX")
            .map(|r| {
                let mut record = r.clone();
                record["eventSourceARN"] = json!(self.arn);
                record
            })
            .collect();
        json!({ "Records": records })
    }
}

/// One call of the DynamoDB (or Streams) JSON protocol to dynoxide, which
/// wants a signature's shape but checks none.
async fn dynamo_call(http: &reqwest::Client, endpoint: &str, target: &str, body: Value) -> Value {
    let response = http
        .post(endpoint)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", target)
        .header("x-amz-date", "20261207T000000Z")
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{target}: {e}"));
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    assert!(status.is_success(), "{target}: {status} {answer}");
    answer
}

/// The outbox ids of a batch's records, in order.
fn outbox_ids(batch: &Value) -> Vec<String> {
    batch["Records"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let data = r["dynamodb"]["NewImage"]["data"]["S"]
                .as_str()
                .expect("the item's data");
            let item: Value = serde_json::from_str(data).expect("JSON data");
            item["id"].as_str().expect("an id").to_owned()
        })
        .collect()
}

/// Whether `secret` shows in the raw message or its text: a code as a run
/// of digits of its own, anything else as text, whatever its case and
/// separators.
fn shows(mail: &Mail, secret: &str) -> bool {
    let compact = |text: &str| -> String {
        text.to_lowercase()
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect()
    };
    [mail.data.clone(), text(mail)].iter().any(|haystack| {
        if secret.bytes().all(|b| b.is_ascii_digit()) {
            haystack
                .split(|c: char| !c.is_ascii_digit())
                .any(|run| run == secret)
        } else {
            compact(haystack).contains(&compact(secret))
        }
    })
}

/// The three functions over one store with its stream, and SES.
struct Deployment {
    authentication: LambdaFunction,
    account: LambdaFunction,
    notifier: LambdaFunction,
    stream: TableStream,
    ses: SesStandIn,
    _store: EmbeddedDynamo,
}

impl Deployment {
    /// Starts it; the notifier holds a claimed item for `lease` seconds.
    async fn start(lease: &str) -> Deployment {
        Deployment::start_with(lease, &[]).await
    }

    /// Starts it with these further settings for the notifier.
    async fn start_with(lease: &str, notifier_env: &[(&str, &str)]) -> Deployment {
        let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
            .await
            .expect("store");
        let stream = TableStream::enable(store.endpoint()).await;
        let ses = SesStandIn::start().await;
        let mail_env = [
            ("TWOFOLD_MAIL_FROM", &format!("Twofold <{FROM}>") as &str),
            ("TWOFOLD_SITE_URL", SITE),
            ("TWOFOLD_NOTICE_LEASE_SECONDS", lease),
            ("AWS_ENDPOINT_URL_SESV2", &ses.url),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ];
        let mail_env: Vec<(&str, &str)> = mail_env
            .iter()
            .copied()
            .chain(notifier_env.iter().copied())
            .collect();
        Deployment {
            authentication: LambdaFunction::start_on("authentication", &[], store.endpoint()).await,
            account: LambdaFunction::start_on("account", &[], store.endpoint()).await,
            notifier: LambdaFunction::start_on("notifier", &mail_env, store.endpoint()).await,
            stream,
            ses,
            _store: store,
        }
    }

    /// Calls `method` on the function that serves it; the answer's body.
    async fn call(&mut self, method: Method, body: Value) -> Value {
        let path = method.path();
        let function = if path.starts_with("/1.0/users/account/") {
            &mut self.account
        } else {
            &mut self.authentication
        };
        let response = function.post(&path, &body, SOURCE_IP).await;
        let body: Value =
            serde_json::from_str(response["body"].as_str().expect("a body")).expect("JSON");
        assert_eq!(body["result"], 0, "{}: {body}", method.name());
        body
    }

    /// Invokes the notifier with `event`; its answer.
    async fn notify(&mut self, event: &Value) -> Value {
        self.notifier.invoke(event.clone()).await
    }

    /// Ada signs up and asks for notices at her address; the session.
    async fn ada_asks_for_notices(&mut self) -> String {
        let signed_up = self
            .call(
                Method::SignUp,
                json!({"login": "ada", "password": PASSWORD}),
            )
            .await;
        let session = signed_up["session"].as_str().expect("a session").to_owned();
        self.call(
            Method::SetNotificationEmail,
            json!({"session": session, "email": ADA, "password": PASSWORD}),
        )
        .await;
        session
    }
}

/// `<id>@twofold` as the notifier writes an outbox id into `Message-ID`.
fn message_id(outbox_id: &str) -> String {
    format!("<{}@twofold>", outbox_id.replace('#', "."))
}

const NO_FAILURES: &str = r#"{"batchItemFailures":[]}"#;

/// Story: Ada sets her address through the account function; the stream
/// brings the code's outbox item to the notifier, which mails it once by
/// SES, as raw MIME whose Message-ID is the outbox id. Lambda handing the
/// same record again sends nothing (the item is gone). She confirms the
/// address and turns 2FA on: that notice arrives once, in words that say
/// what happened and from where, with a "This wasn't me" link to the site,
/// and with no password, session, TOTP secret, code or recovery code.
#[tokio::test]
async fn a_change_made_through_the_account_function_is_mailed_once_through_ses() {
    // Arrange
    let mut aws = Deployment::start("60").await;
    let session = aws.ada_asks_for_notices().await;

    // Act
    let code_batch = aws.stream.next_batch().await;
    let first = aws.notify(&code_batch).await;
    let again = aws.notify(&code_batch).await;
    let code_mails = aws.ses.accepted();
    let code = mailed_code(code_mails.first().expect("the code's mail"));
    aws.call(
        Method::ConfirmNotificationEmail,
        json!({"session": session, "code": code}),
    )
    .await;
    aws.call(
        Method::CheckPassword,
        json!({"session": session, "password": PASSWORD}),
    )
    .await;
    let setup = aws
        .call(Method::Setup2FA, json!({"session": session}))
        .await;
    let secret = setup["secret"].as_str().expect("a secret").to_owned();
    let mut phone = Authenticator::from_base32(&secret);
    let totp = phone.next_code().await;
    let enabled = aws
        .call(Method::Enable2FA, json!({"session": session, "code": totp}))
        .await;
    let recovery: RecoveryCodesResponse =
        serde_json::from_value(enabled).expect("Enable2FA's answer");
    let notice_batch = aws.stream.next_batch().await;
    let notified = aws.notify(&notice_batch).await;
    aws.notify(&notice_batch).await;

    // Assert
    assert_eq!(first.to_string(), NO_FAILURES);
    assert_eq!(again.to_string(), NO_FAILURES);
    let code_ids = outbox_ids(&code_batch);
    assert_eq!(code_ids.len(), 1, "one outbox item: {code_batch}");
    let mails = aws.ses.accepted();
    assert_eq!(
        mails.len(),
        2,
        "the code and the notice, once each: {mails:#?}"
    );
    let code_mail = &mails[0];
    assert_eq!(code_mail.to, [ADA]);
    assert_eq!(code_mail.from, FROM);
    assert_eq!(
        code_mail.header("Message-ID"),
        Some(message_id(&code_ids[0]))
    );
    assert_eq!(
        code_mail.header("X-Twofold-Outbox-Id").as_deref(),
        Some(code_ids[0].as_str())
    );

    assert_eq!(notified.to_string(), NO_FAILURES);
    let notice_ids = outbox_ids(&notice_batch);
    assert_eq!(notice_ids.len(), 1, "one notice: {notice_batch}");
    let notice = &mails[1];
    assert_eq!(notice.to, [ADA]);
    assert_eq!(
        notice.header("Message-ID"),
        Some(message_id(&notice_ids[0]))
    );
    let subject = notice.header("Subject").unwrap_or_default();
    assert!(
        subject.contains(EventKind::TwoFactorEnabled.describe()),
        "{subject}"
    );
    let words = text(notice);
    for expected in [
        "Hello ada",
        &format!("From: {SOURCE_IP}"),
        "This wasn't you?",
        &format!("\n{SITE}/"),
    ] {
        assert!(words.contains(expected), "{expected:?} in {words}");
    }
    // The check finds a secret where there is one: the code's own mail.
    assert!(shows(code_mail, &code), "the code in its mail");
    let mut secrets = vec![PASSWORD.to_owned(), session.clone(), secret, totp];
    secrets.extend(recovery.unused_codes());
    for secret in &secrets {
        assert!(!shows(notice, secret), "{secret:?} in {words}");
    }
}

/// Story: SES refuses the first send of Ada's code. The stream's
/// invocation reports that record as failed, so Lambda hands it again at
/// once; the item is under the lease of the failed attempt, so nothing is
/// sent then. Once the lease ends, the schedule's sweep sends it, once;
/// later stream records and sweeps send nothing more.
#[tokio::test]
async fn a_notice_whose_send_failed_is_delivered_once_by_the_sweep_after_its_lease() {
    // Arrange
    let mut aws = Deployment::start("2").await;
    aws.ada_asks_for_notices().await;
    let batch = aws.stream.next_batch().await;
    let schedule: Value = serde_json::from_str(SCHEDULE_INPUT).expect("JSON");
    aws.ses.refuse_next.store(1, Ordering::SeqCst);

    // Act
    let failed = aws.notify(&batch).await;
    let retried = aws.notify(&batch).await;
    let during_the_lease = aws.ses.accepted().len();
    tokio::time::sleep(std::time::Duration::from_millis(3_000)).await;
    let swept = aws.notify(&schedule).await;
    let streamed_again = aws.notify(&batch).await;
    let swept_again = aws.notify(&schedule).await;

    // Assert
    let ids = outbox_ids(&batch);
    assert_eq!(ids.len(), 1, "{batch}");
    let sequence = batch["Records"][0]["dynamodb"]["SequenceNumber"].clone();
    assert_eq!(
        failed,
        json!({"batchItemFailures": [{"itemIdentifier": sequence}]}),
        "{}",
        aws.notifier.output()
    );
    assert_eq!(aws.ses.refused.load(Ordering::SeqCst), 1);
    assert_eq!(retried.to_string(), NO_FAILURES);
    assert_eq!(during_the_lease, 0, "nothing is sent during the lease");
    assert_eq!(swept, json!({"sent": 1, "failed": 0}));
    assert_eq!(streamed_again.to_string(), NO_FAILURES);
    assert_eq!(swept_again, json!({"sent": 0, "failed": 0}));
    let mails = aws.ses.accepted();
    assert_eq!(mails.len(), 1, "sent once: {mails:#?}");
    assert_eq!(mails[0].to, [ADA]);
    assert_eq!(mails[0].header("Message-ID"), Some(message_id(&ids[0])));
    mailed_code(&mails[0]);
}

/// The configuration set the notifier sends through, as the template
/// names it.
const CONFIGURATION_SET: &str = "twofold-prod-notices";
const BOB: &str = "bob@example.com";

impl Deployment {
    /// Starts it sending through [`CONFIGURATION_SET`].
    async fn start_with_events() -> Deployment {
        Deployment::start_with(
            "60",
            &[("TWOFOLD_SES_CONFIGURATION_SET", CONFIGURATION_SET)],
        )
        .await
    }

    /// Ada asks for notices at her address, the code goes out through the
    /// stream and SES, and she confirms it; the session.
    async fn ada_confirms_her_address(&mut self) -> String {
        let session = self.ada_asks_for_notices().await;
        let batch = self.stream.next_batch().await;
        self.notify(&batch).await;
        let code = mailed_code(self.ses.accepted().last().expect("the code's mail"));
        self.call(
            Method::ConfirmNotificationEmail,
            json!({"session": session, "code": code}),
        )
        .await;
        session
    }

    /// GetAccount's `bouncingSince`.
    async fn bouncing_since(&mut self, session: &str) -> Option<u64> {
        let account = self
            .call(Method::GetAccount, json!({"session": session}))
            .await;
        account["notificationEmail"]["bouncingSince"].as_u64()
    }

    /// Ada sends herself a test notice; the stream hands it to the
    /// notifier, which sends it by SES.
    async fn test_notice(&mut self, session: &str) {
        self.call(Method::SendTestNotice, json!({"session": session}))
            .await;
        let batch = self.stream.next_batch().await;
        assert_eq!(outbox_ids(&batch).len(), 1, "{batch}");
        self.notify(&batch).await;
    }
}

/// The account tag SES took with the last mail.
fn account_tag(ses: &SesStandIn) -> String {
    let options = ses.options();
    let last = options.last().expect("a mail");
    last.tags
        .iter()
        .find(|(name, _)| name == "account")
        .map(|(_, value)| value.clone())
        .expect("an account tag")
}

/// The user ids of a batch's outbox items, in order.
fn outbox_users(batch: &Value) -> Vec<String> {
    batch["Records"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let data = r["dynamodb"]["NewImage"]["data"]["S"]
                .as_str()
                .expect("the item's data");
            let item: Value = serde_json::from_str(data).expect("JSON data");
            item["userId"].as_str().expect("a user id").to_owned()
        })
        .collect()
}

/// Seconds since the epoch, now.
fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// An SES event as EventBridge hands it to the notifier: a mail sent at
/// `sent_at` to `to`, with `tags`, and `record` (the bounce, complaint or
/// delivery) beside SES's `eventType` in the detail.
fn ses_event(
    detail_type: &str,
    event_type: &str,
    tags: Value,
    sent_at: u64,
    record: Value,
) -> Value {
    let mut detail = json!({
        "eventType": event_type,
        "mail": {
            "timestamp": utc::iso(sent_at as f64),
            "source": format!("Twofold <{FROM}>"),
            "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
            "sendingAccountId": "123456789012",
            "messageId": "0100018d-1234-abcd-ef01-234567890abc-000000",
            "destination": [ADA],
            "headersTruncated": false,
            "tags": tags
        }
    });
    for (name, value) in record.as_object().into_iter().flatten() {
        detail[name] = value.clone();
    }
    json!({
        "version": "0",
        "id": "c3d4e5f6-a7b8-9012-cdef-123456789012",
        "detail-type": detail_type,
        "source": "aws.ses",
        "account": "123456789012",
        "time": utc::iso((sent_at + 2) as f64),
        "region": "us-east-1",
        "resources": [],
        "detail": detail
    })
}

/// The tags SES gives an event of a mail tagged `account=<account>`.
fn tags(account: &str) -> Value {
    json!({
        "ses:configuration-set": [CONFIGURATION_SET],
        "ses:from-domain": ["example.com"],
        "account": [account]
    })
}

/// A bounce of the mail to `to`, of `bounce_type`.
fn bounce(account: &str, sent_at: u64, bounce_type: &str, to: &str) -> Value {
    ses_event(
        "Email Bounced",
        "Bounce",
        tags(account),
        sent_at,
        json!({"bounce": {
            "bounceType": bounce_type,
            "bounceSubType": "General",
            "bouncedRecipients": [{
                "emailAddress": to,
                "action": "failed",
                "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown"
            }],
            "timestamp": utc::iso((sent_at + 1) as f64),
            "feedbackId": "0100018d-1234-abcd-ef01-234567890abc-000001"
        }}),
    )
}

/// The delivery of the mail sent at `sent_at` to Ada.
fn delivery(account: &str, sent_at: u64) -> Value {
    ses_event(
        "Email Delivered",
        "Delivery",
        tags(account),
        sent_at,
        json!({"delivery": {
            "timestamp": utc::iso((sent_at + 1) as f64),
            "processingTimeMillis": 1025,
            "recipients": [ADA],
            "smtpResponse": "250 2.0.0 OK",
            "reportingMTA": "a8-21.smtp-out.amazonses.com"
        }}),
    )
}

/// The notifier's answer to an SES event it handled.
fn handled(outcome: &str) -> Value {
    json!({ "handled": outcome })
}

/// Story: with `TWOFOLD_SES_CONFIGURATION_SET` set, every mail goes
/// through that configuration set, tagged with the account it is about
/// (so SES's later reports name the account, not only an address);
/// without it, SendEmail is called as before: no set, no tags.
#[tokio::test]
async fn mails_go_through_the_configuration_set_tagged_with_their_account() {
    // Arrange
    let mut with_set = Deployment::start_with_events().await;
    let mut without = Deployment::start("60").await;

    // Act
    with_set.ada_asks_for_notices().await;
    let batch = with_set.stream.next_batch().await;
    with_set.notify(&batch).await;
    without.ada_asks_for_notices().await;
    let plain_batch = without.stream.next_batch().await;
    without.notify(&plain_batch).await;

    // Assert
    let users = outbox_users(&batch);
    assert_eq!(users.len(), 1, "{batch}");
    assert_eq!(
        with_set.ses.options(),
        [SendOptions {
            configuration_set: Some(CONFIGURATION_SET.to_owned()),
            tags: vec![("account".to_owned(), users[0].clone())],
        }]
    );
    assert_eq!(
        without.ses.options(),
        [SendOptions {
            configuration_set: None,
            tags: vec![],
        }]
    );
}

/// Story: Ada's mailbox closes. SES took the notices, then reports
/// through EventBridge: a transient bounce, a permanent one for another
/// address, and a permanent one of a mail sent before she confirmed the
/// address change nothing; the permanent bounce of a notice to her
/// address marks it bouncing (GetAccount), and a complaint adds nothing.
/// Her mailbox reopens: SES taking a test notice is not yet its delivery,
/// nor is the late delivery report of an older mail; the test notice's
/// delivery clears the mark. The notifier's log names no address.
#[tokio::test]
async fn a_permanent_bounce_reported_by_ses_marks_the_address_until_a_later_delivery() {
    // Arrange
    let mut aws = Deployment::start_with_events().await;
    let session = aws.ada_confirms_her_address().await;
    let account = account_tag(&aws.ses);
    let sent = now();
    let complaint = ses_event(
        "Email Complaint Received",
        "Complaint",
        tags(&account),
        sent,
        json!({"complaint": {
            "complainedRecipients": [{"emailAddress": ADA}],
            "timestamp": utc::iso((sent + 60) as f64),
            "feedbackId": "0100018d-1234-abcd-ef01-234567890abc-000002",
            "complaintFeedbackType": "abuse"
        }}),
    );

    // Act
    let transient = aws.notify(&bounce(&account, sent, "Transient", ADA)).await;
    let undetermined = aws
        .notify(&bounce(&account, sent, "Undetermined", ADA))
        .await;
    let other_address = aws.notify(&bounce(&account, sent, "Permanent", BOB)).await;
    let before_confirmed = aws
        .notify(&bounce(&account, sent - 3_600, "Permanent", ADA))
        .await;
    let not_yet = aws.bouncing_since(&session).await;
    let permanent = aws.notify(&bounce(&account, sent, "Permanent", ADA)).await;
    let marked = aws.bouncing_since(&session).await;
    let complained = aws.notify(&complaint).await;
    aws.test_notice(&session).await;
    let after_ses_took_it = aws.bouncing_since(&session).await;
    let old_delivery = aws.notify(&delivery(&account, sent - 3_600)).await;
    let after_old_delivery = aws.bouncing_since(&session).await;
    let delivered = aws.notify(&delivery(&account, now())).await;
    let cleared = aws.bouncing_since(&session).await;

    // Assert
    assert_eq!(transient, handled("logged"));
    assert_eq!(undetermined, handled("logged"));
    assert_eq!(other_address, handled("unchanged"));
    assert_eq!(before_confirmed, handled("unchanged"));
    assert_eq!(not_yet, None, "nothing marked before the permanent bounce");
    assert_eq!(
        permanent,
        handled("markedBouncing"),
        "{}",
        aws.notifier.output()
    );
    let since = marked.expect("the address is marked bouncing");
    assert!(
        since >= sent,
        "marked when the bounce arrived: {since} < {sent}"
    );
    assert_eq!(complained, handled("logged"));
    assert_eq!(
        after_ses_took_it,
        Some(since),
        "SES taking a mail is not its delivery"
    );
    assert_eq!(old_delivery, handled("unchanged"));
    assert_eq!(after_old_delivery, Some(since));
    assert_eq!(delivered, handled("cleared"));
    assert_eq!(cleared, None);
    assert_eq!(aws.ses.accepted().len(), 2, "the code and the test notice");
    let log = aws.notifier.output();
    assert!(log.contains(&account), "the log names the account: {log}");
    assert!(
        !log.contains("@example.com"),
        "no address in the log: {log}"
    );
}

/// Story: events the notifier cannot apply are acknowledged, not failed
/// (EventBridge and Lambda would hand them again, to no end): a mail with
/// no account tag (sent without the configuration set), a tag that is
/// not an account id, an account that is gone, and a record that is not
/// SES's shape.
#[tokio::test]
async fn ses_events_that_name_no_account_are_acknowledged() {
    // Arrange
    let mut aws = Deployment::start_with_events().await;
    let sent = now();
    let mut untagged = bounce("unused", sent, "Permanent", ADA);
    untagged["detail"]["mail"]["tags"] = json!({"ses:configuration-set": [CONFIGURATION_SET]});
    let gone = "0123456789abcdef0123456789abcdef";
    let shapeless = json!({"source": "aws.ses", "detail-type": "Email Bounced", "detail": {}});

    // Act
    let answers = [
        aws.notify(&untagged).await,
        aws.notify(&bounce("Ada", sent, "Permanent", ADA)).await,
        aws.notify(&bounce(gone, sent, "Permanent", ADA)).await,
        aws.notify(&delivery(gone, sent)).await,
        aws.notify(&shapeless).await,
    ];

    // Assert
    assert_eq!(
        answers,
        [
            handled("unreadable"),
            handled("unreadable"),
            handled("noAccount"),
            handled("noAccount"),
            handled("unreadable"),
        ],
        "{}",
        aws.notifier.output()
    );
    assert!(aws.ses.accepted().is_empty());
}
