//! The calls and steps the notification tests share: the three methods,
//! an address set and confirmed, a server that mails to the sink, "every
//! mail so far" (fenced by a test notice), and 2FA switched on.

use std::time::Duration;

use twofold_api::{events::EventKind, notifications::*, ApiError, Method};
use twofold_e2e::{
    smtp_sink::{Mail, SmtpSink},
    Authenticator, Proof, ServerOptions, TestApp, PASSWORD,
};

use super::mail::{digit_runs, mailed_code, mails_to, nth_mail_to, subject};

/// The password on the call.
pub const WITH_PASSWORD: Proof<'static> = Proof {
    password: Some(PASSWORD),
    code: None,
};

/// How twofold-local is told to mail through `sink`.
pub fn smtp_url(sink: &SmtpSink) -> String {
    format!("smtp://{}", sink.address())
}

/// A server that mails through `sink`.
pub fn mailing_to(sink: &SmtpSink) -> ServerOptions {
    ServerOptions::with_env(&[("TWOFOLD_SMTP_URL", &smtp_url(sink))])
}

/// SetNotificationEmail with `proof` on the call.
pub async fn set_address(
    app: &TestApp,
    session: &str,
    email: &str,
    proof: Proof<'_>,
) -> Result<NotificationEmailResponse, ApiError> {
    let body = SetNotificationEmailRequest {
        email: email.to_owned(),
        password: proof.owned_password(),
        code: proof.owned_code(),
        utc_offset: None,
    };
    app.call(Method::SetNotificationEmail, Some(session), &body)
        .await
}

/// ConfirmNotificationEmail.
pub async fn confirm_address(
    app: &TestApp,
    session: &str,
    code: &str,
) -> Result<NotificationEmailResponse, ApiError> {
    let body = ConfirmNotificationEmailRequest {
        code: code.to_owned(),
    };
    app.call(Method::ConfirmNotificationEmail, Some(session), &body)
        .await
}

/// SendTestNotice.
pub async fn send_test_notice(
    app: &TestApp,
    session: &str,
) -> Result<SendTestNoticeResponse, ApiError> {
    app.call(
        Method::SendTestNotice,
        Some(session),
        &SendTestNoticeRequest {},
    )
    .await
}

/// Sets `address` with `proof` on the call and confirms it with the code
/// mailed there; returns that code.
pub async fn confirmed(
    app: &TestApp,
    sink: &SmtpSink,
    session: &str,
    address: &str,
    proof: Proof<'_>,
) -> String {
    let before = mails_to(sink, address).len();
    set_address(app, session, address, proof)
        .await
        .expect("SetNotificationEmail");
    let code = mailed_code(&nth_mail_to(sink, address, before).await);
    confirm_address(app, session, &code)
        .await
        .expect("ConfirmNotificationEmail with the mailed code");
    code
}

/// Whether `mail` is SendTestNotice's.
pub fn is_test_notice(mail: &Mail) -> bool {
    subject(mail).to_lowercase().contains("test notice")
}

/// The mails to `address` from the `since`-th on, once everything the
/// server had to send until now has arrived: a test notice is asked for
/// and waited for (the outbox goes out oldest first), then `settle` more;
/// the test notice itself is left out. So "no mail" is never just "not
/// yet", nor a deliverer that sends nothing at all.
pub async fn mails_since(
    app: &TestApp,
    sink: &SmtpSink,
    session: &str,
    address: &str,
    since: usize,
    settle: Duration,
) -> Vec<Mail> {
    send_test_notice(app, session)
        .await
        .expect("SendTestNotice");
    sink.wait_for("the test notice", |mails| {
        mails
            .iter()
            .filter(|mail| mail.to.iter().any(|to| to == address))
            .skip(since)
            .any(is_test_notice)
    })
    .await;
    tokio::time::sleep(settle).await;
    let (tests, rest): (Vec<Mail>, Vec<Mail>) = mails_to(sink, address)
        .into_iter()
        .skip(since)
        .partition(is_test_notice);
    assert_eq!(tests.len(), 1, "one test notice: {tests:#?}");
    rest
}

/// A second: ten of the deliverer's rounds.
pub const SETTLE: Duration = Duration::from_secs(1);

/// The subject of `kind`'s notice names it in the log's words.
#[track_caller]
pub fn assert_names(mail: &Mail, kind: EventKind) {
    let subject = subject(mail);
    assert!(
        subject.contains(kind.describe()),
        "the subject {subject:?} names {kind:?} ({:?})",
        kind.describe()
    );
}

/// Sets up and switches on 2FA for `session`'s account (password
/// [`PASSWORD`]); returns the authenticator app, the set-up's secret and
/// the recovery codes.
pub async fn two_factor_on(app: &TestApp, session: &str) -> (Authenticator, String, Vec<String>) {
    app.check_password(session, PASSWORD)
        .await
        .expect("CheckPassword");
    let setup = app.setup_2fa(session).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
    let code = phone.next_code().await;
    let codes = app
        .enable_2fa(session, &code)
        .await
        .expect("Enable2FA")
        .unused_codes();
    (phone, setup.secret, codes)
}

/// Another six digits than `code`.
pub fn other_than(code: &str) -> String {
    let number: u32 = code.parse().expect("six digits");
    format!("{:06}", (number + 1) % 1_000_000)
}

/// A six-digit code that is wrong at the server's time `now`: counted
/// from `seed` on, skipping the three the app would accept.
pub fn wrong_code_at(phone: &Authenticator, now: u64, seed: u32) -> String {
    let valid: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .map(|&at| phone.code_at(at))
        .collect();
    (seed..)
        .map(|n| format!("{:06}", n % 1_000_000))
        .find(|code| !valid.contains(code))
        .expect("a wrong code")
}

#[test]
fn a_wrong_code_at_a_time_is_none_the_app_would_accept() {
    let phone = Authenticator::from_base32("JBSWY3DPEHPK3PXP");
    let now = 1_700_000_000;
    let valid: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .map(|&at| phone.code_at(at))
        .collect();
    for seed in valid
        .iter()
        .map(|code| code.parse::<u32>().expect("digits"))
    {
        let wrong = wrong_code_at(&phone, now, seed);
        assert!(!valid.contains(&wrong));
        assert_eq!(digit_runs(&wrong), [wrong.as_str()]);
    }
}
