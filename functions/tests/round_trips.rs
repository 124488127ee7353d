//! Store round trips per flow, as exact budgets: every call of the SDK is
//! counted by an interceptor, and calls issued while another is in flight
//! (`tokio::join!`) share its round trip. docs/ARCHITECTURE.md lists each
//! flow's calls; a change that adds a round trip to a flow fails here.
//! The router runs over the shared in-process harness (`support/`), on a
//! store whose SDK client, built here, carries the interceptor.

// Test helpers outside #[test] functions may fail loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, Mutex, OnceLock,
};

use aws_sdk_dynamodb::{
    config::{interceptors::BeforeSerializationInterceptorContextRef, ConfigBag, Intercept},
    error::BoxError,
};
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde::Serialize;
use serde_json::Value;
use twofold_api::{
    account::{Enable2FARequest, GetAccountRequest, GetEventsRequest, Setup2FARequest},
    tokens::GetSessionsRequest,
    Method,
};
use twofold_auth::SealingKey;
use twofold_functions::{Config, Service};
use twofold_store::{embedded::EmbeddedDynamo, DynamoStore};

use support::{check_password, create_token, secret, sign_in, sign_up, verify, Harness, PASSWORD};

/// Counts SDK calls and the sequential round trips they take: a call that
/// starts while none is in flight begins a new round trip, unless a
/// password hash was asked for and not finished at some moment while it
/// was in flight (SignIn reads the account beside the hash): then it took no
/// time of its own on the way to the answer. That is read from the
/// service's counts at both ends of the call (a hash pending at the start or
/// the end, or one asked for in between): what the code asks for side by
/// side, whatever order a loaded machine then runs it in.
#[derive(Debug, Clone, Default)]
struct RoundTrips {
    in_flight: Arc<AtomicUsize>,
    calls: Arc<Mutex<Vec<Call>>>,
    service: Arc<OnceLock<Arc<Service>>>,
}

/// One SDK call: its operation, whether it began a round trip, the
/// password work seen at its start, and whether a hash ran while it was in
/// flight.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    new: bool,
    at_start: HashWork,
    beside_hash: bool,
}

/// The service's password work at one moment: pending (asked for, not
/// finished), and asked for so far.
#[derive(Debug, Clone, Copy, Default)]
struct HashWork {
    pending: u64,
    requested: u64,
}

/// A call's place in [`RoundTrips::calls`], kept in its config bag.
#[derive(Debug, Clone, Copy)]
struct CallIndex(usize);

impl Storable for CallIndex {
    type Storer = StoreReplace<Self>;
}

impl RoundTrips {
    fn reset(&self) {
        self.calls.lock().unwrap().clear();
    }

    /// (sequential round trips, the calls in order, `+` marking one that
    /// shared the round trip before it and `~` one hidden by the hash).
    fn taken(&self) -> (usize, String) {
        let calls = self.calls.lock().unwrap();
        let trips = calls
            .iter()
            .filter(|call| call.new && !call.beside_hash)
            .count();
        let names: Vec<String> = calls
            .iter()
            .map(|call| match (call.new, call.beside_hash) {
                (_, true) => format!("~{}", call.name),
                (true, false) => call.name.clone(),
                (false, false) => format!("+{}", call.name),
            })
            .collect();
        (trips, names.join(" "))
    }

    fn hash_work(&self) -> HashWork {
        self.service
            .get()
            .map(|service| HashWork {
                pending: service.password_work_pending(),
                requested: service.password_work_requested(),
            })
            .unwrap_or_default()
    }
}

impl Intercept for RoundTrips {
    fn name(&self) -> &'static str {
        "RoundTrips"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        bag: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let was = self.in_flight.fetch_add(1, Ordering::SeqCst);
        let name = operation(context).to_owned();
        let mut calls = self.calls.lock().unwrap();
        bag.interceptor_state().store_put(CallIndex(calls.len()));
        calls.push(Call {
            name,
            new: was == 0,
            at_start: self.hash_work(),
            beside_hash: false,
        });
        Ok(())
    }

    fn read_after_execution(
        &self,
        _: &aws_sdk_dynamodb::config::interceptors::FinalizerInterceptorContextRef<'_>,
        _: &aws_sdk_dynamodb::config::RuntimeComponents,
        bag: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(CallIndex(index)) = bag.load::<CallIndex>().copied() {
            let at_end = self.hash_work();
            if let Some(call) = self.calls.lock().unwrap().get_mut(index) {
                let start = call.at_start;
                call.beside_hash =
                    start.pending > 0 || at_end.pending > 0 || at_end.requested > start.requested;
            }
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
}

/// The DynamoDB operation a call makes.
fn operation(context: &BeforeSerializationInterceptorContextRef<'_>) -> &'static str {
    use aws_sdk_dynamodb::operation::{
        batch_get_item::BatchGetItemInput, delete_item::DeleteItemInput, get_item::GetItemInput,
        put_item::PutItemInput, query::QueryInput, transact_write_items::TransactWriteItemsInput,
        update_item::UpdateItemInput,
    };
    let input = context.input();
    if input.downcast_ref::<GetItemInput>().is_some() {
        "GetItem"
    } else if input.downcast_ref::<BatchGetItemInput>().is_some() {
        "BatchGetItem"
    } else if input.downcast_ref::<QueryInput>().is_some() {
        "Query"
    } else if input.downcast_ref::<TransactWriteItemsInput>().is_some() {
        "TransactWriteItems"
    } else if input.downcast_ref::<UpdateItemInput>().is_some() {
        "UpdateItem"
    } else if input.downcast_ref::<PutItemInput>().is_some() {
        "PutItem"
    } else if input.downcast_ref::<DeleteItemInput>().is_some() {
        "DeleteItem"
    } else {
        "other"
    }
}

/// The shared harness over a store whose SDK client counts its calls.
struct Metered {
    harness: Harness,
    trips: RoundTrips,
}

impl Metered {
    async fn new() -> Metered {
        let engine = EmbeddedDynamo::in_memory().await.unwrap();
        let trips = RoundTrips::default();
        let sdk = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .endpoint_url(engine.endpoint())
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .interceptor(trips.clone())
            .build();
        let store = DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(sdk), "twofold");
        store.ensure_table().await.unwrap();
        let config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
        let harness = Harness::over(engine, store, config);
        trips
            .service
            .set(harness.service.clone())
            .expect("set once");
        Metered { harness, trips }
    }

    /// The round trips `method` takes, asserted to be at most `budget`.
    async fn within(
        &self,
        budget: usize,
        method: Method,
        session: Option<&str>,
        body: &impl Serialize,
    ) -> Value {
        self.trips.reset();
        let answer = self.harness.ok(method, session, body).await;
        let (trips, calls) = self.trips.taken();
        assert!(
            trips <= budget,
            "{method} took {trips} round trips, its budget is {budget}: {calls}"
        );
        println!("{method}: {trips} round trips ({calls})");
        answer
    }
}

#[tokio::test]
async fn every_flow_stays_within_its_round_trip_budget() {
    let h = Metered::new().await;
    let signed_up = h.within(2, Method::SignUp, None, &sign_up("ada")).await;
    let session = signed_up["session"].as_str().unwrap().to_owned();
    // The slots reserved while the login's item is read, the account read
    // while the password is hashed, then the session and its event.
    let signed_in = h
        .within(2, Method::SignIn, None, &sign_in("ada", PASSWORD))
        .await;
    let _ = signed_in;
    h.within(1, Method::GetAccount, Some(&session), &GetAccountRequest {})
        .await;
    h.within(3, Method::CheckPassword, Some(&session), &check_password())
        .await;
    let setup = h
        .within(
            2,
            Method::Setup2FA,
            Some(&session),
            &Setup2FARequest::default(),
        )
        .await;
    let secret = secret(setup["secret"].as_str().unwrap());
    // The harness's clock stands still: codes are made for its time.
    let now = h.harness.now();
    // Enable2FA reads the account's tokens after the account, to end them
    // (remediation.rs): one more round trip than before.
    h.within(
        3,
        Method::Enable2FA,
        Some(&session),
        &Enable2FARequest {
            code: secret.code_at(now),
            keep_tokens: None,
        },
    )
    .await;
    // With 2FA on, the right password's log entry is kept once per window
    // at its first occurrence: where that is costs one conditional update
    // (after the hash: only a right password is tallied).
    let pending = h
        .within(3, Method::SignIn, None, &sign_in("ada", PASSWORD))
        .await;
    let pending = pending["session"].as_str().unwrap().to_owned();
    h.within(
        2,
        Method::Verify2FACode,
        None,
        &verify(&pending, &secret.code_at(now + 30)),
    )
    .await;
    // The password on the call is a step-up, recorded on the session (so
    // the next change needs none) beside giving the throttle's slot back.
    let token = h
        .within(5, Method::CreateToken, Some(&session), &create_token("ci"))
        .await;
    let key = token["token"]["key"].as_str().unwrap().to_owned();
    // A token's first call records its use: the once-a-minute write.
    h.within(2, Method::GetAccount, Some(&key), &GetAccountRequest {})
        .await;
    // Within the minute: one round trip.
    h.within(1, Method::GetAccount, Some(&key), &GetAccountRequest {})
        .await;
    h.within(1, Method::GetAccount, Some(&session), &GetAccountRequest {})
        .await;
    h.within(
        2,
        Method::GetEvents,
        Some(&session),
        &GetEventsRequest::default(),
    )
    .await;
    h.within(
        2,
        Method::GetSessions,
        Some(&session),
        &GetSessionsRequest {},
    )
    .await;
}
