//! Logging. Request parameters are never logged: the HTTP layer logs the
//! method, the result code and the latency, and errors log their cause
//! chain, which names no secret.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Crates whose debug and trace levels print stored items or HTTP bodies (password
/// hashes, token hashes, sealed blobs, and in Lambda whole request events):
/// held at info whatever `RUST_LOG` asks, so even a trace-level log holds
/// nothing an attacker could use or crack offline.
const CAPPED: &[&str] = &[
    "lambda_runtime=info",
    "lambda_runtime_api_client=info",
    "lambda_http=info",
    "dynoxide=info",
    "aws_smithy_runtime=info",
    "aws_smithy_runtime_api=info",
    "aws_smithy_http_client=info",
    "aws_sdk_dynamodb=info",
    // The secret's value (the sealing keys) is in its answer.
    "aws_sdk_secretsmanager=info",
    "aws_config=info",
    "hyper=info",
    "hyper_util=info",
    "h2=info",
];

/// Installs the log subscriber: `RUST_LOG` filters (default `info`), to
/// stderr, coloured only on a terminal.
pub fn init() {
    let requested = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "info".to_owned());
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
