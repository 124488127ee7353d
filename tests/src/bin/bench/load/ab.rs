//! `ab` (ApacheBench, Debian's apache2-utils): the independent load
//! generator GetAccount's figures are compared with, in the same run. It
//! sends the benchmark's own request (the same URL, `{}` as JSON, the same
//! `Authorization: Bearer` credential) at the same concurrency over
//! kept-alive connections (`-k`), from a C program on one thread that
//! shares nothing with the benchmark's client (reqwest on tokio).
//!
//! ab sends one set of headers per run, so each round is one credential;
//! a failed request, an answer that is not 2xx or one whose length differs
//! from the first (ab's "Failed requests") fails the round.

use std::{path::Path, process::Command};

use anyhow::{bail, Context};

/// What one ab run measured.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// Requests completed.
    pub requests: usize,
    /// ab's "Time taken for tests", in seconds.
    pub seconds: f64,
    /// Requests that went over a kept-alive connection.
    pub kept_alive: usize,
    /// The median request, in milliseconds (ab's `-e` table).
    pub p50_ms: f64,
}

/// Rounds added up.
#[derive(Debug, Default)]
pub struct Tally {
    /// Requests completed, in all rounds.
    pub requests: usize,
    /// Seconds, in all rounds.
    pub seconds: f64,
    /// Kept-alive requests, in all rounds.
    pub kept_alive: usize,
    /// Each round's median, in milliseconds.
    pub p50s: Vec<f64>,
    /// Why a round failed, when one did.
    pub failure: Option<String>,
}

impl Tally {
    /// Adds a round, or what made it fail.
    pub fn add(&mut self, round: anyhow::Result<Round>) {
        match round {
            Ok(round) => {
                self.requests += round.requests;
                self.seconds += round.seconds;
                self.kept_alive += round.kept_alive;
                self.p50s.push(round.p50_ms);
            }
            Err(error) => {
                self.failure.get_or_insert_with(|| format!("{error:#}"));
            }
        }
    }

    /// Requests per second over every round; `None` when a round failed.
    pub fn per_second(&self) -> Option<f64> {
        (self.failure.is_none() && self.seconds > 0.0).then(|| self.requests as f64 / self.seconds)
    }

    /// The median of the rounds' medians, in milliseconds.
    pub fn p50_ms(&self) -> f64 {
        let mut sorted = self.p50s.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
    }
}

/// `requests` POSTs of `{}` to `url` with `bearer`, `concurrency` at a time
/// over kept-alive connections; `work` holds the body and ab's table.
pub fn round(
    url: &str,
    bearer: &str,
    concurrency: usize,
    requests: usize,
    work: &Path,
) -> anyhow::Result<Round> {
    let body = work.join("body.json");
    let table = work.join("percentiles.csv");
    std::fs::write(&body, "{}").context("writing ab's request body")?;
    let output = Command::new("ab")
        .args([
            "-q",
            "-k",
            "-n",
            &requests.to_string(),
            "-c",
            &concurrency.to_string(),
        ])
        .arg("-p")
        .arg(&body)
        .args(["-T", "application/json"])
        .args(["-H", &format!("Authorization: Bearer {bearer}")])
        .arg("-e")
        .arg(&table)
        .arg(url)
        .output()
        .context("running ab (scripts/install-tools.sh bench installs it)")?;
    let said = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "ab failed ({}): {} {}",
            output.status,
            said.trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let count = |label: &str| -> anyhow::Result<usize> {
        Ok(field(&said, label)
            .map(|value| value.parse())
            .transpose()
            .with_context(|| format!("ab's {label:?}"))?
            .unwrap_or(0))
    };
    let (complete, failed, not_2xx) = (
        count("Complete requests")?,
        count("Failed requests")?,
        count("Non-2xx responses")?,
    );
    if complete != requests || failed != 0 || not_2xx != 0 {
        bail!("ab completed {complete} of {requests} requests, {failed} failed, {not_2xx} not 2xx");
    }
    let seconds = field(&said, "Time taken for tests")
        .and_then(|value| value.split_whitespace().next())
        .and_then(|seconds| seconds.parse().ok())
        .with_context(|| format!("no time in ab's report: {said}"))?;
    let table = std::fs::read_to_string(&table).context("reading ab's percentiles")?;
    Ok(Round {
        requests: complete,
        seconds,
        kept_alive: count("Keep-Alive requests")?,
        p50_ms: median(&table).with_context(|| format!("no median in ab's table: {table}"))?,
    })
}

/// The value after `label:` in ab's report.
fn field<'a>(report: &'a str, label: &str) -> Option<&'a str> {
    report.lines().find_map(|line| {
        line.trim()
            .strip_prefix(label)
            .and_then(|rest| rest.trim_start().strip_prefix(':'))
            .map(str::trim)
    })
}

/// The time of the row `50` of ab's `-e` table (`Percentage served,Time
/// in ms`).
fn median(table: &str) -> Option<f64> {
    table.lines().find_map(|line| {
        let (percent, millis) = line.split_once(',')?;
        (percent.trim() == "50")
            .then(|| millis.trim().parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ab_s_report_and_table_are_read_by_label_and_row() {
        let report = "Complete requests:      1000\nFailed requests:        0\n\
                      Keep-Alive requests:    1000\nTime taken for tests:   0.412 seconds\n";
        assert_eq!(field(report, "Complete requests"), Some("1000"));
        assert_eq!(field(report, "Time taken for tests"), Some("0.412 seconds"));
        assert_eq!(field(report, "Non-2xx responses"), None);
        let table = "Percentage served,Time in ms\n0,0.201\n49,0.470\n50,0.482\n51,0.490\n";
        assert_eq!(median(table), Some(0.482));
    }
}
