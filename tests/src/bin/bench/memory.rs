//! Peak memory of a release twofold-local under concurrent sign-ins.
//!
//! For each N: a fresh twofold-local (fresh data folder), accounts signed
//! up, then N correct sign-ins released at once, and the process's peak
//! resident memory (VmHWM in `/proc/PID/status`). Twice: with the default
//! password permits (one per core), and with 256, the most allowed (the
//! unbounded baseline of the same run). Every sign-in must succeed: the
//! bound on concurrent Argon2id hashes queues them, it refuses none.
//!
//! The server's throttles are set so that none of the N waits or is refused
//! for reasons other than memory, and the benchmark says so in its output:
//! - the failed-sign-in throttle reserves a slot per check in flight on the
//!   login, at most `TWOFOLD_SIGN_IN_MAX_PER_LOGIN`, which the hourly
//!   ceiling on failures keeps at 100 (with a window of a day); so the N
//!   sign-ins go to one account per [`PER_ACCOUNT`], and the address's
//!   counter is set to its most, 10,000;
//! - right passwords per login per window (`TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN`,
//!   30 by default) are raised to the sign-ins each account gets;
//! - the password queue (`TWOFOLD_PASSWORD_QUEUE`, 1,024 by default, the
//!   checks that may wait for a place) is set to N, so none is refused as busy.

use std::{sync::Arc, time::Duration, time::Instant};

use anyhow::{bail, Context};
use tokio::{sync::Barrier, task::JoinSet};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

use crate::figure::Figure;

/// The default concurrent sign-ins, when none are named.
pub const DEFAULT_COUNTS: [usize; 2] = [64, 500];
/// Sign-ins per account: the most checks one login can hold in flight
/// (`TWOFOLD_SIGN_IN_MAX_PER_LOGIN` at its highest, 100 a day).
const PER_ACCOUNT: usize = 100;
/// Password permits of the baseline: the most the server allows.
const UNBOUNDED_PERMITS: usize = 256;
/// The target: this much plus one Argon2id block per password thread.
const BASE_MIB: usize = 64;
const PER_PERMIT_MIB: usize = 19;
/// How long N sign-ins may take before the run is abandoned.
const PATIENCE: Duration = Duration::from_secs(600);

/// What one run measured.
#[derive(Debug)]
struct Run {
    idle_mib: f64,
    peak_mib: f64,
    seconds: f64,
    failures: usize,
}

/// Runs the benchmark for each of `counts` (concurrent sign-ins) and
/// returns one figure per count.
pub fn run(counts: &[usize]) -> anyhow::Result<Vec<Figure>> {
    let runtime = tokio::runtime::Runtime::new()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "memory: release twofold-local, {cores} CPUs; peak RSS (VmHWM) after N concurrent correct sign-ins"
    );
    let mut figures = Vec::new();
    for &concurrent in counts {
        if concurrent == 0 {
            bail!("the number of concurrent sign-ins must be at least 1");
        }
        let settings = Settings::for_count(concurrent);
        eprintln!(
            "memory: N={concurrent} over {} account(s); {}",
            settings.accounts,
            settings.described()
        );
        let default = runtime.block_on(measure(concurrent, &settings, None))?;
        report(concurrent, &format!("{cores} (default)"), &default);
        let unbounded =
            runtime.block_on(measure(concurrent, &settings, Some(UNBOUNDED_PERMITS)))?;
        report(
            concurrent,
            &format!("{UNBOUNDED_PERMITS} (unbounded)"),
            &unbounded,
        );
        figures.push(figure(concurrent, cores, &settings, &default, &unbounded));
    }
    Ok(figures)
}

/// The server's settings for N concurrent sign-ins (see the module's
/// header for why each).
#[derive(Debug)]
struct Settings {
    accounts: usize,
    env: Vec<(&'static str, String)>,
}

impl Settings {
    fn for_count(concurrent: usize) -> Settings {
        let accounts = concurrent.div_ceil(PER_ACCOUNT);
        let per_account = concurrent.div_ceil(accounts);
        let env = vec![
            ("RUST_LOG", "warn".to_owned()),
            (
                "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
                accounts.max(10).to_string(),
            ),
            ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "86400".to_owned()),
            ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", PER_ACCOUNT.to_string()),
            ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "10000".to_owned()),
            (
                "TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN",
                per_account.max(30).to_string(),
            ),
            ("TWOFOLD_PASSWORD_QUEUE", concurrent.max(1024).to_string()),
        ];
        Settings { accounts, env }
    }

    /// `NAME=value` for each setting but the log level.
    fn described(&self) -> String {
        self.env
            .iter()
            .filter(|(name, _)| *name != "RUST_LOG")
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One server, `concurrent` correct sign-ins at once, its peak memory.
async fn measure(
    concurrent: usize,
    settings: &Settings,
    permits: Option<usize>,
) -> anyhow::Result<Run> {
    let mut env: Vec<(String, String)> = settings
        .env
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect();
    if let Some(permits) = permits {
        env.push((
            "TWOFOLD_PASSWORD_HASH_CONCURRENCY".to_owned(),
            permits.to_string(),
        ));
    }
    let app = Arc::new(TestApp::spawn_with(ServerOptions {
        env,
        ..ServerOptions::default()
    }));
    let pid = app.server().pid();
    let logins: Vec<String> = (0..settings.accounts)
        .map(|i| format!("memory-{i}"))
        .collect();
    for login in &logins {
        app.sign_up(login, PASSWORD)
            .await
            .map_err(|e| anyhow::anyhow!("SignUp {login}: {e}"))?;
    }
    let idle_mib = peak_rss_mib(pid)?;

    let barrier = Arc::new(Barrier::new(concurrent));
    let mut sign_ins = JoinSet::new();
    let started = Instant::now();
    for index in 0..concurrent {
        let (app, barrier) = (app.clone(), barrier.clone());
        let login = logins[index % logins.len()].clone();
        sign_ins.spawn(async move {
            barrier.wait().await;
            app.sign_in(&login, PASSWORD).await.map(|_| ())
        });
    }
    let mut failures = 0;
    let all = async {
        while let Some(joined) = sign_ins.join_next().await {
            let failure = match joined {
                Ok(Ok(())) => continue,
                Ok(Err(refused)) => format!("refused: {refused}"),
                Err(error) => format!("failed: {error}"),
            };
            if failures == 0 {
                eprintln!("memory: a sign-in {failure}");
            }
            failures += 1;
        }
    };
    tokio::time::timeout(PATIENCE, all)
        .await
        .with_context(|| format!("{concurrent} sign-ins took over {} s", PATIENCE.as_secs()))?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_mib = peak_rss_mib(pid)?;
    drop(app);
    Ok(Run {
        idle_mib,
        peak_mib,
        seconds,
        failures,
    })
}

/// The peak resident memory of process `pid` (VmHWM), in MiB.
fn peak_rss_mib(pid: u32) -> anyhow::Result<f64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .with_context(|| format!("{path} has no VmHWM line"))?;
    Ok(kib / 1024.0)
}

/// One line for people, on stderr.
fn report(concurrent: usize, permits: &str, run: &Run) {
    eprintln!(
        "N={concurrent:<4} permits={permits:<15} idle {:6.1} MiB  peak {:7.1} MiB  {:6.2} s  failures {}",
        run.idle_mib, run.peak_mib, run.seconds, run.failures
    );
}

/// The figure of one N: the default permits' peak against the unbounded one.
fn figure(
    concurrent: usize,
    cores: usize,
    settings: &Settings,
    default: &Run,
    unbounded: &Run,
) -> Figure {
    let bound = BASE_MIB + PER_PERMIT_MIB * cores;
    let met = default.peak_mib <= bound as f64 && default.failures == 0;
    let failed = if default.failures > 0 {
        format!("{} sign-ins failed; ", default.failures)
    } else {
        String::new()
    };
    let over = if default.peak_mib > bound as f64 {
        format!(
            "the peak is {:.0} MiB over {BASE_MIB} MiB + {PER_PERMIT_MIB} MiB per password thread: memory \
             beyond the threads' Argon2 blocks (allocator arenas keeping freed blocks, request buffers). \
             What would fix it: fewer allocator arenas (MALLOC_ARENA_MAX) or an allocator that returns \
             freed large blocks, or fewer password permits",
            default.peak_mib - bound as f64
        )
    } else {
        "the peak is within the target: the sign-ins that failed are the fault, not memory"
            .to_owned()
    };
    Figure::new(
        format!("Peak RSS, {concurrent} concurrent sign-ins"),
        round_tenth(default.peak_mib),
        "MiB",
        format!(
            "VmHWM of a release twofold-local (fresh data folder, default permits = {cores} cores) after \
             {concurrent} correct SignIns released at once, over {} account(s) with throttles and the \
             password queue set so that none waits or is refused ({}); target {BASE_MIB} MiB + \
             {PER_PERMIT_MIB} MiB x {cores}",
            settings.accounts,
            settings.described()
        ),
    )
    .baseline(
        round_tenth(unbounded.peak_mib),
        format!("the same with {UNBOUNDED_PERMITS} password permits (unbounded), this run"),
    )
    .target(format!("≤ {bound} MiB"), met, format!("{failed}{over}"))
    .detail(format!(
        "idle {:.1} MiB · {:.1} s for all · {} failed (unbounded: {:.1} s, {} failed)",
        default.idle_mib, default.seconds, default.failures, unbounded.seconds, unbounded.failures
    ))
}

/// `value` to one decimal, as the table shows it.
fn round_tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
