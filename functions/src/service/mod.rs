//! The service layer: one method per API method, each a flow over the
//! domain and the store. Handlers in [`crate::http`] only parse and render.

mod access_tokens;
mod account;
mod authenticate;
mod authentication;
mod caller;
mod error;
mod input;
mod key_checks;
mod new_browser;
mod not_me;
mod notification_email;
mod opened;
mod operator;
mod password_check;
mod password_workers;
mod recovery_codes;
pub mod relying_party;
mod remediation;
mod security_keys;
mod session_list;
mod step_up;
mod two_factor;

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

use twofold_api::events::EventKind;
use twofold_auth::{event::ClientInfo, Sealer, SecurityEvent, TwoFactorSettings, UserId};
use twofold_store::{DynamoStore, StoreConfig};

pub use authenticate::Authenticated;
pub use caller::{Caller, Credential};
pub use error::ServiceError;
pub use opened::{Opened, OpenedSession};
pub use operator::{Operator, ResealReport};

use crate::{Clock, Config, SystemClock};

/// The Twofold service: configuration, store, clock.
#[derive(Debug)]
pub struct Service {
    pub(crate) config: Config,
    /// Sealing, recovery-code storage and issuer of the second factor.
    pub(crate) two_factor: TwoFactorSettings,
    pub(crate) store: DynamoStore,
    /// Checks security keys and passkeys; absent without origins.
    relying_party: Option<relying_party::RelyingParty>,
    pub(crate) clock: Arc<dyn Clock>,
    /// When the last security-log event was made, in nanoseconds: each new
    /// one is later, so one call's events keep their order.
    last_event_nanos: AtomicU64,
    /// The threads Argon2id runs on, as many as `password_hash_concurrency`:
    /// each hash holds 19 MiB, so the bound is what keeps a burst of
    /// sign-ins from exhausting memory. Callers beyond it wait their turn;
    /// none is refused.
    password_workers: password_workers::PasswordWorkers,
    /// Woken whenever this instance settles a throttle reservation, so a
    /// check waiting for checks in flight tries again at once.
    settled: tokio::sync::Notify,
}

impl Service {
    /// A service over `store`, reading time from `clock`.
    pub fn new(config: Config, store: DynamoStore, clock: Arc<dyn Clock>) -> Self {
        let store = store.with_event_retention(config.event_retention_seconds());
        // `Config::check` refuses duplicate key ids; a configuration built
        // without it keeps its current key only.
        let sealer = config.sealer().unwrap_or_else(|duplicate| {
            tracing::error!("{duplicate}: old sealing keys ignored");
            Sealer::with_keys((config.sealing_key_id, &config.sealing_key), &[])
                .unwrap_or_else(|_| Sealer::new(&config.sealing_key))
        });
        let two_factor = TwoFactorSettings {
            sealer,
            recovery_storage: config.recovery_storage,
            issuer: config.issuer.clone(),
        };
        let relying_party = if config.relying_party.origins.is_empty() {
            None
        } else {
            relying_party::RelyingParty::new(&config.relying_party)
                .map_err(|error| tracing::error!("security keys off: {error}"))
                .ok()
        };
        let permits = usize::try_from(config.password_hash_concurrency).unwrap_or(1);
        let queue = usize::try_from(config.password_queue).unwrap_or(usize::MAX);
        Service {
            config,
            two_factor,
            store,
            relying_party,
            clock,
            last_event_nanos: AtomicU64::new(0),
            password_workers: password_workers::PasswordWorkers::start(permits, queue),
            settled: tokio::sync::Notify::new(),
        }
    }

    /// A service over the store `config` names, with the system clock.
    pub async fn connect(config: Config) -> Self {
        let store = DynamoStore::connect(&StoreConfig {
            table: config.table.clone(),
            endpoint: config.dynamodb_endpoint.clone(),
        })
        .await;
        Service::new(config, store, Arc::new(SystemClock))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &DynamoStore {
        &self.store
    }

    fn now(&self) -> u64 {
        self.clock.now()
    }

    /// A security-log event made now. Events sort by their time to the
    /// nanosecond, strictly increasing within this process even when the
    /// clock is coarse, and never before `now`, the second the call began.
    fn event(
        &self,
        user: &UserId,
        kind: EventKind,
        client: &ClientInfo,
        now: u64,
    ) -> SecurityEvent {
        const NANOS: u64 = 1_000_000_000;
        let made = self.clock.now_nanos().max(now.saturating_mul(NANOS));
        let previous = self
            .last_event_nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
                Some(made.max(last.saturating_add(1)))
            })
            .unwrap_or(made);
        let nanos = made.max(previous.saturating_add(1));
        let subsec = u32::try_from(nanos % NANOS).unwrap_or(0);
        SecurityEvent::new(
            user,
            nanos / NANOS,
            subsec,
            kind,
            client,
            &mut rand::rngs::OsRng,
        )
    }
}

impl Service {
    /// The most password hashes and checks that ever ran at once in this
    /// service (never more than `password_hash_concurrency`).
    pub fn peak_password_work(&self) -> u64 {
        self.password_workers.peak()
    }

    /// The password hashes and checks asked for since the service started.
    pub fn password_work_requested(&self) -> u64 {
        self.password_workers.requested()
    }

    /// The password hashes and checks asked for and not finished (queued
    /// for a password thread or running).
    pub fn password_work_pending(&self) -> u64 {
        self.password_workers.pending()
    }

    /// Runs a password hash or check (Argon2id) on the password threads.
    async fn password_work<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ServiceError> {
        self.password_workers.run(work).await
    }
}
