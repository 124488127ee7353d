//! `twofold-bench`: the benchmarks `make bench` runs against release builds
//! (twofold-local, the Lambda binaries), each printing one JSON line per
//! figure on stdout for `scripts/bench-report.py`, and its progress on stderr.
//!
//!   twofold-bench sign-in     SignIn over HTTP against a bare Argon2id verify
//!                             (and the reference C implementation)
//!   twofold-bench load        Verify2FACode, GetAccount and a token call at
//!                             concurrency 1, 16 and 64, then checks that no
//!                             update was lost
//!   twofold-bench cold-start  each Lambda binary from process start to its
//!                             first answer under the Runtime API emulator
//!   twofold-bench app-load    navigation to an interactive sign-in form in
//!                             headless Chromium, cold cache
//!
//! It builds nothing: `make bench` builds the binaries it runs, and names
//! them in `TWOFOLD_LOCAL_BIN` and `TWOFOLD_LAMBDA_DIR` (default: the
//! release builds in the target folder).

mod app_load;
mod cold_start;
mod figure;
mod load;
mod sign_in;

use std::process::ExitCode;

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
    let which = std::env::args().nth(1).unwrap_or_default();
    let result = match which.as_str() {
        "sign-in" => sign_in::run(),
        "load" => load::run(),
        "cold-start" => cold_start::run(),
        "app-load" => app_load::run(),
        _ => {
            eprintln!("usage: twofold-bench sign-in|load|cold-start|app-load");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(figures) => {
            for figure in figures {
                figure.emit();
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("twofold-bench {which}: {error:#}");
            ExitCode::FAILURE
        }
    }
}
