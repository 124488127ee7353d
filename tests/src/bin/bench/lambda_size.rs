//! The Lambda binaries' size: each host-arch release build (as `make bench`
//! builds it, in `TWOFOLD_LAMBDA_DIR`) stripped of symbols by the system's
//! `strip`, then zipped here as Lambda takes it (`bootstrap` in a zip,
//! deflated at level 9); and the arm64 zips `make lambda` last made
//! (`target/lambda/*/bootstrap.zip`), when there are any.
//!
//! Each is compared with the same run's floor: a Lambda function that only
//! answers (`lambda_floor/`: lambda_http and tokio, the workspace's release
//! profile), built by `twofold-bench all` beside them, stripped and zipped
//! the same way.

use std::{
    fs::File,
    io,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};
use zip::{write::SimpleFileOptions, CompressionMethod, ZipWriter};

use twofold_e2e::utc;

use crate::figure::Figure;

/// The Lambda functions, one binary each.
const FUNCTIONS: [&str; 3] = ["authentication", "account", "notifier"];
/// The floor's binary, in `TWOFOLD_LAMBDA_DIR` beside the functions'.
pub const FLOOR: &str = "twofold-lambda-floor";
/// The floor's package: a workspace of its own, which `twofold-bench all`
/// builds into the Twofold target folder (`run::build_commands`).
pub const FLOOR_MANIFEST: &str = "tests/src/bin/bench/lambda_floor/Cargo.toml";

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    let lambda_dir = PathBuf::from(
        std::env::var_os("TWOFOLD_LAMBDA_DIR").context("TWOFOLD_LAMBDA_DIR is not set")?,
    );
    let arch = std::env::consts::ARCH;
    same_profile()?;
    let floor = weigh(&lambda_dir, FLOOR)?;
    let floor_label = "a Lambda function that only answers (lambda_http and tokio, same profile), \
                       this run";
    let mut figures = Vec::new();
    for name in FUNCTIONS {
        let weighed = weigh(&lambda_dir, name)?;
        figures.push(
            Figure::new(
                format!("Lambda {name}, stripped ({arch})"),
                weighed.stripped,
                "B",
                format!(
                    "target/release/{name} (release profile, --features lambda) through `strip`"
                ),
            )
            .baseline(floor.stripped, floor_label),
        );
        figures.push(
            Figure::new(
                format!("Lambda {name}, zipped ({arch})"),
                weighed.zipped,
                "B",
                "the stripped binary as `bootstrap` in a zip, deflate level 9",
            )
            .baseline(floor.zipped, floor_label),
        );
    }
    for (what, value) in [("stripped", floor.stripped), ("zipped", floor.zipped)] {
        figures.push(Figure::new(
            format!("Lambda floor, {what} ({arch})"),
            value,
            "B",
            format!(
                "target/release/{FLOOR}, built from {} with the workspace's release profile: \
                 lambda_http::run of a function that answers `{{}}`, weighed as above",
                FLOOR_MANIFEST.trim_end_matches("/Cargo.toml")
            ),
        ));
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

/// A binary's size stripped and zipped, in bytes.
struct Weighed {
    stripped: f64,
    zipped: f64,
}

/// The binary `name` in `lambda_dir`, stripped and zipped.
fn weigh(lambda_dir: &Path, name: &str) -> anyhow::Result<Weighed> {
    let binary = lambda_dir.join(name);
    if !binary.is_file() {
        bail!(
            "{} is missing: `twofold-bench all` (make bench) builds it",
            binary.display()
        );
    }
    let work = tempfile::tempdir().context("a temporary folder")?;
    let stripped = work.path().join("bootstrap");
    strip(&binary, &stripped)?;
    let archive = work.path().join("bootstrap.zip");
    zip_as_bootstrap(&stripped, &archive)?;
    Ok(Weighed {
        stripped: size(&stripped)?,
        zipped: size(&archive)?,
    })
}

/// Fails unless the floor's package builds with the workspace's release
/// profile (its manifest repeats it: a package of another workspace cannot
/// inherit it).
fn same_profile() -> anyhow::Result<()> {
    let root = twofold_e2e::server::workspace_root();
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map(|text| release_profile(&text))
            .with_context(|| format!("reading {}", path.display()))
    };
    let (workspace, floor) = (
        read(&root.join("Cargo.toml"))?,
        read(&root.join(FLOOR_MANIFEST))?,
    );
    if workspace != floor {
        bail!(
            "the floor's [profile.release] ({FLOOR_MANIFEST}: {floor:?}) differs from the \
             workspace's ({workspace:?}): make them say the same"
        );
    }
    Ok(())
}

/// The settings of a manifest's `[profile.release]`, without comments.
fn release_profile(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .skip_while(|line| *line != "[profile.release]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_profile_is_read_without_comments_up_to_the_next_table() {
        let manifest =
            "[workspace]\nmembers = []\n\n[profile.release]\n# why\nlto = \"thin\" # fast\n\
                        codegen-units = 4\n\n[profile.wasm-release]\nopt-level = \"z\"\n";
        assert_eq!(
            release_profile(manifest),
            vec!["lto = \"thin\"", "codegen-units = 4"]
        );
    }
}
