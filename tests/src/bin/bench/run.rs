//! `twofold-bench all [OUT [PERFORMANCE_MD]]`: what `make bench` runs
//! (scripts/bench-run.sh builds this binary and hands over to it). Builds
//! the release binaries the benchmarks measure, runs each benchmark in
//! turn as a process of its own (this binary with the benchmark's name)
//! into `OUT/NAME.jsonl` (its figures; `NAME.log` keeps its progress,
//! `NAME.seconds` its time, `NAME.error` why it failed), then writes the
//! report. A failed benchmark does not stop the others; the run fails at
//! the end if any did.

use std::{
    ffi::OsString,
    fs::File,
    io::{Read, Write},
    path::Path,
    process::{Command, ExitStatus, Stdio},
    time::Instant,
};

use anyhow::Context;

use twofold_e2e::utc;

use crate::{lambda_size, report};

/// A benchmark: its subcommand (and file name), and its section's title in
/// docs/PERFORMANCE.md, in the document's order.
#[derive(Debug)]
pub struct Benchmark {
    /// The subcommand, and the name of its files in the output folder.
    pub name: &'static str,
    /// The title of its section.
    pub title: &'static str,
    /// Whether it measures what the build step builds (the others run
    /// even when the build failed).
    pub needs_build: bool,
}

/// Every benchmark `all` runs, in the order of the report.
pub const BENCHMARKS: [Benchmark; 7] = [
    Benchmark {
        name: "sign-in",
        title: "SignIn against its floor",
        needs_build: true,
    },
    Benchmark {
        name: "load",
        title: "Load on one machine",
        needs_build: true,
    },
    Benchmark {
        name: "cold-start",
        title: "Cold start",
        needs_build: true,
    },
    Benchmark {
        name: "lambda-size",
        title: "Lambda binaries",
        needs_build: true,
    },
    Benchmark {
        name: "memory",
        title: "Memory under concurrent sign-ins",
        needs_build: true,
    },
    Benchmark {
        name: "app-size",
        title: "The app's weight",
        needs_build: false,
    },
    Benchmark {
        name: "app-load",
        title: "The app's first load",
        needs_build: true,
    },
];

/// The release builds the benchmarks measure (this binary is built before
/// it runs), besides the Lambda floor ([`build_commands`]).
const BUILD: [&[&str]; 2] = [
    &[
        "build",
        "--release",
        "--locked",
        "-p",
        "twofold-functions",
        "--features",
        "local",
        "--bin",
        "twofold-local",
    ],
    &[
        "build",
        "--release",
        "--locked",
        "-p",
        "twofold-functions",
        "--features",
        "lambda",
        "--bin",
        "authentication",
        "--bin",
        "account",
        "--bin",
        "notifier",
    ],
];

/// Runs everything into `out` and the report into `document`; whether
/// every step succeeded.
pub fn run(out: &Path, document: &Path) -> anyhow::Result<bool> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("emptying {}", out.display()))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    report::Meta::now().write(out)?;
    let this = std::env::current_exe().context("where twofold-bench is")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let mut failed = Vec::new();
    let built = step(out, "build", &build_commands(&cargo), false)?;
    if !built {
        failed.push("build");
    }
    for benchmark in &BENCHMARKS {
        if benchmark.needs_build && !built {
            let error = out.join(format!("{}.error", benchmark.name));
            std::fs::write(error, "not run: the release build failed (see build.log)\n")?;
            continue;
        }
        let command = vec![this.clone().into_os_string(), benchmark.name.into()];
        if !step(out, benchmark.name, &[command], true)? {
            failed.push(benchmark.name);
        }
    }

    report::write(out, document)?;
    if !failed.is_empty() {
        eprintln!(
            "[bench] failed: {} (see {}/*.log); {} says what is missing",
            failed.join(" "),
            out.display(),
            document.display()
        );
    }
    Ok(failed.is_empty())
}

/// The build step's commands: [`BUILD`], then the Lambda floor's package
/// (a workspace of its own) into the same target folder, so that its
/// binary lands beside the functions'.
fn build_commands(cargo: &OsString) -> Vec<Vec<OsString>> {
    let mut commands: Vec<Vec<OsString>> = BUILD
        .iter()
        .map(|args| {
            std::iter::once(cargo.clone())
                .chain(args.iter().map(OsString::from))
                .collect()
        })
        .collect();
    let floor = [
        "build",
        "--release",
        "--locked",
        "--manifest-path",
        lambda_size::FLOOR_MANIFEST,
        "--target-dir",
    ];
    commands.push(
        std::iter::once(cargo.clone())
            .chain(floor.iter().map(OsString::from))
            .chain(std::iter::once(
                twofold_e2e::server::target_dir().into_os_string(),
            ))
            .collect(),
    );
    commands
}

/// Runs `commands` one after the other as the step `name`, stopping at the
/// first that fails; their stderr shown and kept in `NAME.log`, with
/// `figures` their stdout in `NAME.jsonl`. Whether all succeeded.
fn step(out: &Path, name: &str, commands: &[Vec<OsString>], figures: bool) -> anyhow::Result<bool> {
    eprintln!("== bench {name} ({} UTC)", utc::time_of_day(utc::now()));
    let started = Instant::now();
    let file = |extension: &str| out.join(format!("{name}.{extension}"));
    let mut log = File::create(file("log")).context("the step's log")?;
    let stdout = if figures {
        Some(File::create(file("jsonl")).context("the step's figures")?)
    } else {
        None
    };
    let mut failure = None;
    for command in commands {
        let shown = shown(command);
        let status = run_one(command, stdout.as_ref(), &mut log);
        let why = match status {
            Ok(status) if status.success() => continue,
            Ok(status) => match status.code() {
                Some(code) => format!("exit {code}"),
                None => format!("{status}"),
            },
            Err(error) => format!("{error:#}"),
        };
        failure = Some(format!("`{shown}` failed ({why})"));
        break;
    }
    std::fs::write(
        file("seconds"),
        format!("{:.3}", started.elapsed().as_secs_f64()),
    )?;
    let Some(failure) = failure else {
        return Ok(true);
    };
    let logged = std::fs::read_to_string(file("log")).unwrap_or_default();
    let lines: Vec<&str> = logged.lines().collect();
    let last: Vec<String> = lines[lines.len().saturating_sub(5)..]
        .iter()
        .map(|line| format!("    {line}"))
        .collect();
    std::fs::write(
        file("error"),
        format!("{failure}; its last words:\n\n{}\n", last.join("\n")),
    )?;
    Ok(false)
}

/// One command, its stdout to `stdout` (or ours), its stderr to ours and
/// to `log`.
fn run_one(
    command: &[OsString],
    stdout: Option<&File>,
    log: &mut File,
) -> anyhow::Result<ExitStatus> {
    let (program, args) = command.split_first().context("an empty command")?;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(twofold_e2e::server::workspace_root())
        .stdin(Stdio::null())
        .stdout(match stdout {
            Some(file) => Stdio::from(file.try_clone()?),
            None => Stdio::inherit(),
        })
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting `{}`", shown(command)))?;
    if let Some(mut stderr) = child.stderr.take() {
        let mut buffer = [0u8; 8192];
        loop {
            let read = stderr.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            log.write_all(&buffer[..read])?;
            // Progress for the person watching; the log keeps it anyway.
            let _ = std::io::stderr().write_all(&buffer[..read]);
        }
    }
    Ok(child.wait()?)
}

/// A command as a person would type it (this binary by its name).
fn shown(command: &[OsString]) -> String {
    command
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let path = Path::new(part);
            match path.file_name() {
                Some(name) if index == 0 => name.to_string_lossy().into_owned(),
                _ => part.to_string_lossy().into_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
