//! The outbox of security notices, against dynoxide started in this
//! process: a mailed event's notice is written with it, in its
//! transaction, or not at all; one deliverer of many claims an item; a
//! crashed deliverer's item comes back when its lease ends.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;

use rand::{rngs::StdRng, SeedableRng};
use tokio::sync::Barrier;
use twofold_api::events::EventKind;
use twofold_auth::{
    event::ClientInfo,
    notice::{Mail, OutboxMail},
    password, Account, Login, Password, SecurityEvent, UserId,
};
use twofold_store::{embedded::EmbeddedDynamo, Change, StoreError};

const NOW: u64 = 1_700_000_000;

fn account(rng: &mut StdRng) -> Account {
    let hash = password::hash(&Password::parse("correct horse").unwrap(), rng);
    Account::new(
        UserId::generate(rng),
        Login::parse("ada").unwrap(),
        hash,
        NOW,
    )
}

fn event(user: &UserId, kind: EventKind, rng: &mut StdRng) -> SecurityEvent {
    SecurityEvent::new(user, NOW, 1, kind, &ClientInfo::default(), rng)
}

#[tokio::test]
async fn a_mailed_event_s_notice_is_written_in_its_transaction_and_a_wrong_code_s_is_not() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let mut rng = StdRng::seed_from_u64(1);
    let ada = account(&mut rng);
    let user = ada.user_id.clone();
    store
        .commit(Change {
            account: Some(twofold_store::AccountWrite::Create(ada)),
            ..Change::default()
        })
        .await
        .unwrap();
    let changed = event(&user, EventKind::PasswordChanged, &mut rng);
    let quiet = event(&user, EventKind::SecondFactorFailed, &mut rng);
    store
        .commit(Change::default().event(changed.clone()).event(quiet))
        .await
        .unwrap();
    let due = store.due_mails(NOW, 25).await.unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert!(matches!(&due[0].mail, Mail::Notice { event, to: None } if *event == changed));

    // A change whose transaction is cancelled (the account is not at the
    // version it names) leaves no notice.
    let mut stale = store.load_account(&user).await.unwrap().unwrap();
    stale.value.session_epoch += 1;
    let cancelled = Change::account(stale.value, stale.version + 5).event(event(
        &user,
        EventKind::TwoFactorDisabled,
        &mut rng,
    ));
    assert!(matches!(
        store.commit(cancelled).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.due_mails(NOW, 25).await.unwrap().len(), 1);
}

#[tokio::test]
async fn of_fifty_deliverers_one_claims_an_item_and_it_comes_back_after_its_lease() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let mut rng = StdRng::seed_from_u64(2);
    let user = UserId::generate(&mut rng);
    store
        .commit(Change::default().event(event(&user, EventKind::TokenCreated, &mut rng)))
        .await
        .unwrap();
    let mail = store.due_mails(NOW, 25).await.unwrap().remove(0);
    let store = Arc::new(store);
    let barrier = Arc::new(Barrier::new(50));
    let claims = (0..50).map(|_| {
        let (store, barrier, mail) = (Arc::clone(&store), Arc::clone(&barrier), mail.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            store.claim_mail(&mail, NOW, 60).await.unwrap()
        })
    });
    let won: Vec<_> = futures_util::future::join_all(claims)
        .await
        .into_iter()
        .filter_map(|claim| claim.unwrap())
        .collect();
    assert_eq!(won.len(), 1);
    assert_eq!(won[0].attempts, 1);
    // Held: not due, not claimable, until the lease ends.
    assert!(store.due_mails(NOW + 59, 25).await.unwrap().is_empty());
    assert!(store
        .claim_mail(&mail, NOW + 59, 60)
        .await
        .unwrap()
        .is_none());
    // The deliverer crashed: after the lease the item is due again.
    let again = store
        .claim_mail(&mail, NOW + 60, 60)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.attempts, 2);
    store.sent_mail(&mail, NOW + 61).await.unwrap();
    assert!(store.due_mails(NOW + 1000, 25).await.unwrap().is_empty());
    assert!(store
        .claim_mail(&mail, NOW + 1000, 60)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_token_s_expiry_notices_wait_for_their_time_and_are_not_claimable_before() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    let user = UserId::generate(&mut rng);
    let expires_at = NOW + 10 * 24 * 3600;
    let mails = OutboxMail::token_expiry(&user, 1, "deploy", expires_at, NOW, &mut rng);
    let soon = expires_at - 7 * 24 * 3600;
    store
        .commit(mails.iter().cloned().fold(Change::default(), Change::mail))
        .await
        .unwrap();

    let before = store.due_mails(soon - 1, 25).await.unwrap();
    let claimed_early = store.claim_mail(&mails[0], soon - 1, 60).await.unwrap();
    let at_soon = store.due_mails(soon, 25).await.unwrap();
    let at_expiry = store.due_mails(expires_at, 25).await.unwrap();

    assert_eq!(mails.len(), 2, "soon and expired");
    assert!(before.is_empty(), "{before:?}");
    assert!(claimed_early.is_none(), "held until it is due");
    assert_eq!(at_soon, mails[..1]);
    assert_eq!(at_expiry, mails);
    let created_late = OutboxMail::token_expiry(&user, 2, "late", NOW + 3600, NOW, &mut rng);
    assert_eq!(
        created_late.len(),
        1,
        "a token ending within 7 days gets only its expiry"
    );
}
