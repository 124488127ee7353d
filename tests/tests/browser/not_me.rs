//! "Wasn't you?": the page a security notice's link opens. The link comes
//! from a real notice (the server mails through an SMTP sink); the page
//! calls nothing until its button is pressed, signs every session out,
//! puts the account back with a recovery code or a security key from
//! before the change, and leaves the owner to sign in with the old
//! password and their app or key.

use anyhow::{anyhow, bail, ensure, Context, Result};
use twofold_api::account::RecoveryCodesResponse;
use twofold_api::events::EventKind;
use twofold_api::not_me::{UndoChangeRequest, UndoChangeResponse};
use twofold_api::notifications::{
    ConfirmNotificationEmailRequest, NotificationEmailResponse, SetNotificationEmailRequest,
};
use twofold_api::security_keys::KeyKind;
use twofold_api::{Method, ResultCode};
use twofold_e2e::browser::{action, axe, check, dist_dir, find, Browser, Turn};
use twofold_e2e::smtp_sink::{Mail, SmtpSink};
use twofold_e2e::{Authenticator, Proof, ServerOptions, TestApp, PASSWORD};

use crate::support::{in_browser, in_browser_at, new_login, with_browser};

/// A made-up link of the right shape: no server signed it.
const MADE_UP_LINK: &str = "0123456789abcdef0123456789abcdef-1700000000-0123456789abcdef0-\
                            0000000000000000000000000000000000000000000000000000000000000000";

/// An account whose two-factor authentication was turned off by someone
/// with the password and one code, and the link of that change's notice.
pub struct TakenOver {
    /// Its login.
    pub login: String,
    /// The API session that turned 2FA off (the one "someone" holds).
    pub session: String,
    /// The owner's authenticator app, as it was before the change.
    pub phone: Authenticator,
    /// The recovery codes from before the change.
    pub codes: Vec<String>,
    /// The link in the notice of "Two-factor authentication turned off".
    pub link: String,
}

/// An account made over the API with a confirmed address and 2FA on with
/// an authenticator app.
pub struct Owner {
    /// Its login.
    pub login: String,
    /// Its confirmed address, where notices go.
    pub address: String,
    /// The API session that signed up (and set 2FA up).
    pub session: String,
    /// The authenticator app.
    pub phone: Authenticator,
    /// The recovery codes.
    pub codes: Vec<String>,
}

/// A server that serves the app and mails through `sink`.
pub fn mailing_server(sink: &SmtpSink) -> Result<TestApp> {
    let smtp = format!("smtp://{}", sink.address());
    Ok(TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..ServerOptions::with_env(&[("TWOFOLD_SMTP_URL", &smtp)])
    }))
}

/// Over the API: a new account `prefix…` with a confirmed address and 2FA
/// on.
pub async fn owner_with_app(app: &TestApp, sink: &SmtpSink, prefix: &str) -> Result<Owner> {
    let login = new_login(prefix);
    let address = format!("{login}@example.com");
    let session = app.signed_up(&login, PASSWORD).await;
    app.check_password(&session, PASSWORD).await.map_err(api)?;
    confirm_address(app, sink, &session, &address).await?;
    let setup = app.setup_2fa(&session).await.map_err(api)?;
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
    let enabled = app
        .enable_2fa(&session, &phone.next_code().await)
        .await
        .map_err(api)?;
    Ok(Owner {
        login,
        address,
        session,
        phone,
        codes: enabled.unused_codes(),
    })
}

/// Someone holding `session` (the password, and a code relayed from the
/// owner's app) turns 2FA off; the link in the notice mailed about it.
pub async fn turned_off_by(
    app: &TestApp,
    sink: &SmtpSink,
    owner: &mut Owner,
    session: &str,
) -> Result<String> {
    let relayed = owner.phone.next_code().await;
    app.disable_2fa_with(session, Proof::with_code(PASSWORD, &relayed))
        .await
        .map_err(api)?;
    let subject = EventKind::TwoFactorDisabled.describe();
    let notice = wait_for_mail(sink, &owner.address, subject).await?;
    link_in(&mail_text(&notice)?)
}

/// Over the API: an account with a confirmed address and 2FA on, then 2FA
/// turned off with the password and a code, with one access token made
/// after; the link from the notice mailed about it.
pub async fn taken_over(app: &TestApp, sink: &SmtpSink, prefix: &str) -> Result<TakenOver> {
    let mut owner = owner_with_app(app, sink, prefix).await?;
    let session = owner.session.clone();
    let link = turned_off_by(app, sink, &mut owner, &session).await?;
    let with_password = Proof {
        password: Some(PASSWORD),
        code: None,
    };
    app.create_token_with(
        &session,
        with_password,
        "someone's script",
        &["GetAccount"],
        None,
    )
    .await
    .map_err(api)?;
    Ok(TakenOver {
        login: owner.login,
        session,
        phone: owner.phone,
        codes: owner.codes,
        link,
    })
}

/// Over the API: an account whose two-factor authentication was a
/// security key alone (a soft key, not the browser's), turned off with
/// the password and a recovery code; the link from the notice.
async fn key_only_taken_over(app: &TestApp, sink: &SmtpSink) -> Result<String> {
    let login = new_login("axekeyonly");
    let address = format!("{login}@example.com");
    let session = app.signed_up(&login, PASSWORD).await;
    app.check_password(&session, PASSWORD).await.map_err(api)?;
    confirm_address(app, sink, &session, &address).await?;
    let mut key = app.soft_key();
    let with_password = Proof {
        password: Some(PASSWORD),
        code: None,
    };
    let added = app
        .add_key(
            &session,
            &mut key,
            KeyKind::SecurityKey,
            with_password,
            "Blue key",
        )
        .await
        .map_err(api)?;
    let codes = added
        .recovery_codes
        .as_ref()
        .map(RecoveryCodesResponse::unused_codes)
        .unwrap_or_default();
    let code = codes.first().context("the first key's recovery codes")?;
    app.disable_2fa_with(&session, Proof::with_code(PASSWORD, code))
        .await
        .map_err(api)?;
    let subject = EventKind::TwoFactorDisabled.describe();
    let notice = wait_for_mail(sink, &address, subject).await?;
    link_in(&mail_text(&notice)?)
}

fn api(error: twofold_api::ApiError) -> anyhow::Error {
    anyhow!("{error}")
}

/// SetNotificationEmail on the session's step-up, and the code mailed to
/// `address` confirmed.
async fn confirm_address(
    app: &TestApp,
    sink: &SmtpSink,
    session: &str,
    address: &str,
) -> Result<()> {
    let set = SetNotificationEmailRequest {
        email: address.to_owned(),
        password: None,
        code: None,
        utc_offset: None,
    };
    let _: NotificationEmailResponse = app
        .call(Method::SetNotificationEmail, Some(session), &set)
        .await
        .map_err(api)?;
    let mail = wait_for_mail(sink, address, "").await?;
    let code = only_six_digits(&mail_text(&mail)?)?;
    let confirm = ConfirmNotificationEmailRequest { code };
    let _: NotificationEmailResponse = app
        .call(Method::ConfirmNotificationEmail, Some(session), &confirm)
        .await
        .map_err(api)?;
    Ok(())
}

/// The first mail to `address` whose subject contains `subject`.
async fn wait_for_mail(sink: &SmtpSink, address: &str, subject: &str) -> Result<Mail> {
    let fits = |mail: &Mail| {
        mail.to.iter().any(|to| to == address)
            && mail.header("Subject").is_some_and(|s| s.contains(subject))
    };
    let what = format!("a mail to {address} about {subject:?}");
    let mails = sink.wait_for(&what, |mails| mails.iter().any(fits)).await;
    mails.into_iter().find(fits).context("the mail")
}

/// A mail's text, its transfer encoding undone (lettre picks 7bit,
/// quoted-printable or base64).
fn mail_text(mail: &Mail) -> Result<String> {
    let encoding = mail.header("Content-Transfer-Encoding").unwrap_or_default();
    if encoding.eq_ignore_ascii_case("base64") {
        let compact: String = mail.body().chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = data_encoding::BASE64.decode(compact.as_bytes())?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    if !encoding.eq_ignore_ascii_case("quoted-printable") {
        return Ok(mail.body().to_owned());
    }
    let joined = mail.body().replace("=\r\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let hex = (first == b'=')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok());
        match hex {
            Some(byte) => {
                bytes.push(byte);
                rest = &tail[2..];
            }
            None => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The one run of six digits in `text` (a confirmation code).
fn only_six_digits(text: &str) -> Result<String> {
    let mut runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 6)
        .collect();
    runs.dedup();
    match runs.as_slice() {
        [code] => Ok((*code).to_owned()),
        _ => bail!("not one six-digit code in the mail: {text}"),
    }
}

/// The link after `/not-me#` in a notice's text.
fn link_in(text: &str) -> Result<String> {
    let start = text
        .find("/not-me#")
        .with_context(|| format!("no /not-me# link in {text}"))?;
    let link: String = text[start + "/not-me#".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    ensure!(!link.is_empty(), "an empty link in {text}");
    Ok(link)
}

/// Opens the page with `link` and waits for its heading.
pub async fn open_with_link(b: &Browser, link: &str) -> Result<()> {
    b.open(&format!("/not-me#{link}")).await?;
    find::heading(b, "Wasn't you?").await?;
    find::testid(b, "not-me-explained").await?;
    Ok(())
}

/// Fails unless the API session `session` is signed out (201).
async fn is_signed_out(app: &TestApp, session: &str) -> Result<()> {
    match app.get_account(session).await {
        Err(e) if e.result == ResultCode::NotSignedIn => Ok(()),
        other => bail!("a session that should be over answered {other:?}"),
    }
}

/// Story: someone with the password and one relayed code turned 2FA off
/// and made a token. The owner, signed in in this browser, follows the
/// notice's link: the page waits for the button, signs everyone out
/// (this browser too, without leaving the page), takes a wrong code and
/// then a recovery code from before the change, and the owner signs in
/// with the old password and the authenticator app.
#[tokio::test]
async fn the_owner_signs_everyone_out_and_puts_the_account_back_with_a_recovery_code() -> Result<()>
{
    let _turn = Turn::take().await;
    let sink = SmtpSink::start().await;
    let app = mailing_server(&sink)?;
    let mut owner = taken_over(&app, &sink, "notme").await?;
    in_browser(&app, "not-me", async |app, b| {
        action::sign_in_with_password(b, &owner.login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        open_with_link(b, &owner.link).await?;
        let url = b.client().current_url().await?;
        ensure!(
            url.fragment().is_none(),
            "the link stays in the address: {url}"
        );
        check::testid_contains(b, "not-me-explained", "once, for 72 hours").await?;
        b.screenshot("before").await?;
        // Opening the page called nothing: the sessions still work.
        app.get_account(&owner.session).await.map_err(api)?;

        action::click(b, "Sign out everywhere").await?;
        let done = check::testid_contains(b, "not-me-done", "every session is signed out").await?;
        ensure!(done.contains("1 access token was deleted"), "{done}");
        check::focus_is_on_testid(b, "not-me-done").await?;
        check::testid_contains(b, "not-me-change", "Two-factor authentication turned off").await?;
        check::testid_contains(b, "not-me-undo", "authenticator app you had then").await?;
        check::testid_contains(b, "not-me-tries", "5 attempts left").await?;
        is_signed_out(app, &owner.session).await?;
        b.screenshot("reported").await?;
        ensure!(
            b.path().await? == "/not-me",
            "the page left for {}",
            b.path().await?
        );

        action::type_into(
            b,
            "Code from your authenticator app",
            &owner.phone.wrong_code(),
        )
        .await?;
        check::error_contains(b, "4 attempts left").await?;
        check::testid_contains(b, "not-me-tries", "4 attempts left").await?;
        b.screenshot("wrong-code").await?;
        action::click(b, "Use a recovery code instead").await?;
        action::type_into(b, "Recovery code", &owner.codes[0]).await?;
        action::click(b, "Put my account back").await?;
        let restored = check::testid_contains(b, "not-me-restored", "Your account is back").await?;
        for words in [
            "before “Two-factor authentication turned off” on",
            "Sign in with your old password and your authenticator app",
            "whoever made the change knew it",
        ] {
            ensure!(restored.contains(words), "{words:?} not in {restored}");
        }
        check::testid_contains(b, "not-me-codes-left", "9 recovery codes").await?;
        check::focus_is_on_testid(b, "not-me-restored").await?;
        b.screenshot("restored").await?;

        // The app knows it is signed out: Sign in shows the form.
        find::link(b, "Sign in").await?.click().await?;
        find::testid(b, "sign-in").await?;
        action::sign_in_with_password(b, &owner.login, PASSWORD).await?;
        action::type_code(b, &owner.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        b.screenshot("signed-in-again").await?;
        Ok(())
    })
    .await
}

/// Story: the owner has the authenticator app and adds a security key in
/// Settings (the browser's virtual authenticator, at localhost). Someone
/// with the password and one relayed code signs in and turns 2FA off,
/// which takes the key away too. The owner, without the phone, follows the
/// link: after "Sign out everywhere" the undo offers the key beside the
/// code; the key puts the password, the app and the key back, and the
/// owner signs in with the password and the key.
#[tokio::test]
async fn the_owner_puts_the_account_back_with_a_security_key_from_before_the_change() -> Result<()>
{
    let _turn = Turn::take().await;
    let sink = SmtpSink::start().await;
    let app = mailing_server(&sink)?;
    let mut owner = owner_with_app(&app, &sink, "notmekey").await?;
    let url = app.server().localhost_url();
    in_browser_at(&app, &url, "not-me-key", async |app, b| {
        b.add_virtual_authenticator().await?;
        action::sign_in_with_password(b, &owner.login, PASSWORD).await?;
        action::type_code(b, &owner.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        action::click(b, "Add a Security Key").await?;
        action::confirm_password_and_code(b, PASSWORD, &owner.phone.next_code().await).await?;
        find::dialog(b, "Add a Security Key").await?;
        action::type_into(b, "Name", "Blue key").await?;
        action::click(b, "Continue").await?;
        check::testid_contains(b, "two-factor-status", "was added").await?;

        let pending = app.pending(&owner.login, PASSWORD).await;
        let relayed = owner.phone.next_code().await;
        let thief = app
            .verify_2fa_code(&pending, &relayed)
            .await
            .map_err(api)?
            .session
            .session
            .context("the thief's full session")?;
        let link = turned_off_by(app, &sink, &mut owner, &thief).await?;

        open_with_link(b, &link).await?;
        action::click(b, "Sign out everywhere").await?;
        check::testid_contains(b, "not-me-done", "every session is signed out").await?;
        let offered = check::testid_contains(b, "not-me-undo", "your security key").await?;
        ensure!(
            offered.contains("authenticator app you had then"),
            "{offered}"
        );
        is_signed_out(app, &thief).await?;
        // Beside the app's codes, the key is not the form's main action.
        let key = find::testid(b, "not-me-use-key").await?;
        let class = key.attr("class").await?.unwrap_or_default();
        ensure!(!class.contains("primary"), "the key leads: {class}");
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("undo-with-key").await?;

        action::click(b, "Use your security key").await?;
        let restored = check::testid_contains(b, "not-me-restored", "Your account is back").await?;
        ensure!(
            restored.contains("your authenticator app or your security key"),
            "{restored}"
        );
        check::testid_contains(b, "not-me-codes-left", "10 recovery codes").await?;
        check::focus_is_on_testid(b, "not-me-restored").await?;
        b.screenshot("restored-by-key").await?;

        find::link(b, "Sign in").await?.click().await?;
        find::testid(b, "sign-in").await?;
        action::sign_in_with_password(b, &owner.login, PASSWORD).await?;
        action::click(b, "Use your security key").await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "security-key-name", "Blue key").await?;
        find::testid(b, "factor-app").await?;
        Ok(())
    })
    .await
}

/// Four wrong codes sent by someone else, then a fifth on the page: the
/// form gives way to why the account can no longer be put back, and
/// where to get help.
#[tokio::test]
async fn the_last_wrong_code_ends_the_undo_and_says_where_to_get_help() -> Result<()> {
    let _turn = Turn::take().await;
    let sink = SmtpSink::start().await;
    let app = mailing_server(&sink)?;
    let owner = taken_over(&app, &sink, "notmetries").await?;
    in_browser(&app, "not-me-tries", async |app, b| {
        open_with_link(b, &owner.link).await?;
        action::click(b, "Sign out everywhere").await?;
        check::testid_contains(b, "not-me-tries", "5 attempts left").await?;
        let wrong = owner.phone.wrong_code();
        for left in (1..5).rev() {
            let body = UndoChangeRequest {
                link: owner.link.clone(),
                code: Some(wrong.clone()),
                ceremony: None,
                credential: None,
            };
            let answer: Result<UndoChangeResponse, _> =
                app.call(Method::UndoChange, None, &body).await;
            match answer {
                Err(e) if e.result == ResultCode::InvalidCode => {
                    ensure!(e.attempts_left == Some(left), "{e:?}")
                }
                other => bail!("a wrong code answered {other:?}"),
            }
        }
        action::type_into(b, "Code from your authenticator app", &wrong).await?;
        let over = check::testid_contains(b, "not-me-undo-over", "no attempts are left").await?;
        ensure!(over.contains("contact the operator"), "{over}");
        ensure!(
            find::all_testid(b, "not-me-undo-form").await?.is_empty(),
            "the form stays"
        );
        check::focus_is_on_testid(b, "not-me-undo-over").await?;
        axe::audit_at_both_sizes(b, "not-me-undo-over").await?;
        Ok(())
    })
    .await
}

/// A page opened without a link says so; a link pasted into its address
/// bar (only the fragment changes: no new load) is taken; a made-up one is
/// refused in words, and the button goes.
#[tokio::test]
async fn a_made_up_link_is_refused_in_words_and_no_link_is_named() -> Result<()> {
    with_browser("not-me-refused", async |b| {
        b.open("/not-me").await?;
        check::testid_contains(b, "not-me-no-link", "holds none").await?;
        b.screenshot("no-link").await?;
        open_with_link(b, MADE_UP_LINK).await?;
        action::click(b, "Sign out everywhere").await?;
        check::error_contains(b, "Copy the whole link from the mail").await?;
        ensure!(
            find::all_testid(b, "sign-out-everywhere").await?.is_empty(),
            "the button stays for a refused link"
        );
        b.screenshot("made-up").await?;
        Ok(())
    })
    .await
}

/// For the accessibility test, on its own server that mails: the page
/// without a link, before the button, after it with the undo form, a
/// wrong code, the account put back, a made-up link refused, the undo
/// form with a key beside the app's codes and with a key alone (the key
/// leads), and a key the browser refuses on this address. (The undo ended
/// by the last wrong code is audited by its own test.)
pub async fn not_me_states(b: &Browser, app: &TestApp, sink: &SmtpSink) -> Result<()> {
    let owner = taken_over(app, sink, "axenotme").await?;
    b.open("/not-me").await?;
    find::testid(b, "not-me-no-link").await?;
    axe::audit_at_both_sizes(b, "not-me-no-link").await?;
    open_with_link(b, &owner.link).await?;
    axe::audit_at_both_sizes(b, "not-me-before").await?;
    action::click(b, "Sign out everywhere").await?;
    find::testid(b, "not-me-undo-form").await?;
    axe::audit_at_both_sizes(b, "not-me-undo-form").await?;
    action::type_into(
        b,
        "Code from your authenticator app",
        &owner.phone.wrong_code(),
    )
    .await?;
    check::error_contains(b, "attempts left").await?;
    axe::audit_at_both_sizes(b, "not-me-wrong-code").await?;
    action::click(b, "Use a recovery code instead").await?;
    action::type_into(b, "Recovery code", &owner.codes[0]).await?;
    action::click(b, "Put my account back").await?;
    check::testid_contains(b, "not-me-restored", "Your account is back").await?;
    axe::audit_at_both_sizes(b, "not-me-restored").await?;
    open_with_link(b, MADE_UP_LINK).await?;
    action::click(b, "Sign out everywhere").await?;
    check::error_contains(b, "Copy the whole link").await?;
    axe::audit_at_both_sizes(b, "not-me-link-refused").await?;
    key_states(b, app, sink).await
}

/// The undo forms that offer a key (added over the API with a soft key):
/// beside the app's codes, its refusal (WebAuthn refuses the page's
/// 127.0.0.1 address: no try taken), and alone, where it leads.
async fn key_states(b: &Browser, app: &TestApp, sink: &SmtpSink) -> Result<()> {
    let mut owner = owner_with_app(app, sink, "axenotmekey").await?;
    let mut key = app.soft_key();
    let code = owner.phone.next_code().await;
    app.add_key(
        &owner.session,
        &mut key,
        KeyKind::SecurityKey,
        Proof::with_code(PASSWORD, &code),
        "Blue key",
    )
    .await
    .map_err(api)?;
    let session = owner.session.clone();
    let link = turned_off_by(app, sink, &mut owner, &session).await?;
    open_with_link(b, &link).await?;
    action::click(b, "Sign out everywhere").await?;
    find::testid(b, "not-me-use-key").await?;
    axe::audit_at_both_sizes(b, "not-me-undo-form-with-key").await?;
    action::click(b, "Use your security key").await?;
    // Said under the key's button, which keeps focus.
    check::testid_contains(b, "not-me-key", "refused to use a key on this address").await?;
    check::focus_is_on_testid(b, "not-me-use-key").await?;
    check::testid_contains(b, "not-me-tries", "5 attempts left").await?;
    axe::audit_at_both_sizes(b, "not-me-key-refused").await?;

    let link = key_only_taken_over(app, sink).await?;
    open_with_link(b, &link).await?;
    action::click(b, "Sign out everywhere").await?;
    let key = find::testid(b, "not-me-use-key").await?;
    let class = key.attr("class").await?.unwrap_or_default();
    ensure!(class.contains("primary"), "the key does not lead: {class}");
    find::field(b, "Recovery code").await?;
    axe::audit_at_both_sizes(b, "not-me-undo-key-first").await?;
    Ok(())
}
