//! The embedded DynamoDB-compatible engine (dynoxide) for `twofold-local`
//! and tests: it serves the DynamoDB protocol on a loopback port inside this
//! process, so the store talks to it exactly as it talks to DynamoDB.

use std::{net::SocketAddr, path::Path, time::Duration};

use dynoxide::Database;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use crate::{DynamoStore, StoreConfig};

/// A running embedded engine. Dropping it stops the server.
#[derive(Debug)]
pub struct EmbeddedDynamo {
    endpoint: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    sweeper: JoinHandle<()>,
}

/// The engine could not start.
#[derive(Debug, thiserror::Error)]
#[error("embedded DynamoDB engine: {0}")]
pub struct EmbeddedError(String);

impl EmbeddedDynamo {
    /// An engine with an in-memory database: for tests, one per test.
    pub async fn in_memory() -> Result<Self, EmbeddedError> {
        let db = Database::memory().map_err(|e| EmbeddedError(e.to_string()))?;
        Self::serve(db).await
    }

    /// An in-memory engine and a store connected to it whose `table`
    /// exists: what a store test, a service test or a benchmark starts from.
    /// Keep the engine alive as long as the store is used.
    pub async fn in_memory_store(table: &str) -> Result<(Self, DynamoStore), EmbeddedError> {
        let engine = Self::in_memory().await?;
        let store = DynamoStore::connect(&StoreConfig {
            table: table.to_owned(),
            endpoint: Some(engine.endpoint().to_owned()),
        })
        .await;
        store
            .ensure_table()
            .await
            .map_err(|e| EmbeddedError(format!("creating the table {table}: {e}")))?;
        Ok((engine, store))
    }

    /// An engine whose data lives in the SQLite file `path` (created if
    /// missing), so it survives restarts.
    pub async fn in_file(path: &Path) -> Result<Self, EmbeddedError> {
        let path = path
            .to_str()
            .ok_or_else(|| EmbeddedError("data path is not UTF-8".into()))?;
        let db = Database::new(path).map_err(|e| EmbeddedError(e.to_string()))?;
        Self::serve(db).await
    }

    async fn serve(db: Database) -> Result<Self, EmbeddedError> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|e| EmbeddedError(e.to_string()))?;
        let address = listener
            .local_addr()
            .map_err(|e| EmbeddedError(e.to_string()))?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server_db = db.clone();
        let server = tokio::spawn(async move {
            let stop = async move {
                let _ = stopped.await;
            };
            if let Err(error) =
                dynoxide::server::serve_with_shutdown(listener, server_db, stop).await
            {
                tracing::error!(%error, "embedded DynamoDB engine stopped");
            }
        });
        // DynamoDB deletes expired items in the background; so does this.
        // The code never relies on it (it checks expiry itself). The first
        // sweep waits a minute too: tests write items whose expiry is in
        // their fixed past, which a sweep at start would race to delete.
        let sweeper = tokio::spawn(async move {
            let every = Duration::from_secs(60);
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            loop {
                tick.tick().await;
                let db = db.clone();
                match tokio::task::spawn_blocking(move || db.sweep_ttl()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => tracing::warn!(%error, "TTL sweep failed"),
                    Err(error) => tracing::warn!(%error, "TTL sweep task failed"),
                }
            }
        });
        Ok(EmbeddedDynamo {
            endpoint: format!("http://{address}"),
            shutdown: Some(shutdown),
            server: Some(server),
            sweeper,
        })
    }

    /// The endpoint URL to give the SDK.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Stops the server and waits for it to finish its requests.
    pub async fn stop(mut self) {
        self.sweeper.abort();
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for EmbeddedDynamo {
    fn drop(&mut self) {
        self.sweeper.abort();
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
