//! What the Lambda binaries share: the sealing keys fetched once per
//! instance, the client address (API Gateway's, or CloudFront's viewer
//! behind the origin secret), and running a router.

use std::{net::IpAddr, sync::Arc, time::Instant};

use anyhow::Context;

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware, Router,
};
use lambda_http::{request::RequestContext, RequestExt};
use sha2::{Digest, Sha256};

use twofold_store::{DynamoStore, StoreConfig};

use crate::{config::parse_sealing_keys, http::client_addr, Config, Service, SystemClock};

/// The header CloudFront adds to every API call, holding the origin secret.
const ORIGIN_SECRET_HEADER: &str = "x-twofold-origin-secret";
/// The header CloudFront's viewer-request function sets to the viewer's
/// address (overwriting any a viewer sent).
const VIEWER_IP_HEADER: &str = "x-twofold-viewer-ip";
/// The header the same function sets to the host name the viewer asked for
/// (CloudFront sends API Gateway its own host name instead).
const VIEWER_HOST_HEADER: &str = "x-twofold-viewer-host";

/// Puts the client's address in the request, where the throttles, the
/// security log and the session list find it: API Gateway's source IP
/// (never a header a client controls), or, for a call that came through
/// CloudFront, the viewer address CloudFront reports; and for such a call
/// the host name the viewer used as `Host` (a browser's `Origin` is
/// compared with it). A call is taken as CloudFront's only when it carries
/// the origin secret (from the functions' secret), which CloudFront adds and
/// no one calling API Gateway directly knows.
async fn client_address(
    State(origin_secret): State<Option<Arc<str>>>,
    mut request: Request,
    next: middleware::Next,
) -> axum::response::Response {
    let source = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context
            .http
            .source_ip
            .as_deref()
            .and_then(|ip| ip.parse::<IpAddr>().ok()),
        _ => None,
    };
    // In a block: nothing borrowing the request may live across the await.
    let viewer = {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        let through_cloudfront = origin_secret.as_deref().is_some_and(|secret| {
            header(ORIGIN_SECRET_HEADER).is_some_and(|sent| {
                // Compared as digests: the time taken says nothing of the
                // secret.
                Sha256::digest(sent.as_bytes()) == Sha256::digest(secret.as_bytes())
            })
        });
        let ip = through_cloudfront
            .then(|| header(VIEWER_IP_HEADER).and_then(|ip| ip.trim().parse::<IpAddr>().ok()))
            .flatten();
        let host = through_cloudfront
            .then(|| header(VIEWER_HOST_HEADER).and_then(|h| HeaderValue::from_str(h.trim()).ok()))
            .flatten();
        (ip, host)
    };
    let (viewer, viewer_host) = viewer;
    if let Some(ip) = viewer.or(source) {
        request.extensions_mut().insert(client_addr(ip));
    }
    if let Some(host) = viewer_host {
        request.headers_mut().insert(header::HOST, host);
    }
    next.run(request).await
}

/// The configuration and the origin secret: from the environment, with the
/// sealing keys and the origin secret from the Secrets Manager secret
/// `TWOFOLD_SEALING_KEY_SECRET` names (fetched once, here, and kept for the
/// instance's life), or else `TWOFOLD_SEALING_KEY` and
/// `TWOFOLD_ORIGIN_SECRET`. A value in the function's environment is
/// readable by anyone allowed `lambda:GetFunctionConfiguration`; the secret
/// is not.
async fn config() -> anyhow::Result<(Config, Option<Arc<str>>)> {
    let Some(secret) = std::env::var("TWOFOLD_SEALING_KEY_SECRET")
        .ok()
        .filter(|name| !name.is_empty())
    else {
        let origin_secret = std::env::var("TWOFOLD_ORIGIN_SECRET")
            .ok()
            .filter(|secret| !secret.is_empty())
            .map(Arc::from);
        return Ok((Config::from_env(None)?, origin_secret));
    };
    let started = Instant::now();
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let answer = aws_sdk_secretsmanager::Client::new(&sdk)
        .get_secret_value()
        .secret_id(&secret)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", aws_sdk_secretsmanager::error::DisplayErrorContext(e)))
        .with_context(|| format!("reading the secret {secret}"))?;
    let text = answer
        .secret_string()
        .with_context(|| format!("the secret {secret} holds no text"))?;
    let keys = parse_sealing_keys(text).with_context(|| format!("the secret {secret}"))?;
    let mut config = Config::from_env(Some(keys.current))?;
    config.old_sealing_keys = keys.old;
    config.check()?;
    tracing::info!(
        secret,
        elapsed_ms = started.elapsed().as_millis(),
        "sealing keys fetched"
    );
    Ok((config, keys.origin_secret.map(Arc::from)))
}

/// Builds the service once, then serves `router` for the life of the
/// Lambda instance.
pub async fn run(router: fn(Arc<Service>) -> Router) -> Result<(), lambda_http::Error> {
    let (service, origin_secret) = service().await?;
    lambda_http::run(router(service).layer(middleware::from_fn_with_state(
        origin_secret,
        client_address,
    )))
    .await
}

/// The service of a Lambda instance (and the origin secret), built once
/// when it starts: what every function begins with.
pub(crate) async fn service() -> Result<(Arc<Service>, Option<Arc<str>>), lambda_http::Error> {
    let started = Instant::now();
    crate::telemetry::init();
    let (config, origin_secret) = config().await.map_err(|e| format!("{e:#}"))?;
    let configured = started.elapsed();
    let store = DynamoStore::connect(&StoreConfig {
        table: config.table.clone(),
        endpoint: config.dynamodb_endpoint.clone(),
    })
    .await;
    let connected = started.elapsed();
    let service = Arc::new(Service::new(config, store, Arc::new(SystemClock)));
    // What a cold start spends before its first request, phase by phase
    // (CloudWatch shows it; `make bench` reads it): the configuration with
    // the sealing keys, the store client (the AWS SDK's configuration from
    // the environment), the service (the dummy password hash).
    let micros = |d: std::time::Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
    tracing::info!(
        config_us = micros(configured),
        store_us = micros(connected - configured),
        service_us = micros(started.elapsed() - connected),
        "instance ready"
    );
    Ok((service, origin_secret))
}
