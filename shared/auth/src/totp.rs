//! TOTP (RFC 6238) as Google Authenticator and friends do it: HMAC-SHA1,
//! 6 digits, 30-second steps, a 160-bit secret.
//!
//! A code is accepted for the step before, the current step and the step
//! after (clock drift of up to 30 s either way), and never for a step at or
//! below the last one accepted (replay).

use std::fmt;

use qrcode::{render::svg, EcLevel, QrCode};
use secrecy::{ExposeSecret, SecretBox};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

use crate::SecureRng;

/// Seconds per step.
pub const PERIOD: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Secret length in bytes (160 bits, RFC 4226's recommendation for SHA1).
pub const SECRET_BYTES: usize = 20;

/// A TOTP secret. Never logged, never returned after enrollment.
pub struct TotpSecret(SecretBox<[u8; SECRET_BYTES]>);

impl TotpSecret {
    /// A new secret from a cryptographically secure generator.
    pub fn generate(rng: &mut impl SecureRng) -> Self {
        let mut bytes = Box::new([0u8; SECRET_BYTES]);
        rng.fill_bytes(bytes.as_mut());
        TotpSecret(SecretBox::new(bytes))
    }

    /// The secret with these bytes, if there are exactly [`SECRET_BYTES`].
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let array: [u8; SECRET_BYTES] = bytes.try_into().ok()?;
        Some(TotpSecret(SecretBox::new(Box::new(array))))
    }

    /// The raw bytes, for sealing.
    pub fn expose_bytes(&self) -> &[u8] {
        self.0.expose_secret()
    }

    /// The secret in unpadded base32, as authenticator apps take it.
    pub fn to_base32(&self) -> String {
        data_encoding::BASE32_NOPAD.encode(self.expose_bytes())
    }

    /// The code for the step that contains `time` (seconds since the epoch).
    pub fn code_at(&self, time: u64) -> String {
        generate(self.expose_bytes(), DIGITS, PERIOD, time)
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret([redacted])")
    }
}

/// The code of an RFC 6238 TOTP with these parameters at `time`; also RFC
/// 4226 HOTP when `step` is 1 and `time` is the counter.
pub fn generate(secret: &[u8], digits: usize, step: u64, time: u64) -> String {
    TOTP::new_unchecked(Algorithm::SHA1, digits, 0, step, secret.to_vec()).generate(time)
}

/// Six digits as typed: spaces and dashes are dropped (`123 456` is fine).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpCode(String);

/// Text that is not a six-digit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an authentication code has six digits")]
pub struct InvalidTotpCode;

impl TotpCode {
    /// Parses a code as a person types or pastes it.
    pub fn parse(input: &str) -> Result<TotpCode, InvalidTotpCode> {
        if input.chars().count() > twofold_api::limits::MAX_CODE_CHARS {
            return Err(InvalidTotpCode);
        }
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(TotpCode(digits))
        } else {
            Err(InvalidTotpCode)
        }
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpCode([redacted])")
    }
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpRejection {
    /// The code matches none of the accepted steps.
    #[error("the code is wrong")]
    Wrong,
    /// The code is right but its step was already used (or an older one).
    #[error("the code was already used")]
    Replayed,
}

/// The step (`time / 30`) that contains `time`.
pub const fn step_of(time: u64) -> u64 {
    time / PERIOD
}

/// Checks `code` against steps T-1, T and T+1 of `now`. Returns the matching
/// step, which the caller records as the last accepted one; a match at or
/// below `last_step` is a replay.
pub fn verify(
    secret: &TotpSecret,
    code: &TotpCode,
    now: u64,
    last_step: Option<u64>,
) -> Result<u64, TotpRejection> {
    let current = step_of(now);
    let candidates = [
        current.saturating_sub(1),
        current,
        current.saturating_add(1),
    ];
    // Every candidate is computed and compared, so the time taken does not
    // tell which step matched.
    let mut matched = None;
    for step in candidates {
        let expected = secret.code_at(step.saturating_mul(PERIOD));
        if bool::from(expected.as_bytes().ct_eq(code.as_str().as_bytes())) && matched.is_none() {
            matched = Some(step);
        }
    }
    match (matched, last_step) {
        (None, _) => Err(TotpRejection::Wrong),
        (Some(step), Some(last)) if step <= last => Err(TotpRejection::Replayed),
        (Some(step), _) => Ok(step),
    }
}

/// What an authenticator app needs to add the account.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// `otpauth://totp/Issuer:login?secret=...&issuer=Issuer`.
    pub uri: String,
    /// The URI as a QR code (SVG).
    pub qr_svg: String,
    /// The secret in base32, for typing by hand.
    pub secret_base32: String,
}

impl fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Enrollment([redacted])")
    }
}

/// The otpauth URI with only the parameters Google Authenticator honours:
/// the label `Issuer:account`, `secret` and `issuer` (the defaults SHA1, 6
/// digits and 30 s are what it assumes anyway).
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}",
        percent_encode(issuer),
        percent_encode(account),
        secret.to_base32(),
        percent_encode(issuer),
    )
}

/// The enrollment data for `secret`.
pub fn enrollment(secret: &TotpSecret, issuer: &str, account: &str) -> Enrollment {
    let uri = otpauth_uri(secret, issuer, account);
    Enrollment {
        qr_svg: qr_svg(&uri),
        secret_base32: secret.to_base32(),
        uri,
    }
}

/// Draws `text` as a QR code in SVG, black on white with a quiet zone.
pub fn qr_svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
        // A URI of a login (≤64 chars) and an issuer (configured, ≤64 chars)
        // always fits a QR code; an empty picture is the honest fallback.
        Err(_) => String::new(),
    }
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{rngs::StdRng, SeedableRng};

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    fn secret() -> TotpSecret {
        TotpSecret::from_bytes(RFC_SECRET).unwrap()
    }

    fn code(text: &str) -> TotpCode {
        TotpCode::parse(text).unwrap()
    }

    #[test]
    fn it_passes_the_rfc_6238_sha1_test_vectors() {
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, expected) in vectors {
            assert_eq!(generate(RFC_SECRET, 8, 30, time), expected, "T = {time}");
            // Six digits are the same truncation modulo 10^6.
            assert_eq!(secret().code_at(time), expected[2..], "T = {time}");
        }
    }

    #[test]
    fn it_passes_the_rfc_4226_hotp_test_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, value) in expected.iter().enumerate() {
            assert_eq!(
                generate(RFC_SECRET, 6, 1, counter as u64),
                *value,
                "counter {counter}"
            );
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_early_on_time_and_one_step_late() {
        let now = 1_000_000_000 + 15; // mid-step
        for offset in [-30i64, 0, 30] {
            let at = (now as i64 + offset) as u64;
            let step = verify(&secret(), &code(&secret().code_at(at)), now, None).unwrap();
            assert_eq!(step, step_of(at));
        }
    }

    #[test]
    fn a_code_two_steps_away_is_refused() {
        let now = 1_000_000_000 + 15;
        for offset in [-60i64, 60, -90, 90] {
            let at = (now as i64 + offset) as u64;
            let result = verify(&secret(), &code(&secret().code_at(at)), now, None);
            assert_eq!(result, Err(TotpRejection::Wrong), "offset {offset}");
        }
    }

    #[test]
    fn step_boundaries_belong_to_the_step_they_start() {
        let start = 1_000_000_020; // 1_000_000_020 / 30 = 33_333_334 exactly
        assert_eq!(start % PERIOD, 0);
        assert_eq!(step_of(start - 1) + 1, step_of(start));
        // At the first second of a step, the previous step's code is T-1 and
        // still accepted; the code from two steps back is not.
        assert!(verify(&secret(), &code(&secret().code_at(start - 1)), start, None).is_ok());
        assert_eq!(
            verify(&secret(), &code(&secret().code_at(start - 31)), start, None),
            Err(TotpRejection::Wrong)
        );
    }

    #[test]
    fn a_code_at_or_below_the_last_accepted_step_is_a_replay() {
        let now = 1_000_000_000;
        let current = code(&secret().code_at(now));
        let step = verify(&secret(), &current, now, None).unwrap();
        assert_eq!(
            verify(&secret(), &current, now, Some(step)),
            Err(TotpRejection::Replayed)
        );
        let earlier = code(&secret().code_at(now - 30));
        assert_eq!(
            verify(&secret(), &earlier, now, Some(step)),
            Err(TotpRejection::Replayed)
        );
        let later = code(&secret().code_at(now + 30));
        assert_eq!(verify(&secret(), &later, now, Some(step)), Ok(step + 1));
    }

    #[test]
    fn codes_are_parsed_with_spaces_and_dashes_but_only_as_six_digits() {
        assert_eq!(code(" 123 456 ").as_str(), "123456");
        assert_eq!(code("123-456").as_str(), "123456");
        for bad in ["12345", "1234567", "12345a", "", "١٢٣٤٥٦", &"1".repeat(100)] {
            assert!(TotpCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_otpauth_uri_has_the_label_secret_and_issuer() {
        let uri = otpauth_uri(&secret(), "Twofold", "ada@example.com");
        assert_eq!(
            uri,
            "otpauth://totp/Twofold:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Twofold"
        );
    }

    #[test]
    fn the_qr_code_is_an_svg_document() {
        let svg = qr_svg("otpauth://totp/Twofold:ada?secret=ABC&issuer=Twofold");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[test]
    fn generated_secrets_are_160_bits_and_differ() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = TotpSecret::generate(&mut rng);
        let b = TotpSecret::generate(&mut rng);
        assert_eq!(a.expose_bytes().len(), 20);
        assert_eq!(a.to_base32().len(), 32);
        assert_ne!(a.expose_bytes(), b.expose_bytes());
        assert!(!format!("{a:?}").contains(&a.to_base32()));
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #[test]
        fn the_otpauth_uri_round_trips_secret_issuer_and_account(
            seed: u64,
            issuer in "[ -~]{1,32}",
            account in "[a-z0-9._@+-]{3,64}",
        ) {
            let secret = TotpSecret::generate(&mut StdRng::seed_from_u64(seed));
            let uri = otpauth_uri(&secret, &issuer, &account);
            let rest = uri.strip_prefix("otpauth://totp/").unwrap();
            let (label, query) = rest.split_once('?').unwrap();
            let (label_issuer, label_account) = label.split_once(':').unwrap();
            prop_assert_eq!(percent_decode(label_issuer), issuer.clone());
            prop_assert_eq!(percent_decode(label_account), account);
            let mut params = query.split('&').map(|p| p.split_once('=').unwrap());
            let (k1, v1) = params.next().unwrap();
            let (k2, v2) = params.next().unwrap();
            prop_assert_eq!((k1, k2), ("secret", "issuer"));
            prop_assert_eq!(data_encoding::BASE32_NOPAD.decode(v1.as_bytes()).unwrap(), secret.expose_bytes().to_vec());
            prop_assert_eq!(percent_decode(v2), issuer);
            prop_assert!(params.next().is_none());
        }
    }
}
