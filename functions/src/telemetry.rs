//! Logging. Request parameters are never logged: the HTTP layer logs the
//! method, the result code and the latency, and errors log their cause
//! chain, which names no secret.

use std::io::IsTerminal;

use tracing::level_filters::LevelFilter;
use tracing_subscriber::{
    filter::Targets, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter,
};

/// Crates whose debug and trace levels print stored items or HTTP bodies (password
/// hashes, token hashes, sealed blobs, and in Lambda whole request events):
/// held at info whatever `RUST_LOG` asks, so even a trace-level log holds
/// nothing an attacker could use or crack offline.
const CAPPED: &[&str] = &[
    "lambda_runtime",
    "lambda_runtime_api_client",
    "lambda_http",
    "dynoxide",
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_sdk_dynamodb",
    // The secret's value (the sealing keys) is in its answer.
    "aws_sdk_secretsmanager",
    "aws_sdk_sts",
    // Its request holds the whole mail.
    "aws_sdk_sesv2",
    "aws_sigv4",
    "aws_config",
    "hyper",
    "hyper_util",
    "h2",
];

/// The embedded store's HTTP server, which logs every refusal it answers
/// (a throttle's slot already taken, a lost race, a login taken) as a
/// warning, though each is an answer the service expects and logs in its
/// own words (`result=208`); a store that fails is the service's error to
/// log. Held at error.
const ANSWERS_AS_WARNINGS: &str = "dynoxide::server";

/// The cap: every target of [`CAPPED`] (and every module under it) at info,
/// [`ANSWERS_AS_WARNINGS`] at error, everything else as `RUST_LOG` says. A
/// filter of its own, applied after `RUST_LOG`'s: a more specific directive
/// there (`lambda_runtime::layers=trace`) lifts nothing past it.
fn cap() -> Targets {
    Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(CAPPED.iter().map(|target| (*target, LevelFilter::INFO)))
        .with_target(ANSWERS_AS_WARNINGS, LevelFilter::ERROR)
}

/// Installs the log subscriber: `RUST_LOG` filters (default `info`), then the
/// cap, to stderr, coloured only on a terminal.
pub fn init() {
    let requested = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "info".to_owned());
    let filter = EnvFilter::try_new(&requested).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(cap())
        .with(
            tracing_subscriber::fmt::layer()
                .with_target(false)
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr),
        )
        .try_init();
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn the_cap_holds_every_capped_crate_and_its_modules_at_info_and_nothing_else() {
        let cap = cap();
        for target in [
            "lambda_runtime::layers",
            "aws_sdk_dynamodb",
            "hyper_util::client",
        ] {
            assert!(!cap.would_enable(target, &Level::DEBUG), "{target}");
            assert!(cap.would_enable(target, &Level::INFO), "{target}");
        }
        assert!(cap.would_enable("twofold_functions::service", &Level::TRACE));
        assert!(!cap.would_enable("dynoxide::server", &Level::WARN));
        assert!(cap.would_enable("dynoxide::server", &Level::ERROR));
    }
}
