//! What the Lambda binaries share: reading the client address from API
//! Gateway's request context and running a router.

use std::{net::IpAddr, sync::Arc};

use axum::{extract::Request, middleware, Router};
use lambda_http::{request::RequestContext, RequestExt};

use crate::{http::client_addr, Config, Service};

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

/// Builds the service from the environment once, then serves `router` for
/// the life of the Lambda instance.
pub async fn run(router: fn(Arc<Service>) -> Router) -> Result<(), lambda_http::Error> {
    crate::telemetry::init();
    let config = Config::from_env(None)?;
    let service = Arc::new(Service::connect(config).await);
    lambda_http::run(router(service).layer(middleware::from_fn(source_ip))).await
}
