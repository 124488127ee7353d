//! The Lambda binaries' size: each host-arch release build (as `make bench`
//! builds it, in `TWOFOLD_LAMBDA_DIR`) stripped of symbols by the system's
//! `strip`, then zipped here as Lambda takes it (`bootstrap` in a zip,
//! deflated at level 9); and the arm64 zips `make lambda` last made
//! (`target/lambda/*/bootstrap.zip`), when there are any.

use std::{
    fs::File,
    io,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};
use zip::{write::SimpleFileOptions, CompressionMethod, ZipWriter};

use crate::{figure::Figure, utc};

/// The Lambda functions, one binary each.
const FUNCTIONS: [&str; 3] = ["authentication", "account", "notifier"];
/// Issue 11, measured by hand on x86_64: each binary 15.0 MB stripped,
/// 6.7 MB zipped.
const ISSUE_STRIPPED: f64 = 15.0e6;
const ISSUE_ZIPPED: f64 = 6.7e6;
const ISSUE_LABEL: &str = "issue 11, by hand";

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    let lambda_dir = PathBuf::from(
        std::env::var_os("TWOFOLD_LAMBDA_DIR").context("TWOFOLD_LAMBDA_DIR is not set")?,
    );
    let arch = std::env::consts::ARCH;
    let mut figures = Vec::new();
    for name in FUNCTIONS {
        let binary = lambda_dir.join(name);
        if !binary.is_file() {
            bail!(
                "{} is missing: build it with `cargo build --release --locked -p twofold-functions \
                 --features lambda --bin {name}` (make bench does)",
                binary.display()
            );
        }
        let work = tempfile::tempdir().context("a temporary folder")?;
        let stripped = work.path().join("bootstrap");
        strip(&binary, &stripped)?;
        let archive = work.path().join("bootstrap.zip");
        zip_as_bootstrap(&stripped, &archive)?;
        figures.push(
            Figure::new(
                format!("Lambda {name}, stripped ({arch})"),
                size(&stripped)?,
                "B",
                format!(
                    "target/release/{name} (release profile, --features lambda) through `strip`"
                ),
            )
            .baseline(ISSUE_STRIPPED, ISSUE_LABEL),
        );
        figures.push(
            Figure::new(
                format!("Lambda {name}, zipped ({arch})"),
                size(&archive)?,
                "B",
                "the stripped binary as `bootstrap` in a zip, deflate level 9",
            )
            .baseline(ISSUE_ZIPPED, ISSUE_LABEL),
        );
    }
    let made_by_cargo_lambda = twofold_e2e::server::target_dir().join("lambda");
    for name in FUNCTIONS {
        let archive = made_by_cargo_lambda.join(name).join("bootstrap.zip");
        if !archive.is_file() {
            continue;
        }
        let built = archive
            .metadata()
            .and_then(|m| m.modified())
            .with_context(|| format!("when {} was made", archive.display()))?;
        figures.push(Figure::new(
            format!("Lambda {name}, zipped (arm64, make lambda)"),
            size(&archive)?,
            "B",
            format!(
                "target/lambda/{name}/bootstrap.zip as `make lambda` (cargo-lambda) last built it, \
                 {} UTC; not rebuilt by make bench",
                utc::minute(utc::seconds(built))
            ),
        ));
    }
    Ok(figures)
}

/// `binary` without its symbols, as `to` (the system's `strip`).
fn strip(binary: &Path, to: &Path) -> anyhow::Result<()> {
    let status = Command::new("strip")
        .arg("-o")
        .arg(to)
        .arg(binary)
        .status()
        .context("running `strip` (binutils)")?;
    if !status.success() {
        bail!("strip {} failed: {status}", binary.display());
    }
    Ok(())
}

/// `binary` as the executable `bootstrap` in the zip file `archive`,
/// deflated at level 9: what Lambda's custom runtime takes.
fn zip_as_bootstrap(binary: &Path, archive: &Path) -> anyhow::Result<()> {
    let mut zip = ZipWriter::new(
        File::create(archive).with_context(|| format!("creating {}", archive.display()))?,
    );
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .unix_permissions(0o755);
    zip.start_file("bootstrap", options)?;
    let mut source = File::open(binary).with_context(|| format!("reading {}", binary.display()))?;
    io::copy(&mut source, &mut zip).context("deflating the binary")?;
    zip.finish().context("finishing the zip")?;
    Ok(())
}

/// The size of `path`, in bytes.
fn size(path: &Path) -> anyhow::Result<f64> {
    let bytes = path
        .metadata()
        .with_context(|| format!("the size of {}", path.display()))?
        .len();
    Ok(bytes as f64)
}
