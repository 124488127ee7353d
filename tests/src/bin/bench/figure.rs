//! What every benchmark prints and the report reads: one JSON line per
//! figure, written and read by the one [`Figure`] type, so the two cannot
//! drift apart. Also the percentiles the figures are made of.

use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Deserializer, Serialize};

/// One row of the table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    /// What is measured, in words.
    pub figure: String,
    /// The measured value; NaN when nothing could be measured (written as
    /// `null`, read back as NaN).
    #[serde(deserialize_with = "nan_when_null")]
    pub value: f64,
    /// Its unit (`ms`, `req/s`, `B`, `MiB`, `count`).
    pub unit: String,
    /// The floor or baseline it is compared with, in the same unit; `None`
    /// when there is none.
    pub baseline: Option<f64>,
    /// What the baseline is (measured in this run, or quoted from where).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_label: Option<String>,
    /// The target, in words (`ratio ≤ 1.05`, `≤ 20 ms`, `0`).
    pub target: Option<String>,
    /// Whether the target is met; `None` without a target.
    pub met: Option<bool>,
    /// How it was measured.
    pub how: String,
    /// Other numbers of the same measurement (p99, errors, samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For a missed target: why, and what would fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// `null` (how serde_json writes NaN) read back as NaN.
fn nan_when_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

impl Figure {
    /// A figure without baseline or target.
    pub fn new(
        figure: impl Into<String>,
        value: f64,
        unit: &str,
        how: impl Into<String>,
    ) -> Figure {
        Figure {
            figure: figure.into(),
            value,
            unit: unit.to_owned(),
            baseline: None,
            baseline_label: None,
            target: None,
            met: None,
            how: how.into(),
            detail: None,
            why: None,
        }
    }

    /// Compared with `baseline`, which `label` describes.
    pub fn baseline(mut self, baseline: f64, label: impl Into<String>) -> Figure {
        self.baseline = Some(baseline);
        self.baseline_label = Some(label.into());
        self
    }

    /// With a target, whether it is met, and (read only when it is not)
    /// why and what would fix it.
    pub fn target(
        mut self,
        target: impl Into<String>,
        met: bool,
        why: impl Into<String>,
    ) -> Figure {
        self.target = Some(target.into());
        self.met = Some(met);
        if !met {
            self.why = Some(why.into());
        }
        self
    }

    /// With other numbers of the same measurement.
    pub fn detail(mut self, detail: impl Into<String>) -> Figure {
        self.detail = Some(detail.into());
        self
    }

    /// The value over the baseline.
    pub fn ratio(&self) -> Option<f64> {
        self.baseline.filter(|b| *b != 0.0).map(|b| self.value / b)
    }

    /// The figures of a benchmark's output (its JSON lines; other lines are
    /// not figures), in order.
    pub fn read_all(output: &str) -> anyhow::Result<Vec<Figure>> {
        output
            .lines()
            .map(str::trim)
            .enumerate()
            .filter(|(_, line)| line.starts_with('{'))
            .map(|(index, line)| {
                serde_json::from_str(line)
                    .with_context(|| format!("line {} is not a figure: {line}", index + 1))
            })
            .collect()
    }

    /// Prints the JSON line (stdout: the report reads it) and a line for
    /// people (stderr).
    pub fn emit(&self) {
        let ratio = self
            .ratio()
            .map(|r| format!("  x{r:.3}"))
            .unwrap_or_default();
        let met = match self.met {
            Some(true) => "  met",
            Some(false) => "  MISSED",
            None => "",
        };
        eprintln!(
            "  {:<58} {:>10.2} {}{ratio}{met}",
            self.figure, self.value, self.unit
        );
        match serde_json::to_string(self) {
            Ok(line) => println!("{line}"),
            Err(error) => eprintln!("  (not written: {error})"),
        }
    }
}

/// Durations of one kind of operation.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    millis: Vec<f64>,
}

impl Samples {
    /// Adds one.
    pub fn push(&mut self, took: Duration) {
        self.millis.push(took.as_secs_f64() * 1000.0);
    }

    /// Adds one, in milliseconds.
    pub fn push_ms(&mut self, millis: f64) {
        self.millis.push(millis);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: &Samples) {
        self.millis.extend_from_slice(&other.millis);
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.millis.len()
    }

    /// The `p`-th percentile (nearest rank), in milliseconds; NaN when empty.
    pub fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.millis.clone();
        sorted.sort_by(f64::total_cmp);
        if sorted.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    /// The median, in milliseconds.
    pub fn p50(&self) -> f64 {
        self.percentile(50.0)
    }
}

/// `12.34` with two decimals, for details.
pub fn ms(value: f64) -> String {
    format!("{value:.2} ms")
}
