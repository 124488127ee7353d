//! Writes the OpenAPI description generated from the wire types: to the
//! file named as the first argument, or to standard output.
//!
//! `cargo run -p twofold-api --features openapi --bin twofold-openapi -- docs/openapi.json`

use std::io::Write;

fn main() -> std::io::Result<()> {
    let text = twofold_api::openapi::text();
    match std::env::args_os().nth(1) {
        Some(path) => std::fs::write(path, text),
        None => std::io::stdout().write_all(text.as_bytes()),
    }
}
