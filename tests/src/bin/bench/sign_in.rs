//! SignIn against its floor. SignIn is meant to cost one Argon2id
//! verification and little else, and an unknown login must cost what a
//! wrong password costs. Measured in one run, interleaved so that whatever
//! else the machine does weighs on every kind alike:
//!
//! - a bare `twofold_auth::password::verify` with the production parameters,
//!   in this process, in memory kept between hashes as the server's
//!   password threads keep it (the floor);
//! - the same hash by the reference C implementation (Debian's `argon2`
//!   command), less the command's own start (the same command at 8 KiB);
//! - SignIn over HTTP on loopback against a release twofold-local: a correct
//!   password, a wrong one, a login that does not exist;
//! - GetAccount over the same connection, for the cost of HTTP and one
//!   store round trip without a hash.

use std::{
    io::Write,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use serde_json::{json, Value};
use twofold_api::Method;
use twofold_auth::password::{self, Password, PasswordHash, ITERATIONS, MEMORY_KIB, PARALLELISM};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

use crate::figure::{ms, Figure, Samples};

/// Samples of each kind, after [`WARM_UP`] rounds that are not counted.
const SAMPLES: usize = 60;
const WARM_UP: usize = 3;
/// Accounts the wrong passwords rotate over, each kept under the throttle
/// (50 failures per login an hour, the most the configuration allows).
const ACCOUNTS: usize = 4;
const SALT: &str = "twofold-bench-salt";
/// Right passwords per login per window: the most the configuration allows
/// (the correct samples all go to one login).
const MAX_SUCCESSES: &str = "10000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BareVerify,
    ReferenceC,
    ReferenceCStart,
    Correct,
    Wrong,
    Unknown,
    GetAccount,
}

const KINDS: [Kind; 7] = [
    Kind::BareVerify,
    Kind::ReferenceC,
    Kind::ReferenceCStart,
    Kind::Correct,
    Kind::Wrong,
    Kind::Unknown,
    Kind::GetAccount,
];

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    let params = [
        "-id".to_owned(),
        "-t".to_owned(),
        ITERATIONS.to_string(),
        "-k".to_owned(),
        MEMORY_KIB.to_string(),
        "-p".to_owned(),
        PARALLELISM.to_string(),
        "-e".to_owned(),
    ];
    let start_only = ["-id", "-t", "1", "-k", "8", "-p", "1", "-e"].map(str::to_owned);
    // One hash by the C reference, checked by the Rust crate: both agree
    // before either is timed.
    let (_, encoded) = reference_c(&params)?;
    let hash: PasswordHash = serde_json::from_value(Value::String(encoded.clone()))
        .context("the argon2 command's encoded hash")?;
    let typed = Password::parse(PASSWORD).context("the benchmark password")?;
    // The floor hashes as twofold-local's password threads do: in memory
    // kept from one hash to the next, not 19 MiB allocated each time.
    password::keep_memory_on_this_thread();
    if !password::verify(&typed, &hash) {
        bail!(
            "twofold-auth does not verify the hash the reference C implementation made: {encoded}"
        );
    }

    let runtime = tokio::runtime::Runtime::new()?;
    eprintln!("sign-in: starting a release twofold-local");
    // Every correct sample signs in to one login: the ceiling on right
    // passwords per login (30 a window by default) at its most, so that it
    // refuses none of the samples.
    eprintln!(
        "sign-in: TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN={MAX_SUCCESSES}, for {} correct sign-ins to one login",
        WARM_UP + SAMPLES
    );
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("RUST_LOG", "warn"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "50"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "10000"),
        ("TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN", MAX_SUCCESSES),
    ]));
    let http = reqwest::Client::new();
    let url = app.url().to_owned();
    let logins: Vec<String> = (0..ACCOUNTS).map(|i| format!("bench-{i}")).collect();
    let session = runtime.block_on(async {
        let mut session = String::new();
        for login in &logins {
            session = app.signed_up(login, PASSWORD).await;
        }
        session
    });

    eprintln!(
        "sign-in: {SAMPLES} samples of each of {} kinds, interleaved",
        KINDS.len()
    );
    let mut samples: Vec<Samples> = KINDS.iter().map(|_| Samples::default()).collect();
    for round in 0..WARM_UP + SAMPLES {
        for offset in 0..KINDS.len() {
            // Each round starts with another kind, so none always follows
            // the same one.
            let index = (round + offset) % KINDS.len();
            let took = match KINDS[index] {
                Kind::BareVerify => {
                    let started = Instant::now();
                    let ok = password::verify(&typed, &hash);
                    let took = started.elapsed();
                    if !ok {
                        bail!("the bare verification failed");
                    }
                    took
                }
                Kind::ReferenceC => {
                    let (took, output) = reference_c(&params)?;
                    if output != encoded {
                        bail!("the argon2 command gave another hash: {output}");
                    }
                    took
                }
                Kind::ReferenceCStart => reference_c(&start_only)?.0,
                Kind::Correct => runtime.block_on(sign_in(&http, &url, &logins[0], PASSWORD, 0))?,
                Kind::Wrong => {
                    let login = &logins[round % ACCOUNTS];
                    runtime.block_on(sign_in(&http, &url, login, "wrong horse battery", 200))?
                }
                Kind::Unknown => {
                    let login = format!("nobody-{round}");
                    runtime.block_on(sign_in(&http, &url, &login, "wrong horse battery", 200))?
                }
                Kind::GetAccount => runtime.block_on(get_account(&http, &url, &session))?,
            };
            if round >= WARM_UP {
                samples[index].push(took);
            }
        }
    }
    drop(app);

    let of = |kind: Kind| &samples[KINDS.iter().position(|k| *k == kind).unwrap_or(0)];
    let bare = of(Kind::BareVerify);
    let correct = of(Kind::Correct);
    let wrong = of(Kind::Wrong);
    let unknown = of(Kind::Unknown);
    let get_account_p50 = of(Kind::GetAccount).p50();
    let c_hash = of(Kind::ReferenceC).p50() - of(Kind::ReferenceCStart).p50();
    let n = bare.len();
    let floor_label = format!(
        "bare Argon2id verify (twofold-auth, m={MEMORY_KIB} KiB, t={ITERATIONS}, p={PARALLELISM}, memory kept), p50, this run"
    );
    let http_how = format!(
        "HTTP POST on loopback to a release twofold-local (embedded store, fresh data folder), \
         one request at a time over one kept-alive connection, p50 of {n}, interleaved with the floor"
    );
    let spread = |s: &Samples| {
        format!(
            "p90 {} · p99 {} · n {}",
            ms(s.percentile(90.0)),
            ms(s.percentile(99.0)),
            s.len()
        )
    };

    let ratio = correct.p50() / bare.p50();
    let overhead = correct.p50() - bare.p50();
    let signin = Figure::new("SignIn, correct password, p50", correct.p50(), "ms", http_how.clone())
        .baseline(bare.p50(), floor_label.clone())
        .detail(format!("{}; floor {}", spread(correct), spread(bare)))
        .target("ratio ≤ 1.05", ratio <= 1.05, format!(
            "SignIn costs {overhead:.2} ms more than the hash ({:.1} % of it, 5 % allowed). It waits \
             for two sequential store round trips now (counters and login, with its copy of the password \
             hash, in one BatchGetItem before the hash; session + event in one TransactWriteItems after \
             it; the account is read beside the hash), but it still makes eight store calls (two slot \
             reservations, the BatchGetItem, the account, the transaction, two settlements and the count \
             of right passwords), each an HTTP request, signed, to the embedded store in the same \
             process, whose SQLite takes one write at a time. On 2 cores shared with the hash and the \
             client, calls made side by side or beside the hash still cost CPU time. A GetAccount (HTTP and one round trip, no hash) \
             takes {get_account_p50:.2} ms here. What would fix it: fewer writes per sign-in (the \
             settlements and the count in the transaction, which DynamoDB's conflicts on a hot counter \
             item argue against), or a store whose calls cost no CPU here; against DynamoDB each round \
             trip costs several milliseconds of waiting, not CPU, so there the two steps count",
            (ratio - 1.0) * 100.0
        ));
    let wrong_figure = Figure::new(
        "SignIn, wrong password, p50",
        wrong.p50(),
        "ms",
        http_how.clone(),
    )
    .baseline(bare.p50(), floor_label.clone())
    .detail(spread(wrong));
    let unknown_ratio = unknown.p50() / wrong.p50();
    let unknown_figure = Figure::new("SignIn, unknown login, p50", unknown.p50(), "ms", http_how)
        .baseline(wrong.p50(), "SignIn with a wrong password, p50, this run")
        .detail(spread(unknown))
        .target(
            "ratio 0.95 to 1.05",
            (0.95..=1.05).contains(&unknown_ratio),
            format!(
                "an unknown login answers {:.2} ms {} than a wrong password: the two paths differ by more \
                 than the hash hides (the unknown login skips loading the account). What would fix it: \
                 make both paths do the same store calls (read a placeholder account), or pad the faster \
                 one to the slower one's time",
                (unknown.p50() - wrong.p50()).abs(),
                if unknown.p50() < wrong.p50() { "sooner" } else { "later" }
            ),
        );
    let rust_vs_c = Figure::new(
        "Argon2id verify, Rust (argon2 crate), p50",
        bare.p50(),
        "ms",
        format!("twofold_auth::password::verify in the benchmark process (its Argon2 memory reused), p50 of {n}"),
    )
    .baseline(
        c_hash,
        "reference C implementation (Debian argon2 command), same hash, this run",
    )
    .detail(spread(bare));
    let c_figure = Figure::new(
        "Argon2id hash, reference C (Debian argon2), p50",
        c_hash,
        "ms",
        format!(
            "wall time of `argon2 SALT -id -t {ITERATIONS} -k {MEMORY_KIB} -p {PARALLELISM} -e` less that of \
             the same command at -k 8 -t 1 (process start and exit), p50 of {n} each; it allocates and \
             faults in its 19 MiB on every run"
        ),
    )
    .detail(format!(
        "command p50 {} · start p50 {}",
        ms(of(Kind::ReferenceC).p50()),
        ms(of(Kind::ReferenceCStart).p50())
    ));
    let get_account = Figure::new(
        "GetAccount with a session, one at a time, p50",
        get_account_p50,
        "ms",
        "the same client and server, between the SignIn samples: HTTP and one store round trip",
    )
    .detail(spread(of(Kind::GetAccount)));
    Ok(vec![
        signin,
        wrong_figure,
        unknown_figure,
        rust_vs_c,
        c_figure,
        get_account,
    ])
}

/// Runs Debian's `argon2` command with the benchmark password on stdin;
/// returns how long it took and what it printed.
fn reference_c(params: &[String]) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let mut child = Command::new("argon2")
        .arg(SALT)
        .args(params)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("the argon2 command (reference C implementation) is missing: run `scripts/install-tools.sh bench`")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(PASSWORD.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    let took = started.elapsed();
    if !output.status.success() {
        bail!("argon2 {params:?} failed: {}", output.status);
    }
    Ok((
        took,
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    ))
}

/// One SignIn; fails unless it answers `expected` (0, or 200 for wrong
/// credentials).
async fn sign_in(
    http: &reqwest::Client,
    url: &str,
    login: &str,
    password: &str,
    expected: u64,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let response = http
        .post(format!("{url}{}", Method::SignIn.path()))
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await?;
    let body: Value = response.json().await?;
    let took = started.elapsed();
    if body["result"].as_u64() != Some(expected) {
        bail!("SignIn {login}: expected result {expected}, got {body}");
    }
    Ok(took)
}

/// One GetAccount with `session`; fails unless it succeeds.
async fn get_account(http: &reqwest::Client, url: &str, session: &str) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let response = http
        .post(format!("{url}{}", Method::GetAccount.path()))
        .bearer_auth(session)
        .json(&json!({}))
        .send()
        .await?;
    let body: Value = response.json().await?;
    let took = started.elapsed();
    if body["result"].as_u64() != Some(0) {
        bail!("GetAccount: {body}");
    }
    Ok(took)
}
