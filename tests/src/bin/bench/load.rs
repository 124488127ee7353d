//! Load on one machine: a release twofold-local on loopback, driven by a
//! closed loop of 1, 16 and 64 concurrent requests over one pooled
//! HTTP/1.1 client, for three calls:
//!
//! - GetAccount with a session (`Authorization: Bearer tfs_...`);
//! - GetAccount with a personal access token (`Bearer tft_...`);
//! - Verify2FACode: per account and round, four wrong codes at once, then
//!   the right one, on accounts the concurrent requests share.
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
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use serde_json::{json, Value};
use tokio::{sync::Semaphore, task::JoinSet};
use twofold_api::{events::EventKind, Method, ResultCode};
use twofold_e2e::{api::unix_now, Authenticator, ServerOptions, TestApp, TestClock, PASSWORD};

use crate::figure::{ms, Figure, Samples};

const CONCURRENCY: [usize; 3] = [1, 16, 64];
/// Accounts with 2FA on; their sessions serve the GetAccount runs too.
const ACCOUNTS: usize = 64;
/// Accounts that also get a personal access token.
const TOKENS: usize = 16;
/// Requests per GetAccount run (the issue's `ab` baseline sent 3,000).
const REQUESTS: usize = 5_000;
const WARM_UP: usize = 200;
/// Wrong codes per account per Verify2FACode round, sent at once, below
/// the lock at [`MAX_FAILURES`].
const WRONG: usize = 4;
const MAX_FAILURES: u32 = 5;
/// The `ab` baseline of issue 11: GetAccount with a session, requests/s.
const AB_BASELINE: [(usize, f64); 3] = [(1, 2_200.0), (16, 7_200.0), (64, 6_600.0)];

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    tokio::runtime::Runtime::new()?.block_on(run_all())
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
    tokens: Vec<String>,
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

async fn run_all() -> anyhow::Result<Vec<Figure>> {
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
    let bench = Bench {
        url: app.url().to_owned(),
        app,
        clock,
        http: reqwest::Client::new(),
        members,
        tokens,
    };

    let mut figures = Vec::new();
    let sessions: Arc<Vec<String>> =
        Arc::new(bench.members.iter().map(|m| m.session.clone()).collect());
    for c in CONCURRENCY {
        let run = bench
            .get_account_run(c, sessions.clone(), Credential::Session)
            .await?;
        let baseline = AB_BASELINE
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, b)| *b)
            .unwrap_or(0.0);
        figures.push(
            run.figure(
                format!("GetAccount with a session, c={c}"),
                format!(
                    "closed loop of {c} over one kept-alive HTTP/1.1 client, {REQUESTS} requests over \
                     {ACCOUNTS} sessions after {WARM_UP} unmeasured; then GetSessions: each session's \
                     lastSeen within the run"
                ),
            )
            .baseline(baseline, "ab, 3,000 requests (issue 11, by hand, earlier)"),
        );
    }
    let tokens: Arc<Vec<String>> = Arc::new(bench.tokens.clone());
    for c in CONCURRENCY {
        let run = bench
            .get_account_run(c, tokens.clone(), Credential::Token)
            .await?;
        figures.push(run.figure(
            format!("GetAccount with an access token, c={c}"),
            format!(
                "as above, {REQUESTS} requests over {TOKENS} tokens (`Bearer tft_…`); then GetTokens: \
                 each token's lastUsed within the run"
            ),
        ));
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
    Ok(figures)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credential {
    Session,
    Token,
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

    /// A GetAccount run, then the check that every credential's last use
    /// was recorded within it.
    async fn get_account_run(
        &self,
        c: usize,
        credentials: Arc<Vec<String>>,
        kind: Credential,
    ) -> anyhow::Result<Run> {
        eprintln!("load: GetAccount with {kind:?} credentials, c={c}");
        self.closed_loop(c, credentials.clone(), WARM_UP).await;
        // A minute on: every last use is due again, and written in the run.
        self.clock.advance(61);
        let run_start = self.clock.now();
        let mut run = self.closed_loop(c, credentials, REQUESTS).await;
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
        Ok(run)
    }

    /// Moves the server's clock to the start of `step`, signs every account
    /// in (not timed), then times, per account, [`WRONG`] wrong codes at
    /// once and then the right one, with at most `c` requests in flight;
    /// then checks what the round wrote.
    async fn verify_round(&self, c: usize, step: u64) -> anyhow::Result<Run> {
        let shift = (step * 30 + 1)
            .checked_sub(unix_now())
            .context("the step is in the past")?;
        if shift < self.clock.shift() {
            bail!("the clock would go back");
        }
        self.clock.set(shift);
        let mut signing_in = JoinSet::new();
        for (index, member) in self.members.iter().enumerate() {
            let (app, login) = (self.app.clone(), member.login.clone());
            signing_in.spawn(async move { (index, app.pending(&login, PASSWORD).await) });
        }
        let mut pending = vec![String::new(); self.members.len()];
        while let Some(joined) = signing_in.join_next().await {
            let (index, token) = joined.context("signing in")?;
            pending[index] = token;
        }

        eprintln!("load: Verify2FACode round at step {step}, c={c}");
        let url = format!("{}{}", self.url, Method::Verify2FACode.path());
        let permits = Arc::new(Semaphore::new(c));
        let started = Instant::now();
        let mut accounts = JoinSet::new();
        for (member, pending) in self.members.iter().zip(&pending) {
            let right = member.phone.code_at(step * 30);
            let wrong = wrong_code(&member.phone, step);
            let (http, url, permits, pending) = (
                self.http.clone(),
                url.clone(),
                permits.clone(),
                pending.clone(),
            );
            accounts.spawn(async move {
                let send = |code: String| {
                    let (http, url, permits, pending) =
                        (http.clone(), url.clone(), permits.clone(), pending.clone());
                    async move {
                        let _permit = permits.acquire_owned().await;
                        post(
                            &http,
                            &url,
                            None,
                            &json!({ "session": pending, "code": code }),
                        )
                        .await
                    }
                };
                let mut wrongs = JoinSet::new();
                for _ in 0..WRONG {
                    wrongs.spawn(send(wrong.clone()));
                }
                let mut answers = Vec::new();
                while let Some(joined) = wrongs.join_next().await {
                    answers.push(joined.map_err(|e| e.to_string()));
                }
                let right_answer = send(right).await;
                (answers, right_answer)
            });
        }
        let mut outcomes = Vec::new();
        while let Some(joined) = accounts.join_next().await {
            outcomes.push(joined.context("an account's requests")?);
        }
        let mut run = Run {
            elapsed: started.elapsed(),
            ..Run::default()
        };
        for (answers, (took, right)) in outcomes {
            let mut left = Vec::new();
            for answer in answers {
                let (took, answer) = match answer {
                    Ok(sent) => sent,
                    Err(error) => (Duration::ZERO, Err(error)),
                };
                run.latencies.push(took);
                run.requests += 1;
                match (&answer, result_of(&answer)) {
                    (Ok((_, body)), Some(code))
                        if code == u64::from(ResultCode::InvalidCode.code()) =>
                    {
                        left.push(body["attemptsLeft"].as_u64().unwrap_or(0));
                    }
                    _ => {
                        run.errors += 1;
                        run.problem(format!("a wrong code: {}", describe(&answer)));
                    }
                }
            }
            run.latencies.push(took);
            run.requests += 1;
            if result_of(&right) != Some(0) {
                run.errors += 1;
                run.problem(format!("the right code: {}", describe(&right)));
            }
            // Each failure counted once: the answers count down from one
            // below the lock, every number once.
            left.sort_unstable();
            let expected: Vec<u64> = (1..=WRONG as u64)
                .map(|k| u64::from(MAX_FAILURES) - k)
                .rev()
                .collect();
            if left.len() == WRONG && left != expected {
                run.lost += 1;
                run.problem(format!("attempts left {left:?}, not {expected:?}"));
            }
        }
        // Every pending session was spent by its right code.
        for (member, pending) in self.members.iter().zip(&pending) {
            let (_, answer) = post(
                &self.http,
                &url,
                None,
                &json!({ "session": pending, "code": wrong_code(&member.phone, step) }),
            )
            .await;
            if result_of(&answer) != Some(u64::from(ResultCode::NotSignedIn.code())) {
                run.lost += 1;
                run.problem(format!(
                    "{}: a spent pending session answered {}",
                    member.login,
                    describe(&answer)
                ));
            }
        }
        Ok(run)
    }

    /// After `rounds` Verify2FACode rounds in all: each account's security
    /// log holds `rounds` TOTP sign-ins and `WRONG` × `rounds` failures, it
    /// has one session per round besides its first, and `last_step` is
    /// refused as just used.
    async fn check_accounts(&self, rounds: usize, last_step: u64) -> anyhow::Result<Run> {
        let mut run = Run::default();
        for member in &self.members {
            let state = self.app.state(&member.session).await;
            let count = |kind: EventKind| state.events.iter().filter(|e| e.kind == kind).count();
            let (signed_in, failed) = (
                count(EventKind::SignedInWithTotp),
                count(EventKind::SecondFactorFailed),
            );
            if signed_in != rounds || failed != WRONG * rounds {
                run.lost += 1;
                run.problem(format!(
                    "{}: the log holds {signed_in} TOTP sign-ins and {failed} failures, not {rounds} and {}",
                    member.login,
                    WRONG * rounds
                ));
            }
            let sessions = self
                .app
                .get_sessions(&member.session)
                .await
                .map(|s| s.sessions.len())
                .unwrap_or(0);
            if sessions != rounds + 1 {
                run.lost += 1;
                run.problem(format!(
                    "{}: {sessions} sessions, not {}",
                    member.login,
                    rounds + 1
                ));
            }
            let pending = self.app.pending(&member.login, PASSWORD).await;
            let again = self
                .app
                .verify_2fa_code(&pending, &member.phone.code_at(last_step * 30))
                .await;
            if !matches!(&again, Err(error) if error.result == ResultCode::CodeJustUsed) {
                run.lost += 1;
                run.problem(format!(
                    "{}: the last step used was not refused as just used: {again:?}",
                    member.login
                ));
            }
        }
        Ok(run)
    }
}

/// A code that is wrong for every step the server accepts around `step`.
fn wrong_code(phone: &Authenticator, step: u64) -> String {
    let valid: Vec<String> = (step - 1..=step + 1)
        .map(|s| phone.code_at(s * 30))
        .collect();
    (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|code| !valid.contains(code))
        .unwrap_or_default()
}
