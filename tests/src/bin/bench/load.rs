//! Load on one machine: a release twofold-local on loopback, driven by a
//! closed loop of 1, 16 and 64 concurrent requests over one pooled
//! HTTP/1.1 client, for three calls:
//!
//! - GetAccount with a session (`Authorization: Bearer tfs_...`);
//! - GetAccount with a personal access token (`Bearer tft_...`);
//! - Verify2FACode: per account and round, four wrong codes at once, then
//!   the right one, on accounts the concurrent requests share.
//!
//! Each GetAccount run is compared with two floors measured beside it, in
//! rounds that alternate with its own so that all three share the
//! machine's moments: `ab`, an independent load generator, sending the same
//! request to the same endpoint ([`ab`]); and the store read GetAccount
//! makes, alone, against the same store ([`store_read`]).
//!
//! After each run, what the run wrote is read back and must add up exactly:
//! every session's and token's last use falls within the run; each account's
//! four racing wrong codes answered 4, 3, 2, 1 attempts left (a lost count
//! repeats a number); each spent pending session is refused; the security
//! log holds one TOTP sign-in per round and four failures; each account has
//! one new session per round; the last step used is refused as just used.
//!
//! The server's clock (`TWOFOLD_CLOCK_FILE`) jumps to a fresh TOTP step
//! before each Verify2FACode round, and a minute on before each GetAccount
//! run, so last uses are due again.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use serde_json::Value;
use tokio::task::JoinSet;
use twofold_e2e::{api::unix_now, Authenticator, ServerOptions, TestApp, TestClock, PASSWORD};
use twofold_store::DynamoStore;

use crate::figure::{ms, Figure, Samples};

mod ab;
mod get_account;
mod store_read;
mod verify_code;

use get_account::{Credential, Credentials};

const CONCURRENCY: [usize; 3] = [1, 16, 64];
/// Accounts with 2FA on; their sessions serve the GetAccount runs too.
const ACCOUNTS: usize = 64;
/// Accounts that also get a personal access token.
const TOKENS: usize = 16;
/// Requests per GetAccount run, and as many from each floor.
const REQUESTS: usize = 5_000;
/// The rounds a GetAccount run is split in, each followed by one of each
/// floor with as many requests.
const ROUNDS: usize = 5;
const WARM_UP: usize = 200;
/// Wrong codes per account per Verify2FACode round, sent at once, below
/// the lock at [`MAX_FAILURES`].
const WRONG: usize = 4;
const MAX_FAILURES: u32 = 5;

/// Runs the benchmark and returns its figures. When a floor could not be
/// measured, its figures are printed without it and the benchmark fails,
/// saying why.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    let (figures, missing) = tokio::runtime::Runtime::new()?.block_on(run_all())?;
    if missing.is_empty() {
        return Ok(figures);
    }
    for figure in figures {
        figure.emit();
    }
    bail!("floors not measured: {}", missing.join("; "))
}

/// An account the load uses.
#[derive(Debug)]
struct Member {
    login: String,
    session: String,
    phone: Authenticator,
}

/// The server, its clock and the client the load goes through.
struct Bench {
    app: Arc<TestApp>,
    clock: TestClock,
    http: reqwest::Client,
    url: String,
    members: Vec<Member>,
    /// The members' sessions and the access tokens, as sent and as the
    /// store reads them.
    sessions: Credentials,
    tokens: Credentials,
    /// A client on twofold-local's own store, for the store-read floor.
    store: DynamoStore,
    /// Where ab's request body and table go.
    work: tempfile::TempDir,
}

/// What one run measured.
#[derive(Debug, Default)]
struct Run {
    latencies: Samples,
    requests: usize,
    elapsed: Duration,
    errors: usize,
    lost: usize,
    /// The first few things that went wrong, in words.
    problems: Vec<String>,
}

impl Run {
    fn problem(&mut self, text: String) {
        if self.problems.len() < 5 {
            self.problems.push(text);
        }
    }

    fn absorb(&mut self, other: Run) {
        for problem in other.problems.iter().cloned() {
            self.problem(problem);
        }
        self.latencies.extend(&other.latencies);
        self.requests += other.requests;
        self.elapsed += other.elapsed;
        self.errors += other.errors;
        self.lost += other.lost;
    }

    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn figure(&self, name: String, how: String) -> Figure {
        let ok = self.errors == 0 && self.lost == 0;
        Figure::new(name, self.per_second(), "req/s", how)
            .detail(format!(
                "p50 {} · p99 {} · {} requests · {} errors · {} lost updates",
                ms(self.latencies.p50()),
                ms(self.latencies.percentile(99.0)),
                self.requests,
                self.errors,
                self.lost
            ))
            .target("0 errors, 0 lost updates", ok, format!(
                "{} errors and {} lost updates; first: {}. A benchmark cannot fix this: it is a bug to find \
                 in the service or the store under concurrency",
                self.errors,
                self.lost,
                self.problems.join("; ")
            ))
    }
}

/// The figures, and the floors that could not be measured.
async fn run_all() -> anyhow::Result<(Vec<Figure>, Vec<String>)> {
    eprintln!("load: starting a release twofold-local and enrolling {ACCOUNTS} accounts");
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::with_env(&[
        // Each request's log line would be the load's main work.
        ("RUST_LOG", "warn"),
        ("TWOFOLD_SIGN_UP_MAX_PER_ADDRESS", "10000"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "10000"),
        ("TWOFOLD_CODE_MAX_FAILURES", "5"),
    ]));
    let app = Arc::new(app);
    let mut enrolling = JoinSet::new();
    for index in 0..ACCOUNTS {
        let app = app.clone();
        enrolling.spawn(async move {
            let login = format!("load-{index}");
            let enrolled = app.enrolled(&login, PASSWORD).await;
            (index, enrolled)
        });
    }
    let mut members: Vec<Option<Member>> = (0..ACCOUNTS).map(|_| None).collect();
    while let Some(joined) = enrolling.join_next().await {
        let (index, enrolled) = joined.context("enrolling an account")?;
        members[index] = Some(Member {
            login: enrolled.login,
            session: enrolled.session,
            phone: enrolled.phone,
        });
    }
    let members: Vec<Member> = members.into_iter().flatten().collect();
    let mut tokens = Vec::new();
    for member in members.iter().take(TOKENS) {
        let token = app.token(&member.session, "load", &["GetAccount"]).await;
        tokens.push(token.key.context("CreateToken shows the key")?);
    }
    let first = &members.first().context("no account enrolled")?.session;
    let store = store_read::connect(app.server().pid(), app.url(), first).await?;
    let bench = Bench {
        url: app.url().to_owned(),
        sessions: Credentials::new(members.iter().map(|m| m.session.clone()).collect())?,
        tokens: Credentials::new(tokens)?,
        app,
        clock,
        http: reqwest::Client::new(),
        members,
        store,
        work: tempfile::tempdir().context("a folder for ab's files")?,
    };

    let mut figures = Vec::new();
    let mut missing = Vec::new();
    for kind in [Credential::Session, Credential::Token] {
        for c in CONCURRENCY {
            let runs = bench.get_account_run(c, kind).await?;
            figures.extend(runs.figures(kind, c, &mut missing));
        }
    }
    let rounds_so_far = &mut 0usize;
    let mut last_step = unix_now() / 30 + 1;
    for c in CONCURRENCY {
        let rounds = match c {
            1 => 2,
            16 => 4,
            _ => 6,
        };
        let mut run = Run::default();
        for _ in 0..rounds {
            let step = (bench.clock.now() / 30).max(last_step) + 1;
            run.absorb(bench.verify_round(c, step).await?);
            last_step = step;
        }
        *rounds_so_far += rounds;
        run.absorb(bench.check_accounts(*rounds_so_far, last_step).await?);
        figures.push(run.figure(
            format!("Verify2FACode, c={c}"),
            format!(
                "closed loop of {c}; {rounds} rounds of, per account ({ACCOUNTS}), {WRONG} wrong codes at \
                 once then the right one (the clock moved to a fresh step, one SignIn per account before \
                 each round, not timed); then: attempts left counted down exactly, spent pending sessions \
                 refused, the security log's TOTP sign-ins and failures, the sessions, the last step"
            ),
        ));
    }
    Ok((figures, missing))
}

/// One request's answer: status and JSON body, or what failed.
type Answer = Result<(u16, Value), String>;

async fn post(
    http: &reqwest::Client,
    url: &str,
    bearer: Option<&str>,
    body: &Value,
) -> (Duration, Answer) {
    let started = Instant::now();
    let mut request = http.post(url).json(body);
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    let answer = async {
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, body))
    }
    .await;
    (started.elapsed(), answer)
}

fn result_of(answer: &Answer) -> Option<u64> {
    answer
        .as_ref()
        .ok()
        .and_then(|(_, body)| body["result"].as_u64())
}

fn describe(answer: &Answer) -> String {
    match answer {
        Ok((status, body)) => format!("HTTP {status} {body}"),
        Err(error) => error.clone(),
    }
}
