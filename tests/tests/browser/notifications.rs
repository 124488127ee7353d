//! Settings > Account's Security Notices: an address added behind the
//! password pop-up, confirmed with the code mailed to it (through an SMTP
//! sink), and a test notice that arrives; the Security Log's mark on a
//! mailed entry; an address whose mail server refuses notices, called
//! bouncing.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, axe, check, dist_dir, find, Browser, Turn};
use twofold_e2e::smtp_sink::{Mail, SmtpSink};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

use crate::support::{in_browser, new_login};

/// The six-digit code a confirmation mail holds: the one run of six
/// digits in its text (quoted-printable soft breaks and base64 undone).
fn mailed_code(mail: &Mail) -> Result<String> {
    let base64 = mail
        .header("Content-Transfer-Encoding")
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    let text = if base64 {
        let compact: String = mail.body().chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = data_encoding::BASE64
            .decode(compact.as_bytes())
            .context("a base64 body")?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        mail.body().replace("=\r\n", "")
    };
    let mut codes: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 6)
        .collect();
    codes.dedup();
    ensure!(
        codes.len() == 1,
        "not one six-digit code in the mail: {text}"
    );
    Ok(codes[0].to_owned())
}

/// The mailed code's field.
const CODE_LABEL: &str = "Code from the mail";

/// Mails to `address` so far.
fn mails_to(sink: &SmtpSink, address: &str) -> Vec<Mail> {
    sink.mails()
        .into_iter()
        .filter(|mail| mail.to.iter().any(|to| to == address))
        .collect()
}

#[tokio::test]
async fn an_address_is_added_confirmed_with_the_mailed_code_and_a_test_notice_arrives() -> Result<()>
{
    let _turn = Turn::take().await;
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink)?;
    in_browser(&app, "notifications", async |_app, b| {
        // A login that is an address: offered as the field's value.
        let address = format!("{}@example.com", new_login("ada"));
        action::sign_up(b, &address, PASSWORD).await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "security-notices", "only by opening the Security Log").await?;
        action::click(b, "Add an Address").await?;
        let field = find::field(b, "E-mail address").await?;
        ensure!(
            field.attr("type").await?.as_deref() == Some("email"),
            "not type=email"
        );
        ensure!(
            field.attr("autocomplete").await?.as_deref() == Some("email"),
            "not autocomplete=email"
        );
        ensure!(
            field.prop("value").await?.as_deref() == Some(address.as_str()),
            "the login is not offered"
        );
        b.screenshot("address-form").await?;
        action::click(b, "Send Code").await?;
        action::confirm_password(b, PASSWORD).await?;
        check::testid_contains(b, "security-notices-status", "We sent a code").await?;
        let unverified = format!("Unverified: enter the code we mailed to {address} (until ");
        check::testid_contains(b, "notice-pending", &unverified).await?;
        let label = CODE_LABEL;
        find::field(b, label).await?;
        let mails = sink
            .wait_for("the code mail", |_| !mails_to(&sink, &address).is_empty())
            .await;
        let code = mailed_code(
            mails
                .iter()
                .find(|m| m.to.contains(&address))
                .context("mail")?,
        )?;

        // A wrong code says how many tries are left.
        let wrong = if code == "000000" { "111111" } else { "000000" };
        action::type_into(b, label, wrong).await?;
        check::error_contains(b, "4 attempts left").await?;
        b.screenshot("wrong-code").await?;
        action::type_into(b, label, &code).await?;
        check::testid_contains(b, "security-notices-status", "is confirmed").await?;
        check::testid_contains(b, "notice-address", &address).await?;
        check::testid_contains(b, "notice-address-since", "Verified since").await?;
        b.screenshot("confirmed").await?;

        action::click(b, "Send a Test Notice").await?;
        let sent = format!("A test notice is on its way to {address}.");
        check::testid_contains(b, "security-notices-status", &sent).await?;
        sink.wait_for("the test notice", |_| {
            mails_to(&sink, &address).iter().any(|mail| {
                mail.header("Subject")
                    .is_some_and(|s| s.to_lowercase().contains("test"))
            })
        })
        .await;
        axe::audit_at_both_sizes(b, "security-notices-confirmed").await?;
        Ok(())
    })
    .await
}

/// For the accessibility test, from Settings > Account of an account
/// without an address (and no step-up yet): the address form refusing a
/// malformed address, the password pop-up, the code field, and a wrong
/// code. The server need not mail: the code is never typed right.
pub async fn notice_states(b: &Browser) -> Result<()> {
    action::click(b, "Add an Address").await?;
    find::testid(b, "notice-address-form").await?;
    action::type_into(b, "E-mail address", "not an address").await?;
    action::click(b, "Send Code").await?;
    check::error_contains(b, "ada@example.com").await?;
    axe::audit_at_both_sizes(b, "notice-address-refused").await?;
    action::type_into(b, "E-mail address", "axe@example.com").await?;
    action::click(b, "Send Code").await?;
    action::confirm_password(b, PASSWORD).await?;
    check::no_dialog(b).await?;
    find::testid(b, "notice-code-form").await?;
    axe::audit_at_both_sizes(b, "notice-code").await?;
    action::type_into(b, CODE_LABEL, "000000").await?;
    check::error_contains(b, "attempts left").await?;
    axe::audit_at_both_sizes(b, "notice-code-wrong").await?;
    Ok(())
}

/// A server that serves the app and mails through `sink`.
pub fn mailing_app(sink: &SmtpSink) -> Result<TestApp> {
    let smtp = format!("smtp://{}", sink.address());
    Ok(TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..ServerOptions::with_env(&[("TWOFOLD_SMTP_URL", &smtp)])
    }))
}

/// Signs up in the browser with a login that is an e-mail address, and
/// confirms it for notices in Settings > Account: the form opens holding
/// the login, the password pop-up, the mailed code. Returns the address.
pub async fn new_account_with_address(
    b: &Browser,
    sink: &SmtpSink,
    prefix: &str,
) -> Result<String> {
    let address = format!("{}@example.com", new_login(prefix));
    action::sign_up(b, &address, PASSWORD).await?;
    action::open_account_settings(b).await?;
    action::click(b, "Add an Address").await?;
    let field = find::field(b, "E-mail address").await?;
    ensure!(
        field.prop("value").await?.as_deref() == Some(address.as_str()),
        "the login is not offered as the address"
    );
    action::click(b, "Send Code").await?;
    action::confirm_password(b, PASSWORD).await?;
    check::testid_contains(b, "notice-pending", "Unverified").await?;
    let mails = sink
        .wait_for("the code mail", |_| !mails_to(sink, &address).is_empty())
        .await;
    let mail = mails
        .iter()
        .find(|m| m.to.contains(&address))
        .context("the code mail")?;
    action::type_into(b, CODE_LABEL, &mailed_code(mail)?).await?;
    check::testid_contains(b, "notice-address-since", "Verified since").await?;
    Ok(address)
}

/// From Settings > Account with `address` confirmed: its mail server
/// refuses mail from now on, a test notice is sent, and the section calls
/// the address bouncing without a reload (the app reads the account again
/// a moment after a test notice), and the status line's "on its way"
/// goes.
pub async fn bouncing(b: &Browser, sink: &SmtpSink, address: &str) -> Result<()> {
    sink.refuse(address);
    action::click(b, "Send a Test Notice").await?;
    check::testid_contains(b, "security-notices-status", "on its way").await?;
    check::testid_contains(
        b,
        "notice-bouncing",
        "Warning: notices are not reaching you",
    )
    .await?;
    // The warning says what happened; the line no longer claims otherwise.
    twofold_e2e::browser::eventually("the status line to drop \"on its way\"", || async move {
        // An empty line is not displayed: read it from the page.
        let status = b
            .script(
                "return document.querySelector('[data-testid=security-notices-status]')\
                 ?.textContent ?? '';",
            )
            .await?;
        let status = status.as_str().unwrap_or_default();
        Ok((!status.contains("on its way")).then_some(()))
    })
    .await
}

/// The Security Log's entries, as their texts, once one reads `kind` and
/// "Mailed to you" (the log is read again until the deliverer marked it).
async fn log_once_mailed(b: &Browser, kind: &str) -> Result<Vec<String>> {
    twofold_e2e::browser::eventually("the log's mark on a mailed entry", || async move {
        b.open("/settings/log").await?;
        find::heading(b, "Security Log").await?;
        find::testid(b, "event").await?;
        let mut texts = Vec::new();
        for row in find::all_testid(b, "event").await? {
            texts.push(row.text().await?);
        }
        let marked = texts
            .iter()
            .any(|text| text.contains(kind) && text.contains("Mailed to you"));
        Ok(marked.then_some(texts))
    })
    .await
}

#[tokio::test]
async fn a_mailed_change_is_marked_in_the_log_and_a_refused_address_is_called_bouncing(
) -> Result<()> {
    let _turn = Turn::take().await;
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink)?;
    in_browser(&app, "notifications-mailed", async |app, b| {
        let address = new_account_with_address(b, &sink, "mailed").await?;

        // A mailed change: another session signed out from the list.
        app.sign_in(&address, PASSWORD)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        action::click(b, "Sign Out All").await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "sessions-status", "1 session was signed out.").await?;
        let entries = log_once_mailed(b, "Other sessions signed out").await?;
        let created = entries
            .iter()
            .find(|text| text.contains("Account created"))
            .context("the sign-up entry")?;
        ensure!(
            !created.contains("Mailed"),
            "an entry never mailed says it was: {created:?}"
        );
        let mark = find::testid(b, "event-mailed").await?.text().await?;
        ensure!(
            mark.starts_with("Mailed to you ") && mark.contains(':'),
            "the mark reads {mark:?}"
        );
        b.screenshot("log-mailed").await?;

        // The mailbox is gone: a test notice is refused, and the section
        // says so in words, pointing to Change Address.
        action::open_account_settings(b).await?;
        bouncing(b, &sink, &address).await?;
        let words = check::testid_contains(b, "notice-bouncing", "since").await?;
        ensure!(
            words.contains("Notices to this address are being refused by its mail server since")
                && words.contains("set another address with Change Address."),
            "the warning reads {words:?}"
        );
        check::testid_contains(b, "notice-address-state", "Bouncing").await?;
        let change = find::button(b, "Change Address").await?;
        let description = check::description_of(b, &change).await?;
        ensure!(
            description.contains("set another address"),
            "Change Address is described as {description:?}"
        );
        b.screenshot("bouncing").await?;

        // The mailbox is back: the next test notice gets through and the
        // mark goes.
        sink.accept(&address);
        action::click(b, "Send a Test Notice").await?;
        check::count_becomes(b, "notice-bouncing", 0).await?;
        check::testid_contains(b, "notice-address-since", "Verified since").await?;
        Ok(())
    })
    .await
}
