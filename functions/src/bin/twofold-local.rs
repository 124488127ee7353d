//! twofold-local: the API, the app and an embedded store on one port.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    twofold_functions::telemetry::init();
    match twofold_functions::local::run(twofold_functions::local::Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The sentence and its causes, without a backtrace: these are
            // the user's problems to fix (a taken port, an unreadable key).
            eprintln!("twofold-local: {error:#}");
            ExitCode::FAILURE
        }
    }
}
