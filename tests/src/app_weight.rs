//! The app's weight, declared once for `make test` and `make bench`: the
//! gzip budget of the sign-in page, and which files a page makes the
//! browser fetch. `tests/tests/app_files.rs` holds the page to the budget
//! as twofold-local serves it; `twofold-bench app-size` weighs the same
//! files in `dist/` for docs/PERFORMANCE.md.

/// Everything the browser fetches for the sign-in page (the HTML, the
/// stylesheet, the loader script and the wasm), gzip-compressed, in bytes:
/// issue 11's target. The sign-in bundle (`app/signin.html`) weighed
/// 127 KiB when it was set; the whole app, which every page fetched
/// before, 324 KiB.
pub const SIGN_IN_PAGE_GZIP_BUDGET: u64 = 150 * 1024;

/// The same-origin files a page names in `href="/..."` and `src="/..."` and
/// the loader's `'/...'` imports: what the browser fetches after the HTML,
/// each once, in the order the page names them.
pub fn fetched_by(html: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for quote in ['"', '\''] {
        for piece in html.split(quote).skip(1).step_by(2) {
            let is_file = piece.starts_with('/')
                && !piece.starts_with("//")
                && [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| piece.ends_with(ext));
            if is_file && !paths.iter().any(|p| p == piece) {
                paths.push(piece.to_owned());
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_fetches_its_stylesheet_loader_and_wasm_once_each() {
        let html = r#"<link rel="stylesheet" href="/main-0123456789abcdef.css">
            <link rel="preload" href="/app-0123456789abcdef_bg.wasm" as="fetch">
            <script type="module">import init from '/app-0123456789abcdef.js';
            init('/app-0123456789abcdef_bg.wasm');</script>
            <a href="/settings">not a file</a> <img src="//elsewhere.example/x.js">"#;
        assert_eq!(
            fetched_by(html),
            [
                "/main-0123456789abcdef.css",
                "/app-0123456789abcdef_bg.wasm",
                "/app-0123456789abcdef.js",
            ]
        );
    }
}
