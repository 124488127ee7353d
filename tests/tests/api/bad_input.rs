//! Bad input of every kind gets a clear error with a stable code and the
//! matching HTTP status, never a 500, and changes nothing: the account and
//! its security log look the same after each refused call.

use twofold_api::{Method, ResultCode};
use twofold_e2e::{Enrolled, Refused, TestApp, PASSWORD};

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

/// One malformed call and the refusal it must get.
struct Case {
    what: &'static str,
    get: bool,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    authorization: Option<String>,
    expected: ResultCode,
    parameter: Option<&'static str>,
}

impl Case {
    fn post(
        what: &'static str,
        method: Method,
        content_type: Option<&'static str>,
        body: impl Into<Vec<u8>>,
    ) -> Case {
        Case {
            what,
            get: false,
            path: method.path(),
            content_type,
            body: body.into(),
            authorization: None,
            expected: ResultCode::Ok,
            parameter: None,
        }
    }

    fn json(what: &'static str, method: Method, body: serde_json::Value) -> Case {
        Case::post(what, method, JSON, body.to_string())
    }

    fn to(mut self, path: &str) -> Case {
        self.path = path.to_owned();
        self
    }

    fn with_get(mut self) -> Case {
        self.get = true;
        self
    }

    fn signed_in(mut self, session: &str) -> Case {
        self.authorization = Some(format!("Bearer {session}"));
        self
    }

    fn authorization(mut self, value: String) -> Case {
        self.authorization = Some(value);
        self
    }

    fn refused(mut self, code: ResultCode) -> Case {
        self.expected = code;
        self
    }

    fn naming(mut self, parameter: &'static str) -> Case {
        self.parameter = Some(parameter);
        self
    }
}

/// A real token with one character of its random part changed: well formed,
/// but nobody's.
fn forged(token: &str) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    let at = chars.len() - 5;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

fn cases(ada: &Enrolled, pending: &str) -> Vec<Case> {
    use serde_json::json;
    use Method::*;
    use ResultCode::*;
    let session = ada.session.as_str();
    let long = "a".repeat(10 * 1024);
    vec![
        // Missing and wrong-typed parameters.
        Case::json(
            "sign-in without a login",
            SignIn,
            json!({"password": PASSWORD}),
        )
        .refused(MissingParameter)
        .naming("login"),
        Case::json(
            "sign-in without a password",
            SignIn,
            json!({"login": "ada"}),
        )
        .refused(MissingParameter)
        .naming("password"),
        Case::post("sign-in with an empty body", SignIn, None, "")
            .refused(MissingParameter)
            .naming("login"),
        Case::json(
            "a number as login",
            SignIn,
            json!({"login": 5, "password": PASSWORD}),
        )
        .refused(InvalidParameter)
        .naming("login"),
        Case::json(
            "null as login",
            SignIn,
            json!({"login": null, "password": PASSWORD}),
        )
        .refused(InvalidParameter)
        .naming("login"),
        Case::json(
            "a list as password",
            SignIn,
            json!({"login": "ada", "password": [PASSWORD]}),
        )
        .refused(InvalidParameter)
        .naming("password"),
        Case::json(
            "an object as password",
            CheckPassword,
            json!({"password": {"p": PASSWORD}}),
        )
        .signed_in(session)
        .refused(InvalidParameter)
        .naming("password"),
        Case::json("Enable2FA without a code", Enable2FA, json!({}))
            .signed_in(session)
            .refused(MissingParameter)
            .naming("code"),
        Case::json(
            "Verify2FACode without a code",
            Verify2FACode,
            json!({"session": pending}),
        )
        .refused(MissingParameter)
        .naming("code"),
        Case::json(
            "a number as code",
            Verify2FACode,
            json!({"session": pending, "code": 123456}),
        )
        .refused(InvalidParameter)
        .naming("code"),
        Case::json(
            "a seven-digit code",
            Verify2FACode,
            json!({"session": pending, "code": "1234567"}),
        )
        .refused(InvalidParameter)
        .naming("code"),
        Case::json("a number as session", GetAccount, json!({"session": 5}))
            .refused(InvalidParameter)
            .naming("session"),
        Case::json("a page limit in words", GetEvents, json!({"limit": "many"}))
            .signed_in(session)
            .refused(InvalidParameter)
            .naming("limit"),
        Case::json("a page limit of zero", GetEvents, json!({"limit": 0}))
            .signed_in(session)
            .refused(InvalidParameter)
            .naming("limit"),
        Case::json(
            "a page limit beyond u32",
            GetEvents,
            json!({"limit": 99_999_999_999u64}),
        )
        .signed_in(session)
        .refused(InvalidParameter)
        .naming("limit"),
        Case::json(
            "a forged page cursor",
            GetEvents,
            json!({"after": "USER#someone/ACCOUNT"}),
        )
        .signed_in(session)
        .refused(InvalidParameter)
        .naming("after"),
        // Absurd lengths.
        Case::json(
            "a 10 KB login",
            SignIn,
            json!({"login": long, "password": PASSWORD}),
        )
        .refused(InvalidParameter)
        .naming("login"),
        Case::json(
            "a 10 KB password",
            SignIn,
            json!({"login": "ada", "password": long}),
        )
        .refused(InvalidParameter)
        .naming("password"),
        Case::json(
            "a 10 KB password to confirm",
            CheckPassword,
            json!({"password": long}),
        )
        .signed_in(session)
        .refused(InvalidParameter)
        .naming("password"),
        Case::json(
            "a 10 KB code",
            Verify2FACode,
            json!({"session": pending, "code": long}),
        )
        .refused(InvalidParameter)
        .naming("code"),
        // Paths and HTTP methods.
        Case::json("an unknown method", SignIn, json!({}))
            .to("/1.0/users/authentication/rest/deleteaccount")
            .refused(UnknownMethod),
        Case::json("a method under the other service", SignIn, json!({}))
            .to("/1.0/users/account/rest/signin")
            .refused(UnknownMethod),
        Case::json("an unknown service", SignIn, json!({}))
            .to("/1.0/users/billing/rest/pay")
            .refused(UnknownMethod),
        Case::post("GET instead of POST", Disable2FA, None, "")
            .signed_in(session)
            .with_get()
            .refused(MethodNotAllowed),
        // Bodies that cannot be read.
        Case::post("a 1 MiB body", Disable2FA, JSON, vec![b' '; 1024 * 1024])
            .signed_in(session)
            .refused(BodyTooLarge),
        Case::post(
            "a body just over the limit",
            SignIn,
            JSON,
            format!(
                "{{\"login\":\"ada\",\"password\":\"{}\"}}",
                "p".repeat(17 * 1024)
            ),
        )
        .refused(BodyTooLarge),
        Case::post(
            "invalid UTF-8",
            SignIn,
            JSON,
            b"{\"login\":\"ada\xff\xfe\",\"password\":\"x\"}".to_vec(),
        )
        .refused(MalformedRequest),
        Case::post(
            "invalid UTF-8 in form fields",
            SignIn,
            FORM,
            b"login=ada\xff&password=x".to_vec(),
        )
        .refused(MalformedRequest),
        Case::post("a JSON array", SignIn, JSON, r#"["ada", "password"]"#)
            .refused(MalformedRequest),
        Case::post("a JSON string", SignIn, JSON, r#""ada""#).refused(MalformedRequest),
        Case::post("JSON null", Disable2FA, JSON, "null")
            .signed_in(session)
            .refused(MalformedRequest),
        Case::post(
            "broken JSON",
            SignIn,
            JSON,
            r#"{"login": "ada", "password": "#,
        )
        .refused(MalformedRequest),
        Case::post("JSON nested too deep", Disable2FA, JSON, "[".repeat(5000))
            .signed_in(session)
            .refused(MalformedRequest),
        Case::post("plain text", SignIn, Some("text/plain"), "login=ada")
            .refused(UnsupportedMediaType),
        Case::post("XML", Disable2FA, Some("application/xml"), "<disable/>")
            .signed_in(session)
            .refused(UnsupportedMediaType),
        Case::post(
            "a body without a content type",
            SignIn,
            None,
            r#"{"login":"ada"}"#,
        )
        .refused(UnsupportedMediaType),
        // Tokens that are not sessions.
        Case::post("a garbage bearer token", Disable2FA, None, "")
            .authorization("Bearer garbage".into())
            .refused(NotSignedIn),
        Case::post("an empty bearer token", Disable2FA, None, "")
            .authorization("Bearer ".into())
            .refused(NotSignedIn),
        Case::post("a session prefix and garbage", Disable2FA, None, "")
            .authorization("Bearer tfs_!!not-base64!!".into())
            .refused(NotSignedIn),
        Case::post("a 10 KB bearer token", Disable2FA, None, "")
            .authorization(format!("Bearer tfs_{long}"))
            .refused(NotSignedIn),
        Case::post("a well-formed token nobody holds", Disable2FA, None, "")
            .signed_in(&forged(session))
            .refused(NotSignedIn),
        Case::post(
            "a garbage session field",
            Disable2FA,
            FORM,
            "session=garbage",
        )
        .refused(NotSignedIn),
        Case::post("no credential at all", Disable2FA, None, "").refused(NotSignedIn),
        Case::json(
            "a garbage pending session",
            Verify2FACode,
            json!({"session": "tfp_garbage", "code": ada.recovery_codes[0]}),
        )
        .refused(NotSignedIn),
        Case::json(
            "a forged pending session",
            Verify2FACode,
            json!({"session": forged(pending), "code": ada.recovery_codes[0]}),
        )
        .refused(NotSignedIn),
    ]
}

#[tokio::test]
async fn every_bad_input_gets_a_clear_error_and_changes_nothing() {
    // Arrange: an account with 2FA on, an elevated session and a pending sign-in.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let before = app.state(&ada.session).await;

    for case in cases(&ada, &pending) {
        // Act
        let answer = if case.get {
            app.get(&case.path).await
        } else {
            let headers: Vec<(&str, &str)> = case
                .authorization
                .iter()
                .map(|value| ("authorization", value.as_str()))
                .collect();
            app.raw(&case.path, case.content_type, case.body.clone(), &headers)
                .await
        };

        // Assert
        assert_ne!(answer.status.as_u16(), 500, "{}", case.what);
        let parameter = answer.assert_refused(case.expected);
        assert_eq!(
            parameter.as_deref(),
            case.parameter,
            "{}: the parameter at fault",
            case.what
        );
        assert_eq!(
            app.state(&ada.session).await,
            before,
            "{} changed nothing",
            case.what
        );
    }
    let again = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert_eq!(
        again.attempts_left,
        Some(5),
        "no bad input counted as a wrong code"
    );
    app.verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .expect("the pending sign-in was not spent");
}

#[tokio::test]
async fn a_refused_sign_up_creates_no_account() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let missing = app
        .raw(
            &Method::SignUp.path(),
            JSON,
            br#"{"login":"newbie"}"#.to_vec(),
            &[],
        )
        .await;
    let short = app.sign_up("newbie", "short").await;
    let spaced = app.sign_up("new bie", PASSWORD).await;
    let long = app.sign_up(&"n".repeat(10 * 1024), PASSWORD).await;
    let huge_password = app.sign_up("newbie", &"p".repeat(10 * 1024)).await;

    // Assert
    assert_eq!(
        missing
            .assert_refused(ResultCode::MissingParameter)
            .as_deref(),
        Some("password")
    );
    assert_eq!(
        short
            .refused(ResultCode::InvalidParameter)
            .parameter
            .as_deref(),
        Some("password")
    );
    assert_eq!(
        spaced
            .refused(ResultCode::InvalidParameter)
            .parameter
            .as_deref(),
        Some("login")
    );
    assert_eq!(
        long.refused(ResultCode::InvalidParameter)
            .parameter
            .as_deref(),
        Some("login")
    );
    assert_eq!(
        huge_password
            .refused(ResultCode::InvalidParameter)
            .parameter
            .as_deref(),
        Some("password")
    );
    app.sign_in("newbie", PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_up("newbie", PASSWORD)
        .await
        .expect("the login is still free");
}

#[tokio::test]
async fn parameters_may_also_arrive_as_form_fields() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let form = |fields: &[(&str, &str)]| {
        fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    };

    // Act
    let signed_in = app
        .raw(
            &Method::SignIn.path(),
            FORM,
            form(&[("login", "ada"), ("password", PASSWORD)]),
            &[],
        )
        .await;
    let pending = signed_in.body["session"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = &ada.recovery_codes[0];
    let verified = app
        .raw(
            &Method::Verify2FACode.path(),
            FORM,
            form(&[("session", &pending), ("code", code)]),
            &[],
        )
        .await;
    let session = verified.body["session"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let account = app
        .raw(
            &Method::GetAccount.path(),
            FORM,
            form(&[("session", &session)]),
            &[],
        )
        .await;
    let events = app
        .raw(
            &Method::GetEvents.path(),
            FORM,
            form(&[("session", &session), ("limit", "2")]),
            &[],
        )
        .await;

    // Assert
    signed_in.assert_ok();
    assert_eq!(signed_in.body["twoFactorRequired"], true);
    verified.assert_ok();
    assert_eq!(verified.body["recoveryCodesLeft"], 9);
    account.assert_ok();
    assert_eq!(account.body["login"], "ada");
    events.assert_ok();
    assert_eq!(events.body["events"].as_array().map(Vec::len), Some(2));
    app.get_account(&session)
        .await
        .expect("the same session as a bearer token");
}

#[tokio::test]
async fn method_names_in_paths_ignore_case() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let answer = app
        .raw(
            "/1.0/users/account/rest/GetAccount",
            JSON,
            b"{}".to_vec(),
            &[("authorization", &format!("Bearer {session}"))],
        )
        .await;

    // Assert
    answer.assert_ok();
    assert_eq!(answer.body["login"], "ada");
}

/// Percent-encodes a form value.
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
