//! `Config::defaults` (what tests and benchmarks use) gives exactly what
//! `Config::from_env` gives when no variable is set, so the two cannot drift
//! apart. `from_env` reads the process environment, so the comparison runs
//! in a child process of this test binary with an empty environment.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

use rand::{rngs::StdRng, SeedableRng};
use twofold_auth::SealingKey;
use twofold_functions::Config;

/// Set in the child: there, compare; here, start the child.
const IN_CHILD: &str = "CONFIG_DEFAULTS_CHILD";

fn key() -> SealingKey {
    SealingKey::generate(&mut StdRng::seed_from_u64(7))
}

#[test]
fn defaults_equal_what_from_env_reads_from_an_empty_environment() {
    if std::env::var_os(IN_CHILD).is_none() {
        let output = Command::new(std::env::current_exe().expect("this test binary"))
            .env_clear()
            .env(IN_CHILD, "1")
            .args([
                "--exact",
                "defaults_equal_what_from_env_reads_from_an_empty_environment",
                "--nocapture",
                "--test-threads=1",
            ])
            .output()
            .expect("run the comparison in a child process");
        assert!(
            output.status.success(),
            "the child failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("1 passed"),
            "the child ran the comparison"
        );
        return;
    }
    let from_env = Config::from_env(Some((1, key()))).expect("the defaults are valid");
    assert_eq!(
        format!("{:?}", Config::defaults(key())),
        format!("{from_env:?}")
    );
}
