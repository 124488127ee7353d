//! The floor of a GetAccount under load: the one store call it makes
//! (`DynamoStore::load_session`, or `load_token` for an access token: a
//! strongly consistent BatchGetItem of the credential's item and the
//! account), issued alone from the benchmark process at the same
//! concurrency, through a `DynamoStore` configured as twofold-local's is
//! (`DynamoStore::connect` with an endpoint), against the very store
//! twofold-local serves: the embedded dynoxide inside its process, its
//! data and its SQLite file. What a GetAccount adds to it is HTTP in
//! front, the service's checks, and a last-use write once a minute per
//! credential.
//!
//! twofold-local does not print its store's address; it is the loopback
//! port its process listens on besides the API's, found in `/proc` and
//! confirmed by reading a credential's items through it.

use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Instant,
};

use anyhow::{bail, Context};
use tokio::task::JoinSet;
use twofold_auth::token::{self, PresentedToken};
use twofold_store::{DynamoStore, StoreConfig};

use super::{Credential, Run};

/// twofold-local's table (`--table`'s default; the benchmark sets none).
const TABLE: &str = "twofold";

/// A store client on the store of the twofold-local process `pid`, whose
/// API listens on `api_url`; `probe` is a credential whose items it holds.
pub async fn connect(pid: u32, api_url: &str, probe: &str) -> anyhow::Result<DynamoStore> {
    let api_port: u16 = api_url
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .with_context(|| format!("no port in {api_url}"))?;
    let probe = presented(probe)?;
    let candidates: Vec<u16> = listening_ports(pid)?
        .into_iter()
        .filter(|port| *port != api_port)
        .collect();
    for port in &candidates {
        let store = DynamoStore::connect(&StoreConfig {
            table: TABLE.to_owned(),
            endpoint: Some(format!("http://127.0.0.1:{port}")),
        })
        .await;
        if matches!(store.load_session(&probe).await, Ok(Some(_))) {
            return Ok(store);
        }
    }
    bail!(
        "twofold-local (pid {pid}) listens on no other port that serves its store \
         (tried {candidates:?})"
    )
}

/// A credential as GetAccount reads it from the header.
pub fn presented(credential: &str) -> anyhow::Result<PresentedToken> {
    token::parse(credential).context("a credential the server issued does not parse")
}

/// `requests` store reads by `c` concurrent tasks, the credentials taken
/// in turn, each answer checked to hold the credential and its account.
pub async fn closed_loop(
    store: &DynamoStore,
    c: usize,
    credentials: Arc<Vec<PresentedToken>>,
    kind: Credential,
    requests: usize,
) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..c {
        let (store, next, credentials) = (store.clone(), next.clone(), credentials.clone());
        workers.spawn(async move {
            let mut run = Run::default();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= requests {
                    break run;
                }
                let presented = &credentials[index % credentials.len()];
                let took = Instant::now();
                let found = match kind {
                    Credential::Session => store
                        .load_session(presented)
                        .await
                        .map(|found| found.is_some()),
                    Credential::Token => store
                        .load_token(presented)
                        .await
                        .map(|found| found.is_some()),
                };
                run.latencies.push(took.elapsed());
                run.requests += 1;
                match found {
                    Ok(true) => {}
                    Ok(false) => {
                        run.errors += 1;
                        run.problem(format!("the store read found no {kind:?} and account"));
                    }
                    Err(error) => {
                        run.errors += 1;
                        run.problem(format!("the store read: {error}"));
                    }
                }
            }
        });
    }
    let mut total = Run::default();
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(run) => total.absorb(run),
            Err(error) => {
                total.errors += 1;
                total.problem(format!("a store reader failed: {error}"));
            }
        }
    }
    total.elapsed = started.elapsed();
    total
}

/// The TCP ports the process `pid` listens on: its sockets
/// (`/proc/PID/fd`) that its network's table (`/proc/PID/net/tcp`) lists
/// as listening.
fn listening_ports(pid: u32) -> anyhow::Result<Vec<u16>> {
    let fds = format!("/proc/{pid}/fd");
    let mut sockets = HashSet::new();
    for entry in std::fs::read_dir(&fds).with_context(|| format!("reading {fds}"))? {
        let Ok(target) = std::fs::read_link(entry?.path()) else {
            continue;
        };
        if let Some(inode) = target
            .to_str()
            .and_then(|t| t.strip_prefix("socket:["))
            .and_then(|t| t.strip_suffix(']'))
        {
            sockets.insert(inode.to_owned());
        }
    }
    let table = format!("/proc/{pid}/net/tcp");
    let text = std::fs::read_to_string(&table).with_context(|| format!("reading {table}"))?;
    Ok(listening(&text, &sockets))
}

/// The local ports of the rows of `/proc/net/tcp` in state LISTEN (`0A`)
/// whose inode is one of `sockets`.
fn listening(table: &str, sockets: &HashSet<String>) -> Vec<u16> {
    table
        .lines()
        .skip(1)
        .filter_map(|row| {
            let fields: Vec<&str> = row.split_whitespace().collect();
            let (local, state, inode) = (fields.get(1)?, fields.get(3)?, fields.get(9)?);
            if *state != "0A" || !sockets.contains(*inode) {
                return None;
            }
            u16::from_str_radix(local.rsplit(':').next()?, 16).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_process_s_listening_sockets_count() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
            \x20  0: 0100007F:A2E3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4084916 1\n\
            \x20  1: 0100007F:487B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4084915 1\n\
            \x20  2: 0100007F:B573 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1\n\
            \x20  3: 0100007F:487B 0100007F:D000 01 00000000:00000000 00:00000000 00000000     0        0 4084917 1\n";
        let sockets: HashSet<String> = ["4084916", "4084915", "4084917"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(listening(table, &sockets), vec![0xA2E3, 0x487B]);
    }
}
