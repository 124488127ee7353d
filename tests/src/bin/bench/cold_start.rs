//! Cold start: each Lambda binary (the host-arch release build) started
//! afresh under the Runtime API emulator of `twofold_e2e::lambda`, timed
//! from just before the process is spawned to its first answer, 20 times.
//! Two ways:
//!
//! - as deployed: the AWS SDK configured from the environment as in Lambda
//!   (credentials and region from variables, `AWS_ENDPOINT_URL_DYNAMODB` to
//!   the embedded store), the sealing keys fetched from Secrets Manager
//!   (`AWS_ENDPOINT_URL_SECRETS_MANAGER` to a fake of one call on loopback);
//! - explicit endpoint: `DYNAMODB_ENDPOINT` and `TWOFOLD_SEALING_KEY`, which
//!   skip the SDK's configuration loading and the secret.
//!
//! Each start's log line "instance ready" (functions/src/lambda.rs) splits
//! its init into the configuration (with the secret), the store client and
//! the service.
//!
//! The floor, started under the same emulator before each of those starts
//! (so both share the machine's moments): a Lambda function that only
//! answers (`lambda_floor/`, lambda_http and tokio, the same release
//! profile; see lambda_size.rs), timed the same way to its first answer.
//! It reads no store and maps a smaller binary.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use axum::{http::header, response::IntoResponse, Router};
use serde_json::{json, Value};
use twofold_api::Method;
use twofold_e2e::{lambda::LambdaFunction, PASSWORD};
use twofold_store::embedded::EmbeddedDynamo;

use crate::{
    figure::{ms, Figure, Samples},
    lambda_size::FLOOR,
};

const STARTS: usize = 20;
const TARGET_MS: f64 = 20.0;
const SEALING_KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const SOURCE_IP: &str = "192.0.2.10";

/// Runs the benchmark and returns its figures.
pub fn run() -> anyhow::Result<Vec<Figure>> {
    tokio::runtime::Runtime::new()?.block_on(run_all())
}

/// The init phases of one start, in milliseconds.
#[derive(Debug, Default)]
struct Phases {
    config: Samples,
    store: Samples,
    service: Samples,
    /// Configuration and store client together: what the AWS SDK costs.
    sdk: Samples,
}

async fn run_all() -> anyhow::Result<Vec<Figure>> {
    let (engine, _store) = EmbeddedDynamo::in_memory_store("twofold")
        .await
        .map_err(|e| anyhow::anyhow!("the embedded store: {e}"))?;
    let endpoint = engine.endpoint().to_owned();
    let secrets = fake_secrets_manager().await?;

    // A session for GetAccount, and one SignOut finds already ended (a
    // call that reads the store and hashes nothing).
    let mut warm = LambdaFunction::start_on("authentication", &[], &endpoint).await;
    let signed_up = warm
        .post(
            &Method::SignUp.path(),
            &json!({ "login": "cold", "password": PASSWORD }),
            SOURCE_IP,
        )
        .await;
    let session = session_of(&signed_up)?;
    let signed_in = warm
        .post(
            &Method::SignIn.path(),
            &json!({ "login": "cold", "password": PASSWORD }),
            SOURCE_IP,
        )
        .await;
    let ended = session_of(&signed_in)?;
    answer_ok(&call(&mut warm, Method::SignOut, &ended).await)?;
    drop(warm);

    let deployed_env: Vec<(&str, &str)> = vec![
        ("DYNAMODB_ENDPOINT", ""),
        ("AWS_ENDPOINT_URL_DYNAMODB", &endpoint),
        ("AWS_ACCESS_KEY_ID", "AKIDTWOFOLDBENCH"),
        ("AWS_SECRET_ACCESS_KEY", "twofold-bench"),
        ("AWS_SESSION_TOKEN", "twofold-bench"),
        ("TWOFOLD_SEALING_KEY_SECRET", "twofold-sealing-key"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", &secrets),
    ];
    let calls = [
        ("account", "GetAccount", Method::GetAccount, session.clone()),
        ("authentication", "SignOut", Method::SignOut, ended.clone()),
    ];
    let mut figures = Vec::new();
    let mut floor_all = Samples::default();
    let mut deployed_phases = Phases::default();
    let mut explicit_phases = Phases::default();
    for (name, call_name, method, credential) in &calls {
        for (way, env) in [
            ("as deployed", deployed_env.as_slice()),
            ("explicit endpoint", &[][..]),
        ] {
            eprintln!("cold-start: {name} ({way}), {STARTS} starts");
            let mut phases = Phases::default();
            let mut firsts = Samples::default();
            let mut floor = Samples::default();
            for _ in 0..STARTS {
                let started = Instant::now();
                let mut function = LambdaFunction::start_on(FLOOR, &[], &endpoint).await;
                let answer = call(&mut function, *method, credential).await;
                floor.push(started.elapsed());
                answer_ok(&answer).context("the floor's first answer")?;
                drop(function);
                let started = Instant::now();
                let mut function = LambdaFunction::start_on(name, env, &endpoint).await;
                let answer = call(&mut function, *method, credential).await;
                firsts.push(started.elapsed());
                answer_ok(&answer).with_context(|| format!("{name}'s first {call_name}"))?;
                read_phases(&function, &mut phases).await?;
            }
            let all = if way == "as deployed" {
                &mut deployed_phases
            } else {
                &mut explicit_phases
            };
            all.config.extend(&phases.config);
            all.store.extend(&phases.store);
            all.service.extend(&phases.service);
            all.sdk.extend(&phases.sdk);
            floor_all.extend(&floor);
            let met = firsts.p50() <= TARGET_MS;
            let figure = Figure::new(
                format!("Cold start, {name}: first {call_name}, {way}, p50"),
                firsts.p50(),
                "ms",
                format!(
                    "process spawn to the first answer under the Runtime API emulator (tests/src/lambda.rs), \
                     x86_64 release build, p50 of {STARTS} starts; the call reads the store"
                ),
            )
            .baseline(
                floor.p50(),
                format!(
                    "a Lambda function that only answers, same emulator, p50 of {STARTS} starts \
                     between these, this run"
                ),
            )
            .detail(format!(
                "p90 {} · floor p90 {} · init p50: config {} · store client {} · service {}",
                ms(firsts.percentile(90.0)),
                ms(floor.percentile(90.0)),
                ms(phases.config.p50()),
                ms(phases.store.p50()),
                ms(phases.service.p50())
            ))
            .target(
                format!("≤ {TARGET_MS} ms"),
                met,
                format!(
                    "{} is the AWS SDK (configuration{}, and building its first client), {} the \
                     service's start (its dummy Argon2id hash is a constant since this was measured \
                     at 53 ms); the rest is the process, the runtime and the first call with its \
                     store round trip. What would fix it: a lighter SDK start (an explicit endpoint \
                     and region skip the configuration chain) and a smaller binary to map",
                    ms(phases.sdk.p50()),
                    if way == "as deployed" { ", the secret's fetch" } else { "" },
                    ms(phases.service.p50()),
                ),
            );
            figures.push(figure);
        }
    }
    figures.push(
        Figure::new(
            "AWS SDK at start, as deployed, p50",
            deployed_phases.sdk.p50(),
            "ms",
            format!(
                "the configuration and store-client phases of the \"as deployed\" starts: \
                 aws_config::load_defaults, a Secrets Manager client and one GetSecretValue (to a fake on \
                 loopback; in AWS a network round trip more), then the DynamoDB client from \
                 aws_config::load_from_env; p50 of {}",
                deployed_phases.sdk.len()
            ),
        )
        .baseline(
            explicit_phases.sdk.p50(),
            "the same phases with an explicit endpoint and the key in the environment (the DynamoDB \
             client alone), this run",
        )
        .detail(format!(
            "configuration {} · store client {}; explicit: configuration {} · store client {}",
            ms(deployed_phases.config.p50()),
            ms(deployed_phases.store.p50()),
            ms(explicit_phases.config.p50()),
            ms(explicit_phases.store.p50())
        )),
    );
    figures.push(
        Figure::new(
            "Cold start, floor: a Lambda function that only answers, p50",
            floor_all.p50(),
            "ms",
            format!(
                "target/release/{FLOOR} (lambda_http::run of a function that answers `{{}}`, the \
                 workspace's release profile) from process spawn to its first answer under the \
                 same emulator, started before each start above, p50 of {}",
                floor_all.len()
            ),
        )
        .detail(format!("p90 {}", ms(floor_all.percentile(90.0)))),
    );
    figures.push(Figure::new(
        "Service start, p50",
        deployed_phases.service.p50(),
        "ms",
        "the service phase of every start: Service::new (the dummy Argon2id hash is a constant; \
         computing it at start cost 53 ms before)",
    ));
    drop(engine);
    Ok(figures)
}

/// POSTs `{}` to `method` with `token` as a Bearer token.
async fn call(function: &mut LambdaFunction, method: Method, token: &str) -> Value {
    let authorization = format!("Bearer {token}");
    let headers = [
        ("content-type", "application/json"),
        ("authorization", authorization.as_str()),
    ];
    function
        .post_with(&method.path(), "{}", &headers, SOURCE_IP)
        .await
}

/// The session token in a SignUp or SignIn response event.
fn session_of(answer: &Value) -> anyhow::Result<String> {
    let body: Value = serde_json::from_str(answer["body"].as_str().unwrap_or_default())
        .with_context(|| format!("not a JSON body: {answer}"))?;
    body["session"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no session in {body}"))
}

/// Fails unless the response event is a success.
fn answer_ok(answer: &Value) -> anyhow::Result<()> {
    if answer["statusCode"].as_u64() != Some(200) {
        bail!("answered {answer}");
    }
    Ok(())
}

/// Adds the phases of the function's "instance ready" line.
async fn read_phases(function: &LambdaFunction, phases: &mut Phases) -> anyhow::Result<()> {
    // The line is printed before the first request; its reader thread may
    // trail the answer by a moment.
    for _ in 0..100 {
        let output = function.output();
        if let Some(line) = output.lines().find(|line| line.contains("instance ready")) {
            let field = |name: &str| -> anyhow::Result<f64> {
                let value = line
                    .split_whitespace()
                    .find_map(|part| part.strip_prefix(&format!("{name}=")))
                    .with_context(|| format!("no {name} in {line}"))?;
                Ok(value.parse::<f64>()? / 1000.0)
            };
            let (config, store) = (field("config_us")?, field("store_us")?);
            phases.config.push_ms(config);
            phases.store.push_ms(store);
            phases.sdk.push_ms(config + store);
            phases.service.push_ms(field("service_us")?);
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    bail!(
        "the function logged no \"instance ready\" line:\n{}",
        function.output()
    )
}

/// Secrets Manager as far as the Lambda binaries use it: every call is a
/// GetSecretValue, answered with the sealing key. Returns its URL.
async fn fake_secrets_manager() -> anyhow::Result<String> {
    async fn get_secret_value() -> impl IntoResponse {
        let body = json!({
            "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:twofold-sealing-key-AbCdEf",
            "Name": "twofold-sealing-key",
            "SecretString": SEALING_KEY,
            "VersionId": "00000000-0000-4000-8000-000000000000",
            "VersionStages": ["AWSCURRENT"],
            "CreatedDate": 1_795_000_000.0
        });
        (
            [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
            body.to_string(),
        )
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let app = Router::new().fallback(get_secret_value);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(format!("http://{address}"))
}
