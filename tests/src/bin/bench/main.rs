//! `twofold-bench`: the benchmarks `make bench` runs against release builds
//! (twofold-local, the Lambda binaries, the app in `dist/`), each printing
//! one JSON line per figure on stdout (`figure.rs`) and its progress on
//! stderr, and the report that turns them into docs/PERFORMANCE.md.
//!
//!   twofold-bench sign-in      SignIn over HTTP against a bare Argon2id
//!                              verify (and the reference C implementation)
//!   twofold-bench load         Verify2FACode, GetAccount and a token call at
//!                              concurrency 1, 16 and 64, then checks that no
//!                              update was lost; GetAccount beside `ab` on
//!                              the same endpoint and its store read alone
//!   twofold-bench cold-start   each Lambda binary from process start to its
//!                              first answer under the Runtime API emulator,
//!                              beside a Lambda function that only answers
//!   twofold-bench lambda-size  each Lambda binary stripped and zipped, beside
//!                              that function's
//!   twofold-bench memory [N…]  peak RSS under N concurrent sign-ins
//!                              (default 64 500)
//!   twofold-bench app-size     the sign-in page's bytes in `dist/`
//!   twofold-bench app-load     navigation to an interactive sign-in form in
//!                              headless Chromium, cold cache
//!   twofold-bench report [OUT [PERFORMANCE_MD]]
//!                              the table of docs/PERFORMANCE.md from OUT
//!                              (default target/bench)
//!   twofold-bench all [OUT [PERFORMANCE_MD]]
//!                              what `make bench` runs: the release build,
//!                              every benchmark above into OUT, the report
//!
//! The benchmarks build nothing: `all` builds the binaries they run first,
//! and they find them in `TWOFOLD_LOCAL_BIN` and `TWOFOLD_LAMBDA_DIR`
//! (default: the release builds in the target folder).

mod app_load;
mod app_size;
mod cold_start;
mod figure;
mod lambda_size;
mod load;
mod memory;
mod report;
mod run;
mod sign_in;

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;

const USAGE: &str =
    "usage: twofold-bench sign-in|load|cold-start|lambda-size|memory [N…]|app-size|app-load\n\
                     \x20      twofold-bench report [OUT [PERFORMANCE_MD]]\n\
                     \x20      twofold-bench all [OUT [PERFORMANCE_MD]]";

fn main() -> ExitCode {
    // The release builds, unless make says otherwise; set before any thread
    // starts.
    let release = twofold_e2e::server::target_dir().join("release");
    if std::env::var_os("TWOFOLD_LOCAL_BIN").is_none() {
        std::env::set_var("TWOFOLD_LOCAL_BIN", release.join("twofold-local"));
    }
    if std::env::var_os("TWOFOLD_LAMBDA_DIR").is_none() {
        std::env::set_var("TWOFOLD_LAMBDA_DIR", &release);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().cloned().unwrap_or_default();
    let rest = args.get(1..).unwrap_or_default();
    let result = match which.as_str() {
        "sign-in" => sign_in::run(),
        "load" => load::run(),
        "cold-start" => cold_start::run(),
        "lambda-size" => lambda_size::run(),
        "memory" => counts(rest).and_then(|counts| memory::run(&counts)),
        "app-size" => app_size::run(),
        "app-load" => app_load::run(),
        "report" => {
            let (out, document) = folders(rest);
            return done(&which, report::write(&out, &document).map(|()| true));
        }
        "all" => {
            let (out, document) = folders(rest);
            return done(&which, run::run(&out, &document));
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    done(
        &which,
        result.map(|figures| {
            for figure in figures {
                figure.emit();
            }
            true
        }),
    )
}

/// `memory`'s arguments: the concurrent sign-ins of each run.
fn counts(args: &[String]) -> anyhow::Result<Vec<usize>> {
    if args.is_empty() {
        return Ok(memory::DEFAULT_COUNTS.to_vec());
    }
    args.iter()
        .map(|n| {
            n.parse()
                .with_context(|| format!("{n:?} is not a number of sign-ins"))
        })
        .collect()
}

/// The output folder and the document, as named or by default.
fn folders(args: &[String]) -> (PathBuf, PathBuf) {
    (
        args.first().map_or_else(report::default_out, PathBuf::from),
        args.get(1)
            .map_or_else(report::default_document, PathBuf::from),
    )
}

/// The exit code: failure when `result` is an error (said on stderr) or
/// false.
fn done(which: &str, result: anyhow::Result<bool>) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("twofold-bench {which}: {error:#}");
            ExitCode::FAILURE
        }
    }
}
