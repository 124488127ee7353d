//! A WebAuthn ceremony's state lives in the store, never in a function
//! instance's memory: a Lambda fleet starts a ceremony on one instance and
//! finishes it on another, and takes it once whichever instance is asked.
//! Two instances of each function (the Lambda binaries under the emulated
//! Runtime API of `twofold_e2e::lambda`) over one store, and a software
//! security key on the relying party's page.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use twofold_api::{
    account::AccountResponse,
    authentication::{CheckPasswordResponse, SessionResponse, SignInResponse},
    security_keys::{Enable2FAKeyResponse, KeyCeremony},
    Method, ResultCode,
};
use twofold_e2e::{lambda::LambdaFunction, SoftKey, PASSWORD};
use twofold_store::embedded::EmbeddedDynamo;

use ResultCode::{KeyCheckGone, NotSignedIn, Ok as Success};

/// The address API Gateway reports for every call.
const SOURCE_IP: &str = "192.0.2.80";

/// The dashboard's page, the relying party's one origin (RP ID localhost).
const ORIGIN: &str = "http://localhost:8080";

/// One function instance, named for the messages.
struct Instance {
    name: &'static str,
    function: LambdaFunction,
}

impl Instance {
    /// Starts the function `function` as the instance `name`, over the
    /// store at `endpoint`, with security keys set up for [`ORIGIN`].
    async fn start(name: &'static str, function: &str, endpoint: &str) -> Instance {
        let env = [
            ("TWOFOLD_WEBAUTHN_RP_ID", "localhost"),
            ("TWOFOLD_WEBAUTHN_ORIGINS", ORIGIN),
        ];
        Instance {
            name,
            function: LambdaFunction::start_on(function, &env, endpoint).await,
        }
    }

    /// Calls `method` with `body`; returns the answer's body.
    async fn call(&mut self, method: Method, body: Value) -> Value {
        let response = self.function.post(&method.path(), &body, SOURCE_IP).await;
        response["body"]
            .as_str()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_else(|| panic!("{}: {method:?} answered no JSON: {response}", self.name))
    }

    /// Calls `method`, which must succeed; returns its answer as `T`.
    async fn ok<T: DeserializeOwned>(&mut self, method: Method, body: Value) -> T {
        let answer = self.call(method, body).await;
        assert_eq!(answer["result"], 0, "{}: {method:?}: {answer}", self.name);
        serde_json::from_value(answer.clone())
            .unwrap_or_else(|e| panic!("{}: {method:?}'s answer: {e}: {answer}", self.name))
    }

    /// Asserts that the instance's own log lists exactly these calls, in
    /// this order, with these results. (The log is read from its pipes, a
    /// moment behind its answers: it is given a few seconds to catch up.)
    async fn served(&self, expected: &[(Method, ResultCode)]) {
        let expected: Vec<(String, u64)> = expected
            .iter()
            .map(|(method, result)| (method.name().to_owned(), u64::from(result.code())))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut served = logged_calls(&self.function.output());
        while served.len() < expected.len() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
            served = logged_calls(&self.function.output());
        }
        assert_eq!(
            served,
            expected,
            "{} served other calls; its log:\n{}",
            self.name,
            self.function.output()
        );
    }
}

/// The `call` lines of a function's log (`method="SignIn" result=0`), as
/// (method, result).
fn logged_calls(log: &str) -> Vec<(String, u64)> {
    log.lines()
        .filter(|line| line.split_whitespace().any(|word| word == "call"))
        .filter_map(|line| {
            let method = field(line, "method")?.trim_matches('"').to_owned();
            let result = field(line, "result")?.parse().ok()?;
            Some((method, result))
        })
        .collect()
}

/// The value of `name=value` in a log line.
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split_whitespace()
        .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
}

/// Adding a key is started on account #1 and finished on account #2; a
/// sign-in's key check is started on authentication #2 and answered on
/// authentication #1; a step-up's check the same way. Each answer sent
/// again to the other instance finds its ceremony taken (305), or, at the
/// sign-in, the pending session it completed spent (201).
#[tokio::test]
async fn a_key_ceremony_started_on_one_lambda_instance_completes_on_another_once() {
    // Arrange: one store, two instances of each function, a signed-up user.
    let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
        .await
        .expect("store");
    let endpoint = store.endpoint();
    let mut authentication_1 =
        Instance::start("authentication #1", "authentication", endpoint).await;
    let mut authentication_2 =
        Instance::start("authentication #2", "authentication", endpoint).await;
    let mut account_1 = Instance::start("account #1", "account", endpoint).await;
    let mut account_2 = Instance::start("account #2", "account", endpoint).await;
    let mut key = SoftKey::new(ORIGIN);
    let credentials = json!({"login": "ada", "password": PASSWORD});
    let signed_up: SessionResponse = authentication_1
        .ok(Method::SignUp, credentials.clone())
        .await;
    let session = signed_up.session.expect("a session");

    // Act: the key added.
    let setup: KeyCeremony = account_1
        .ok(
            Method::Setup2FAKey,
            json!({"session": session, "kind": "securityKey", "password": PASSWORD}),
        )
        .await;
    let created = key.create(&setup.options).await;
    let enable = json!({
        "session": session,
        "ceremony": setup.ceremony,
        "credential": created,
        "name": "Blue key",
    });
    let added: Enable2FAKeyResponse = account_2.ok(Method::Enable2FAKey, enable.clone()).await;
    let enabled_again = account_1.call(Method::Enable2FAKey, enable).await;
    let account: AccountResponse = account_1
        .ok(Method::GetAccount, json!({"session": session}))
        .await;

    // Act: a sign-in with the key.
    let offered: SignInResponse = authentication_2.ok(Method::SignIn, credentials).await;
    let pending = offered.session.expect("a pending session");
    let check = offered.security_key.expect("SignIn offers the key");
    let asserted = key.get(&check.options).await;
    let verify = json!({"session": pending, "ceremony": check.ceremony, "credential": asserted});
    let verified: SessionResponse = authentication_1
        .ok(Method::Verify2FAKey, verify.clone())
        .await;
    let verified_again = authentication_2.call(Method::Verify2FAKey, verify).await;
    let full = verified.session.expect("a full session");
    let signed_in: AccountResponse = account_2
        .ok(Method::GetAccount, json!({"session": full}))
        .await;

    // Act: a step-up with the key, on the new session.
    let step_up: KeyCeremony = authentication_2
        .ok(Method::Start2FAKeyCheck, json!({"session": full}))
        .await;
    let confirm = json!({
        "session": full,
        "password": PASSWORD,
        "ceremony": step_up.ceremony,
        "credential": key.get(&step_up.options).await,
    });
    let confirmed: CheckPasswordResponse = authentication_1
        .ok(Method::CheckPassword, confirm.clone())
        .await;
    let confirmed_again = authentication_2.call(Method::CheckPassword, confirm).await;

    // Assert: the key was added and turned 2FA on, with recovery codes.
    assert_eq!(added.key.name, "Blue key");
    let codes = added
        .recovery_codes
        .expect("recovery codes with the first factor");
    assert!(!codes.unused_codes().is_empty(), "recovery codes");
    assert!(account.two_factor.enabled, "2FA on, read on account #1");
    assert_eq!(account.two_factor.security_keys, [added.key]);
    assert_eq!(
        enabled_again["result"],
        KeyCheckGone.code(),
        "{enabled_again}"
    );
    // Assert: the sign-in was completed once, with a full session.
    assert!(offered.two_factor_required);
    assert_eq!(signed_in.login, "ada");
    assert_eq!(
        verified_again["result"],
        NotSignedIn.code(),
        "{verified_again}"
    );
    // Assert: the step-up was taken once.
    assert!(confirmed.second_factor_confirmed, "{confirmed:?}");
    assert_eq!(
        confirmed_again["result"],
        KeyCheckGone.code(),
        "{confirmed_again}"
    );
    // Assert: each instance served the calls sent to it, and no other.
    use Method::*;
    authentication_1
        .served(&[
            (SignUp, Success),
            (Verify2FAKey, Success),
            (CheckPassword, Success),
        ])
        .await;
    authentication_2
        .served(&[
            (SignIn, Success),
            (Verify2FAKey, NotSignedIn),
            (Start2FAKeyCheck, Success),
            (CheckPassword, KeyCheckGone),
        ])
        .await;
    account_1
        .served(&[
            (Setup2FAKey, Success),
            (Enable2FAKey, KeyCheckGone),
            (GetAccount, Success),
        ])
        .await;
    account_2
        .served(&[(Enable2FAKey, Success), (GetAccount, Success)])
        .await;
}
