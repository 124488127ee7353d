//! The time from navigation to an interactive sign-in form: a release
//! twofold-local serving `dist/`, a fresh headless Chromium (empty cache) per
//! load, and the app's `twofold-interactive` User Timing mark (set right
//! after Leptos mounts the first page, app/src/main.rs), read with the
//! Performance API. The median of 10 loads, against the moment the wasm's
//! last byte arrived (Resource Timing) in the same loads: the rest is
//! compiling it and the first render. With what the browser transferred.

use anyhow::{ensure, Context};
use serde_json::Value;
use twofold_e2e::browser::{dist_dir, eventually, Browser};
use twofold_e2e::{ServerOptions, TestApp};

use crate::figure::{ms, Figure, Samples};

const LOADS: usize = 10;

/// The mark's time since navigation start and the bytes the page's
/// resources took on the wire, once the form is there.
const PROBE: &str = "
    const mark = performance.getEntriesByName('twofold-interactive')[0];
    const form = document.querySelector('input[autocomplete=username]');
    if (!mark || !form) { return null; }
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource')
        .filter(r => r.name.startsWith(location.origin) && !r.name.includes('/1.0/'));
    const wasm = resources.find(r => r.name.endsWith('.wasm'));
    return {
        interactive: mark.startTime,
        fetched: wasm ? wasm.responseEnd : null,
        transferred: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    };
";

pub fn run() -> anyhow::Result<Vec<Figure>> {
    let runtime = tokio::runtime::Runtime::new()?;
    eprintln!("app-load: {LOADS} cold loads of /signin in headless Chromium");
    let app = TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..ServerOptions::with_env(&[("RUST_LOG", "warn")])
    });
    let mut samples = Samples::default();
    let mut fetched = Samples::default();
    let mut transferred = 0.0;
    for _ in 0..LOADS {
        let (interactive, wasm_fetched, bytes) = runtime.block_on(async {
            let browser = Browser::start(app.url(), "bench-app-load").await?;
            browser.open("/signin").await?;
            let probe = eventually("the sign-in form and the interactive mark", || async {
                let value = browser.script(PROBE).await?;
                Ok((!value.is_null()).then_some(value))
            })
            .await?;
            browser.finish().await?;
            let number = |name: &str| probe.get(name).and_then(Value::as_f64);
            Ok::<_, anyhow::Error>((
                number("interactive").context("the mark's time")?,
                number("fetched").context("the wasm's resource timing")?,
                number("transferred").context("the transferred bytes")?,
            ))
        })?;
        samples.push_ms(interactive);
        fetched.push_ms(wasm_fetched);
        transferred = bytes;
    }
    ensure!(samples.len() == LOADS, "every load measured");
    let p50 = samples.p50();
    Ok(vec![Figure::new(
        "Navigation to an interactive sign-in form",
        p50,
        "ms",
        format!(
            "headless Chromium, fresh profile per load, loopback release twofold-local; \
             performance mark after the first mount; median of {LOADS}"
        ),
    )
    .baseline(
        fetched.p50(),
        "the wasm's last byte arrived (Resource Timing responseEnd), median of the same loads",
    )
    .detail(format!(
        "min {} · max {} · {transferred:.0} B transferred per cold load",
        ms(samples.percentile(0.0)),
        ms(samples.percentile(100.0)),
    ))])
}
