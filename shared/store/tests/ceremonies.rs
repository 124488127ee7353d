//! WebAuthn ceremonies in the store: taken once, under any race, and never
//! after their time, against dynoxide started in this process.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;

use rand::{rngs::StdRng, SeedableRng};
use tokio::sync::Barrier;
use twofold_auth::ceremony::CEREMONY_SECONDS;
use twofold_auth::{Ceremony, CeremonyId, CeremonyPurpose, UserId};
use twofold_store::{embedded::EmbeddedDynamo, StoreError};

const NOW: u64 = 1_700_000_000;

fn ceremony(seed: u64) -> Ceremony {
    let mut rng = StdRng::seed_from_u64(seed);
    let user = UserId::generate(&mut rng);
    Ceremony::start(
        &mut rng,
        CeremonyPurpose::AddKey,
        Some(user),
        None,
        r#"{"rs":{"challenge":"c2VlZA"}}"#.into(),
        NOW,
    )
}

#[tokio::test]
async fn a_ceremony_is_taken_once_and_reads_back_as_written() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let started = ceremony(1);
    store.put_ceremony(&started).await.unwrap();
    assert_eq!(
        store.take_ceremony(&started.id, NOW + 1).await.unwrap(),
        Some(started.clone())
    );
    assert_eq!(
        store.take_ceremony(&started.id, NOW + 2).await.unwrap(),
        None
    );
    // Another handle names nothing.
    let other = CeremonyId::generate(&mut StdRng::seed_from_u64(99));
    assert_eq!(store.take_ceremony(&other, NOW).await.unwrap(), None);
}

#[tokio::test]
async fn an_expired_ceremony_is_not_given_and_is_gone() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let started = ceremony(2);
    store.put_ceremony(&started).await.unwrap();
    let late = NOW + CEREMONY_SECONDS;
    assert_eq!(store.take_ceremony(&started.id, late).await.unwrap(), None);
    // Taking it late removed it: it is not there even for an earlier clock.
    assert_eq!(store.take_ceremony(&started.id, NOW).await.unwrap(), None);
}

#[tokio::test]
async fn a_handle_is_written_once() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let started = ceremony(3);
    store.put_ceremony(&started).await.unwrap();
    let mut again = started.clone();
    again.state = "{}".into();
    assert!(matches!(
        store.put_ceremony(&again).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.take_ceremony(&started.id, NOW).await.unwrap(),
        Some(started)
    );
}

#[tokio::test]
async fn fifty_concurrent_finishes_of_one_ceremony_take_it_exactly_once() {
    let (_engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let store = Arc::new(store);
    let started = ceremony(4);
    store.put_ceremony(&started).await.unwrap();
    let barrier = Arc::new(Barrier::new(50));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (store, barrier, id) = (store.clone(), barrier.clone(), started.id.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                store.take_ceremony(&id, NOW + 1).await.unwrap()
            })
        })
        .collect();
    let mut taken = Vec::new();
    for task in tasks {
        taken.extend(task.await.unwrap());
    }
    assert_eq!(taken, [started]);
}
