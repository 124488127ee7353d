//! The store against a real DynamoDB-compatible server: dynoxide, started in
//! this process on 127.0.0.1 with an in-memory database per test.

// Test helpers outside #[test] functions may fail loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use rand::{rngs::StdRng, SeedableRng};
use tokio::sync::Barrier;
use twofold_api::events::EventKind;
use twofold_auth::{
    account::{SecondFactorFailure, SecondFactorInput},
    event::ClientInfo,
    password,
    token::{self, TokenKind},
    totp::TotpCode,
    AccessToken, Account, ApiList, LockoutPolicy, Login, Password, RecoveryCode, RecoveryStorage,
    Sealer, SealingKey, SecondFactorPolicy, SecurityEvent, Session, SessionKind, ThrottleWindow,
    TwoFactorSettings, UserId,
};
use twofold_store::{
    embedded::EmbeddedDynamo, Apply, Change, DynamoStore, LimitKey, Reservation, Reserved,
    SessionWrite, Settled, StoreError, TokenWrite, UpdateError,
};

const NOW: u64 = 1_700_000_000;

struct TestStore {
    store: DynamoStore,
    _engine: EmbeddedDynamo,
}

async fn store() -> TestStore {
    let (engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    TestStore {
        store,
        _engine: engine,
    }
}

fn settings() -> TwoFactorSettings {
    TwoFactorSettings {
        sealer: Sealer::new(&SealingKey::generate(&mut StdRng::seed_from_u64(1))),
        recovery_storage: RecoveryStorage::Sealed,
        issuer: "Twofold".into(),
    }
}

fn new_account(rng: &mut StdRng, login: &str) -> Account {
    let hash = password::hash(&Password::parse("correct horse").unwrap(), rng);
    Account::new(
        UserId::generate(rng),
        Login::parse(login).unwrap(),
        hash,
        NOW,
    )
}

fn event(account: &Account, kind: EventKind, rng: &mut StdRng) -> SecurityEvent {
    SecurityEvent::new(&account.user_id, NOW, 0, kind, &ClientInfo::default(), rng)
}

async fn create(store: &DynamoStore, account: &Account) {
    let change = Change {
        account: Some(twofold_store::AccountWrite::Create(account.clone())),
        ..Change::default()
    };
    store.commit(change).await.unwrap();
}

/// An account with 2FA on, stored; returns it with its TOTP secret bytes and codes.
async fn enrolled(
    store: &DynamoStore,
    settings: &TwoFactorSettings,
) -> (Account, twofold_auth::TotpSecret, Vec<RecoveryCode>) {
    let mut rng = StdRng::seed_from_u64(2);
    let mut account = new_account(&mut rng, "ada");
    let session = token::issue(TokenKind::Session, &account.user_id, &mut rng).hash;
    let (enrollment, _) = account
        .start_setup(settings, &mut rng, NOW, &session)
        .unwrap();
    let bytes = data_encoding::BASE32_NOPAD
        .decode(enrollment.secret_base32.as_bytes())
        .unwrap();
    let secret = twofold_auth::TotpSecret::from_bytes(&bytes).unwrap();
    let code = TotpCode::parse(&secret.code_at(NOW - 30)).unwrap();
    let codes = account
        .enable(settings, &mut rng, NOW, &code, &session)
        .unwrap();
    create(store, &account).await;
    (account, secret, codes)
}

#[tokio::test]
async fn an_account_is_stored_and_found_by_its_login() {
    let t = store().await;
    let account = new_account(&mut StdRng::seed_from_u64(3), "ada");
    create(&t.store, &account).await;
    let found = t
        .store
        .find_login(&Login::parse("ADA").unwrap())
        .await
        .unwrap();
    assert_eq!(found.user_id, Some(account.user_id.clone()));
    let loaded = t
        .store
        .load_account(&account.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(loaded.value, account);
    assert_eq!(loaded.version, 0);
    assert_eq!(
        t.store
            .find_login(&Login::parse("bob").unwrap())
            .await
            .unwrap()
            .user_id,
        None
    );
}

#[tokio::test]
async fn a_login_can_belong_to_one_account_only() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(3);
    create(&t.store, &new_account(&mut rng, "ada")).await;
    let twin = new_account(&mut rng, "ada");
    let change = Change {
        account: Some(twofold_store::AccountWrite::Create(twin.clone())),
        ..Change::default()
    };
    assert!(matches!(
        t.store.commit(change).await,
        Err(StoreError::LoginTaken)
    ));
    assert!(
        t.store.load_account(&twin.user_id).await.unwrap().is_none(),
        "nothing of the loser is written"
    );
}

#[tokio::test]
async fn a_write_expecting_an_old_version_is_a_conflict_and_changes_nothing() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(3);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let mut first = account.clone();
    first.end_other_sessions();
    t.store
        .commit(Change::account(first.clone(), 0))
        .await
        .unwrap();
    let mut stale = account.clone();
    stale.session_epoch = 99;
    let stale_change =
        Change::account(stale, 0).event(event(&account, EventKind::SignedOut, &mut rng));
    assert!(matches!(
        t.store.commit(stale_change).await,
        Err(StoreError::Conflict)
    ));
    let loaded = t
        .store
        .load_account(&account.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((loaded.value, loaded.version), (first, 1));
    let (events, _) = t.store.events(&account.user_id, 10, None).await.unwrap();
    assert!(
        events.is_empty(),
        "the event of a failed change is not written"
    );
}

#[tokio::test]
async fn a_session_is_found_with_its_account_in_one_read_and_a_spent_one_is_not() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(3);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let issued = token::issue(TokenKind::Pending, &account.user_id, &mut rng);
    let session = Session {
        user_id: account.user_id.clone(),
        token_hash: issued.hash.clone(),
        kind: SessionKind::Pending,
        created_at: NOW,
        started_nanos: None,
        expires_at: NOW + 300,
        elevated_until: None,
        elevated_with_second_factor: false,
        elevated_at: None,
        signed_in_with: None,
        epoch: 0,
        ip: None,
        user_agent: None,
        last_seen: None,
    };
    t.store
        .commit(Change::default().session(SessionWrite::Create(session.clone())))
        .await
        .unwrap();
    let (found, loaded) = t
        .store
        .load_session(&issued.presented())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, session);
    assert_eq!(loaded.value, account);
    let spend = || {
        Change::default().session(SessionWrite::Delete {
            user_id: account.user_id.clone(),
            token_hash: issued.hash.clone(),
        })
    };
    t.store.commit(spend()).await.unwrap();
    assert!(
        matches!(t.store.commit(spend()).await, Err(StoreError::SessionGone)),
        "spent exactly once"
    );
    assert!(t
        .store
        .load_session(&issued.presented())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn events_are_listed_newest_first_in_pages() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(3);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let mut change = Change::default();
    for i in 0..5u64 {
        let mut e = event(&account, EventKind::PasswordConfirmed, &mut rng);
        e.at = NOW + i;
        change = change.event(e);
    }
    t.store.commit(change).await.unwrap();
    let (first, next) = t.store.events(&account.user_id, 3, None).await.unwrap();
    assert_eq!(
        first.iter().map(|e| e.at).collect::<Vec<_>>(),
        [NOW + 4, NOW + 3, NOW + 2]
    );
    let (second, _) = t
        .store
        .events(&account.user_id, 3, next.as_ref())
        .await
        .unwrap();
    assert_eq!(
        second.iter().map(|e| e.at).collect::<Vec<_>>(),
        [NOW + 1, NOW]
    );
}

/// Runs `tasks` copies of `attempt` at once behind a barrier.
async fn race<F, Fut, T>(tasks: usize, attempt: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let barrier = Arc::new(Barrier::new(tasks));
    let handles: Vec<_> = (0..tasks)
        .map(|i| {
            let barrier = barrier.clone();
            let run = attempt(i);
            tokio::spawn(async move {
                barrier.wait().await;
                run.await
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}

async fn verify(
    store: DynamoStore,
    settings: Arc<TwoFactorSettings>,
    user: UserId,
    input: SecondFactorInput,
    policy: SecondFactorPolicy,
    now: u64,
) -> Result<(), SecondFactorFailure> {
    let outcome = store
        .update_account(&user, None, |account| {
            let result = account.verify_second_factor(&settings, now, &policy, &input);
            match result {
                Ok(_) | Err(SecondFactorFailure::Wrong { .. }) => Ok::<_, ()>(Apply::Write {
                    alongside: Change::default(),
                    value: result.map(|_| ()),
                }),
                Err(_) => Ok(Apply::Skip(result.map(|_| ()))),
            }
        })
        .await;
    match outcome {
        Ok(result) => result,
        Err(UpdateError::Busy) => panic!("gave up after conflicts"),
        Err(other) => panic!("{other}"),
    }
}

/// `tasks` concurrent Verify2FACode decisions on `account` with the same
/// `code`, each through the optimistic update loop.
async fn race_verifications(
    t: &TestStore,
    settings: &Arc<TwoFactorSettings>,
    account: &Account,
    code: &str,
    policy: SecondFactorPolicy,
    now: u64,
    tasks: usize,
) -> Vec<Result<(), SecondFactorFailure>> {
    race(tasks, |_| {
        verify(
            t.store.clone(),
            settings.clone(),
            account.user_id.clone(),
            SecondFactorInput::parse(code).unwrap(),
            policy,
            now,
        )
    })
    .await
}

/// The account as stored now.
async fn stored(t: &TestStore, account: &Account) -> Account {
    t.store
        .load_account(&account.user_id)
        .await
        .unwrap()
        .unwrap()
        .value
}

/// No lock within a race of 50.
const LENIENT: SecondFactorPolicy = SecondFactorPolicy {
    totp: LockoutPolicy {
        max_failures: 60,
        lockout_seconds: 3601,
        max_lockout_seconds: 3601,
        stop_after: None,
    },
    recovery: LockoutPolicy {
        max_failures: 60,
        lockout_seconds: 3601,
        max_lockout_seconds: 3601,
        stop_after: None,
    },
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_submissions_of_one_valid_totp_code_yield_exactly_one_success() {
    let t = store().await;
    let settings = Arc::new(settings());
    let (account, secret, _) = enrolled(&t.store, &settings).await;
    let now = NOW + 30;
    let code = secret.code_at(now);
    let results = race_verifications(&t, &settings, &account, &code, LENIENT, now, 50).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    // The 49 losers are told the code was just used, and not counted.
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(SecondFactorFailure::JustUsed { .. })))
            .count(),
        49
    );
    assert_eq!(stored(&t, &account).await.totp_failures.failures, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_redemptions_of_one_recovery_code_yield_exactly_one_success() {
    let t = store().await;
    let settings = Arc::new(settings());
    let (account, _, codes) = enrolled(&t.store, &settings).await;
    let code = codes[0].display();
    let results = race_verifications(&t, &settings, &account, &code, LENIENT, NOW, 50).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    let stored = stored(&t, &account).await;
    assert_eq!(stored.recovery_codes_left(), 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn k_concurrent_wrong_codes_raise_the_failure_counter_by_exactly_k() {
    let t = store().await;
    let settings = Arc::new(settings());
    let (account, _, _) = enrolled(&t.store, &settings).await;
    const K: usize = 40;
    let results = race_verifications(&t, &settings, &account, "000000", LENIENT, NOW, K).await;
    assert!(results
        .iter()
        .all(|r| matches!(r, Err(SecondFactorFailure::Wrong { .. }))));
    let stored = stored(&t, &account).await;
    assert_eq!(stored.totp_failures.failures, K as u32);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_wrong_codes_beyond_the_limit_are_refused_as_locked_and_never_exceed_it() {
    let t = store().await;
    let settings = Arc::new(settings());
    let (account, _, _) = enrolled(&t.store, &settings).await;
    let policy = SecondFactorPolicy {
        totp: LockoutPolicy {
            max_failures: 5,
            lockout_seconds: 900,
            ..LENIENT.totp
        },
        ..LENIENT
    };
    let results = race_verifications(&t, &settings, &account, "000000", policy, NOW, 30).await;
    let wrong = results
        .iter()
        .filter(|r| matches!(r, Err(SecondFactorFailure::Wrong { .. })))
        .count();
    let locked = results
        .iter()
        .filter(|r| matches!(r, Err(SecondFactorFailure::Locked { .. })))
        .count();
    assert_eq!((wrong, locked), (5, 25));
    let stored = stored(&t, &account).await;
    assert_eq!(stored.totp_failures.failures, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_slot_takers_never_take_more_slots_than_the_limit() {
    let t = store().await;
    let address = LimitKey::SignUp("192.0.2.1".into());
    let window = ThrottleWindow {
        index: 7,
        starts_at: NOW,
        ends_at: NOW + 900,
    };
    let next_window = ThrottleWindow {
        index: 8,
        starts_at: NOW + 900,
        ends_at: NOW + 1800,
    };
    let results = race(40, |_| {
        let store = t.store.clone();
        let address = address.clone();
        async move { store.take_slot(&address, 10, window).await }
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 10);
    assert!(results
        .iter()
        .filter(|r| r.is_err())
        .all(|r| matches!(r, Err(StoreError::LimitReached))));
    assert_eq!(t.store.slots_taken(&address, &window).await.unwrap(), 10);
    assert_eq!(
        t.store.slots_taken(&address, &next_window).await.unwrap(),
        0,
        "a new window starts at zero"
    );
}

/// Reserves a slot in each of `limits`, expecting it taken.
async fn reserved(
    t: &TestStore,
    limits: &[(LimitKey, u32)],
    window: ThrottleWindow,
) -> Reservation {
    match t.store.reserve(limits, window).await.unwrap() {
        Reserved::Taken(reservation) => reservation,
        full => panic!("expected a slot, got {full:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reservations_never_take_more_slots_than_the_tightest_limit() {
    let t = store().await;
    let login = LimitKey::Login(Login::parse("ada").unwrap());
    let address = LimitKey::Address("192.0.2.1".into());
    let window = ThrottleWindow {
        index: 7,
        starts_at: NOW,
        ends_at: NOW + 900,
    };
    let limits = [(login.clone(), 10), (address.clone(), 50)];
    let results = race(40, |_| {
        let store = t.store.clone();
        let limits = limits.clone();
        async move { store.reserve(&limits, window).await.unwrap() }
    })
    .await;
    let taken: Vec<Reservation> = results
        .iter()
        .filter_map(|r| match r {
            Reserved::Taken(reservation) => Some(reservation.clone()),
            Reserved::Full { .. } => None,
        })
        .collect();
    assert_eq!(taken.len(), 10, "the login's limit, however many at once");
    assert!(results
        .iter()
        .all(|r| matches!(r, Reserved::Taken(_) | Reserved::Full { pending: true })));
    // The address gave back the slots of those the login refused.
    assert_eq!(t.store.slots_taken(&login, &window).await.unwrap(), 10);
    assert_eq!(t.store.slots_taken(&address, &window).await.unwrap(), 10);
    // Four right passwords give theirs back, six wrong ones keep them.
    for (i, reservation) in taken.iter().enumerate() {
        let outcome = if i < 4 {
            Settled::Success
        } else {
            Settled::Failure
        };
        t.store.settle(reservation, outcome).await.unwrap();
    }
    assert_eq!(t.store.slots_taken(&login, &window).await.unwrap(), 6);
    assert_eq!(t.store.slots_taken(&address, &window).await.unwrap(), 6);
    for _ in 0..4 {
        let next = reserved(&t, &limits, window).await;
        t.store.settle(&next, Settled::Failure).await.unwrap();
    }
    assert_eq!(
        t.store.reserve(&limits, window).await.unwrap(),
        Reserved::Full { pending: false },
        "full of settled failures: nothing to wait for"
    );
    assert!(t.store.any_full(&limits, window).await.unwrap());
}

#[tokio::test]
async fn a_full_counter_says_whether_checks_in_flight_hold_its_slots() {
    let t = store().await;
    let device = LimitKey::Device("d1".into());
    let window = ThrottleWindow {
        index: 3,
        starts_at: NOW,
        ends_at: NOW + 900,
    };
    let limits = [(device.clone(), 2)];
    let first = reserved(&t, &limits, window).await;
    let second = reserved(&t, &limits, window).await;
    assert_eq!(
        t.store.reserve(&limits, window).await.unwrap(),
        Reserved::Full { pending: true }
    );
    t.store.settle(&first, Settled::Success).await.unwrap();
    let third = reserved(&t, &limits, window).await;
    t.store.settle(&second, Settled::Failure).await.unwrap();
    t.store.settle(&third, Settled::Failure).await.unwrap();
    assert_eq!(
        t.store.reserve(&limits, window).await.unwrap(),
        Reserved::Full { pending: false }
    );
    let next_window = ThrottleWindow {
        index: 4,
        starts_at: NOW + 900,
        ends_at: NOW + 1800,
    };
    let _fresh = reserved(&t, &limits, next_window).await;
}

#[tokio::test]
async fn sign_in_s_first_read_answers_as_the_counters_and_the_login_do_apart() {
    let t = store().await;
    let account = new_account(&mut StdRng::seed_from_u64(5), "ada");
    create(&t.store, &account).await;
    let ada = Login::parse("ada").unwrap();
    let nobody = Login::parse("nobody").unwrap();
    let window = ThrottleWindow {
        index: 9,
        starts_at: NOW,
        ends_at: NOW + 900,
    };
    let by_login = LimitKey::Login(ada.clone());
    let address = LimitKey::Address("192.0.2.9".into());
    for _ in 0..3 {
        let limits = [(by_login.clone(), 100), (address.clone(), 100)];
        let reservation = reserved(&t, &limits, window).await;
        t.store
            .settle(&reservation, Settled::Failure)
            .await
            .unwrap();
    }
    // Limits below, at and above the 3 failures counted, and a counter
    // never written (another window).
    let later = ThrottleWindow {
        index: 10,
        starts_at: NOW + 900,
        ends_at: NOW + 1800,
    };
    for (limits, window) in [
        (vec![(by_login.clone(), 4), (address.clone(), 4)], window),
        (vec![(by_login.clone(), 3), (address.clone(), 4)], window),
        (vec![(by_login.clone(), 4), (address.clone(), 2)], window),
        (vec![(by_login.clone(), 1), (address.clone(), 1)], later),
        // One counter named twice (BatchGetItem refuses a repeated key).
        (vec![(by_login.clone(), 4), (by_login.clone(), 3)], window),
    ] {
        // Each counter read on its own (GetItem), against its maximum.
        let mut expected = false;
        for (limit, max) in &limits {
            if t.store.slots_taken(limit, &window).await.unwrap() >= u64::from(*max) {
                expected = true;
            }
        }
        for login in [&ada, &nobody] {
            let (full, lookup) = t
                .store
                .any_full_and_find_login(&limits, window, login)
                .await
                .unwrap();
            assert_eq!(full, expected, "{limits:?} in window {}", window.index);
            assert_eq!(
                full,
                t.store.any_full(&limits, window).await.unwrap(),
                "{limits:?} in window {}",
                window.index
            );
            assert_eq!(lookup, t.store.find_login(login).await.unwrap());
        }
    }
    let (_, found) = t
        .store
        .any_full_and_find_login(&[(by_login, 4)], window, &ada)
        .await
        .unwrap();
    assert_eq!(found.user_id, Some(account.user_id));
}

/// Records the `ClientRequestToken` of every TransactWriteItems the client
/// sends.
#[derive(Debug, Clone, Default)]
struct RequestTokens(Arc<std::sync::Mutex<Vec<Option<String>>>>);

impl aws_sdk_dynamodb::config::Intercept for RequestTokens {
    fn name(&self) -> &'static str {
        "RequestTokens"
    }

    fn read_before_execution(
        &self,
        context: &aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef<
            '_,
        >,
        _: &mut aws_sdk_dynamodb::config::ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsInput;
        if let Some(input) = context.input().downcast_ref::<TransactWriteItemsInput>() {
            let token = input.client_request_token().map(str::to_owned);
            self.0.lock().unwrap().push(token);
        }
        Ok(())
    }
}

#[tokio::test]
async fn every_transaction_carries_its_own_idempotency_token() {
    // Arrange: a store whose client records what it sends.
    let engine = EmbeddedDynamo::in_memory().await.unwrap();
    let tokens = RequestTokens::default();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .endpoint_url(engine.endpoint())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .interceptor(tokens.clone())
        .build();
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), "twofold");
    store.ensure_table().await.unwrap();
    let settings = settings();
    let mut rng = StdRng::seed_from_u64(11);

    // Act: an account created, an update, an event, an unknown login.
    let (account, _, _) = enrolled(&store, &settings).await;
    store
        .update_account(&account.user_id, None, |account| {
            account.end_other_sessions();
            Ok::<_, ()>(Apply::Write {
                alongside: Change::default(),
                value: (),
            })
        })
        .await
        .unwrap();
    store
        .commit(Change::default().event(event(&account, EventKind::SignedOut, &mut rng)))
        .await
        .unwrap();
    store
        .record_unknown_login_failure(&Login::parse("nobody").unwrap(), NOW)
        .await
        .unwrap();

    // Assert
    let seen = tokens.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "{seen:?}");
    let tokens: Vec<String> = seen.into_iter().map(|t| t.expect("a token")).collect();
    assert!(tokens.iter().all(|t| (1..=36).contains(&t.len())));
    let distinct: std::collections::HashSet<_> = tokens.iter().collect();
    assert_eq!(distinct.len(), tokens.len(), "one token per transaction");
}

// Personal access tokens and session listings.

/// A token of `account`, stored; returns it and the value a client holds.
async fn stored_token(
    store: &DynamoStore,
    account: &Account,
    rng: &mut StdRng,
) -> (AccessToken, token::IssuedToken) {
    let issued = token::issue(TokenKind::Access, &account.user_id, rng);
    let stored = AccessToken {
        id: 1,
        user_id: account.user_id.clone(),
        token_hash: issued.hash.clone(),
        description: "deploy bot".into(),
        created_at: NOW,
        created_ip: None,
        expires_at: NOW + 3600,
        api_list: ApiList::parse(&["GetAccount".to_owned()]).unwrap(),
        last_used: None,
        last_used_ip: None,
        created_by: None,
    };
    let created = event(account, EventKind::TokenCreated, rng).with_description("deploy bot");
    store
        .commit(
            Change::default()
                .token(TokenWrite::Create(stored.clone()))
                .event(created),
        )
        .await
        .unwrap();
    (stored, issued)
}

async fn kinds_logged(store: &DynamoStore, account: &Account) -> Vec<EventKind> {
    let (events, _) = store.events(&account.user_id, 100, None).await.unwrap();
    events.iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn a_token_change_and_its_event_are_written_together_or_not_at_all() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(11);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let (stored, issued) = stored_token(&t.store, &account, &mut rng).await;
    assert_eq!(
        kinds_logged(&t.store, &account).await,
        [EventKind::TokenCreated]
    );

    // A change of a token that is not there fails, and so does its event.
    let ghost = token::issue(TokenKind::Access, &account.user_id, &mut rng);
    let edit_ghost = Change::default()
        .token(TokenWrite::Replace(AccessToken {
            token_hash: ghost.hash.clone(),
            ..stored.clone()
        }))
        .event(event(&account, EventKind::TokenEdited, &mut rng));
    assert!(matches!(
        t.store.commit(edit_ghost).await,
        Err(StoreError::Conflict)
    ));
    let delete = || {
        Change::default()
            .token(TokenWrite::Delete {
                user_id: account.user_id.clone(),
                token_hash: stored.token_hash.clone(),
            })
            .event(SecurityEvent::new(
                &account.user_id,
                NOW + 1,
                0,
                EventKind::TokensDeleted,
                &ClientInfo::default(),
                &mut StdRng::seed_from_u64(12),
            ))
    };
    t.store.commit(delete()).await.unwrap();
    // Deleting it again fails: no second tokensDeleted event.
    assert!(t.store.commit(delete()).await.is_err());
    assert_eq!(
        kinds_logged(&t.store, &account).await,
        [EventKind::TokensDeleted, EventKind::TokenCreated]
    );
    assert!(t
        .store
        .load_token(&issued.presented())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn signing_out_a_session_that_already_ended_writes_no_event() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(13);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let gone = token::issue(TokenKind::Session, &account.user_id, &mut rng);
    let sign_out = Change::default()
        .session(SessionWrite::Delete {
            user_id: account.user_id.clone(),
            token_hash: gone.hash,
        })
        .event(event(&account, EventKind::SessionsSignedOut, &mut rng).with_count(1));
    assert!(matches!(
        t.store.commit(sign_out).await,
        Err(StoreError::SessionGone)
    ));
    assert!(kinds_logged(&t.store, &account).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn once_deleted_a_token_is_refused_to_every_call_that_starts_after_the_delete_answers() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(14);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let (stored, issued) = stored_token(&t.store, &account, &mut rng).await;
    let presented = issued.presented();
    let deleted = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let barrier = Arc::new(Barrier::new(21));
    let callers: Vec<_> = (0..20u64)
        .map(|i| {
            let (store, presented, deleted, barrier) = (
                t.store.clone(),
                presented.clone(),
                deleted.clone(),
                barrier.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                let (mut before, mut after_refused) = (0u32, 0u32);
                // Each caller does what a token call does: read, then
                // record the use. It stops once it has been refused after
                // the delete answered.
                loop {
                    let started_after_delete = deleted.load(std::sync::atomic::Ordering::SeqCst);
                    match store.load_token(&presented).await.unwrap() {
                        Some((token, _)) => {
                            assert!(
                                !started_after_delete,
                                "a call that started after the delete answered was let in"
                            );
                            store.touch_token(&token, NOW + i * 60, None).await.unwrap();
                            before += 1;
                        }
                        None if started_after_delete => {
                            after_refused += 1;
                            break;
                        }
                        None => {}
                    }
                }
                (before, after_refused)
            })
        })
        .collect();
    barrier.wait().await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    t.store
        .commit(Change::default().token(TokenWrite::Delete {
            user_id: account.user_id.clone(),
            token_hash: stored.token_hash.clone(),
        }))
        .await
        .unwrap();
    deleted.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut admitted = 0;
    for caller in callers {
        let (before, after_refused) = caller.await.unwrap();
        admitted += before;
        assert_eq!(after_refused, 1);
    }
    assert!(admitted > 0, "the callers raced the delete");
    // A late record of a use does not bring the token back.
    assert!(!t
        .store
        .touch_token(&stored, NOW + 7200, None)
        .await
        .unwrap());
    assert!(t.store.load_token(&presented).await.unwrap().is_none());
    assert!(t.store.tokens(&account.user_id).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_use_is_recorded_at_most_once_a_minute_however_many_calls_race() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(15);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let (stored, issued) = stored_token(&t.store, &account, &mut rng).await;
    let touch = |now: u64| {
        let (store, token) = (t.store.clone(), stored.clone());
        move |_| {
            let (store, token) = (store.clone(), token.clone());
            async move {
                store
                    .touch_token(&token, now, Some("192.0.2.7"))
                    .await
                    .unwrap()
            }
        }
    };
    let first = race(20, touch(NOW)).await;
    assert_eq!(first.iter().filter(|written| **written).count(), 1);
    assert_eq!(race(20, touch(NOW + 59)).await, vec![false; 20]);
    let later = race(20, touch(NOW + 60)).await;
    assert_eq!(later.iter().filter(|written| **written).count(), 1);
    let (token, _) = t
        .store
        .load_token(&issued.presented())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(token.last_used, Some(NOW + 60));
    assert_eq!(token.last_used_ip.as_deref(), Some("192.0.2.7"));
    // The value itself was never rewritten by a use.
    assert_eq!(
        AccessToken {
            last_used: None,
            last_used_ip: None,
            ..token
        },
        stored
    );
    // An edit made from a listing read before that use keeps the use.
    let edited = AccessToken {
        description: "renamed".into(),
        ..stored.clone()
    };
    t.store
        .commit(Change::default().token(TokenWrite::Replace(edited)))
        .await
        .unwrap();
    let (token, _) = t
        .store
        .load_token(&issued.presented())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(token.description, "renamed");
    assert_eq!(token.last_used, Some(NOW + 60));
}

#[tokio::test]
async fn sessions_and_tokens_are_listed_with_their_last_use() {
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(16);
    let account = new_account(&mut rng, "ada");
    let other = new_account(&mut rng, "bob");
    create(&t.store, &account).await;
    create(&t.store, &other).await;
    let mut change = Change::default();
    let mut sessions = Vec::new();
    for (i, owner) in [&account, &account, &other].into_iter().enumerate() {
        let issued = token::issue(TokenKind::Session, &owner.user_id, &mut rng);
        let session = Session {
            user_id: owner.user_id.clone(),
            token_hash: issued.hash,
            kind: SessionKind::Full,
            created_at: NOW + i as u64,
            started_nanos: None,
            expires_at: NOW + 3600,
            elevated_until: None,
            elevated_with_second_factor: false,
            elevated_at: None,
            signed_in_with: None,
            epoch: 0,
            ip: None,
            user_agent: None,
            last_seen: None,
        };
        change = change.session(SessionWrite::Create(session.clone()));
        sessions.push(session);
    }
    t.store.commit(change).await.unwrap();
    stored_token(&t.store, &account, &mut rng).await;
    assert!(t
        .store
        .touch_session(&sessions[1], NOW + 100)
        .await
        .unwrap());
    let mut listed = t.store.sessions(&account.user_id, NOW).await.unwrap();
    listed.sort_by_key(|s| s.created_at);
    assert_eq!(
        listed.len(),
        2,
        "only this account's sessions, and no tokens"
    );
    assert_eq!(listed[0].last_seen, None);
    assert_eq!(listed[1].last_seen, Some(NOW + 100));
    let tokens = t.store.tokens(&account.user_id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(t.store.tokens(&other.user_id).await.unwrap().is_empty());
}

#[tokio::test]
async fn every_live_session_is_listed_past_a_thousand_and_expired_ones_never() {
    // A password holder can pile up sessions (pending ones live five
    // minutes, but TTL deletes late): every page is read, so the owner's
    // own are never beyond the end of the list.
    let t = store().await;
    let mut rng = StdRng::seed_from_u64(17);
    let account = new_account(&mut rng, "ada");
    create(&t.store, &account).await;
    let session = |i: u64, expires_at: u64, rng: &mut StdRng| Session {
        user_id: account.user_id.clone(),
        token_hash: token::issue(TokenKind::Session, &account.user_id, rng).hash,
        kind: SessionKind::Pending,
        created_at: NOW + i,
        started_nanos: None,
        expires_at,
        elevated_until: None,
        elevated_with_second_factor: false,
        elevated_at: None,
        signed_in_with: None,
        epoch: 0,
        ip: None,
        user_agent: Some("x".repeat(200)),
        last_seen: None,
    };
    let mut all: Vec<Session> = (0..1100).map(|i| session(i, NOW - 1, &mut rng)).collect();
    all.extend((0..1100).map(|i| session(i, NOW + 3600, &mut rng)));
    for chunk in all.chunks(90) {
        let mut change = Change::default();
        for session in chunk {
            change = change.session(SessionWrite::Create(session.clone()));
        }
        t.store.commit(change).await.unwrap();
    }
    let listed = t.store.sessions(&account.user_id, NOW).await.unwrap();
    assert_eq!(listed.len(), 1100, "every live one, no expired one");
    assert!(listed.iter().all(|s| s.expires_at > NOW));
}

#[tokio::test]
async fn events_expire_after_the_configured_retention() {
    let engine = EmbeddedDynamo::in_memory().await.unwrap();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .endpoint_url(engine.endpoint())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let store = DynamoStore::new(client.clone(), "twofold").with_event_retention(86_400);
    store.ensure_table().await.unwrap();
    let mut rng = StdRng::seed_from_u64(17);
    let account = new_account(&mut rng, "ada");
    create(&store, &account).await;
    store
        .commit(Change::default().event(event(&account, EventKind::SignedOut, &mut rng)))
        .await
        .unwrap();
    let items = client
        .scan()
        .table_name("twofold")
        .send()
        .await
        .unwrap()
        .items()
        .to_vec();
    let expiries: Vec<String> = items
        .iter()
        .filter(|item| matches!(item.get("sk"), Some(aws_sdk_dynamodb::types::AttributeValue::S(sk)) if sk.starts_with("EVENT#")))
        .map(|item| item["expires_at"].as_n().unwrap().clone())
        .collect();
    assert_eq!(expiries, [(NOW + 86_400).to_string()]);
}
