//! Browser tests' helpers: headless Chromium driven over WebDriver
//! (chromedriver + fantoccini), and page objects for the Twofold app in
//! three layers, as in Leptos' e2e suites: [`find`] (where things are, by
//! role, label or `data-testid`, never by position), [`action`] (what a
//! person does) and [`check`] (what they see).
//!
//! The app renders asynchronously, so every lookup polls until it succeeds
//! or [`WAIT`] runs out.

use std::future::Future;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

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

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// One headless Chromium, driven by its own chromedriver, with its own
/// profile and download folder; screenshots go to
/// `target/screenshots/<test>/`.
#[derive(Debug)]
pub struct Browser {
    client: Client,
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
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port()?;
        let driver = spawn_group(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        let profile = tempfile::Builder::new()
            .prefix("twofold-chromium-")
            .tempdir()?;
        let downloads = tempfile::Builder::new()
            .prefix("twofold-downloads-")
            .tempdir()?;
        let capabilities = json!({
            "browserName": "chrome",
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
        // chromedriver takes a moment to listen.
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

    /// Opens `path` of the app.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.client
            .goto(&format!("{}{path}", self.base_url))
            .await
            .with_context(|| format!("opening {path}"))
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

    /// Writes a numbered screenshot named after `step`.
    pub async fn screenshot(&self, step: &str) -> Result<()> {
        // Let the last render and transitions settle.
        tokio::time::sleep(Duration::from_millis(150)).await;
        let n = self.shot_count.fetch_add(1, Ordering::Relaxed) + 1;
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        let file = self.shots.join(format!("{n:02}-{step}.png"));
        std::fs::write(&file, png).with_context(|| format!("writing {}", file.display()))
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

    /// Runs `script` in the page and returns its result.
    pub async fn script(&self, script: &str) -> Result<serde_json::Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .context("running a script")
    }
}

/// An XPath string literal for `text`, whichever quotes it contains.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// Where things are.
pub mod find {
    use super::*;

    /// The element matched by `xpath`, once it is displayed.
    pub async fn xpath(browser: &Browser, what: &str, xpath: &str) -> Result<Element> {
        eventually(what, || async move {
            for element in browser.client.find_all(Locator::XPath(xpath)).await? {
                if element.is_displayed().await.unwrap_or(false) {
                    return Ok(Some(element));
                }
            }
            Ok(None)
        })
        .await
    }

    /// The displayed element with `data-testid="id"`.
    pub async fn testid(browser: &Browser, id: &str) -> Result<Element> {
        xpath(
            browser,
            &format!("[data-testid={id}]"),
            &format!("//*[@data-testid={}]", xpath_literal(id)),
        )
        .await
    }

    /// Every element with `data-testid="id"`, displayed or not, without
    /// waiting.
    pub async fn all_testid(browser: &Browser, id: &str) -> Result<Vec<Element>> {
        Ok(browser
            .client
            .find_all(Locator::Css(&format!("[data-testid='{id}']")))
            .await?)
    }

    /// The button whose text is `label` (inside the topmost dialog when one
    /// is open, as a person would see it).
    pub async fn button(browser: &Browser, label: &str) -> Result<Element> {
        let label = xpath_literal(label);
        xpath(
            browser,
            &format!("the button {label}"),
            &format!(
                "(//*[@role='dialog' or @role='alertdialog'])[last()]//button[normalize-space(.)={label}] \
                 | //body[not(.//*[@role='dialog' or @role='alertdialog'])]//button[normalize-space(.)={label}]"
            ),
        )
        .await
    }

    /// The button whose text is `label`, anywhere in the page.
    pub async fn any_button(browser: &Browser, label: &str) -> Result<Element> {
        let label = xpath_literal(label);
        xpath(
            browser,
            &format!("the button {label}"),
            &format!("//button[normalize-space(.)={label}]"),
        )
        .await
    }

    /// The link whose text is `label`.
    pub async fn link(browser: &Browser, label: &str) -> Result<Element> {
        let label = xpath_literal(label);
        xpath(
            browser,
            &format!("the link {label}"),
            &format!("//a[normalize-space(.)={label}]"),
        )
        .await
    }

    /// The input labelled `label` (`<label for>`).
    pub async fn field(browser: &Browser, label: &str) -> Result<Element> {
        let label = xpath_literal(label);
        xpath(
            browser,
            &format!("the field {label}"),
            &format!("//input[@id=//label[normalize-space(.)={label}]/@for]"),
        )
        .await
    }

    /// The checkbox whose label reads `label`.
    pub async fn checkbox(browser: &Browser, label: &str) -> Result<Element> {
        let label = xpath_literal(label);
        xpath(
            browser,
            &format!("the checkbox {label}"),
            &format!("//label[normalize-space(.)={label}]//input[@type='checkbox']"),
        )
        .await
    }

    /// The modal dialog named by the heading `title` (`aria-labelledby`).
    pub async fn dialog(browser: &Browser, title: &str) -> Result<Element> {
        let title = xpath_literal(title);
        xpath(
            browser,
            &format!("the dialog {title}"),
            &format!(
                "//*[(@role='dialog' or @role='alertdialog') and @aria-modal='true' \
                 and @aria-labelledby=//h2[normalize-space(.)={title}]/@id]"
            ),
        )
        .await
    }

    /// The heading (h1 or h2) reading `text`.
    pub async fn heading(browser: &Browser, text: &str) -> Result<Element> {
        let text = xpath_literal(text);
        xpath(
            browser,
            &format!("the heading {text}"),
            &format!("//*[self::h1 or self::h2][normalize-space(.)={text}]"),
        )
        .await
    }
}

/// What a person does.
pub mod action {
    use super::*;

    /// Clears the field labelled `label` and types `text` into it.
    pub async fn type_into(browser: &Browser, label: &str, text: &str) -> Result<()> {
        let field = find::field(browser, label).await?;
        field.clear().await?;
        field
            .send_keys(text)
            .await
            .with_context(|| format!("typing into {label}"))
    }

    /// Clicks the button labelled `label` once it is enabled.
    pub async fn click(browser: &Browser, label: &str) -> Result<()> {
        let button = find::button(browser, label).await?;
        eventually(&format!("{label} to be enabled"), || {
            let button = button.clone();
            async move { Ok(button.is_enabled().await?.then_some(())) }
        })
        .await?;
        button
            .click()
            .await
            .with_context(|| format!("clicking {label}"))
    }

    /// Presses a key (see [`keys`]) in whatever has focus.
    pub async fn press(browser: &Browser, key: &str) -> Result<()> {
        browser
            .client
            .active_element()
            .await?
            .send_keys(key)
            .await
            .context("pressing a key")
    }

    /// Opens the app and creates an account from the sign-in screen's link;
    /// ends on the dashboard.
    pub async fn sign_up(browser: &Browser, login: &str, password: &str) -> Result<()> {
        browser.open("/").await?;
        find::link(browser, "Create an account")
            .await?
            .click()
            .await?;
        type_into(browser, "Login", login).await?;
        type_into(browser, "Password", password).await?;
        click(browser, "Sign Up").await?;
        find::heading(browser, "Dashboard").await?;
        Ok(())
    }

    /// Types the login and password on the sign-in screen and presses Sign In.
    pub async fn sign_in_with_password(
        browser: &Browser,
        login: &str,
        password: &str,
    ) -> Result<()> {
        if find::all_testid(browser, "sign-in").await?.is_empty() {
            browser.open("/signin").await?;
        }
        type_into(browser, "Login", login).await?;
        type_into(browser, "Password", password).await?;
        click(browser, "Sign In").await
    }

    /// Types `code` into the Authentication code field (which submits itself
    /// at six digits).
    pub async fn type_code(browser: &Browser, code: &str) -> Result<()> {
        let field = find::field(browser, "Authentication code").await?;
        // The field is read-only while the previous code is checked.
        eventually("the code field to accept typing", || {
            let field = field.clone();
            async move { Ok(field.attr("readonly").await?.is_none().then_some(())) }
        })
        .await?;
        field.send_keys(code).await.context("typing the code")
    }

    /// Waits until the code typed last has been checked (the field is
    /// editable again).
    pub async fn wait_until_checked(browser: &Browser) -> Result<()> {
        // The request may not have started yet when this is called.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let field = find::field(browser, "Authentication code").await?;
        eventually("the code to be checked", || {
            let field = field.clone();
            async move { Ok(field.attr("readonly").await?.is_none().then_some(())) }
        })
        .await
    }

    /// Switches the code step to recovery codes, types `code`, presses Verify.
    pub async fn use_recovery_code(browser: &Browser, code: &str) -> Result<()> {
        click(browser, "Use a recovery code instead").await?;
        type_into(browser, "Recovery code", code).await?;
        click(browser, "Verify").await
    }

    /// Settings at the top right, then the Account tab.
    pub async fn open_account_settings(browser: &Browser) -> Result<()> {
        find::testid(browser, "settings-button")
            .await?
            .click()
            .await?;
        find::link(browser, "Account").await?.click().await?;
        find::heading(browser, "Two-Factor Authentication").await?;
        Ok(())
    }

    /// Types the password into the "Confirm Your Password" pop-up and confirms.
    pub async fn confirm_password(browser: &Browser, password: &str) -> Result<()> {
        find::dialog(browser, "Confirm Your Password").await?;
        type_into(browser, "Password", password).await?;
        click(browser, "Confirm").await
    }

    /// Sign Out in the top bar; ends on the sign-in screen.
    pub async fn sign_out(browser: &Browser) -> Result<()> {
        click(browser, "Sign Out").await?;
        find::heading(browser, "Sign In").await?;
        Ok(())
    }
}

/// What a person sees.
pub mod check {
    use super::*;

    /// Waits until the element with `data-testid="id"` contains `needle`, and
    /// returns its whole text.
    pub async fn testid_contains(browser: &Browser, id: &str, needle: &str) -> Result<String> {
        eventually(
            &format!("[data-testid={id}] to contain {needle:?}"),
            || async move {
                for element in find::all_testid(browser, id).await? {
                    let text = element.text().await?;
                    if text.contains(needle) {
                        return Ok(Some(text));
                    }
                }
                Ok(None)
            },
        )
        .await
    }

    /// Waits for an error message next to a form that is not `previous`
    /// (the answer to the latest try), and returns it.
    pub async fn error_other_than(browser: &Browser, previous: &str) -> Result<String> {
        eventually("a new error message", || async move {
            for element in find::all_testid(browser, "form-error").await? {
                let text = element.text().await?;
                if !text.is_empty() && text != previous {
                    return Ok(Some(text));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Waits for an error message next to a form containing `needle`.
    pub async fn error_contains(browser: &Browser, needle: &str) -> Result<String> {
        testid_contains(browser, "form-error", needle).await
    }

    /// Waits for the notice at the top of the page containing `needle`.
    pub async fn notice_contains(browser: &Browser, needle: &str) -> Result<String> {
        testid_contains(browser, "notice", needle).await
    }

    /// Waits until `element`'s enabled state is `enabled`.
    pub async fn enabled_becomes(element: &Element, what: &str, enabled: bool) -> Result<()> {
        eventually(&format!("{what} enabled = {enabled}"), || async move {
            Ok((element.is_enabled().await? == enabled).then_some(()))
        })
        .await
    }

    /// Waits until the checkbox `element` is ticked (or not).
    pub async fn ticked_becomes(element: &Element, what: &str, ticked: bool) -> Result<()> {
        eventually(&format!("{what} ticked = {ticked}"), || async move {
            Ok((element.is_selected().await? == ticked).then_some(()))
        })
        .await
    }

    /// The recovery codes on screen, with whether each is marked used.
    pub async fn recovery_codes(browser: &Browser) -> Result<Vec<(String, bool)>> {
        find::testid(browser, "recovery-codes").await?;
        let mut codes = Vec::new();
        for item in find::all_testid(browser, "recovery-code").await? {
            let code = item.find(Locator::Css("code")).await?.text().await?;
            let used = item.attr("data-used").await?.as_deref() == Some("true");
            codes.push((code, used));
        }
        Ok(codes)
    }

    /// Waits until no modal dialog is open.
    pub async fn no_dialog(browser: &Browser) -> Result<()> {
        eventually("every dialog to close", || async move {
            let open = browser
                .client
                .find_all(Locator::Css("[aria-modal='true']"))
                .await?;
            Ok(open.is_empty().then_some(()))
        })
        .await
    }

    /// Waits until the focused element's text (or value) is `label`.
    pub async fn focus_is_on(browser: &Browser, label: &str) -> Result<()> {
        eventually(&format!("focus on {label:?}"), || async move {
            let active = browser.client.active_element().await?;
            Ok((active.text().await?.trim() == label).then_some(()))
        })
        .await
    }

    /// True when the focused element is inside the dialog `dialog`.
    pub async fn focus_is_inside(browser: &Browser, dialog: &Element) -> Result<bool> {
        let inside = browser
            .client
            .execute(
                "return arguments[0].contains(document.activeElement) \
                 && arguments[0] !== document.activeElement;",
                vec![serde_json::to_value(dialog)?],
            )
            .await?;
        Ok(inside.as_bool().unwrap_or(false))
    }

    /// Fails when the page is wider than the window (sideways scrolling).
    pub async fn fits_width(browser: &Browser) -> Result<()> {
        let widths = browser
            .script("return [document.documentElement.scrollWidth, window.innerWidth];")
            .await?;
        let scroll = widths[0].as_u64().unwrap_or(u64::MAX);
        let inner = widths[1].as_u64().unwrap_or(0);
        if scroll > inner {
            bail!("the page is {scroll} px wide in a {inner} px window");
        }
        Ok(())
    }
}
