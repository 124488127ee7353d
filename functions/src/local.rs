//! `twofold-local`: every router, the built app and an embedded store on one
//! loopback port, so the whole product runs on one machine with one command.

use std::{
    fs,
    io::Write,
    net::{IpAddr, SocketAddr},
    path::{Path, PathBuf},
    sync::Arc,
};

use anyhow::Context;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    Router,
};
use rand::rngs::OsRng;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};
use twofold_auth::SealingKey;
use twofold_store::{embedded::EmbeddedDynamo, DynamoStore, StoreConfig};

use crate::{
    config::{environment, parse_sealing_key},
    http::{
        client_addr,
        security_headers::{content_security_policy, inline_script_hashes},
        TrustedProxies,
    },
    Clock, Config, Service, ShiftedClock, SystemClock,
};

/// Command-line flags; each has an environment variable of the same meaning.
#[derive(Debug, clap::Parser)]
#[command(
    name = "twofold-local",
    about = "Twofold on one machine: the API, the app and an embedded DynamoDB-compatible store.",
    after_help = environment_help()
)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "TWOFOLD_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, env = "TWOFOLD_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Folder for the embedded store's SQLite file and the sealing key.
    #[arg(long, env = "TWOFOLD_DATA_DIR", default_value = ".data")]
    pub data_dir: PathBuf,
    /// The built app (Trunk's output) to serve at `/`.
    #[arg(long, env = "TWOFOLD_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Use this DynamoDB-compatible endpoint instead of the embedded store.
    #[arg(long, env = "DYNAMODB_ENDPOINT")]
    pub dynamodb_endpoint: Option<String>,
    /// DynamoDB table name.
    #[arg(long, env = "TWOFOLD_TABLE", default_value = "twofold")]
    pub table: String,
    /// Reverse proxies in front of twofold-local whose X-Forwarded-For is
    /// believed (addresses or networks, comma-separated, e.g.
    /// `127.0.0.1,10.0.0.0/8`): the client is the last address there that
    /// is not one of them. Default: none, the TCP peer is the client.
    #[arg(long, env = "TWOFOLD_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,
    /// For tests only: a file holding seconds to add to the clock.
    #[arg(long, env = "TWOFOLD_CLOCK_FILE", hide = true)]
    pub clock_file: Option<PathBuf>,
}

/// The service's settings as twofold-local reads them: the sealing key and
/// secure cookies have defaults of their own here, and the table and the
/// endpoint are the flags above.
fn environment_help() -> String {
    let mut text = String::from("Service settings (environment):\n");
    for (name, meaning) in environment() {
        let meaning = match name {
            "TWOFOLD_SEALING_KEY" => "the current sealing key, [id:]64 hex digits (default: the one in <data-dir>/sealing.key, made on first start; never on the command line)".to_owned(),
            "TWOFOLD_SECURE_COOKIES" => "on or off: Secure, __Host- cookies (default off here: the app is served over plain HTTP on loopback; on behind an HTTPS proxy)".to_owned(),
            "TWOFOLD_TABLE" | "DYNAMODB_ENDPOINT" | "TWOFOLD_SEALING_KEY_SECRET" | "TWOFOLD_ORIGIN_SECRET" => continue,
            _ => meaning,
        };
        text.push_str(&format!("  {name:<40} {meaning}\n"));
    }
    text
}

/// Runs twofold-local until Ctrl-C or SIGTERM.
pub async fn run(args: Args) -> anyhow::Result<()> {
    // The port first: a taken one is refused before anything is written.
    let listener = listen(args.host, args.port).await?;
    fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating {}", args.data_dir.display()))?;
    let key_file = args.data_dir.join("sealing.key");
    let key_from_environment = std::env::var("TWOFOLD_SEALING_KEY")
        .ok()
        .filter(|text| !text.trim().is_empty());
    let key = match &key_from_environment {
        Some(text) => parse_sealing_key(text).context("TWOFOLD_SEALING_KEY")?,
        None => key_from_file(&key_file)?,
    };
    let (engine, endpoint) = match &args.dynamodb_endpoint {
        Some(endpoint) => (None, endpoint.clone()),
        None => {
            let file = args.data_dir.join("twofold.sqlite");
            let engine = EmbeddedDynamo::in_file(&file)
                .await
                .context("starting the embedded store")?;
            let endpoint = engine.endpoint().to_owned();
            (Some(engine), endpoint)
        }
    };
    let mut config = Config::from_env(Some(key))?;
    config.table = args.table.clone();
    config.dynamodb_endpoint = Some(endpoint.clone());
    let port = listener.local_addr()?.port();
    if config.relying_party.origins.is_empty() {
        // Browsers refuse security keys on 127.0.0.1: the app is opened at
        // localhost, the relying party's id here.
        config.relying_party.origins =
            vec![url::Url::parse(&format!("http://localhost:{port}"))
                .context("the localhost origin")?];
    }
    if std::env::var_os("TWOFOLD_SECURE_COOKIES").is_none() {
        // Plain HTTP on loopback: a Secure cookie would never be sent back.
        config.secure_cookies = false;
    }
    let store = DynamoStore::connect(&StoreConfig {
        table: config.table.clone(),
        endpoint: Some(endpoint),
    })
    .await;
    store.ensure_table().await.context("creating the table")?;
    let clock: Arc<dyn Clock> = match &args.clock_file {
        Some(file) => {
            tracing::warn!(file = %file.display(), "the clock is shifted by this file (tests only)");
            Arc::new(ShiftedClock::new(file))
        }
        None => Arc::new(SystemClock),
    };
    let service = Arc::new(Service::new(config, store, clock));
    let smtp = std::env::var("TWOFOLD_SMTP_URL")
        .ok()
        .filter(|url| !url.trim().is_empty());
    if let Some(url) = &smtp {
        let from = std::env::var("TWOFOLD_MAIL_FROM")
            .unwrap_or_else(|_| "Twofold <security@localhost>".to_owned());
        let notifier = crate::notifier::Notifier::new(
            Arc::clone(&service),
            url,
            &from,
            &std::env::var("TWOFOLD_SITE_URL")
                .unwrap_or_else(|_| format!("http://localhost:{port}")),
        )?;
        tokio::spawn(notifier.run());
    }

    if !args.dist.join("index.html").exists() {
        tracing::warn!(dist = %args.dist.display(), "no built app found; serving the API only (run `make dev`)");
    }
    let mut app = app(service, &args.dist);
    if !args.trusted_proxies.is_empty() {
        app = app.layer(middleware::from_fn_with_state(
            Arc::new(args.trusted_proxies.clone()),
            forwarded_client,
        ));
    }
    let address = listener.local_addr()?;
    // Tests and scripts read the first line to find the port.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "twofold-local listening on http://{address}")?;
    writeln!(
        stdout,
        "  the app:  http://localhost:{port}/ (security keys and passkeys work at this address only)\n  the data: {} (sealing key: {})\n  stop:     Ctrl-C (the data stays)",
        args.data_dir.display(),
        match &key_from_environment {
            Some(_) => "from TWOFOLD_SEALING_KEY".to_owned(),
            None => key_file.display().to_string(),
        },
    )?;
    match &smtp {
        Some(url) => writeln!(
            stdout,
            "  notices:  by SMTP to {}",
            url.split('@').next_back().unwrap_or_default()
        )?,
        None => writeln!(
            stdout,
            "  notices:  kept in the outbox (set TWOFOLD_SMTP_URL to send them)"
        )?,
    }
    stdout.flush()?;
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")?;
    if let Some(engine) = engine {
        engine.stop().await;
    }
    Ok(())
}

/// Behind a trusted proxy: the client's address from `X-Forwarded-For`
/// (see [`TrustedProxies`]), where the throttles and the log find it.
async fn forwarded_client(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = proxies.client(peer, request.headers());
        request.extensions_mut().insert(client_addr(client));
    }
    next.run(request).await
}

/// Binds the listening socket, saying in words what to do when the port is
/// taken.
async fn listen(host: IpAddr, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(SocketAddr::new(host, port)).await {
        Ok(listener) => Ok(listener),
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => Err(anyhow::anyhow!(
            "port {port} on {host} is already taken (is another twofold-local running?): \
             stop whatever listens there, or pick another port with --port \
             (`make dev PORT=8090`)"
        )),
        Err(error) => Err(error).with_context(|| format!("listening on {host}:{port}")),
    }
}

/// The page a load of `/signin` gets: the sign-in bundle, the sign-in page
/// alone (scripts/build-app.sh).
const SIGN_IN_PAGE: &str = "signin.html";

/// The API routers, then the app's files: `/signin` gets the sign-in
/// bundle's page, every other path that is not a file index.html (the app
/// routes in the browser). The template's CloudFront does the same
/// (`AppRoutes`).
pub fn app(service: Arc<Service>, dist: &Path) -> Router {
    // Each file as scripts/build-app.sh precompressed it (brotli, gzip) when
    // the browser accepts that, else as it is.
    let page = |name: &str| {
        ServeFile::new(dist.join(name))
            .precompressed_br()
            .precompressed_gzip()
    };
    let mut files = Router::new();
    if dist.join(SIGN_IN_PAGE).exists() {
        files = files.route_service("/signin", page(SIGN_IN_PAGE));
    }
    let files = files
        .fallback_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(page("index.html")),
        )
        .layer(middleware::from_fn(cache_lifetime));
    // The policy allows each page's loader script by its hash.
    let loaders = ["index.html", SIGN_IN_PAGE]
        .iter()
        .filter_map(|name| fs::read_to_string(dist.join(name)).ok())
        .map(|html| inline_script_hashes(&html))
        .collect::<Vec<_>>()
        .join(" ");
    let policy = HeaderValue::from_str(&content_security_policy(&loaders))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    let secure = service.config().secure_cookies;
    let mut router = crate::http::router(service).fallback_service(files).layer(
        SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, policy),
    );
    if secure {
        // Served over HTTPS (behind a proxy that terminates TLS): browsers
        // keep to HTTPS for two years.
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// How long browsers and CDNs keep a file of the app: a year for the files
/// whose names carry a hash of their content (a new build has new names),
/// and revalidation every time for everything else (index.html names the
/// current build's files). The answer depends on `Accept-Encoding`.
async fn cache_lifetime(request: Request, next: Next) -> Response {
    let content_addressed = is_content_addressed(request.uri().path());
    let mut response = next.run(request).await;
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if content_addressed {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            }),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// True for Trunk's output names, which end in `-` and 16 hex digits of the
/// content's hash before the extension (or before `_bg.wasm`):
/// `twofold-app-91acb9fabc2647b0_bg.wasm`, `main-e0898c321eb5fccc.css`.
fn is_content_addressed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => {
            !base.is_empty()
                && name.len() > stem.len()
                && hash.len() == 16
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// Reads the sealing key (`[id:]hex`), or makes one (id 1) readable by
/// this user only.
fn key_from_file(path: &Path) -> anyhow::Result<(u32, SealingKey)> {
    if path.exists() {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return parse_sealing_key(&text)
            .with_context(|| format!("{} holds no valid key", path.display()));
    }
    let key = SealingKey::generate(&mut OsRng);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(key.to_hex().as_bytes())?;
    tracing::info!(path = %path.display(), "generated a new sealing key");
    Ok((twofold_auth::sealing::FIRST_KEY_ID, key))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::is_content_addressed;

    #[test]
    fn trunks_hashed_names_are_content_addressed() {
        assert!(is_content_addressed(
            "/twofold-app-91acb9fabc2647b0_bg.wasm"
        ));
        assert!(is_content_addressed("/twofold-app-91acb9fabc2647b0.js"));
        assert!(is_content_addressed("/main-e0898c321eb5fccc.css"));
    }

    #[test]
    fn other_names_are_not() {
        for path in [
            "/",
            "/index.html",
            "/settings/account",
            "/csp-script-hash.txt",
            "/main-e0898c321eb5fcc.css",
            "/main-e0898c321eb5fccz.css",
            "/-e0898c321eb5fccc.css",
            "/main-e0898c321eb5fccc",
        ] {
            assert!(!is_content_addressed(path), "{path}");
        }
    }
}
