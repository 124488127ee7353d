//! Reading a caught mail as its reader would: the text once its transfer
//! encoding is undone (lettre picks 7bit, quoted-printable or base64 by
//! content, and multipart for some), and the six-digit code in it.

use crate::smtp_sink::Mail;

/// The text a mail program shows: every text part's body with its
/// transfer encoding undone, line ends as `\n`.
pub fn text(mail: &Mail) -> String {
    let content_type = mail.header("Content-Type").unwrap_or_default();
    if let Some(boundary) = boundary(&content_type) {
        let delimiter = format!("--{boundary}");
        return mail
            .body()
            .split(delimiter.as_str())
            .skip(1)
            .filter(|part| !part.starts_with("--"))
            .map(|part| {
                let part = Mail {
                    from: mail.from.clone(),
                    to: mail.to.clone(),
                    data: part.trim_start_matches("\r\n").to_owned(),
                };
                text(&part)
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let body = mail.body();
    let decoded = match mail
        .header("Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(body),
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            data_encoding::BASE64
                .decode(compact.as_bytes())
                .unwrap_or_else(|e| panic!("a base64 body that does not decode ({e}): {body}"))
        }
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&decoded).replace("\r\n", "\n")
}

/// The `boundary` parameter of a multipart Content-Type.
fn boundary(content_type: &str) -> Option<String> {
    if !content_type.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    content_type.split(';').find_map(|parameter| {
        let (name, value) = parameter.trim().split_once('=')?;
        name.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_owned())
    })
}

/// Undoes quoted-printable (RFC 2045 6.7): soft line breaks and `=XX`.
fn quoted_printable(body: &str) -> Vec<u8> {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
}

/// The runs of digits in `text` (a six-digit code is one run of six; the
/// digits of a date or a message id are other runs).
pub fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// The six-digit code a confirmation mail holds: the one run of six
/// digits in its text.
pub fn mailed_code(mail: &Mail) -> String {
    let text = text(mail);
    let mut codes: Vec<&str> = digit_runs(&text)
        .into_iter()
        .filter(|run| run.len() == 6)
        .collect();
    codes.dedup();
    assert_eq!(codes.len(), 1, "one six-digit code in the mail: {text}");
    codes[0].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_joins_soft_breaks_and_decodes_escapes() {
        assert_eq!(
            quoted_printable("caf=C3=A9 au=\r\n lait =3D 2"),
            "café au lait = 2".as_bytes()
        );
    }
}
