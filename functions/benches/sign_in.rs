//! SignIn latency through the real router and a real DynamoDB-compatible
//! store, for the three answers an attacker can compare: a correct password
//! (the baseline), a wrong password for a real login, and a login that does
//! not exist. The claim under test: the last two cost the same, so timing
//! does not reveal which logins exist. `make bench` prints the ratios.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{sync::Arc, time::Duration};

use axum::{body::Body, http::Request, Router};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use tower::ServiceExt;
use twofold_api::Method;
use twofold_auth::{SealingKey, SignInThrottle};
use twofold_functions::{http::router, Config, Service, SystemClock};
use twofold_store::embedded::EmbeddedDynamo;

async fn setup() -> (Router, EmbeddedDynamo) {
    let (engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
    let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    // The benchmark signs in thousands of times; the throttle is not measured here.
    config.sign_in_throttle = SignInThrottle {
        window_seconds: 60,
        max_per_login: u32::MAX,
        max_per_address: u32::MAX,
    };
    let app = router(Arc::new(Service::new(config, store, Arc::new(SystemClock))));
    let (status, _) = sign_in(&app, Method::SignUp, "ada", "correct horse").await;
    assert_eq!(status, 200);
    (app, engine)
}

async fn sign_in(app: &Router, method: Method, login: &str, password: &str) -> (u16, u64) {
    let body = json!({ "login": login, "password": password }).to_string();
    let request = Request::post(method.path())
        .header("content-type", "application/json")
        // As the runtime reports it (API Gateway's source IP, or the peer).
        .extension(twofold_functions::http::client_addr(
            std::net::Ipv4Addr::LOCALHOST.into(),
        ))
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    (status, value["result"].as_u64().unwrap())
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (app, _engine) = runtime.block_on(setup());
    let mut group = c.benchmark_group("SignIn");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));
    let cases = [
        ("baseline: correct password", "ada", "correct horse", 0),
        ("wrong password", "ada", "wrong horse", 200),
        ("unknown login", "nobody", "wrong horse", 200),
    ];
    for (name, login, password, expected) in cases {
        group.bench_function(name, |b| {
            b.to_async(&runtime).iter(|| async {
                let (_, result) = sign_in(&app, Method::SignIn, login, password).await;
                assert_eq!(result, expected);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
