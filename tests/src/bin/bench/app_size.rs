//! The app's weight: everything the browser fetches for the sign-in page
//! (signin.html and the files it names: stylesheet, loader, wasm), raw,
//! gzip and brotli, against the same for the app's page (index.html, every
//! other page), as `make app` built and precompressed them in `dist/`.
//! Which files a page fetches, and the sign-in page's budget, are the ones
//! `make test` holds it to (`twofold_e2e::app_weight`).

use std::{
    ops::AddAssign,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context};
use twofold_e2e::{
    app_weight::{fetched_by, SIGN_IN_PAGE_GZIP_BUDGET},
    browser::dist_dir,
};

use crate::figure::Figure;

/// Bytes of a set of files, as built and as precompressed.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl AddAssign for Weight {
    fn add_assign(&mut self, other: Weight) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// A page of `dist/` and what the browser fetches for it.
struct Page {
    dist: PathBuf,
    /// The page itself first, then the files it names (names in `dist/`).
    files: Vec<String>,
}

impl Page {
    fn read(dist: &Path, page: &str) -> anyhow::Result<Page> {
        let html = std::fs::read_to_string(dist.join(page))
            .with_context(|| format!("dist/{page} (run `make app`)"))?;
        let mut files = vec![page.to_owned()];
        files.extend(
            fetched_by(&html)
                .into_iter()
                .map(|path| path.trim_start_matches('/').to_owned()),
        );
        Ok(Page {
            dist: dist.to_owned(),
            files,
        })
    }

    /// The files' bytes, raw and as their `.gz` and `.br` files.
    fn weight(&self) -> anyhow::Result<Weight> {
        let mut total = Weight::default();
        for name in &self.files {
            total += Weight {
                raw: self.size(name)?,
                gzip: self.size(&format!("{name}.gz"))?,
                brotli: self.size(&format!("{name}.br"))?,
            };
        }
        Ok(total)
    }

    /// The raw bytes of the page's wasm.
    fn wasm(&self) -> anyhow::Result<u64> {
        let wasm = self
            .files
            .iter()
            .find(|name| name.ends_with(".wasm"))
            .with_context(|| format!("{} names no wasm", self.files[0]))?;
        self.size(wasm)
    }

    fn size(&self, name: &str) -> anyhow::Result<u64> {
        Ok(std::fs::metadata(self.dist.join(name))
            .with_context(|| format!("dist/{name} (run `make app`)"))?
            .len())
    }

    /// How it was weighed: the files, without their content hashes.
    fn how(&self) -> String {
        let names: Vec<String> = self.files.iter().map(|n| without_hash(n)).collect();
        format!(
            "sum of the dist/ files it fetches ({}), as built by make app",
            names.join(", ")
        )
    }
}

/// `twofold-app-0123456789abcdef_bg.wasm` → `twofold-app_bg.wasm`: Trunk's
/// content hash taken out. Trunk writes the hash as a hexadecimal number
/// without leading zeros: up to 16 digits (8 or more here, so that a word
/// of the name is never taken for one), then `_` or `.`.
fn without_hash(name: &str) -> String {
    let mut out = String::new();
    let mut rest = name;
    while let Some(at) = rest.find('-') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let digits = after[1..]
            .find(|c: char| !matches!(c, '0'..='9' | 'a'..='f'))
            .unwrap_or(after.len() - 1);
        let ends_there = after[1 + digits..].starts_with(['_', '.']);
        if (8..=16).contains(&digits) && ends_there {
            rest = &after[1 + digits..];
        } else {
            out.push('-');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    let dist = dist_dir()?;
    if !dist.join(".release-build").is_file() {
        bail!("no release build in {}: run `make app`", dist.display());
    }
    let sign_in = Page::read(&dist, "signin.html")?;
    let app = Page::read(&dist, "index.html")?;
    let (total, app_total) = (sign_in.weight()?, app.weight()?);
    eprintln!(
        "app-size: {:?} against the app's {:?}",
        sign_in.files, app.files
    );

    let met = total.gzip <= SIGN_IN_PAGE_GZIP_BUDGET;
    let gzip = Figure::new(
        "Sign-in page, gzip",
        total.gzip as f64,
        "B",
        format!(
            "{}; baseline: the app's page, which a load of /signin fetched before the sign-in bundle",
            sign_in.how()
        ),
    )
    .baseline(app_total.gzip as f64, "the app's page")
    .target(
        format!("≤ {} KiB", SIGN_IN_PAGE_GZIP_BUDGET / 1024),
        met,
        "The sign-in bundle (app/signin.html, the sign-in page without the router or any other screen) \
         has grown past the budget: twiggy on its wasm shows what grew (issue 11's note has the ladder: \
         one bundle for every page 311 KB gzip of wasm; the sign-in bundle 117 KB).",
    );
    let brotli = Figure::new(
        "Sign-in page, brotli",
        total.brotli as f64,
        "B",
        sign_in.how(),
    )
    .baseline(app_total.brotli as f64, "the app's page");
    let raw = Figure::new("Sign-in page, raw", total.raw as f64, "B", sign_in.how())
        .baseline(app_total.raw as f64, "the app's page");
    let mut wasm = Figure::new(
        "Sign-in wasm, raw",
        sign_in.wasm()? as f64,
        "B",
        "dist/twofold-sign-in-*_bg.wasm after wasm-opt -Oz; baseline the app's",
    );
    wasm.baseline = Some(app.wasm()? as f64);
    let app_page = Figure::new(
        "App page (every other page), gzip",
        app_total.gzip as f64,
        "B",
        format!(
            "{}; fetched after signing in, kept a year by name",
            app.how()
        ),
    );
    Ok(vec![gzip, brotli, raw, wasm, app_page])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_s_content_hashes_are_left_out_of_file_names() {
        assert_eq!(
            without_hash("twofold-sign-in-0123456789abcdef_bg.wasm"),
            "twofold-sign-in_bg.wasm"
        );
        assert_eq!(without_hash("main-fedcba9876543210.css"), "main.css");
        assert_eq!(without_hash("signin.html"), "signin.html");
        assert_eq!(without_hash("twofold-sign-in.js"), "twofold-sign-in.js");
        // A hash whose first digit was 0: 15 digits.
        assert_eq!(
            without_hash("twofold-app-771eedaa8d6aee0_bg.wasm"),
            "twofold-app_bg.wasm"
        );
        assert_eq!(
            without_hash("twofold-app-771eedaa8d6aee0.js"),
            "twofold-app.js"
        );
    }
}
