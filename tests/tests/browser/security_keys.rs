//! Security keys and passkeys in Chromium, with a WebDriver virtual
//! authenticator standing in for the key: adding one in Settings (the
//! first turns two-factor authentication on, with its recovery codes),
//! renaming it, signing in with it after the password (at 360 px, by
//! keyboard), signing in with a passkey alone, and removing a key behind
//! the step-up the key itself confirms. WebAuthn refuses an IP address, so
//! these open the app at `http://localhost:PORT`.

use anyhow::{ensure, Result};
use twofold_e2e::browser::{action, check, eventually, find, keys, Browser, Turn};
use twofold_e2e::{Authenticator, TestApp, PASSWORD};

use crate::support::{enable_two_factor, in_browser_at, new_login, serving_the_app};

/// Runs `scenario` with a fresh server and a browser on its localhost
/// address with a virtual authenticator (hold no other browser).
pub async fn with_key(
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let _turn = Turn::take().await;
    let app = serving_the_app()?;
    let url = app.server().localhost_url();
    in_browser_at(&app, &url, test, async |app, b| {
        b.add_virtual_authenticator().await?;
        scenario(app, b).await
    })
    .await
}

/// "Add a Security Key" (or "Add a Passkey": `button`) in Settings >
/// Account, after the password pop-up when `password_needed`; names the
/// key `name` and lets the browser's window make it.
pub async fn add_key(b: &Browser, button: &str, password_needed: bool, name: &str) -> Result<()> {
    action::click(b, button).await?;
    if password_needed {
        action::confirm_password(b, PASSWORD).await?;
    }
    find::dialog(b, button).await?;
    action::type_into(b, "Name", name).await?;
    action::click(b, "Continue").await
}

/// The first key's recovery codes: downloaded, then Done.
pub async fn save_first_codes(b: &Browser) -> Result<()> {
    let codes = check::recovery_codes(b).await?;
    ensure!(!codes.is_empty(), "a first key shows the recovery codes");
    action::click(b, "Download").await?;
    action::click(b, "Done").await?;
    check::no_dialog(b).await
}

#[tokio::test]
async fn a_security_key_added_in_settings_signs_in_after_the_password() -> Result<()> {
    with_key("security-key", async |_app, b| {
        let login = new_login("key");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        find::testid(b, "key-help").await?;
        action::click(b, "Add a Security Key").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Add a Security Key").await?;
        check::testid_contains(b, "first-key-note", "turns two-factor authentication on").await?;
        b.screenshot("add-first-key").await?;
        action::type_into(b, "Name", "Blue key").await?;
        action::click(b, "Continue").await?;
        save_first_codes(b).await?;
        check::testid_contains(b, "two-factor-status", "“Blue key” after your password").await?;
        check::testid_contains(b, "tfa-status", "on").await?;
        check::testid_contains(b, "security-key-name", "Blue key").await?;
        check::testid_contains(b, "security-key-kind", "Security key").await?;
        check::testid_contains(b, "security-key-last-used", "Never").await?;
        b.screenshot("factors-list").await?;

        // Renamed within the step-up just made: no pop-up.
        action::click(b, "Rename").await?;
        find::dialog(b, "Rename Key").await?;
        action::type_into(b, "Name", "Red key").await?;
        action::click(b, "Save").await?;
        check::testid_contains(b, "two-factor-status", "now called “Red key”").await?;
        check::testid_contains(b, "security-key-name", "Red key").await?;

        // On a phone, by keyboard: the key is asked for first, its button
        // has focus, Enter uses it.
        action::sign_out(b).await?;
        b.resize(360, 780).await?;
        action::type_into(b, "Login", &login).await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::press(b, keys::ENTER).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        check::focus_is_on_testid(b, "use-key").await?;
        check::fits_width(b).await?;
        b.screenshot("key-step-360").await?;
        ensure!(
            find::all_testid(b, "use-app-code").await?.is_empty(),
            "no app, so no way to its codes"
        );
        find::testid(b, "use-recovery-code").await?;
        action::press(b, keys::ENTER).await?;
        find::heading(b, "Dashboard").await?;
        b.resize(1280, 900).await?;
        action::open_account_settings(b).await?;
        let last_used = check::testid_contains(b, "security-key-last-used", "20").await?;
        ensure!(!last_used.contains("Never"), "last used: {last_used}");

        // Keys alone: an authenticator app can be added beside them, after
        // the step-up the key confirms.
        action::click(b, "Add an Authenticator App").await?;
        find::dialog(b, "Confirm Your Password").await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Use your security key").await?;
        find::dialog(b, "Add an Authenticator App").await?;
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut phone = Authenticator::from_base32(&key);
        action::type_code(b, &phone.next_code().await).await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "two-factor-status", "Your authenticator app is set up").await?;
        find::testid(b, "factor-app").await?;
        find::button(b, "Change Authenticator App").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_passkey_signs_in_on_its_own_and_removing_it_is_turning_two_factor_off() -> Result<()> {
    with_key("passkey", async |_app, b| {
        let login = new_login("passkey");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        add_key(b, "Add a Passkey", true, "Laptop").await?;
        save_first_codes(b).await?;
        check::testid_contains(b, "security-key-kind", "Passkey").await?;

        // Headless Chromium offers no autofill (no request of its own is
        // pending): the button alone.
        action::sign_out(b).await?;
        find::testid(b, "passkey-sign-in").await?;
        b.screenshot("passkey-button").await?;
        action::click(b, "Sign in with a passkey").await?;
        find::heading(b, "Dashboard").await?;
        action::open_settings_tab(b, "Security Log", "Security Log").await?;
        check::testid_contains(b, "event-list", "Signed in with a passkey").await?;

        // The account's only key: removing it is turning 2FA off, with
        // Turn Off's confirmation, then the step-up the key confirms.
        action::open_account_settings(b).await?;
        action::click(b, "Remove").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        action::click(b, "Turn Off").await?;
        find::dialog(b, "Confirm Your Password").await?;
        action::type_into(b, "Password", PASSWORD).await?;
        b.screenshot("pop-up-with-key").await?;
        action::click(b, "Use your security key").await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        check::count_becomes(b, "security-key", 0).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_key_beside_the_app_is_removed_behind_the_step_up_it_confirms() -> Result<()> {
    with_key("remove-key", async |_app, b| {
        let login = new_login("remove");
        action::sign_up(b, &login, PASSWORD).await?;
        enable_two_factor(b, true).await?;
        // The set-up's code confirmed a second factor: no pop-up yet.
        action::click(b, "Add a Security Key").await?;
        find::dialog(b, "Add a Security Key").await?;
        ensure!(
            find::all_testid(b, "first-key-note").await?.is_empty(),
            "2FA is on already"
        );
        action::click(b, "Continue").await?;
        check::testid_contains(b, "two-factor-status", "was added").await?;
        find::testid(b, "factor-app").await?;

        // A new session: the key first, the app's codes one choice away.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::click(b, "Use a code from your app instead").await?;
        find::code_field(b).await?;
        action::click(b, "Use your security key instead").await?;
        action::click(b, "Use your security key").await?;
        find::heading(b, "Dashboard").await?;

        action::open_account_settings(b).await?;
        action::click(b, "Remove").await?;
        find::dialog(b, "Remove “Security key”?").await?;
        action::click(b, "Remove").await?;
        find::dialog(b, "Confirm Your Password").await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Use your security key").await?;
        check::testid_contains(b, "two-factor-status", "“Security key” was removed").await?;
        check::count_becomes(b, "security-key", 0).await?;
        check::testid_contains(b, "tfa-status", "on").await?;
        find::testid(b, "factor-app").await?;
        Ok(())
    })
    .await
}

/// Records every `navigator.credentials.get` the page makes (its
/// `mediation`, and whether and when its signal aborted it) in
/// `window.keyRequests`, and when SignIn's answer came in
/// `window.signInAnsweredAt`, from the start of each page load (a DevTools
/// script, before the app's).
/// Headless Chromium has no autofill to show passkeys in, so it says
/// conditional mediation is unavailable: the script says it is. Its
/// virtual authenticator then answers the login field's request by itself
/// (as a person choosing the passkey in the autofill would).
const RECORD_KEY_REQUESTS: &str = "window.keyRequests = []; \
    PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(true); \
    const get = navigator.credentials.get.bind(navigator.credentials); \
    navigator.credentials.get = (options) => { \
      const entry = { mediation: options.mediation ?? null, aborted: false }; \
      window.keyRequests.push(entry); \
      options.signal?.addEventListener('abort', () => { \
        entry.aborted = true; entry.abortedAt = performance.now(); }); \
      return get(options); }; \
    const fetch = window.fetch.bind(window); \
    window.fetch = (url, init) => fetch(url, init).then(response => { \
      if (String(url).toLowerCase().endsWith('/signin')) window.signInAnsweredAt = performance.now(); \
      return response; });";

/// `window.keyRequests` once `ready` holds for it.
async fn key_requests(
    b: &Browser,
    what: &str,
    ready: impl Fn(&[serde_json::Value]) -> bool,
) -> Result<Vec<serde_json::Value>> {
    let ready = &ready;
    eventually(what, || async move {
        let requests = b.script("return window.keyRequests ?? [];").await?;
        let requests = requests.as_array().cloned().unwrap_or_default();
        Ok(ready(&requests).then_some(requests))
    })
    .await
}

/// Installs [`RECORD_KEY_REQUESTS`] for every page load from now on.
async fn record_key_requests(b: &Browser) -> Result<()> {
    b.devtools(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": RECORD_KEY_REQUESTS }),
    )
    .await?;
    Ok(())
}

/// A request of the login field's autofill, not ended.
fn pending(request: &serde_json::Value) -> bool {
    request["mediation"] == "conditional" && request["aborted"] == false
}

#[tokio::test]
async fn the_login_field_offers_passkeys_until_the_password_is_sent_and_signs_in_with_one(
) -> Result<()> {
    with_key("passkey-autofill", async |_app, b| {
        record_key_requests(b).await?;
        b.open("/signin").await?;
        let login = find::field(b, "Login").await?;
        ensure!(
            login.attr("autocomplete").await?.as_deref() == Some("username webauthn"),
            "the login field offers passkeys"
        );
        key_requests(b, "the autofill's request", |requests| {
            requests.len() == 1 && pending(&requests[0])
        })
        .await?;

        // Sent: the autofill's request ends at once (before SignIn's
        // answer); refused, a new one starts.
        action::type_into(b, "Login", "nobody-here").await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Sign In").await?;
        check::error_contains(b, "The login or the password is wrong").await?;
        let requests = key_requests(
            b,
            "the first request aborted and a second one",
            |requests| {
                requests.len() == 2 && requests[0]["aborted"] == true && pending(&requests[1])
            },
        )
        .await?;
        let answered = b.script("return window.signInAnsweredAt ?? null;").await?;
        let (aborted_at, answered_at) = (requests[0]["abortedAt"].as_f64(), answered.as_f64());
        ensure!(
            matches!((aborted_at, answered_at), (Some(aborted), Some(answered)) if aborted < answered),
            "the autofill's request ended at {aborted_at:?}, SignIn answered at {answered_at:?}"
        );

        // With a passkey in the authenticator, the login field's request
        // signs in as soon as the sign-in page shows.
        let login = new_login("autofill");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        add_key(b, "Add a Passkey", true, "Laptop").await?;
        save_first_codes(b).await?;
        action::click(b, "Sign Out").await?;
        find::heading(b, "Dashboard").await?;
        action::open_settings_tab(b, "Security Log", "Security Log").await?;
        check::testid_contains(b, "event-list", "Signed in with a passkey").await?;
        Ok(())
    })
    .await
}
