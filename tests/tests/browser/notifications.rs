//! Settings > Account's Security Notices: an address added behind the
//! password pop-up, confirmed with the code mailed to it (through an SMTP
//! sink), and a test notice that arrives.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, axe, check, dist_dir, find, Browser};
use twofold_e2e::smtp_sink::{Mail, SmtpSink};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

use crate::support::{in_browser, new_login, ONE_AT_A_TIME};

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
    let _turn = ONE_AT_A_TIME.lock().await;
    let sink = SmtpSink::start().await;
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..ServerOptions::with_env(&[("TWOFOLD_SMTP_URL", &smtp)])
    });
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
        let label = format!("Enter the 6-digit code we sent to {address}");
        find::field(b, &label).await?;
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
        action::type_into(b, &label, wrong).await?;
        check::error_contains(b, "4 attempts left").await?;
        b.screenshot("wrong-code").await?;
        action::type_into(b, &label, &code).await?;
        check::testid_contains(b, "security-notices-status", "is confirmed").await?;
        check::testid_contains(b, "notice-address", &address).await?;
        find::testid(b, "notice-address-since").await?;
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
    let label = "Enter the 6-digit code we sent to axe@example.com";
    action::type_into(b, label, "000000").await?;
    check::error_contains(b, "attempts left").await?;
    axe::audit_at_both_sizes(b, "notice-code-wrong").await?;
    Ok(())
}
