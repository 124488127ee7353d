//! `twofold-bench report OUT [PERFORMANCE_MD]`: docs/PERFORMANCE.md from
//! what the benchmarks measured. `twofold-bench all` leaves in OUT, per
//! benchmark, `NAME.jsonl` (its figures), `NAME.seconds` (its time) and,
//! when it failed, `NAME.error`, and `meta.json` ([`Meta`]: when the run
//! started and the load then). The report renders them between the
//! `bench:begin` and `bench:end` markers and leaves the rest of the file
//! (the notes below) as it is.
//!
//! A figure's target is in words; its ratio is value over baseline.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use twofold_e2e::utc;

use crate::{figure::Figure, run::BENCHMARKS};

const BEGIN: &str =
    "<!-- bench:begin (written by make bench: edit tests/src/bin/bench/report.rs, not this part) -->";
/// What finds the block whatever its begin marker says after it.
const BEGIN_PREFIX: &str = "<!-- bench:begin";
const END: &str = "<!-- bench:end -->";

/// When a run started, and the machine's load then.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// Seconds since the Unix epoch.
    pub started: f64,
    /// The load average over 1, 5 and 15 minutes.
    pub load_start: Option<[f64; 3]>,
}

impl Meta {
    /// Now, and the load now.
    pub fn now() -> Meta {
        Meta {
            started: utc::now(),
            load_start: load_average(),
        }
    }

    /// Writes `dir/meta.json`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join("meta.json");
        std::fs::write(&path, serde_json::to_string(self)?)
            .with_context(|| format!("writing {}", path.display()))
    }

    /// Reads `dir/meta.json`, if there is one.
    fn read(dir: &Path) -> anyhow::Result<Option<Meta>> {
        let path = dir.join("meta.json");
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Some(
            serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?,
        ))
    }
}

/// Renders `out` into `document` (created if missing).
pub fn write(out: &Path, document: &Path) -> anyhow::Result<()> {
    let meta = Meta::read(out)?;
    let block = block(out, meta.as_ref())?;
    let text = match std::fs::read_to_string(document) {
        Ok(text) => replace_block(&text, &block),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => format!(
            "# Performance\n\nWhat Twofold costs, measured against its floors (issue 11). The part between \
             the markers is written by `make bench`; notes on what changed and why go below it.\n\n{block}\n"
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("reading {}", document.display()))
        }
    };
    std::fs::write(document, text).with_context(|| format!("writing {}", document.display()))?;
    eprintln!("wrote {}", document.display());
    Ok(())
}

/// `text` with its block between the markers replaced by `block`, or with
/// `block` after its `# ` heading when it has no markers yet.
fn replace_block(text: &str, block: &str) -> String {
    if let (Some(start), Some(end)) = (text.find(BEGIN_PREFIX), text.find(END)) {
        if start < end {
            return format!("{}{block}{}", &text[..start], &text[end + END.len()..]);
        }
    }
    let at = if text.starts_with("# ") {
        text.find('\n').map_or(0, |newline| newline + 1)
    } else {
        0
    };
    format!("{}\n{block}\n{}", &text[..at], &text[at..])
}

/// The part between the markers.
fn block(out: &Path, meta: Option<&Meta>) -> anyhow::Result<String> {
    let now = utc::now();
    let started = meta.map_or(now, |m| m.started);
    let mut lines = vec![
        BEGIN.to_owned(),
        String::new(),
        format!(
            "Measured by `make bench` in {:.1} minutes on the machine below; each floor or baseline \
             marked \"this run\" was measured in the same run. Regenerate with `make bench`.",
            (now - started) / 60.0
        ),
        String::new(),
    ];
    lines.extend(machine(started, meta.and_then(|m| m.load_start)));
    let times: Vec<String> = std::iter::once("build")
        .chain(BENCHMARKS.iter().map(|b| b.name))
        .filter_map(|name| {
            let seconds = std::fs::read_to_string(out.join(format!("{name}.seconds"))).ok()?;
            let seconds: f64 = seconds.trim().parse().ok()?;
            Some(format!("{name} {seconds:.0} s"))
        })
        .collect();
    if !times.is_empty() {
        lines.push(format!("- **Time per step**: {}", times.join(", ")));
    }

    let mut misses = Vec::new();
    for benchmark in &BENCHMARKS {
        lines.extend([
            String::new(),
            format!("### {}", benchmark.title),
            String::new(),
        ]);
        let results = out.join(format!("{}.jsonl", benchmark.name));
        let figures = match std::fs::read_to_string(&results) {
            Ok(text) => {
                Figure::read_all(&text).with_context(|| format!("{}", results.display()))?
            }
            Err(_) => Vec::new(),
        };
        let error = std::fs::read_to_string(out.join(format!("{}.error", benchmark.name))).ok();
        if let Some(error) = &error {
            lines.push(format!("**Not measured in full**: {}", error.trim()));
            lines.push(String::new());
        }
        if figures.is_empty() {
            if error.is_none() {
                lines.push("Not measured: the benchmark printed no figures.".to_owned());
            }
            continue;
        }
        lines.extend(table(&figures));
        for figure in figures.iter().filter(|f| f.met == Some(false)) {
            let why = figure.why.clone().unwrap_or_else(|| {
                "no explanation was recorded by the benchmark that measured it".to_owned()
            });
            misses.push((figure.figure.clone(), why));
        }
    }

    lines.extend([
        String::new(),
        "### Targets missed".to_owned(),
        String::new(),
    ]);
    if misses.is_empty() {
        lines.push("None: every figure with a target met it.".to_owned());
    }
    for (figure, why) in misses {
        lines.push(format!(
            "- **{figure}**: {}.",
            why.trim_end_matches(['.', ' '])
        ));
    }
    lines.extend([String::new(), END.to_owned()]);
    Ok(lines.join("\n"))
}

/// The table of one benchmark's figures.
fn table(figures: &[Figure]) -> Vec<String> {
    let mut rows = vec![
        "| Figure | Value | Floor / baseline | Ratio | Target | Met | How measured |".to_owned(),
        "|---|---|---|---|---|---|---|".to_owned(),
    ];
    for f in figures {
        let mut baseline = number(f.baseline, &f.unit);
        if let (Some(_), Some(label)) = (f.baseline, f.baseline_label.as_deref()) {
            if !label.is_empty() {
                let _ = write!(baseline, " ({label})");
            }
        }
        let ratio = f
            .ratio()
            .filter(|r| r.is_finite())
            .map_or_else(|| "—".to_owned(), |r| format!("{r:.3}"));
        let target = f
            .target
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "—".to_owned());
        let met = match f.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let mut how = f.how.clone();
        if let Some(detail) = f.detail.as_deref().filter(|d| !d.is_empty()) {
            let _ = write!(how, " ({detail})");
        }
        let cells = [
            f.figure.clone(),
            number(Some(f.value), &f.unit),
            baseline,
            ratio,
            target,
            met.to_owned(),
            how,
        ];
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        rows.push(format!("| {} |", cells.join(" | ")));
    }
    rows
}

/// A value in its unit, as the table shows it; `—` for none (or NaN).
fn number(value: Option<f64>, unit: &str) -> String {
    let Some(value) = value.filter(|v| !v.is_nan()) else {
        return "—".to_owned();
    };
    match unit {
        "B" if value.abs() >= 1_000_000.0 => format!("{:.2} MB", value / 1_000_000.0),
        "B" => format!("{:.1} KiB", value / 1024.0),
        "req/s" => format!("{} req/s", grouped(value)),
        "ms" => format!("{value:.2} ms"),
        "MiB" => format!("{value:.1} MiB"),
        "count" | "" => grouped(value),
        other => format!("{value} {other}"),
    }
}

/// `value` rounded to a whole number, with thousands separated by commas.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if value < 0.0 && digits.chars().any(|d| d != '0') {
        out.insert(0, '-');
    }
    out
}

/// Text safe in a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// What the numbers were measured on.
fn machine(started: f64, load_start: Option<[f64; 3]>) -> Vec<String> {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = first_field("/proc/cpuinfo", "model name");
    let memory = first_field("/proc/meminfo", "MemTotal")
        .split_whitespace()
        .next()
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0),
        );
    let kernel = format!(
        "{} {} ({})",
        proc_text("/proc/sys/kernel/ostype"),
        proc_text("/proc/sys/kernel/osrelease"),
        std::env::consts::ARCH
    );
    let rustc = output_of("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_owned());
    let commit = match output_of("git", &["rev-parse", "--short", "HEAD"]) {
        Some(commit) => {
            // --no-optional-locks: reading the status must not rewrite the index.
            let dirty = output_of("git", &["--no-optional-locks", "status", "--porcelain"])
                .is_some_and(|changes| !changes.is_empty());
            if dirty {
                format!("{commit} with uncommitted changes")
            } else {
                commit
            }
        }
        None => "unknown".to_owned(),
    };
    let load =
        |load: Option<[f64; 3]>| load.map_or_else(|| "?".to_owned(), |l| format!("{:.2}", l[0]));
    vec![
        format!("- **Cores**: {cores} · **CPU**: {cpu} · **memory**: {memory}"),
        format!("- **Kernel**: {kernel} · **rustc**: {rustc}"),
        format!(
            "- **Commit**: {commit} · **measured**: {} UTC",
            utc::minute(started)
        ),
        format!(
            "- **Load average** (1 min) at the start and the end: {} and {} (other work on the machine \
             shows here; the ratios compare figures measured side by side)",
            load(load_start),
            load(load_average())
        ),
    ]
}

/// The load average over 1, 5 and 15 minutes (`/proc/loadavg`).
fn load_average() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>().ok());
    Some([numbers.next()??, numbers.next()??, numbers.next()??])
}

/// The value of the first `key: value` line of `path`, or `unknown`.
fn first_field(path: &str, key: &str) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_once(':'))
                .map(|(_, value)| value.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A one-line file of `/proc`, trimmed, or `unknown`.
fn proc_text(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// What `program args` prints, trimmed, when it succeeds; run in the
/// workspace, so git describes this checkout.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(twofold_e2e::server::workspace_root())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The default output folder: `target/bench` (or under `CARGO_TARGET_DIR`).
pub fn default_out() -> PathBuf {
    twofold_e2e::server::target_dir().join("bench")
}

/// The default document: the workspace's docs/PERFORMANCE.md.
pub fn default_document() -> PathBuf {
    twofold_e2e::server::workspace_root().join("docs/PERFORMANCE.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_table_has_always_shown_them() {
        assert_eq!(number(Some(6_400_000.0), "B"), "6.40 MB");
        assert_eq!(number(Some(129_967.0), "B"), "126.9 KiB");
        assert_eq!(number(Some(1276.6), "req/s"), "1,277 req/s");
        assert_eq!(number(Some(36.013), "ms"), "36.01 ms");
        assert_eq!(number(Some(4447.4), "MiB"), "4447.4 MiB");
        assert_eq!(number(Some(1_234_567.0), "count"), "1,234,567");
        assert_eq!(number(Some(f64::NAN), "ms"), "—");
        assert_eq!(number(None, "ms"), "—");
    }

    #[test]
    fn a_row_carries_baseline_label_ratio_and_detail() {
        let figure = Figure::new("SignIn, p50", 36.0, "ms", "HTTP | loopback")
            .baseline(32.0, "bare verify")
            .target("ratio ≤ 1.05", false, "slow")
            .detail("p90 40 ms");
        assert_eq!(
            table(&[figure])[2],
            "| SignIn, p50 | 36.00 ms | 32.00 ms (bare verify) | 1.125 | ratio ≤ 1.05 | **no** | \
             HTTP \\| loopback (p90 40 ms) |"
        );
    }

    #[test]
    fn the_block_replaces_the_one_between_the_markers_and_keeps_the_notes() {
        let text = "# Performance\n\nIntro.\n\n<!-- bench:begin (old words) -->\nold\n<!-- bench:end -->\n\n## Notes\n";
        assert_eq!(
            replace_block(text, "NEW"),
            "# Performance\n\nIntro.\n\nNEW\n\n## Notes\n"
        );
        assert_eq!(
            replace_block("# Performance\nNotes.\n", "NEW"),
            "# Performance\n\nNEW\nNotes.\n"
        );
    }
}
