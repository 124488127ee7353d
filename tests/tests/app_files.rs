//! The app's files as twofold-local serves them from the release build in
//! `dist/`: precompressed (brotli or gzip, by `Accept-Encoding`, else as
//! built), kept a year when the name carries the content's hash and
//! revalidated otherwise, `/signin` answered with the sign-in bundle's page
//! and every other route with the app's (by twofold-local and by the
//! template's CloudFront alike), and everything the sign-in page fetches
//! within its gzip budget.
//!
//! Needs what `make test` prepares: the app's release build (`make app`,
//! which also writes the `.gz` and `.br` files) and twofold-local.

use anyhow::{ensure, Context, Result};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, VARY};
use twofold_e2e::app_weight::{fetched_by, SIGN_IN_PAGE_GZIP_BUDGET};
use twofold_e2e::browser::dist_dir;
use twofold_e2e::{ServerOptions, TestApp};

struct Fetched {
    bytes: Vec<u8>,
    encoding: Option<String>,
    cache_control: String,
    vary: String,
}

async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> Result<Fetched> {
    let client = reqwest::Client::new();
    let mut request = client.get(format!("{}{path}", app.url()));
    if let Some(accept) = accept {
        request = request.header(ACCEPT_ENCODING, accept);
    }
    let response = request.send().await?;
    ensure!(response.status() == 200, "{path}: {}", response.status());
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let encoding = header(CONTENT_ENCODING);
    let cache_control = header(CACHE_CONTROL).unwrap_or_default();
    let vary = header(VARY).unwrap_or_default();
    Ok(Fetched {
        bytes: response.bytes().await?.to_vec(),
        encoding,
        cache_control,
        vary,
    })
}

fn serve_dist() -> Result<TestApp> {
    Ok(TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    }))
}

/// The sign-in page's files: signin.html (as `/signin`) and what it names.
async fn sign_in_page(app: &TestApp) -> Result<Vec<String>> {
    let html = fetch(app, "/signin", None).await?;
    let files = fetched_by(&String::from_utf8(html.bytes)?);
    ensure!(
        [".js", ".wasm", ".css"]
            .iter()
            .all(|ext| files.iter().any(|f| f.ends_with(ext))),
        "signin.html names the loader, the wasm and the stylesheet: {files:?}"
    );
    Ok(files)
}

#[tokio::test]
async fn each_file_is_served_as_built_in_the_encoding_the_browser_accepts() -> Result<()> {
    let app = serve_dist()?;
    let dist = dist_dir()?;
    let mut paths = sign_in_page(&app).await?;
    paths.extend(["/index.html", "/signin.html"].map(str::to_owned));
    for path in &paths {
        let built = dist.join(path.trim_start_matches('/'));
        let cases = [
            (None, None, built.clone()),
            (Some("identity"), None, built.clone()),
            (
                Some("gzip"),
                Some("gzip"),
                built.with_extension(extension(&built, "gz")),
            ),
            (
                Some("gzip, deflate, br"),
                Some("br"),
                built.with_extension(extension(&built, "br")),
            ),
            (
                Some("br;q=0, gzip"),
                Some("gzip"),
                built.with_extension(extension(&built, "gz")),
            ),
        ];
        for (accept, encoding, file) in cases {
            let served = fetch(&app, path, accept).await?;
            let expected = std::fs::read(&file)
                .with_context(|| format!("{} (run `make app`)", file.display()))?;
            ensure!(
                served.encoding.as_deref() == encoding,
                "{path} with Accept-Encoding {accept:?}: Content-Encoding {:?}, expected {encoding:?}",
                served.encoding
            );
            ensure!(
                served.bytes == expected,
                "{path} with Accept-Encoding {accept:?} is not {}",
                file.display()
            );
            ensure!(
                served.vary.to_ascii_lowercase().contains("accept-encoding"),
                "{path}: the answer depends on Accept-Encoding, so caches must key on it (Vary: {:?})",
                served.vary
            );
        }
    }
    Ok(())
}

/// `name.ext` → `ext.gz` (for `with_extension`, which replaces the last one).
fn extension(path: &std::path::Path, compressed: &str) -> String {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    format!("{ext}.{compressed}")
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_and_pages_are_revalidated() -> Result<()> {
    let app = serve_dist()?;
    for path in sign_in_page(&app).await? {
        let served = fetch(&app, &path, Some("gzip")).await?;
        ensure!(
            served.cache_control == "public, max-age=31536000, immutable",
            "{path} carries its content's hash in its name: Cache-Control {:?}",
            served.cache_control
        );
    }
    for path in [
        "/",
        "/signin",
        "/settings/account",
        "/index.html",
        "/signin.html",
    ] {
        let served = fetch(&app, path, Some("gzip")).await?;
        ensure!(
            served.cache_control == "no-cache",
            "{path} names the current build's files and must be revalidated: Cache-Control {:?}",
            served.cache_control
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_sign_in_page_is_within_its_gzip_budget() -> Result<()> {
    let app = serve_dist()?;
    let mut total = fetch(&app, "/signin", Some("gzip")).await?.bytes.len() as u64;
    let mut report = format!("/signin {total}");
    for path in sign_in_page(&app).await? {
        let served = fetch(&app, &path, Some("gzip")).await?;
        ensure!(
            served.encoding.as_deref() == Some("gzip"),
            "{path} served gzip"
        );
        total += served.bytes.len() as u64;
        report.push_str(&format!(", {path} {}", served.bytes.len()));
    }
    ensure!(
        total <= SIGN_IN_PAGE_GZIP_BUDGET,
        "the sign-in page fetches {total} bytes gzipped, over its budget of {SIGN_IN_PAGE_GZIP_BUDGET}: {report}"
    );
    Ok(())
}

/// The code of one of deploy/template.yaml's CloudFront functions (the
/// `FunctionCode: |` block under `resource:`).
fn cloudfront_function(resource: &str) -> Result<String> {
    let root = twofold_e2e::server::workspace_root();
    let template = std::fs::read_to_string(root.join("deploy/template.yaml"))?;
    let start = template
        .find(&format!("\n  {resource}:\n"))
        .with_context(|| format!("the template has {resource}"))?;
    let after = &template[start..];
    let block = after
        .split_once("FunctionCode: |\n")
        .map(|(_, block)| block)
        .context("a FunctionCode block")?;
    let indent = block.len() - block.trim_start_matches(' ').len();
    Ok(block
        .lines()
        .take_while(|line| line.trim().is_empty() || line.len() - line.trim_start().len() >= indent)
        .map(|line| line.get(indent..).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Runs `code` (a CloudFront function) under Node with a `calls` script
/// after it, and gives its output's lines.
fn run_under_node(code: &str, calls: &str) -> Result<Vec<String>> {
    let output = std::process::Command::new("node")
        .args(["--input-type=commonjs", "-e", &format!("{code}\n{calls}")])
        .output()
        .context("node (make tools installs it)")?;
    ensure!(
        output.status.success(),
        "the CloudFront function fails under Node: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8(output.stdout)?
        .lines()
        .map(str::to_owned)
        .collect())
}

#[tokio::test]
async fn sign_in_gets_the_sign_in_bundle_and_every_other_route_the_app() -> Result<()> {
    let app = serve_dist()?;
    let dist = dist_dir()?;
    let routes = [
        ("/signin", "signin.html"),
        ("/", "index.html"),
        ("/signup", "index.html"),
        ("/settings/account", "index.html"),
        ("/recovery-codes", "index.html"),
        ("/signin/", "index.html"),
        ("/signin/more", "index.html"),
        ("/nowhere", "index.html"),
    ];
    let paths: Vec<&str> = routes.iter().map(|(path, _)| *path).collect();
    let code = cloudfront_function("AppRoutes")?;
    let at_the_edge = run_under_node(
        &code,
        &format!(
            "for (const uri of {uris}) {{ console.log(handler({{ request: {{ uri }} }}).uri); }}",
            uris = serde_json::to_string(&paths)?
        ),
    )?;
    ensure!(
        at_the_edge.len() == routes.len(),
        "one answer per path: {at_the_edge:?}"
    );
    for ((path, page), edge) in routes.iter().zip(&at_the_edge) {
        let expected = std::fs::read(dist.join(page))
            .with_context(|| format!("dist/{page} (run `make app`)"))?;
        let served = fetch(&app, path, None).await?;
        ensure!(
            served.bytes == expected,
            "twofold-local answers {path} with another page than {page}"
        );
        ensure!(
            edge == &format!("/{page}"),
            "CloudFront serves {path} as {edge}, twofold-local as /{page}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_template_s_cloudfront_gives_each_file_the_same_lifetime() -> Result<()> {
    let app = serve_dist()?;
    let mut paths = sign_in_page(&app).await?;
    paths.extend(
        [
            "/",
            "/index.html",
            "/signin",
            "/signin.html",
            "/settings/account",
        ]
        .map(str::to_owned),
    );
    let code = cloudfront_function("AppCacheLifetime")?;
    let cloudfront = run_under_node(
        &code,
        &format!(
            "for (const uri of {uris}) {{\n  const r = handler({{ request: {{ uri }}, response: {{ statusCode: 200, headers: {{}} }} }});\n  console.log(r.headers['cache-control'].value);\n}}\n",
            uris = serde_json::to_string(&paths)?
        ),
    )?;
    for (path, at_the_edge) in paths.iter().zip(&cloudfront) {
        let local = fetch(&app, path, None).await?.cache_control;
        ensure!(
            *at_the_edge == local,
            "{path}: CloudFront says {at_the_edge:?}, twofold-local {local:?}"
        );
    }
    ensure!(
        cloudfront.len() == paths.len(),
        "one answer per path: {cloudfront:?}"
    );
    Ok(())
}
