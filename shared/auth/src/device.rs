//! Device cookies: how the sign-in throttle tells a browser that signed in
//! to a login before from everyone else (OWASP's "device cookies" against
//! lock-out by others).
//!
//! After a full sign-in the browser gets an HttpOnly cookie holding a random
//! device id, when it was issued, short keyed tags of the logins that signed
//! in with it (never the logins themselves) and a MAC under a key derived
//! from the sealing key. A later sign-in to one of those logins that
//! presents it is counted in the device's own small failure budget instead
//! of the login's and the address's counters: failures made by others, on
//! that login or from that address, never refuse it. Anyone else is
//! throttled as before. A cookie that does not verify, has expired, or does
//! not name the login is simply not there.

use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use subtle::ConstantTimeEq;

use crate::{login::Login, sealing::Sealer, SecureRng};

/// Days a device cookie is trusted after the sign-in that last renewed it.
pub const DEVICE_COOKIE_DAYS: u64 = 180;

/// Logins one device cookie vouches for; the oldest goes first.
pub const MAX_LOGINS_PER_DEVICE: usize = 5;

/// The version tag every device cookie starts with.
const VERSION: &str = "d1";
/// Bytes of the random device id.
const DEVICE_ID_BYTES: usize = 16;
/// Hex digits of a login's tag (64 bits: enough that no two of a browser's
/// five logins collide, too few to identify a login by themselves).
const TAG_HEX: usize = 16;
/// Separates the tags.
const TAG_SEPARATOR: char = '-';

/// The key contexts: a MAC over the cookie, and a login's tag.
const MAC_CONTEXT: &str = "twofold device cookie";
const TAG_CONTEXT: &str = "twofold device login";

/// A verified device cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceCookie {
    device_id: String,
    issued_at: u64,
    tags: Vec<String>,
}

impl std::fmt::Debug for DeviceCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceCookie")
            .field("issued_at", &self.issued_at)
            .field("logins", &self.tags.len())
            .finish_non_exhaustive()
    }
}

impl DeviceCookie {
    /// A new device, vouching for no login yet.
    pub fn new(rng: &mut impl SecureRng, now: u64) -> Self {
        let mut id = [0u8; DEVICE_ID_BYTES];
        rng.fill_bytes(&mut id);
        DeviceCookie {
            device_id: BASE64URL_NOPAD.encode(&id),
            issued_at: now,
            tags: Vec::new(),
        }
    }

    /// Reads a cookie a browser sent: `None` unless its MAC verifies under a
    /// configured key and it is younger than [`DEVICE_COOKIE_DAYS`].
    pub fn read(sealer: &Sealer, text: &str, now: u64) -> Option<Self> {
        let mut parts = text.splitn(5, '.');
        let (version, device_id, issued_at, tags, mac) = (
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
        );
        let id_ok = BASE64URL_NOPAD
            .decode(device_id.as_bytes())
            .is_ok_and(|id| id.len() == DEVICE_ID_BYTES);
        if version != VERSION || !id_ok {
            return None;
        }
        let signed = format!("{version}.{device_id}.{issued_at}.{tags}");
        let expected = sealer.keyed_hash_like(mac, MAC_CONTEXT, signed.as_bytes())?;
        if !bool::from(expected.as_bytes().ct_eq(mac.as_bytes())) {
            return None;
        }
        let issued_at: u64 = issued_at.parse().ok()?;
        let fresh = now < issued_at.saturating_add(DEVICE_COOKIE_DAYS * 24 * 3600);
        let tags: Vec<String> = tags
            .split(TAG_SEPARATOR)
            .filter(|tag| !tag.is_empty())
            .map(str::to_owned)
            .collect();
        (fresh && tags.len() <= MAX_LOGINS_PER_DEVICE).then_some(DeviceCookie {
            device_id: device_id.to_owned(),
            issued_at,
            tags,
        })
    }

    /// The device's id: its failure counter's key. Random, and tied to
    /// nothing else.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// True when a full sign-in to `login` was made with this cookie.
    pub fn vouches_for(&self, sealer: &Sealer, login: &Login) -> bool {
        let tag = login_tag(sealer, login);
        self.tags
            .iter()
            .any(|t| bool::from(t.as_bytes().ct_eq(tag.as_bytes())))
    }

    /// The cookie after a full sign-in to `login` at `now`: renewed, with
    /// `login` first and the oldest login dropped beyond
    /// [`MAX_LOGINS_PER_DEVICE`].
    pub fn signed_in(mut self, sealer: &Sealer, login: &Login, now: u64) -> Self {
        let tag = login_tag(sealer, login);
        self.tags.retain(|t| *t != tag);
        self.tags.insert(0, tag);
        self.tags.truncate(MAX_LOGINS_PER_DEVICE);
        self.issued_at = now;
        self
    }

    /// The cookie's value, MAC included.
    pub fn encode(&self, sealer: &Sealer) -> String {
        let tags = self.tags.join(&TAG_SEPARATOR.to_string());
        let signed = format!("{VERSION}.{}.{}.{tags}", self.device_id, self.issued_at);
        let mac = sealer.keyed_hash(MAC_CONTEXT, signed.as_bytes());
        format!("{signed}.{mac}")
    }

    /// Seconds the cookie is kept by the browser.
    pub const fn max_age() -> u64 {
        DEVICE_COOKIE_DAYS * 24 * 3600
    }
}

/// A login's tag: the first 64 bits of its keyed hash under the current key.
fn login_tag(sealer: &Sealer, login: &Login) -> String {
    let hash = sealer.keyed_hash(TAG_CONTEXT, login.as_str().as_bytes());
    // The hash is hex, after `v<id>.` for keys other than the first.
    let hex = hash.rsplit('.').next().unwrap_or_default();
    let tag: String = hex.chars().take(TAG_HEX).collect();
    debug_assert!(HEXLOWER.decode(tag.as_bytes()).is_ok());
    tag
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;
    use crate::SealingKey;

    fn sealer(seed: u64) -> Sealer {
        Sealer::new(&SealingKey::generate(&mut StdRng::seed_from_u64(seed)))
    }

    fn login(text: &str) -> Login {
        Login::parse(text).unwrap()
    }

    #[test]
    fn a_cookie_vouches_for_the_logins_that_signed_in_with_it_and_no_other() {
        let sealer = sealer(1);
        let mut rng = StdRng::seed_from_u64(2);
        let cookie = DeviceCookie::new(&mut rng, 100)
            .signed_in(&sealer, &login("ada"), 100)
            .signed_in(&sealer, &login("bob"), 101);
        let read = DeviceCookie::read(&sealer, &cookie.encode(&sealer), 200).unwrap();
        assert_eq!(read, cookie);
        assert!(read.vouches_for(&sealer, &login("ada")));
        assert!(
            read.vouches_for(&sealer, &login("BOB")),
            "logins ignore case"
        );
        assert!(!read.vouches_for(&sealer, &login("eve")));
        let text = cookie.encode(&sealer);
        assert!(!text.contains("ada") && !text.contains("bob"), "{text}");
    }

    #[test]
    fn a_forged_altered_foreign_or_expired_cookie_is_not_there() {
        let sealer_one = sealer(1);
        let mut rng = StdRng::seed_from_u64(2);
        let cookie = DeviceCookie::new(&mut rng, 100).signed_in(&sealer_one, &login("ada"), 100);
        let text = cookie.encode(&sealer_one);
        assert!(
            DeviceCookie::read(&sealer(9), &text, 100).is_none(),
            "another key"
        );
        let mut altered = text.clone().into_bytes();
        altered[5] = if altered[5] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert!(DeviceCookie::read(&sealer_one, &altered, 100).is_none());
        let expires = 100 + DEVICE_COOKIE_DAYS * 24 * 3600;
        assert!(DeviceCookie::read(&sealer_one, &text, expires - 1).is_some());
        assert!(DeviceCookie::read(&sealer_one, &text, expires).is_none());
        for junk in ["", "d1", "d1.a.b.c.d", "x.y.z", &"d1.".repeat(300)] {
            assert!(
                DeviceCookie::read(&sealer_one, junk, 100).is_none(),
                "{junk}"
            );
        }
    }

    #[test]
    fn a_cookie_keeps_the_five_latest_logins_and_renews_at_each_sign_in() {
        let sealer = sealer(1);
        let mut cookie = DeviceCookie::new(&mut StdRng::seed_from_u64(3), 0);
        for (t, name) in ["aaa", "bbb", "ccc", "ddd", "eee", "fff"]
            .iter()
            .enumerate()
        {
            cookie = cookie.signed_in(&sealer, &login(name), t as u64);
        }
        assert!(
            !cookie.vouches_for(&sealer, &login("aaa")),
            "the oldest went"
        );
        assert!(cookie.vouches_for(&sealer, &login("bbb")));
        cookie = cookie.signed_in(&sealer, &login("bbb"), 50);
        cookie = cookie.signed_in(&sealer, &login("ggg"), 60);
        assert!(
            cookie.vouches_for(&sealer, &login("bbb")),
            "a sign-in moves it first"
        );
        assert!(!cookie.vouches_for(&sealer, &login("ccc")));
        let read = DeviceCookie::read(&sealer, &cookie.encode(&sealer), 61).unwrap();
        assert_eq!(read.issued_at, 60);
    }
}
