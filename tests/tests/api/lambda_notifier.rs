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
    Authenticator, PASSWORD,
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
/// message it is given and answers a MessageId; told to, it refuses the
/// next sends as SES refuses an unverified sender (a 400 the SDK does not
/// retry).
struct SesStandIn {
    url: String,
    accepted: Arc<Mutex<Vec<Mail>>>,
    refused: Arc<AtomicUsize>,
    refuse_next: Arc<AtomicUsize>,
}

impl SesStandIn {
    async fn start() -> SesStandIn {
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(AtomicUsize::new(0));
        let refuse_next = Arc::new(AtomicUsize::new(0));
        let state = (accepted.clone(), refused.clone(), refuse_next.clone());
        let app = Router::new().route(
            "/v2/email/outbound-emails",
            post(move |headers: HeaderMap, body: String| {
                let (accepted, refused, refuse_next) = state.clone();
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
            refused,
            refuse_next,
        }
    }

    fn accepted(&self) -> Vec<Mail> {
        self.accepted.lock().map(|m| m.clone()).unwrap_or_default()
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
