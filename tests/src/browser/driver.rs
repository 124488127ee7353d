//! The machinery under the page objects: chromedriver and Chromium in
//! their own process group, the [`Browser`] session, [`eventually`] (the one
//! polling loop), screenshots once the page has settled, downloads, the
//! console's errors, printing to PDF and Chrome DevTools commands.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use tempfile::TempDir;
use tokio::sync::oneshot;

use crate::server::{built_by_make, target_dir, workspace_root};

/// How long a lookup or a check keeps polling.
pub const WAIT: Duration = Duration::from_secs(15);
/// Between two polls.
const POLL: Duration = Duration::from_millis(100);

/// WebDriver key codes (WebDriver spec, "keyboard actions").
pub mod keys {
    /// Tab.
    pub const TAB: &str = "\u{e004}";
    /// Enter.
    pub const ENTER: &str = "\u{e007}";
    /// Shift, held for the rest of the `send_keys` string.
    pub const SHIFT: &str = "\u{e008}";
    /// Control, held for the rest of the `send_keys` string.
    pub const CONTROL: &str = "\u{e009}";
    /// Escape.
    pub const ESCAPE: &str = "\u{e00c}";
}

/// The release build of the app that `make app` built (`TWOFOLD_DIST`, or
/// `dist/`), for `TestServer` to serve.
pub fn dist_dir() -> Result<PathBuf> {
    let dist = built_by_make("TWOFOLD_DIST", workspace_root().join("dist"), "app");
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: run `make app` first (or `make test`)",
            dist.display()
        );
    }
    Ok(dist)
}

/// Polls `probe` until it returns `Some`, or fails after [`WAIT`] naming
/// `what` and the last error seen.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + WAIT;
    let mut last = String::from("never true");
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last = format!("{error:#}"),
        }
        if Instant::now() > deadline {
            bail!("timed out after {WAIT:?} waiting for {what} ({last})");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A child process in its own process group, killed with its children
/// (Chromium under chromedriver) when dropped.
#[derive(Debug)]
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pid = self.0.id();
        // The negative id names the group: chromedriver and every Chromium
        // process it started, and nothing else.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_group(command: &mut Command) -> Result<Group> {
    use std::os::unix::process::CommandExt;
    let child = command
        .process_group(0)
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    Ok(Group(child))
}

/// The line chromedriver prints once it listens, ending in the port.
const LISTENING: &str = "ChromeDriver was started successfully on port ";

/// What chromedriver prints when the system gave it a port on one of its
/// two loopback addresses that another process holds on the other.
const PORT_TAKEN: &str = "port not available";

/// How many times chromedriver is started before a lost port is an error.
const PORT_TRIES: usize = 5;

/// Starts chromedriver on a port of the system's choosing (`--port=0`)
/// and returns it with the port it reports: no port is picked here and
/// released for chromedriver to take, so no other process can take it in
/// between. chromedriver listens on `::1` and `127.0.0.1` with one port, and
/// the port the system chose for the first may be held on the second by
/// another test's server; it then exits saying so, and is started again.
async fn start_chromedriver(chromedriver: &str, zone: Option<&str>) -> Result<(Group, u16)> {
    let mut tries = 0;
    loop {
        tries += 1;
        match start_chromedriver_once(chromedriver, zone).await? {
            Ok(started) => return Ok(started),
            Err(output) if output.contains(PORT_TAKEN) && tries < PORT_TRIES => continue,
            Err(output) => bail!("{chromedriver} stopped before it listened:\n{output}"),
        }
    }
}

/// One start of chromedriver: the process and its port, or what it printed
/// before it stopped.
async fn start_chromedriver_once(
    chromedriver: &str,
    zone: Option<&str>,
) -> Result<Result<(Group, u16), String>> {
    let mut command = Command::new(chromedriver);
    if let Some(zone) = zone {
        // Chromium takes its time zone from TZ, inherited from chromedriver.
        command.env("TZ", zone);
    }
    let mut driver = spawn_group(
        command
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )?;
    let stdout = driver.0.stdout.take().context("chromedriver's output")?;
    let (port_tx, port_rx) = oneshot::channel();
    watch_for_port(stdout, port_tx);
    match tokio::time::timeout(WAIT, port_rx).await {
        Ok(Ok(Ok(port))) => Ok(Ok((driver, port))),
        Ok(Ok(Err(output))) => Ok(Err(output)),
        Ok(Err(_)) => bail!("lost {chromedriver}'s output"),
        Err(_) => bail!("{chromedriver} did not say which port it listens on within {WAIT:?}"),
    }
}

/// Reads chromedriver's output until it names its port (or ends, sending
/// what it printed), then keeps reading so that it never blocks on a full
/// pipe.
fn watch_for_port(stdout: ChildStdout, port: oneshot::Sender<Result<u16, String>>) {
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(|line| line.ok());
        let mut seen = String::new();
        let reported = lines.by_ref().find_map(|line| {
            let reported = line.find(LISTENING).and_then(|at| {
                line[at + LISTENING.len()..]
                    .trim_end_matches('.')
                    .parse()
                    .ok()
            });
            if reported.is_none() {
                seen.push_str(&line);
                seen.push('\n');
            }
            reported
        });
        let _ = port.send(reported.ok_or(seen));
        lines.for_each(drop);
    });
}

/// One headless Chromium, driven by its own chromedriver, with its own
/// profile and download folder; screenshots go to
/// `target/screenshots/<test>/`.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    /// chromedriver's own address, for the commands fantoccini lacks.
    webdriver: String,
    base_url: String,
    shots: PathBuf,
    shot_count: AtomicUsize,
    downloads: TempDir,
    _profile: TempDir,
    _driver: Group,
}

impl Browser {
    /// Starts chromedriver and a browser for the app at `base_url`.
    /// `test` names the screenshot folder.
    pub async fn start(base_url: &str, test: &str) -> Result<Browser> {
        Self::start_in_zone(base_url, test, None).await
    }

    /// [`Browser::start`] with the browser in the time zone `zone` (an
    /// IANA name, `America/New_York`) instead of the machine's.
    pub async fn start_in_zone(base_url: &str, test: &str, zone: Option<&str>) -> Result<Browser> {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let (driver, port) = start_chromedriver(&chromedriver, zone).await?;
        let profile = tempfile::Builder::new()
            .prefix("twofold-chromium-")
            .tempdir()?;
        let downloads = tempfile::Builder::new()
            .prefix("twofold-downloads-")
            .tempdir()?;
        let capabilities = json!({
            "browserName": "chrome",
            // The console's messages, for `console_errors`.
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities are not an object");
        };
        let webdriver = format!("http://127.0.0.1:{port}");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        // Chromium takes a moment to start behind chromedriver.
        let client = eventually("chromedriver to accept a session", || {
            let connector = connector.clone();
            let capabilities = capabilities.clone();
            let webdriver = webdriver.clone();
            async move {
                match ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&webdriver)
                    .await
                {
                    Ok(client) => Ok(Some(client)),
                    Err(error) => Err(anyhow!("{error}")),
                }
            }
        })
        .await?;
        let shots = target_dir().join("screenshots").join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).with_context(|| format!("creating {}", shots.display()))?;
        Ok(Browser {
            client,
            webdriver,
            base_url: base_url.trim_end_matches('/').to_string(),
            shots,
            shot_count: AtomicUsize::new(0),
            downloads,
            _profile: profile,
            _driver: driver,
        })
    }

    /// Ends the WebDriver session (Chromium quits), then chromedriver.
    pub async fn finish(self) -> Result<()> {
        self.client
            .clone()
            .close()
            .await
            .context("closing the browser")?;
        Ok(())
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `path` of the app, once its code runs. The sign-in page's
    /// first HTML draws the form before the code has arrived and replaces
    /// it with the live one when it starts, so what a test found before
    /// would be gone after.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.open_as_served(path).await?;
        self.code_started().await
    }

    /// Opens `path` of the app and returns at the page's `load` event,
    /// which does not wait for the app's code: the page as its HTML draws
    /// it, or the app, whichever is there by then.
    pub async fn open_as_served(&self, path: &str) -> Result<()> {
        self.client
            .goto(&format!("{}{path}", self.base_url))
            .await
            .with_context(|| format!("opening {path}"))
    }

    /// Waits until the app's code has mounted the page (the
    /// `twofold-interactive` User Timing mark `start` sets).
    pub async fn code_started(&self) -> Result<()> {
        eventually("the app's code to mount the page", || async move {
            let marked = self
                .script("return performance.getEntriesByName('twofold-interactive').length > 0;")
                .await?;
            Ok(marked.as_bool().unwrap_or(false).then_some(()))
        })
        .await
    }

    /// Holds every request for the app's WebAssembly from now on (Chrome
    /// DevTools' `Fetch.enable` at the request stage), so that the page
    /// stays as its HTML drew it until [`Browser::release_wasm`].
    pub async fn hold_wasm(&self) -> Result<()> {
        self.devtools(
            "Fetch.enable",
            json!({"patterns": [{"urlPattern": "*.wasm", "requestStage": "Request"}]}),
        )
        .await
        .map(drop)
        .context("holding the wasm")
    }

    /// Lets the held wasm requests go on: `Fetch.disable` continues every
    /// paused request. (`Fetch.continueRequest` would need the request's
    /// id, which only the `Fetch.requestPaused` event carries, and
    /// ChromeDriver's CDP passthrough sends commands but returns no
    /// events.)
    pub async fn release_wasm(&self) -> Result<()> {
        self.devtools("Fetch.disable", json!({}))
            .await
            .map(drop)
            .context("releasing the wasm")
    }

    /// The current path, e.g. `/settings/account`.
    pub async fn path(&self) -> Result<String> {
        Ok(self.client.current_url().await?.path().to_string())
    }

    /// Resizes the window (the page's viewport is a little smaller).
    pub async fn resize(&self, width: u32, height: u32) -> Result<()> {
        self.client
            .set_window_size(width, height)
            .await
            .context("resizing the window")
    }

    /// Writes a numbered screenshot named after `step`, once the page has
    /// settled (see [`Browser::settled`]). The picture is taken even when
    /// the page never settles (a failure's last screenshot shows why), and
    /// then the error is returned.
    pub async fn screenshot(&self, step: &str) -> Result<()> {
        let settled = self.settled().await;
        let n = self.shot_count.fetch_add(1, Ordering::Relaxed) + 1;
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        let file = self.shots.join(format!("{n:02}-{step}.png"));
        std::fs::write(&file, png).with_context(|| format!("writing {}", file.display()))?;
        settled
    }

    /// Waits until the page is at rest: loaded (fonts and images too), no
    /// call in flight (no button is `aria-busy`, no code field read-only),
    /// no finite animation running, and two frames painted since, so the
    /// last render is on screen.
    pub async fn settled(&self) -> Result<()> {
        eventually("the page to settle", || async move {
            let at_rest = self
                .script(
                    "return document.readyState === 'complete' \
                     && document.fonts.status === 'loaded' \
                     && Array.from(document.images).every(image => image.complete) \
                     && !document.querySelector('[aria-busy=\"true\"], input[readonly]') \
                     && document.getAnimations().every(animation => \
                          animation.playState !== 'running' \
                          || animation.effect.getComputedTiming().iterations === Infinity);",
                )
                .await?;
            Ok(at_rest.as_bool().unwrap_or(false).then_some(()))
        })
        .await?;
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                Vec::new(),
            )
            .await
            .context("waiting for two frames")?;
        Ok(())
    }

    /// Deletes earlier downloads, so the next one keeps its own name
    /// (Chromium would call it `name (1).txt`).
    pub fn clear_downloads(&self) -> Result<()> {
        for entry in std::fs::read_dir(self.downloads.path())? {
            std::fs::remove_file(entry?.path())?;
        }
        Ok(())
    }

    /// Waits for a finished download named `name` and returns its text.
    pub async fn downloaded(&self, name: &str) -> Result<String> {
        let file = self.downloads.path().join(name);
        eventually(&format!("the download {name}"), || {
            let file = file.clone();
            async move {
                // Chromium writes `name.crdownload` and renames it when done.
                Ok(std::fs::read_to_string(&file)
                    .ok()
                    .filter(|text| !text.is_empty()))
            }
        })
        .await
    }

    /// Sends a command that fantoccini has no method for to chromedriver:
    /// `POST /session/{id}/{path}` with `body`; the answer's `value`.
    async fn driver_command(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value> {
        let session = self
            .client
            .session_id()
            .await?
            .context("the WebDriver session's id")?;
        let url = format!("{}/session/{session}/{path}", self.webdriver);
        let answer: serde_json::Value = reqwest::Client::new()
            .post(&url)
            .json(&body)
            .send()
            .await
            .with_context(|| format!("POST {url}"))?
            .json()
            .await
            .with_context(|| format!("the answer to POST {url}"))?;
        match answer.get("value") {
            Some(value) if value.get("error").is_none() => Ok(value.clone()),
            _ => bail!("POST {url} failed: {answer}"),
        }
    }

    /// Adds a WebDriver virtual authenticator to this browser (WebAuthn
    /// Level 2, "Add Virtual Authenticator"; fantoccini has no method for
    /// it): a CTAP2 key on USB that keeps passkeys, verifies its user (as
    /// a PIN would) and consents to every request at once, standing in
    /// for a security key, a phone or a computer's screen lock. Returns its
    /// id.
    pub async fn add_virtual_authenticator(&self) -> Result<String> {
        let added = self
            .driver_command(
                "webauthn/authenticator",
                json!({
                    "protocol": "ctap2",
                    "transport": "usb",
                    "hasResidentKey": true,
                    "hasUserVerification": true,
                    "isUserConsenting": true,
                    "isUserVerified": true,
                }),
            )
            .await?;
        added
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("the virtual authenticator's id in {added}"))
    }

    /// The console's error messages since the last call (Chromium's
    /// browser log at level SEVERE: failed requests, uncaught errors,
    /// `console.error`). Reading the log empties it.
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let entries = self
            .driver_command("se/log", json!({"type": "browser"}))
            .await?;
        Ok(entries
            .as_array()
            .context("the browser log is a list")?
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// The page printed to PDF (WebDriver's Print Page, US Letter with
    /// 1 cm margins).
    pub async fn print_pdf(&self) -> Result<Vec<u8>> {
        self.client
            .print(fantoccini::wd::PrintConfiguration::default())
            .await
            .context("printing the page")
    }

    /// Runs a Chrome DevTools Protocol command, e.g.
    /// `Emulation.setEmulatedMedia`.
    pub async fn devtools(
        &self,
        command: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value> {
        self.driver_command(
            "goog/cdp/execute",
            json!({"cmd": command, "params": params}),
        )
        .await
    }

    /// Moves the page's clock `seconds` ahead (`Date.now`, which the app's
    /// clock reads), as `TestClock` moves the server's: a wait of minutes
    /// is seen at once. Lasts until the next page load.
    pub async fn advance_clock(&self, seconds: u64) -> Result<()> {
        self.client
            .execute(
                "const shift = arguments[0] * 1000; const now = Date.now; \
                 Date.now = () => now.call(Date) + shift; return true;",
                vec![json!(seconds)],
            )
            .await
            .context("moving the page's clock")?;
        Ok(())
    }

    /// Runs `script` in the page and returns its result.
    pub async fn script(&self, script: &str) -> Result<serde_json::Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .context("running a script")
    }
}
