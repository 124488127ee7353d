//! GetAccount under load: our closed loop, and beside it in the same
//! rounds its two floors (ab and the store read alone).

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Instant,
};

use anyhow::Context;
use serde_json::json;
use tokio::task::JoinSet;
use twofold_api::Method;
use twofold_auth::token::PresentedToken;

use super::{
    ab, describe, post, result_of, store_read, Bench, Run, ACCOUNTS, REQUESTS, ROUNDS, TOKENS,
    WARM_UP,
};
use crate::figure::{ms, Figure};

/// Credentials of one kind, as a client sends them and as the store reads
/// them.
pub(super) struct Credentials {
    sent: Arc<Vec<String>>,
    presented: Arc<Vec<PresentedToken>>,
}

impl Credentials {
    /// The credentials the server issued, read as GetAccount reads them.
    pub(super) fn new(sent: Vec<String>) -> anyhow::Result<Credentials> {
        let presented = sent
            .iter()
            .map(|credential| store_read::presented(credential))
            .collect::<anyhow::Result<_>>()?;
        Ok(Credentials {
            sent: Arc::new(sent),
            presented: Arc::new(presented),
        })
    }
}

/// A GetAccount run and its two floors, measured in the same rounds.
#[derive(Debug, Default)]
pub(super) struct GetAccountRuns {
    ours: Run,
    ab: ab::Tally,
    store: Run,
}

impl GetAccountRuns {
    /// Our client's figure against ab's, and against the store read's;
    /// a floor that could not be measured is left out and named in
    /// `missing`.
    pub(super) fn figures(
        &self,
        kind: Credential,
        c: usize,
        missing: &mut Vec<String>,
    ) -> [Figure; 2] {
        let (name, how, item, call) = kind.words(c);
        let per_round = REQUESTS / ROUNDS;
        let ab_did = format!(
            "floor: ab -k -c {c} -n {per_round} after each round, the same POST (`{{}}` as JSON, \
             the same Bearer header, one {item} per round) to the same endpoint"
        );
        let mut against_ab = self.ours.figure(name.clone(), format!("{how}; {ab_did}"));
        match self.ab.per_second() {
            Some(rate) => {
                let ours = against_ab.detail.clone().unwrap_or_default();
                against_ab = against_ab.baseline(rate, "ab, this run").detail(format!(
                    "{ours} · ab: {} requests, {} kept alive, p50 {}",
                    self.ab.requests,
                    self.ab.kept_alive,
                    ms(self.ab.p50_ms())
                ));
            }
            None => missing.push(format!(
                "{name}, ab: {}",
                self.ab.failure.as_deref().unwrap_or("nothing measured")
            )),
        }
        let mut against_store = Figure::new(
            format!("{name}, over its store read"),
            self.ours.per_second(),
            "req/s",
            format!(
                "the same GetAccount run against the one store call each makes, issued alone \
                 from the benchmark process after each round, {c} at a time over the same \
                 {item}s, {per_round} per round: DynamoStore::{call} (a strongly consistent \
                 BatchGetItem of the {item}'s item and the account) through a DynamoStore \
                 configured as twofold-local's, on the embedded store inside twofold-local (its \
                 port, data and SQLite file); GetAccount adds HTTP, the service's checks and a \
                 last-use write per {item} and minute"
            ),
        )
        .detail(format!(
            "GetAccount p50 {} · p99 {}; store read p50 {} · p99 {} · {} reads · {} errors",
            ms(self.ours.latencies.p50()),
            ms(self.ours.latencies.percentile(99.0)),
            ms(self.store.latencies.p50()),
            ms(self.store.latencies.percentile(99.0)),
            self.store.requests,
            self.store.errors
        ));
        if self.store.errors == 0 && self.store.requests > 0 {
            against_store = against_store.baseline(
                self.store.per_second(),
                "the store read alone, same concurrency, this run",
            );
        } else {
            missing.push(format!(
                "{name}, the store read: {} errors; first: {}",
                self.store.errors,
                self.store.problems.join("; ")
            ));
        }
        [against_ab, against_store]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Credential {
    Session,
    Token,
}

impl Credential {
    /// A run's figure, how it was measured, what the credential's item is
    /// called, and the store call that reads it.
    fn words(self, c: usize) -> (String, String, &'static str, &'static str) {
        match self {
            Credential::Session => (
                format!("GetAccount with a session, c={c}"),
                format!(
                    "closed loop of {c} over one kept-alive HTTP/1.1 client (reqwest), \
                     {REQUESTS} requests over {ACCOUNTS} sessions in {ROUNDS} rounds after \
                     {WARM_UP} unmeasured; then GetSessions: each session's lastSeen within the run"
                ),
                "session",
                "load_session",
            ),
            Credential::Token => (
                format!("GetAccount with an access token, c={c}"),
                format!(
                    "as above, {REQUESTS} requests over {TOKENS} tokens (`Bearer tft_…`); then \
                     GetTokens: each token's lastUsed within the run"
                ),
                "token",
                "load_token",
            ),
        }
    }
}

impl Bench {
    /// `requests` GetAccount calls by `c` concurrent tasks, the credentials
    /// taken in turn.
    async fn closed_loop(&self, c: usize, credentials: Arc<Vec<String>>, requests: usize) -> Run {
        let url = format!("{}{}", self.url, Method::GetAccount.path());
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut workers = JoinSet::new();
        for _ in 0..c {
            let (http, url, next, credentials) = (
                self.http.clone(),
                url.clone(),
                next.clone(),
                credentials.clone(),
            );
            workers.spawn(async move {
                let mut run = Run::default();
                let body = json!({});
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= requests {
                        break run;
                    }
                    let credential = &credentials[index % credentials.len()];
                    let (took, answer) = post(&http, &url, Some(credential), &body).await;
                    run.latencies.push(took);
                    run.requests += 1;
                    if result_of(&answer) != Some(0) {
                        run.errors += 1;
                        run.problem(format!("GetAccount: {}", describe(&answer)));
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
                    total.problem(format!("a worker failed: {error}"));
                }
            }
        }
        total.elapsed = started.elapsed();
        total
    }

    /// A GetAccount run in [`ROUNDS`] rounds, each followed by as many
    /// requests from ab and store reads, then the check that every
    /// credential's last use was recorded within it.
    pub(super) async fn get_account_run(
        &self,
        c: usize,
        kind: Credential,
    ) -> anyhow::Result<GetAccountRuns> {
        eprintln!(
            "load: GetAccount with {kind:?} credentials, c={c}, beside ab and the store read"
        );
        let credentials = match kind {
            Credential::Session => &self.sessions,
            Credential::Token => &self.tokens,
        };
        self.closed_loop(c, credentials.sent.clone(), WARM_UP).await;
        store_read::closed_loop(&self.store, c, credentials.presented.clone(), kind, WARM_UP).await;
        // A minute on: every last use is due again, and written in the run.
        self.clock.advance(61);
        let run_start = self.clock.now();
        let per_round = REQUESTS / ROUNDS;
        let url = format!("{}{}", self.url, Method::GetAccount.path());
        let mut runs = GetAccountRuns::default();
        for round in 0..ROUNDS {
            let ours = self
                .closed_loop(c, credentials.sent.clone(), per_round)
                .await;
            runs.ours.absorb(ours);
            let (url, work) = (url.clone(), self.work.path().to_owned());
            let credential = credentials.sent[round % credentials.sent.len()].clone();
            let ab_round = tokio::task::spawn_blocking(move || {
                ab::round(&url, &credential, c, per_round, &work)
            })
            .await
            .context("running ab")?;
            runs.ab.add(ab_round);
            let presented = credentials.presented.clone();
            let store = store_read::closed_loop(&self.store, c, presented, kind, per_round).await;
            runs.store.absorb(store);
        }
        let run = &mut runs.ours;
        let run_end = self.clock.now();
        let within = |at: Option<u64>| at.is_some_and(|at| (run_start..=run_end).contains(&at));
        match kind {
            Credential::Session => {
                for member in &self.members {
                    let sessions = self.app.get_sessions(&member.session).await;
                    let seen = sessions
                        .ok()
                        .and_then(|s| s.sessions.into_iter().find(|s| s.current))
                        .map(|s| s.last_seen);
                    if !within(seen) {
                        run.lost += 1;
                        run.problem(format!(
                            "{}: session lastSeen {seen:?} not within the run ({run_start}..={run_end})",
                            member.login
                        ));
                    }
                }
            }
            Credential::Token => {
                for member in self.members.iter().take(TOKENS) {
                    let tokens = self.app.get_tokens(&member.session).await;
                    let used = tokens
                        .ok()
                        .and_then(|t| t.tokens.into_iter().next())
                        .and_then(|t| t.last_used);
                    if !within(used) {
                        run.lost += 1;
                        run.problem(format!(
                            "{}: token lastUsed {used:?} not within the run ({run_start}..={run_end})",
                            member.login
                        ));
                    }
                }
            }
        }
        Ok(runs)
    }
}
