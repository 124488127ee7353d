//! A cold load of `/signin`: a release twofold-local serving `dist/`, a
//! fresh headless Chromium (empty cache) per load, 10 loads per profile.
//!
//! Two moments of each load, read with the Performance API:
//!
//! - the form on screen: the first contentful paint. The page's first
//!   HTML holds the sign-in form (prerendered at build time,
//!   scripts/build-app.sh), and nothing else that paints, so that paint
//!   is the form, typeable from then on; before it was prerendered, the
//!   first paint came with the app's first render. Its floor: the HTML
//!   and its stylesheet arrived (the paint waits for both).
//! - the code taking over: the app's `twofold-interactive` User Timing mark
//!   (set right after Leptos mounts the live page, app/src/lib.rs). Its
//!   floor: the wasm's last byte arrived; the rest is compiling it and the
//!   first render.
//!
//! Measured without throttling (loopback, this machine's CPU), and on
//! Lighthouse's "slow 4G" mobile profile through the Chrome DevTools
//! Protocol (ChromeDriver's CDP passthrough), set before navigating: see
//! [`SLOW_4G`].

use anyhow::{ensure, Context};
use serde_json::{json, Value};
use twofold_e2e::browser::{dist_dir, eventually, Browser};
use twofold_e2e::{ServerOptions, TestApp};

use crate::figure::{ms, Figure, Samples};

const LOADS: usize = 10;

/// The target for the form on screen on [`SLOW_4G`] (issue 22).
const FORM_TARGET_MS: f64 = 800.0;

/// A network and a CPU to load the page on.
#[derive(Debug, Clone, Copy)]
struct Profile {
    /// How the figures name it.
    name: &'static str,
    /// `Network.emulateNetworkConditions`; `None`: loopback as it is.
    network: Option<Network>,
    /// `Emulation.setCPUThrottlingRate`: how many times slower (1: none).
    cpu_slowdown: f64,
}

/// A throttled network, as Lighthouse writes it.
#[derive(Debug, Clone, Copy)]
struct Network {
    /// Round-trip time, applied by DevTools to each request.
    rtt_ms: f64,
    /// Kilobits (1024 bits) per second, down.
    down_kbps: f64,
    /// Kilobits (1024 bits) per second, up.
    up_kbps: f64,
}

impl Network {
    /// `Network.emulateNetworkConditions`' parameters: bytes per second,
    /// converted as Lighthouse converts them (`kbps * 1024 / 8`, floored).
    fn conditions(self) -> Value {
        let bytes_per_second = |kbps: f64| (kbps * 1024.0 / 8.0).floor();
        json!({
            "offline": false,
            "latency": self.rtt_ms,
            "downloadThroughput": bytes_per_second(self.down_kbps),
            "uploadThroughput": bytes_per_second(self.up_kbps),
        })
    }
}

/// Today's figure: loopback, this machine's CPU.
const UNTHROTTLED: Profile = Profile {
    name: "loopback",
    network: None,
    cpu_slowdown: 1.0,
};

/// Lighthouse's mobile "slow 4G" profile (core/config/constants.js,
/// `throttling.mobileSlow4G`): 150 ms round trips, 1.6 Mbps down
/// (`throughputKbps: 1.6 * 1024`), 675 kbps up (`750 * 0.9`, the upload it
/// applies), and a CPU 4 times slower. The round trip is applied once per
/// request here; Lighthouse's own DevTools mode stretches it to 562.5 ms
/// per request (`150 * 3.75`, its estimate of the connections' extra
/// round trips), which this does not.
const SLOW_4G: Profile = Profile {
    name: "slow 4G",
    network: Some(Network {
        rtt_ms: 150.0,
        down_kbps: 1.6 * 1024.0,
        up_kbps: 750.0 * 0.9,
    }),
    cpu_slowdown: 4.0,
};

/// The moments of one load (ms since navigation start) and the bytes its
/// resources took on the wire, once the code has taken over.
const PROBE: &str = "
    const mark = performance.getEntriesByName('twofold-interactive')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const form = document.querySelector('input[autocomplete~=username]');
    if (!mark || !paint || !form) { return null; }
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource')
        .filter(r => r.name.startsWith(location.origin) && !r.name.includes('/1.0/'));
    const end = suffix => {
        const resource = resources.find(r => r.name.endsWith(suffix));
        return resource ? resource.responseEnd : null;
    };
    return {
        painted: paint.startTime,
        interactive: mark.startTime,
        html: nav.responseEnd,
        css: end('.css'),
        wasm: end('.wasm'),
        transferred: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    };
";

/// What one cold load measured.
#[derive(Debug, Clone, Copy)]
struct Load {
    /// The first contentful paint.
    painted: f64,
    /// The code took over (the app's mark).
    interactive: f64,
    /// The HTML's last byte.
    html: f64,
    /// The later of the HTML's and the stylesheet's last byte.
    page: f64,
    /// The wasm's last byte.
    wasm: f64,
    /// Bytes on the wire.
    transferred: f64,
}

/// The loads of one profile.
#[derive(Debug, Default)]
struct Loads {
    painted: Samples,
    interactive: Samples,
    html: Samples,
    page: Samples,
    wasm: Samples,
    transferred: f64,
}

impl Loads {
    fn push(&mut self, load: Load) {
        self.painted.push_ms(load.painted);
        self.interactive.push_ms(load.interactive);
        self.html.push_ms(load.html);
        self.page.push_ms(load.page);
        self.wasm.push_ms(load.wasm);
        self.transferred = load.transferred;
    }
}

pub fn run() -> anyhow::Result<Vec<Figure>> {
    let runtime = tokio::runtime::Runtime::new()?;
    let app = TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..ServerOptions::with_env(&[("RUST_LOG", "warn")])
    });
    let prerendered = runtime.block_on(form_in_first_html(app.url()))?;
    let mut figures = Vec::new();
    for profile in [UNTHROTTLED, SLOW_4G] {
        eprintln!(
            "app-load: {LOADS} cold loads of /signin in headless Chromium, {}",
            profile.name
        );
        let mut loads = Loads::default();
        for _ in 0..LOADS {
            loads.push(runtime.block_on(cold_load(app.url(), profile))?);
        }
        ensure!(loads.interactive.len() == LOADS, "every load measured");
        figures.extend(profile_figures(profile, &loads, prerendered));
    }
    Ok(figures)
}

/// Whether `/signin`'s HTML, as served, already holds the sign-in form.
async fn form_in_first_html(base_url: &str) -> anyhow::Result<bool> {
    let html = reqwest::get(format!("{base_url}/signin"))
        .await
        .context("fetching /signin")?
        .error_for_status()?
        .text()
        .await?;
    Ok(html.contains("autocomplete=\"username webauthn\"")
        && html.contains("autocomplete=\"current-password\""))
}

/// One load of `/signin` in a fresh browser on `profile`.
async fn cold_load(base_url: &str, profile: Profile) -> anyhow::Result<Load> {
    let browser = Browser::start(base_url, "bench-app-load").await?;
    let load = async {
        throttle(&browser, profile).await?;
        browser.open("/signin").await?;
        let probe = eventually("the sign-in form, its first paint and the mark", || async {
            let value = browser.script(PROBE).await?;
            Ok((!value.is_null()).then_some(value))
        })
        .await?;
        let number = |name: &str| {
            probe
                .get(name)
                .and_then(Value::as_f64)
                .with_context(|| format!("{name} in {probe}"))
        };
        let html = number("html")?;
        Ok::<_, anyhow::Error>(Load {
            painted: number("painted")?,
            interactive: number("interactive")?,
            html,
            page: html.max(number("css")?),
            wasm: number("wasm")?,
            transferred: number("transferred")?,
        })
    }
    .await;
    let closed = browser.finish().await;
    let load = load?;
    closed?;
    Ok(load)
}

/// Sets `profile`'s network and CPU on the browser's page, and no cache.
async fn throttle(browser: &Browser, profile: Profile) -> anyhow::Result<()> {
    let Some(network) = profile.network else {
        return Ok(());
    };
    browser.devtools("Network.enable", json!({})).await?;
    browser
        .devtools("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await?;
    browser
        .devtools("Network.emulateNetworkConditions", network.conditions())
        .await?;
    browser
        .devtools(
            "Emulation.setCPUThrottlingRate",
            json!({"rate": profile.cpu_slowdown}),
        )
        .await?;
    Ok(())
}

/// The figures of one profile: the form on screen (with its target on
/// slow 4G) and the code taking over.
fn profile_figures(profile: Profile, loads: &Loads, prerendered: bool) -> Vec<Figure> {
    let conditions = match profile.network {
        None => "loopback release twofold-local, no throttling".to_owned(),
        Some(network) => format!(
            "Lighthouse's mobile slow 4G over CDP (Network.emulateNetworkConditions: \
             {} ms per request, {:.1} kbps down, {} kbps up; \
             Emulation.setCPUThrottlingRate {}; cache disabled), release twofold-local",
            network.rtt_ms, network.down_kbps, network.up_kbps, profile.cpu_slowdown
        ),
    };
    let first_html = if prerendered {
        "the first HTML holds the form"
    } else {
        "the first HTML has no form: it appears with the app's first render"
    };
    let spread = |samples: &Samples| {
        format!(
            "min {} · max {}",
            ms(samples.percentile(0.0)),
            ms(samples.percentile(100.0))
        )
    };
    let suffix = match profile.network {
        None => String::new(),
        Some(_) => format!(", {}", profile.name),
    };
    let painted = loads.painted.p50();
    let mut form = Figure::new(
        format!("Navigation to the sign-in form on screen{suffix}"),
        painted,
        "ms",
        format!(
            "headless Chromium, fresh profile per load, {conditions}; first contentful \
             paint ({first_html}); median of {LOADS}"
        ),
    )
    .baseline(
        loads.page.p50(),
        "the HTML and its stylesheet arrived (Resource Timing responseEnd, the later \
         of the two), median of the same loads",
    )
    .detail(format!(
        "{} · the HTML arrived p50 {}",
        spread(&loads.painted),
        ms(loads.html.p50())
    ));
    if profile.network.is_some() {
        form = form.target(
            format!("≤ {FORM_TARGET_MS:.0} ms"),
            painted <= FORM_TARGET_MS,
            form_missed(prerendered, loads),
        );
    }
    let interactive = Figure::new(
        if profile.network.is_none() {
            // The figure's name from before the profiles, so the history
            // reads on.
            "Navigation to an interactive sign-in form".to_owned()
        } else {
            format!("Navigation to an interactive sign-in form{suffix}")
        },
        loads.interactive.p50(),
        "ms",
        format!(
            "headless Chromium, fresh profile per load, {conditions}; performance mark \
             once the code has mounted the live form; median of {LOADS}"
        ),
    )
    .baseline(
        loads.wasm.p50(),
        "the wasm's last byte arrived (Resource Timing responseEnd), median of the same loads",
    )
    .detail(format!(
        "{} · {:.0} B transferred per cold load",
        spread(&loads.interactive),
        loads.transferred
    ));
    vec![form, interactive]
}

/// Why the form was on screen later than the target, and what would fix it.
fn form_missed(prerendered: bool, loads: &Loads) -> String {
    if !prerendered {
        return format!(
            "the first HTML has no form: nothing is drawn until the wasm has \
             arrived (p50 {}) and run. Prerendering the form into the HTML at build \
             time would show it once the HTML and stylesheet are in (p50 {}).",
            ms(loads.wasm.p50()),
            ms(loads.page.p50())
        );
    }
    format!(
        "the form is in the first HTML, but the HTML and its stylesheet only \
         arrived at p50 {} on this profile; a smaller page or stylesheet (or \
         inlining the sign-in page's styles, which the CSP would have to allow by \
         hash) is what is left.",
        ms(loads.page.p50())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_4g_is_lighthouses_profile_in_bytes_per_second() {
        let Some(network) = SLOW_4G.network else {
            panic!("slow 4G throttles the network");
        };
        let conditions = network.conditions();
        assert_eq!(conditions["latency"], 150.0);
        assert_eq!(conditions["downloadThroughput"], 209_715.0);
        assert_eq!(conditions["uploadThroughput"], 86_400.0);
        assert_eq!(SLOW_4G.cpu_slowdown, 4.0);
    }
}
