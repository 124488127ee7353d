//! The security headers of the app's pages: a strict Content-Security-Policy
//! built around the hashes of the pages' inline scripts (Trunk's loader, one
//! in the app's index.html and one in the sign-in bundle's signin.html), and
//! the reports browsers send when something breaks it.
//!
//! deploy/template.yaml's CloudFront policy writes the same policy with the
//! hashes as parameters (`LoaderScriptHash` and `SignInLoaderScriptHash`,
//! from dist/csp-script-hash.txt and dist/csp-sign-in-script-hash.txt);
//! a browser test checks that twofold-local sends exactly that header and
//! that the app runs under it without a violation.

use std::sync::Mutex;

use axum::{body::Bytes, http::StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Where browsers report violations of the policy.
pub const CSP_REPORT_PATH: &str = "/1.0/csp-report";

/// The policy, given the CSP sources of the inline scripts
/// (`'sha256-...'`, space-separated). Scripts: the app's own files, its
/// WebAssembly, and the loader by hash; no inline scripts or styles
/// otherwise; images from the app and `data:` (the QR code); calls to this
/// origin only; never framed.
pub fn content_security_policy(script_hashes: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
         report-uri {CSP_REPORT_PATH}"
    )
}

/// The CSP sources (`'sha256-<base64>'`) of every inline `<script>` in
/// `html`, space-separated, in document order.
pub fn inline_script_hashes(html: &str) -> String {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some((_, after_open)) = rest.split_once("<script") {
        let Some((tag, after_tag)) = after_open.split_once('>') else {
            break;
        };
        let Some((body, after_close)) = after_tag.split_once("</script>") else {
            break;
        };
        // Scripts loaded by `src` are allowed by 'self', not by hash.
        if !tag.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                data_encoding::BASE64.encode(&digest)
            ));
        }
        rest = after_close;
    }
    hashes.join(" ")
}

/// Reports logged per minute by one instance; beyond it they are counted,
/// and the count is logged once the minute is over.
const REPORTS_PER_MINUTE: u32 = 30;

/// This minute's number and how many reports came in it.
static REPORTS: Mutex<(u64, u32)> = Mutex::new((0, 0));

/// `POST /1.0/csp-report`: a browser found the page breaking the policy.
/// Logged as a warning naming the directive and what was blocked (never the
/// page's address or a script sample, which could hold user data), with
/// control characters taken out (a line break in a field would otherwise
/// forge a log line of its own), at most [`REPORTS_PER_MINUTE`] a minute;
/// always 204.
pub(crate) async fn csp_report(body: Bytes) -> StatusCode {
    let minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 60);
    let dropped = match REPORTS.lock() {
        Ok(mut reports) => {
            let dropped_before = (reports.0 != minute)
                .then(|| reports.1.saturating_sub(REPORTS_PER_MINUTE))
                .filter(|&n| n > 0);
            if reports.0 != minute {
                *reports = (minute, 0);
            }
            reports.1 = reports.1.saturating_add(1);
            if reports.1 > REPORTS_PER_MINUTE {
                return StatusCode::NO_CONTENT;
            }
            dropped_before
        }
        Err(_) => None,
    };
    if let Some(dropped) = dropped {
        tracing::warn!(
            dropped,
            "content security policy reports over the limit of a minute"
        );
    }
    let (directive, blocked, source, line) = report_fields(&body);
    tracing::warn!(
        directive = %directive,
        blocked = %blocked,
        source = %source,
        line,
        "content security policy violation"
    );
    StatusCode::NO_CONTENT
}

/// The fields of a report that are logged, each at most 200 characters and
/// without control characters.
fn report_fields(body: &[u8]) -> (String, String, String, u64) {
    let report = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    let report = report.get("csp-report").unwrap_or(&Value::Null);
    let field = |name: &str| {
        report
            .get(name)
            .and_then(Value::as_str)
            .map(|text| {
                text.chars()
                    .filter(|c| !c.is_control())
                    .take(200)
                    .collect::<String>()
            })
            .unwrap_or_default()
    };
    let line = report
        .get("line-number")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    (
        field("effective-directive"),
        field("blocked-uri"),
        field("source-file"),
        line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_scripts_with_a_source_are_not() {
        let html = "<head><script type=\"module\">\nimport x;\n</script>\
                    <script src=\"/a.js\"></script><script>b()</script></head>";
        let hashes = inline_script_hashes(html);
        let expected = |text: &str| {
            format!(
                "'sha256-{}'",
                data_encoding::BASE64.encode(&Sha256::digest(text.as_bytes()))
            )
        };
        assert_eq!(
            hashes,
            format!("{} {}", expected("\nimport x;\n"), expected("b()"))
        );
    }

    #[test]
    fn a_report_s_fields_lose_their_control_characters_and_length() {
        let body = br#"{"csp-report": {"effective-directive": "script-src\nERROR call failed result=501", "blocked-uri": "x\r\u0007y", "line-number": 7}}"#;
        let (directive, blocked, source, line) = report_fields(body);
        assert_eq!(directive, "script-srcERROR call failed result=501");
        assert_eq!(blocked, "xy");
        assert_eq!((source.as_str(), line), ("", 7));
        let long = format!(
            r#"{{"csp-report": {{"blocked-uri": "{}"}}}}"#,
            "a".repeat(500)
        );
        assert_eq!(report_fields(long.as_bytes()).1.len(), 200);
    }

    #[test]
    fn the_policy_allows_no_inline_script_or_style_and_no_framing() {
        let policy = content_security_policy("'sha256-abc='");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("img-src 'self' data:"));
    }
}
