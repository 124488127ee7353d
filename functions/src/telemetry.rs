//! Logging. Request parameters are never logged: the HTTP layer logs the
//! method, the result code and the latency, and errors log their cause
//! chain, which names no secret.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Crates whose verbose levels print stored items or HTTP bodies (password
/// hashes, token hashes, sealed blobs): capped whatever `RUST_LOG` asks, so
/// even a trace-level log holds nothing an attacker could crack offline.
const CAPPED: &[&str] = &[
    "dynoxide=info",
    "aws_smithy_runtime=debug",
    "aws_smithy_runtime_api=debug",
    "aws_smithy_http_client=debug",
    "aws_sdk_dynamodb=debug",
    "hyper=info",
    "hyper_util=info",
    "h2=info",
];

/// Installs the log subscriber: `RUST_LOG` filters (default `info`), to
/// stderr, coloured only on a terminal.
pub fn init() {
    let requested = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_owned());
    let directives = std::iter::once(requested.as_str())
        .chain(CAPPED.iter().copied())
        .collect::<Vec<_>>()
        .join(",");
    let filter = EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
