//! twofold-admin: operator commands (reset-2fa, unlock, events,
//! revoke-sessions, reseal).

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    match twofold_functions::admin::run(twofold_functions::admin::Args::parse()).await {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("twofold-admin: {error:#}");
            ExitCode::FAILURE
        }
    }
}
