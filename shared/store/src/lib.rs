//! `DynamoStore`: the one Twofold store, on the DynamoDB API.
//!
//! One table with string keys `pk`/`sk` and TTL on `expires_at`:
//!
//! | item | pk | sk |
//! |---|---|---|
//! | account (the aggregate, with `version`) | `USER#<id>` | `ACCOUNT` |
//! | login (uniqueness, lookup) | `LOGIN#<login>` | `LOGIN` |
//! | session | `USER#<id>` | `SESSION#<sha256>` |
//! | personal access token | `USER#<id>` | `TOKEN#<sha256>` |
//! | security-log event | `USER#<id>` | `EVENT#<time>#<id>` |
//! | sign-in failure counter | `LIMIT#<login or address>#<window>` | `LIMIT` |
//! | "This wasn't me" link (credentials before a change, uses) | `USER#<id>` | `NOTME#<time>#<event>` |
//! | outbox item (a mail to send) | `OUTBOX` | `<time>#<id>` |
//!
//! Every state change is one conditional write or one `TransactWriteItems`.
//! Locally and in tests the same code talks to dynoxide, an embedded
//! DynamoDB-compatible engine (feature `embedded`); in AWS to DynamoDB.

mod ceremonies;
mod change;
mod client;
#[cfg(feature = "embedded")]
pub mod embedded;
mod error;
mod events;
mod item;
mod keys;
mod limits;
mod listing;
mod not_me;
mod outbox;
mod reads;
mod table;
mod tallies;
mod update;

pub use change::{AccountWrite, Change, Check, SessionWrite, TokenWrite};
pub use client::{DynamoStore, StoreConfig, DEFAULT_EVENT_RETENTION_SECONDS};
pub use error::StoreError;
pub use keys::EventCursor;
pub use limits::{LimitKey, Reservation, Reserved, Settled};
pub use not_me::{LinkState, LinkWrite};
pub use outbox::Claimed;
pub use reads::{SignInLookup, Versioned};
pub use tallies::{Tally, TallyPosition};
pub use update::{Apply, UpdateError, MAX_ATTEMPTS};
