//! twofold-local: the API, the app and an embedded store on one port.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    twofold_functions::telemetry::init();
    twofold_functions::local::run(twofold_functions::local::Args::parse()).await
}
