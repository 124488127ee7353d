//! Accessibility audits with axe-core (npm), injected into the page by the
//! tests: every screen state is checked at a computer's and a phone's size.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::Browser;
use crate::server::{built_by_make, workspace_root};

/// The two sizes every state is audited (and photographed) at.
pub const SIZES: [(u32, u32); 2] = [(1280, 800), (360, 740)];

/// axe.min.js as `make tools` installs it: `TWOFOLD_AXE_JS` (set by `make
/// tests`), or the cache folder named after the version in
/// `scripts/tool-versions`.
pub fn axe_js() -> Result<String> {
    let versions = std::fs::read_to_string(workspace_root().join("scripts/tool-versions"))
        .context("reading scripts/tool-versions")?;
    let version = versions
        .lines()
        .find_map(|line| line.strip_prefix("AXE_CORE_VERSION="))
        .context("scripts/tool-versions names no AXE_CORE_VERSION")?
        .trim()
        .to_string();
    let cache = std::env::var_os("TWOFOLD_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/twofold")))
        .unwrap_or_default();
    let default = cache
        .join(format!("axe-core-{version}"))
        .join("node_modules/axe-core/axe.min.js");
    let path = built_by_make("TWOFOLD_AXE_JS", default, "tools");
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// Runs axe-core over the page as it is and fails with every violation
/// (rule, impact, the elements concerned), naming `state`.
pub async fn audit(browser: &Browser, state: &str) -> Result<()> {
    browser.settled().await?;
    let loaded = browser
        .script("return typeof window.axe === 'object';")
        .await?;
    if !loaded.as_bool().unwrap_or(false) {
        // Run as the script's own body: WebDriver scripts are not subject
        // to the page's Content-Security-Policy, a <script> element would be.
        let source = axe_js()?;
        browser
            .script(&format!("{source}\n;return true;"))
            .await
            .context("injecting axe-core")?;
    }
    let result = browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { resultTypes: ['violations'] }) \
               .then(r => done(r.violations.map(v => ({ \
                   id: v.id, impact: v.impact, help: v.help, \
                   nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))) \
               .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));",
            Vec::new(),
        )
        .await
        .context("running axe-core")?;
    let violations = result.as_array().cloned().unwrap_or_default();
    if !violations.is_empty() {
        let listed: Vec<String> = violations
            .iter()
            .map(|v| {
                format!(
                    "{} ({}): {} at {}",
                    v["id"], v["impact"], v["help"], v["nodes"]
                )
            })
            .collect();
        bail!(
            "axe-core found {} violation(s) in {state}:\n{}",
            violations.len(),
            listed.join("\n")
        );
    }
    Ok(())
}

/// Audits the state at both [`SIZES`], with a screenshot of each (named
/// `state-1280` and `state-360`), and comes back to the computer's size.
pub async fn audit_at_both_sizes(browser: &Browser, state: &str) -> Result<()> {
    for (width, height) in SIZES {
        browser.resize(width, height).await?;
        browser.screenshot(&format!("{state}-{width}")).await?;
        audit(browser, &format!("{state} at {width}×{height}")).await?;
    }
    browser.resize(SIZES[0].0, SIZES[0].1).await
}
