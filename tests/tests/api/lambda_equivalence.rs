//! The Lambda functions answer like twofold-local: the same flow, sent to
//! both as they run in production (the function binaries under an emulated
//! Lambda Runtime API, called with API Gateway HTTP API v2 events, over one
//! shared store), gets the same result codes, statuses and cookies.

use serde_json::{json, Value};
use twofold_api::{Method, ResultCode, CLIENT_HEADER, CLIENT_WEB};
use twofold_e2e::{lambda::LambdaFunction, Authenticator, ServerOptions, TestApp, PASSWORD};
use twofold_store::embedded::EmbeddedDynamo;

/// The address API Gateway reports for every Lambda call.
const SOURCE_IP: &str = "192.0.2.80";

/// One answer, reduced to what must be equal on both sides.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    status: u16,
    result: Option<u64>,
    /// `Set-Cookie`, with its value and lifetime blanked.
    cookie: Option<String>,
    body: Value,
}

/// The same server twice: as twofold-local, and as the two Lambda functions.
struct Sides {
    local: TestApp,
    authentication: LambdaFunction,
    account: LambdaFunction,
    _store: EmbeddedDynamo,
}

impl Sides {
    async fn start() -> Sides {
        let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
            .await
            .expect("store");
        let endpoint = store.endpoint().to_owned();
        // Secure cookies on both, as in production.
        let env = [("TWOFOLD_SECURE_COOKIES", "true")];
        Sides {
            local: TestApp::spawn_with(ServerOptions::with_env(&env)),
            authentication: LambdaFunction::start_on("authentication", &env, &endpoint).await,
            account: LambdaFunction::start_on("account", &env, &endpoint).await,
            _store: store,
        }
    }

    /// Sends the same call to both; returns (local, lambda).
    async fn both(&mut self, path: &str, body: &str, headers: &[(&str, &str)]) -> (Answer, Answer) {
        self.pair(path, (body.to_owned(), body.to_owned()), headers)
            .await
    }

    /// Sends `method` with each side's own body (its own session, codes).
    async fn each(&mut self, method: Method, bodies: (String, String)) -> (Answer, Answer) {
        self.pair(&method.path(), bodies, &[JSON]).await
    }

    /// Sends `bodies.0` to twofold-local and `bodies.1` to the functions.
    async fn pair(
        &mut self,
        path: &str,
        bodies: (String, String),
        headers: &[(&str, &str)],
    ) -> (Answer, Answer) {
        let local = {
            let raw = self
                .local
                .raw(path, None, bodies.0.into_bytes(), headers)
                .await;
            Answer {
                status: raw.status.as_u16(),
                result: raw.body["result"].as_u64(),
                cookie: raw.set_cookie().map(blank_cookie),
                body: raw.body.clone(),
            }
        };
        let function = if path.starts_with("/1.0/users/account/") {
            &mut self.account
        } else {
            &mut self.authentication
        };
        let response = function
            .post_with(path, &bodies.1, headers, SOURCE_IP)
            .await;
        let lambda = Answer {
            status: response["statusCode"].as_u64().expect("a status") as u16,
            result: serde_json::from_str::<Value>(response["body"].as_str().unwrap_or("null"))
                .ok()
                .and_then(|b| b["result"].as_u64()),
            cookie: response["cookies"]
                .as_array()
                .and_then(|c| c.first())
                .or_else(|| response["headers"].get("set-cookie"))
                .and_then(Value::as_str)
                .map(blank_cookie),
            body: serde_json::from_str(response["body"].as_str().unwrap_or("null"))
                .unwrap_or(Value::Null),
        };
        (local, lambda)
    }
}

/// `name=value; Max-Age=N; ...` with the value and the number blanked.
fn blank_cookie(cookie: &str) -> String {
    cookie
        .split(';')
        .map(|part| {
            let part = part.trim();
            match part.split_once('=') {
                Some((name, _)) if name.eq_ignore_ascii_case("max-age") => format!("{name}=N"),
                Some((name, _)) if !part.contains("Path") && !part.contains("SameSite") => {
                    format!("{name}=<value>")
                }
                _ => part.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn a_whole_flow_gets_the_same_answers_from_the_lambda_functions_as_from_twofold_local() {
    let mut sides = Sides::start().await;
    let mut differences = Vec::new();
    let mut compare = |step: &str, (local, lambda): (Answer, Answer)| {
        if (local.status, local.result, &local.cookie)
            != (lambda.status, lambda.result, &lambda.cookie)
        {
            differences.push(format!("{step}:\n  local  {local:?}\n  lambda {lambda:?}"));
        }
        (local, lambda)
    };
    let credentials = json!({"login": "ada", "password": PASSWORD}).to_string();
    let sign_up = compare(
        "SignUp",
        sides
            .both(&Method::SignUp.path(), &credentials, &[JSON])
            .await,
    );
    assert_eq!(sign_up.0.result, Some(0), "{:?}", sign_up.0);
    compare(
        "SignUp again",
        sides
            .both(&Method::SignUp.path(), &credentials, &[JSON])
            .await,
    );
    compare(
        "SignIn with a wrong password",
        sides
            .both(
                &Method::SignIn.path(),
                &json!({"login": "ada", "password": "wrong password"}).to_string(),
                &[JSON],
            )
            .await,
    );
    compare(
        "SignIn without a password",
        sides
            .both(&Method::SignIn.path(), r#"{"login":"ada"}"#, &[JSON])
            .await,
    );
    compare(
        "a body that is not JSON",
        sides.both(&Method::SignIn.path(), "{", &[JSON]).await,
    );
    compare(
        "an unknown method",
        sides
            .both("/1.0/users/account/rest/frobnicate", "{}", &[JSON])
            .await,
    );
    compare(
        "SignIn from the web app (cookie)",
        sides
            .both(
                &Method::SignIn.path(),
                &credentials,
                &[JSON, (CLIENT_HEADER, CLIENT_WEB)],
            )
            .await,
    );
    let (local, lambda) = compare(
        "SignIn from a script",
        sides
            .both(&Method::SignIn.path(), &credentials, &[JSON])
            .await,
    );
    let session = |answer: &Answer| {
        answer.body["session"]
            .as_str()
            .expect("a session")
            .to_owned()
    };
    let (local_session, lambda_session) = (session(&local), session(&lambda));

    // Each side's session on each side's calls from here.
    let each = |local_value: &str, lambda_value: &str, body: Value| {
        let with = |value: &str| {
            let mut body = body.clone();
            body["session"] = json!(value);
            body.to_string()
        };
        (with(local_value), with(lambda_value))
    };
    let steps: Vec<(Method, Value)> = vec![
        (Method::GetAccount, json!({})),
        (Method::CheckPassword, json!({"password": PASSWORD})),
    ];
    for (method, body) in steps {
        let answers = sides
            .each(method, each(&local_session, &lambda_session, body))
            .await;
        compare(method.name(), answers);
    }
    let (local_setup, lambda_setup) = compare(
        "Setup2FA",
        sides
            .each(
                Method::Setup2FA,
                each(&local_session, &lambda_session, json!({})),
            )
            .await,
    );
    let mut local_app =
        Authenticator::from_base32(local_setup.body["secret"].as_str().expect("secret"));
    let mut lambda_app =
        Authenticator::from_base32(lambda_setup.body["secret"].as_str().expect("secret"));
    let codes = (local_app.next_code().await, lambda_app.next_code().await);
    let enable = |code: &str| json!({"code": code});
    compare(
        "Enable2FA",
        sides
            .each(
                Method::Enable2FA,
                (
                    each(&local_session, "", enable(&codes.0)).0,
                    each("", &lambda_session, enable(&codes.1)).1,
                ),
            )
            .await,
    );
    let (local_pending, lambda_pending) = compare(
        "SignIn with 2FA on",
        sides
            .both(&Method::SignIn.path(), &credentials, &[JSON])
            .await,
    );
    let (local_pending, lambda_pending) = (session(&local_pending), session(&lambda_pending));
    let verify = |pending: &str, code: &str| json!({"session": pending, "code": code}).to_string();
    compare(
        "Verify2FACode with a wrong code",
        sides
            .each(
                Method::Verify2FACode,
                (
                    verify(&local_pending, "000000"),
                    verify(&lambda_pending, "000000"),
                ),
            )
            .await,
    );
    let codes = (local_app.next_code().await, lambda_app.next_code().await);
    let (local_verified, lambda_verified) = compare(
        "Verify2FACode with a code from the app",
        sides
            .each(
                Method::Verify2FACode,
                (
                    verify(&local_pending, &codes.0),
                    verify(&lambda_pending, &codes.1),
                ),
            )
            .await,
    );
    let (local_full, lambda_full) = (session(&local_verified), session(&lambda_verified));
    let (local_account, lambda_account) = compare(
        "GetAccount with 2FA on",
        sides
            .each(
                Method::GetAccount,
                each(&local_full, &lambda_full, json!({})),
            )
            .await,
    );
    // The same state (the times differ by when each side was called).
    for field in [
        "enabled",
        "recoveryCodesLeft",
        "recoveryCodesLow",
        "recoveryCodesViewable",
    ] {
        assert_eq!(
            local_account.body["twoFactor"][field], lambda_account.body["twoFactor"][field],
            "{field}"
        );
    }
    compare(
        "GetAccount with a session that ended",
        sides
            .each(
                Method::GetAccount,
                each(&local_pending, &lambda_pending, json!({})),
            )
            .await,
    );

    assert!(
        differences.is_empty(),
        "the Lambda functions answered differently:\n{}",
        differences.join("\n")
    );
    assert_eq!(
        ResultCode::from_code(local_account.result.unwrap_or(1) as u16),
        Some(ResultCode::Ok)
    );
}

#[tokio::test]
async fn a_lambda_function_takes_the_client_address_from_api_gateway_not_from_headers() {
    let mut sides = Sides::start().await;
    let credentials = json!({"login": "ada", "password": PASSWORD}).to_string();
    let forged = ("x-forwarded-for", "203.0.113.66");
    let (_, signed_up) = sides
        .both(&Method::SignUp.path(), &credentials, &[JSON, forged])
        .await;
    let session = signed_up.body["session"]
        .as_str()
        .expect("a session")
        .to_owned();
    let events = sides
        .account
        .post_with(
            &Method::GetEvents.path(),
            &json!({"session": session}).to_string(),
            &[JSON, forged, ("x-real-ip", "203.0.113.67")],
            SOURCE_IP,
        )
        .await;
    let body: Value = serde_json::from_str(events["body"].as_str().expect("body")).expect("JSON");
    let addresses: Vec<&str> = body["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["ip"].as_str())
        .collect();
    assert_eq!(addresses, [SOURCE_IP], "{body}");
}

/// A stand-in for Secrets Manager on a loopback port: answers
/// GetSecretValue for one secret and counts the calls.
async fn secrets_manager(
    name: &'static str,
    value: String,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::{http::HeaderMap, routing::post, Router};
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = calls.clone();
    let app = Router::new().route(
        "/",
        post(move |headers: HeaderMap, body: String| {
            let counted = counted.clone();
            let value = value.clone();
            async move {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let asked: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                assert_eq!(
                    headers.get("x-amz-target").and_then(|v| v.to_str().ok()),
                    Some("secretsmanager.GetSecretValue")
                );
                assert_eq!(asked["SecretId"], name);
                (
                    [("content-type", "application/x-amz-json-1.1")],
                    json!({
                        "ARN": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf"),
                        "Name": name,
                        "SecretString": value,
                        "VersionId": "v1",
                        "VersionStages": ["AWSCURRENT"],
                        "CreatedDate": 1.795e9
                    })
                    .to_string(),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, calls)
}

#[tokio::test]
async fn a_function_fetches_its_sealing_keys_from_secrets_manager_once_per_instance() {
    let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
        .await
        .expect("store");
    let keys = json!({"current": format!("2:{}", "ab".repeat(32)), "old": [format!("1:{}", "11".repeat(32))]});
    let (url, calls) = secrets_manager("twofold/sealing-keys", keys.to_string()).await;
    let env = [
        // No key in the environment: the secret is the only source.
        ("TWOFOLD_SEALING_KEY", ""),
        ("TWOFOLD_SEALING_KEY_SECRET", "twofold/sealing-keys"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", url.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_SESSION_TOKEN", "test"),
        // Everything the crates would print: the keys still must not appear.
        ("RUST_LOG", "trace"),
    ];
    let mut authentication =
        LambdaFunction::start_on("authentication", &env, store.endpoint()).await;
    let mut account = LambdaFunction::start_on("account", &env, store.endpoint()).await;
    let body = |response: Value| -> Value {
        serde_json::from_str(response["body"].as_str().expect("a body")).expect("JSON")
    };
    let signed_up = body(
        authentication
            .post(
                &Method::SignUp.path(),
                &json!({"login": "ada", "password": PASSWORD}),
                SOURCE_IP,
            )
            .await,
    );
    let session = signed_up["session"].as_str().expect("a session").to_owned();
    for _ in 0..3 {
        let account_answer = body(
            account
                .post(
                    &Method::GetAccount.path(),
                    &json!({"session": session}),
                    SOURCE_IP,
                )
                .await,
        );
        assert_eq!(account_answer["result"], 0, "{account_answer}");
    }
    let confirmed = body(
        authentication
            .post(
                &Method::CheckPassword.path(),
                &json!({"session": session, "password": PASSWORD}),
                SOURCE_IP,
            )
            .await,
    );
    assert_eq!(confirmed["result"], 0, "{confirmed}");
    let setup = body(
        account
            .post(
                &Method::Setup2FA.path(),
                &json!({"session": session}),
                SOURCE_IP,
            )
            .await,
    );
    assert_eq!(setup["result"], 0, "{setup}");
    // One fetch per instance (two functions), however many calls.
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    let log = format!("{}{}", authentication.output(), account.output());
    let fetched: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("sealing keys fetched"))
        .collect();
    assert_eq!(fetched.len(), 2, "{log}");
    // What the fetch costs each instance's start (against this stand-in;
    // docs/OPERATIONS.md says what to expect from AWS).
    println!("{}", fetched.join("\n"));
    for key in ["ab".repeat(32), "11".repeat(32)] {
        assert!(!log.contains(&key), "a sealing key is in the log");
    }
}

#[tokio::test]
async fn behind_cloudfront_the_viewer_address_counts_only_beside_the_origin_secret() {
    let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
        .await
        .expect("store");
    // The origin secret is in the functions' secret beside the keys, never
    // in their environment.
    let secret = "origin-secret-0123456789abcdefghijklmnop";
    let keys = json!({"current": format!("1:{}", "cd".repeat(32)), "originSecret": secret});
    let (url, _) = secrets_manager("twofold/sealing-keys", keys.to_string()).await;
    let env = [
        ("TWOFOLD_SEALING_KEY", ""),
        ("TWOFOLD_SEALING_KEY_SECRET", "twofold/sealing-keys"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", url.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_SESSION_TOKEN", "test"),
    ];
    let mut authentication =
        LambdaFunction::start_on("authentication", &env, store.endpoint()).await;
    let mut account = LambdaFunction::start_on("account", &env, store.endpoint()).await;
    let viewer = ("x-twofold-viewer-ip", "198.51.100.7");
    let signed_up = authentication
        .post_with(
            &Method::SignUp.path(),
            &json!({"login": "ada", "password": PASSWORD}).to_string(),
            &[JSON, viewer, ("x-twofold-origin-secret", secret)],
            SOURCE_IP,
        )
        .await;
    let body: Value =
        serde_json::from_str(signed_up["body"].as_str().expect("body")).expect("JSON");
    let session = body["session"].as_str().expect("a session").to_owned();
    // A caller of API Gateway who forges the viewer header, without the
    // secret or with a wrong one, is taken at API Gateway's address.
    for forged in [
        vec![JSON, viewer],
        vec![JSON, viewer, ("x-twofold-origin-secret", "guess")],
    ] {
        authentication
            .post_with(
                &Method::SignIn.path(),
                &json!({"login": "ada", "password": "wrong password"}).to_string(),
                &forged,
                SOURCE_IP,
            )
            .await;
    }
    let events = account
        .post_with(
            &Method::GetEvents.path(),
            &json!({"session": session}).to_string(),
            &[JSON],
            SOURCE_IP,
        )
        .await;
    let body: Value = serde_json::from_str(events["body"].as_str().expect("body")).expect("JSON");
    let addresses: Vec<(&str, &str)> = body["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap_or(""),
                e["ip"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        addresses,
        [
            ("signInFailed", SOURCE_IP),
            ("signInFailed", SOURCE_IP),
            ("signedUp", "198.51.100.7"),
        ],
        "{body}"
    );
    // A browser's Origin is compared with the host the viewer used, which
    // CloudFront reports beside the secret (API Gateway sees its own name):
    // the app's own page is taken, another site's refused, and a forged
    // host without the secret changes nothing.
    let from = |origin: &'static str, with_secret: bool| {
        let mut headers = vec![
            JSON,
            ("origin", origin),
            ("x-twofold-viewer-host", "auth.example.com"),
        ];
        if with_secret {
            headers.push(("x-twofold-origin-secret", secret));
        }
        headers
    };
    for (headers, expected) in [
        (from("https://auth.example.com", true), 0),
        (from("https://evil.example", true), 205),
        (from("https://auth.example.com", false), 205),
    ] {
        let answer = authentication
            .post_with(
                &Method::SignIn.path(),
                &json!({"login": "ada", "password": PASSWORD}).to_string(),
                &headers,
                SOURCE_IP,
            )
            .await;
        let body: Value =
            serde_json::from_str(answer["body"].as_str().expect("body")).expect("JSON");
        assert_eq!(body["result"], expected, "{headers:?}: {body}");
    }
}
