//! What the Lambda binaries share: the sealing keys fetched once per
//! instance, the client address from API Gateway's request context, and
//! running a router.

use std::{net::IpAddr, sync::Arc, time::Instant};

use anyhow::Context;

use axum::{extract::Request, middleware, Router};
use lambda_http::{request::RequestContext, RequestExt};

use crate::{config::parse_sealing_keys, http::client_addr, Config, Service};

/// Copies API Gateway's source IP (not a client-controlled header) into the
/// request, where the sign-in throttle and the security log find it.
async fn source_ip(mut request: Request, next: middleware::Next) -> axum::response::Response {
    let ip = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context
            .http
            .source_ip
            .as_deref()
            .and_then(|ip| ip.parse::<IpAddr>().ok()),
        _ => None,
    };
    if let Some(ip) = ip {
        request.extensions_mut().insert(client_addr(ip));
    }
    next.run(request).await
}

/// The configuration: from the environment, with the sealing keys from the
/// Secrets Manager secret `TWOFOLD_SEALING_KEY_SECRET` names (fetched once,
/// here, and kept for the instance's life) or else `TWOFOLD_SEALING_KEY`.
/// A key in the function's environment is readable by anyone allowed
/// `lambda:GetFunctionConfiguration`; the secret is not.
async fn config() -> anyhow::Result<Config> {
    let Some(secret) = std::env::var("TWOFOLD_SEALING_KEY_SECRET")
        .ok()
        .filter(|name| !name.is_empty())
    else {
        return Config::from_env(None);
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
    Ok(config)
}

/// Builds the service once, then serves `router` for the life of the
/// Lambda instance.
pub async fn run(router: fn(Arc<Service>) -> Router) -> Result<(), lambda_http::Error> {
    crate::telemetry::init();
    let config = config().await.map_err(|e| format!("{e:#}"))?;
    let service = Arc::new(Service::connect(config).await);
    lambda_http::run(router(service).layer(middleware::from_fn(source_ip))).await
}
