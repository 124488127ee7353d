//! Configuration, read from the environment once at start-up.

use std::env;

use crate::service::relying_party::{RelyingParty, RelyingPartySettings};
use anyhow::{bail, Context};
use twofold_auth::{
    sealing::{DuplicateKeyId, FIRST_KEY_ID},
    RecoveryStorage, Sealer, SealingKey, SecondFactorPolicy, SessionPolicy, SignInThrottle,
};

/// Everything the service needs to know.
#[derive(Debug)]
pub struct Config {
    /// The DynamoDB table.
    pub table: String,
    /// A DynamoDB-compatible endpoint; `None` for AWS's DynamoDB.
    pub dynamodb_endpoint: Option<String>,
    /// Seals TOTP secrets and recovery codes. Never in the database.
    pub sealing_key: SealingKey,
    /// The current key's id, named by every value it seals (`v<id>.`).
    pub sealing_key_id: u32,
    /// Older keys, by id: values they sealed still open, and
    /// `twofold-admin reseal` moves them to the current key.
    pub old_sealing_keys: Vec<(u32, SealingKey)>,
    /// Issuer name shown in authenticator apps.
    pub issuer: String,
    /// Sealed (viewable) or hash-only recovery codes.
    pub recovery_storage: RecoveryStorage,
    /// Whether SignUp is open.
    pub sign_up_enabled: bool,
    /// Sign-ups per client address per throttle window (each costs an
    /// Argon2id hash and answers whether a login is taken).
    pub sign_up_max_per_address: u32,
    /// Secure, `__Host-` cookies (HTTPS). Off only for local HTTP.
    pub secure_cookies: bool,
    /// Second-factor lockout.
    pub second_factor: SecondFactorPolicy,
    /// Failed sign-in throttle.
    pub sign_in_throttle: SignInThrottle,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// Days a security-log event is kept before the table's TTL deletes it.
    pub event_retention_days: u64,
    /// Password hashes and checks (Argon2id, 19 MiB each) running at once;
    /// more wait. Bounds memory: about 64 MiB + 19 MiB per permit.
    pub password_hash_concurrency: u32,
    /// Password checks that may wait for a place; beyond it they are refused
    /// as busy (503 with `Retry-After`).
    pub password_queue: u32,
    /// The WebAuthn relying party (security keys and passkeys). No origin:
    /// twofold-local names its own (`http://localhost:<port>`).
    pub relying_party: RelyingPartySettings,
}

/// Seconds in a day, for the ranges below.
const DAY: u64 = 24 * 3600;

/// A number a setting holds: whole numbers, or a limit that is always set
/// but kept optional by the domain.
trait Number: Copy {
    fn from_u64(value: u64) -> Option<Self>;
    fn to_u64(self) -> u64;
}

impl Number for u32 {
    fn from_u64(value: u64) -> Option<Self> {
        u32::try_from(value).ok()
    }
    fn to_u64(self) -> u64 {
        u64::from(self)
    }
}

impl Number for u64 {
    fn from_u64(value: u64) -> Option<Self> {
        Some(value)
    }
    fn to_u64(self) -> u64 {
        self
    }
}

impl Number for Option<u32> {
    fn from_u64(value: u64) -> Option<Self> {
        u32::try_from(value).ok().map(Some)
    }
    fn to_u64(self) -> u64 {
        self.map_or(0, u64::from)
    }
}

/// Declares the numeric settings once each: the variable, the field it
/// sets, its default, its range and what it means. Reading, the range
/// check, the defaults and the `--help` text all come from this table.
macro_rules! numbers {
    ($($name:literal => $($field:ident).+ = $default:expr, $low:literal ..= $high:expr, $help:literal;)*) => {
        impl Config {
            /// Sets every numeric setting to its default.
            fn default_numbers(&mut self) {
                $(self.$($field).+ = $default;)*
            }

            /// Reads the numeric settings that are set in the environment.
            fn read_numbers(&mut self) -> anyhow::Result<()> {
                $(if let Some(value) = number($name)? {
                    self.$($field).+ = Number::from_u64(value)
                        .with_context(|| format!("{} must be {} to {}", $name, $low, $high))?;
                })*
                Ok(())
            }

            /// Refuses, naming the variable, any numeric setting out of its
            /// range.
            fn check_numbers(&self) -> anyhow::Result<()> {
                $(in_range($name, Number::to_u64(self.$($field).+), $low, $high)?;)*
                Ok(())
            }
        }

        /// The numeric settings, with their ranges and defaults (as
        /// `defaults` holds them), in words.
        fn numbers_help(defaults: &Config) -> Vec<(&'static str, String)> {
            vec![$((
                $name,
                format!(
                    "{}, {} to {} (default {})",
                    $help,
                    $low,
                    $high,
                    Number::to_u64(defaults.$($field).+)
                ),
            ),)*]
        }
    };
}

numbers! {
    "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS" => sign_up_max_per_address = 10, 1..=10_000,
        "sign-ups per client address per sign-in window";
    "TWOFOLD_CODE_MAX_FAILURES" => second_factor.totp.max_failures
        = SecondFactorPolicy::default().totp.max_failures, 1..=100,
        "wrong app codes that lock app codes";
    "TWOFOLD_CODE_LOCKOUT_SECONDS" => second_factor.totp.lockout_seconds
        = SecondFactorPolicy::default().totp.lockout_seconds, 1..=DAY,
        "how long the first lock lasts; each later one twice the last";
    "TWOFOLD_CODE_MAX_LOCKOUT_SECONDS" => second_factor.totp.max_lockout_seconds
        = SecondFactorPolicy::default().totp.max_lockout_seconds, 1..=7 * DAY,
        "the longest lock";
    "TWOFOLD_CODE_STOP_AFTER" => second_factor.totp.stop_after
        = SecondFactorPolicy::default().totp.stop_after, 1..=100,
        "wrong app codes in a row that stop app codes until a recovery code signs in (NIST SP 800-63B 5.2.2)";
    "TWOFOLD_RECOVERY_MAX_FAILURES" => second_factor.recovery.max_failures
        = SecondFactorPolicy::default().recovery.max_failures, 1..=100,
        "wrong recovery codes that lock recovery codes";
    "TWOFOLD_RECOVERY_LOCKOUT_SECONDS" => second_factor.recovery.lockout_seconds
        = SecondFactorPolicy::default().recovery.lockout_seconds, 1..=DAY,
        "how long that lock lasts";
    "TWOFOLD_SIGN_IN_WINDOW_SECONDS" => sign_in_throttle.window_seconds
        = SignInThrottle::default().window_seconds, 1..=DAY,
        "failed sign-in window";
    "TWOFOLD_SIGN_IN_MAX_PER_LOGIN" => sign_in_throttle.max_per_login
        = SignInThrottle::default().max_per_login, 1..=100,
        "failed sign-ins per login per window";
    "TWOFOLD_SIGN_IN_MAX_PER_ADDRESS" => sign_in_throttle.max_per_address
        = SignInThrottle::default().max_per_address, 1..=10_000,
        "failed sign-ins per address per window, from browsers that never signed in to the login";
    "TWOFOLD_SIGN_IN_MAX_PER_DEVICE" => sign_in_throttle.max_per_device
        = SignInThrottle::default().max_per_device, 1..=100,
        "failed sign-ins per window from a browser that signed in to the login before, counted apart from everyone else's";
    "TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN" => sign_in_throttle.max_successes_per_login
        = SignInThrottle::default().max_successes_per_login, 1..=10_000,
        "right passwords per login per window; beyond it even the right one waits";
    "TWOFOLD_SESSION_SECONDS" => sessions.full_seconds
        = SessionPolicy::default().full_seconds, 0..=30 * DAY,
        "full session lifetime";
    "TWOFOLD_ELEVATION_SECONDS" => sessions.elevation_seconds
        = SessionPolicy::default().elevation_seconds, 0..=7200,
        "how long a step-up (CheckPassword, or the password on a sensitive call) lasts unused; each sensitive change it allows starts it again";
    "TWOFOLD_ELEVATION_MAX_SECONDS" => sessions.elevation_max_seconds
        = SessionPolicy::default().elevation_max_seconds, 0..=43_200,
        "how long a step-up lasts at most, however it is used";
    "TWOFOLD_SESSION_IDLE_SECONDS" => sessions.idle_seconds
        = SessionPolicy::default().idle_seconds, 60..=30 * DAY,
        "a signed-in session unused this long ends (NIST SP 800-63B-4's figure for AAL2 is an hour)";
    "TWOFOLD_EVENT_RETENTION_DAYS" => event_retention_days = 365, 1..=3650,
        "days the security log keeps an event";
    "TWOFOLD_PASSWORD_HASH_CONCURRENCY" => password_hash_concurrency
        = default_hash_concurrency(), 1..=256,
        "password hashes (19 MiB each) at once, more wait; the default is the CPU count";
    "TWOFOLD_PASSWORD_QUEUE" => password_queue = 1024, 1..=100_000,
        "password checks that may wait for a place; more are refused as busy";
}

/// The settings that are not numbers.
const TEXTS: &[(&str, &str)] = &[
    ("TWOFOLD_TABLE", "DynamoDB table name (default twofold)"),
    (
        "DYNAMODB_ENDPOINT",
        "DynamoDB-compatible endpoint URL (default: AWS DynamoDB)",
    ),
    (
        "TWOFOLD_SEALING_KEY",
        "the current sealing key: [id:]64 hex digits, id 1 when absent (required)",
    ),
    (
        "TWOFOLD_OLD_SEALING_KEYS",
        "older sealing keys, id:hex separated by commas, kept while values sealed with them remain",
    ),
    (
        "TWOFOLD_ISSUER",
        "issuer shown in authenticator apps, 1 to 64 characters without ':' (default Twofold)",
    ),
    (
        "TWOFOLD_WEBAUTHN_RP_ID",
        "the domain security keys and passkeys are bound to: the app's host or a parent of it (default localhost)",
    ),
    (
        "TWOFOLD_WEBAUTHN_ORIGINS",
        "the origins the app is served from, separated by commas, e.g. https://dashboard.example.com (twofold-local: http://localhost:<port>)",
    ),
    (
        "TWOFOLD_RECOVERY_STORAGE",
        "sealed (codes viewable again) or hash-only (default sealed)",
    ),
    ("TWOFOLD_SIGN_UP", "on or off (default on)"),
    ("TWOFOLD_SECURE_COOKIES", "on or off: Secure, __Host- cookies (default on)"),
    (
        "TWOFOLD_SEALING_KEY_SECRET",
        "Lambda only: the Secrets Manager secret holding the sealing keys, read once per instance instead of TWOFOLD_SEALING_KEY",
    ),
    (
        "TWOFOLD_ORIGIN_SECRET",
        "Lambda only: the value CloudFront sends in X-Twofold-Origin-Secret; calls carrying it are taken from the viewer address CloudFront reports",
    ),
];

/// Every variable the service reads and what it means, for `--help` texts
/// and docs.
pub fn environment() -> Vec<(&'static str, String)> {
    // Any key: only the numbers are read.
    let defaults = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    TEXTS
        .iter()
        .map(|(name, help)| (*name, (*help).to_owned()))
        .chain(numbers_help(&defaults))
        .collect()
}

/// One Argon2id hash per CPU: more would only share the CPUs and add memory.
fn default_hash_concurrency() -> u32 {
    std::thread::available_parallelism()
        .map(|n| u32::try_from(n.get()).unwrap_or(1))
        .unwrap_or(1)
        .clamp(1, 256)
}

impl Config {
    /// What [`Config::from_env`] gives when no variable is set, without
    /// reading the environment: for tests and benchmarks, whose results must
    /// not depend on what a developer exported.
    pub fn defaults(sealing_key: SealingKey) -> Config {
        let mut config = Config {
            table: "twofold".to_owned(),
            dynamodb_endpoint: None,
            sealing_key,
            sealing_key_id: FIRST_KEY_ID,
            old_sealing_keys: Vec::new(),
            issuer: "Twofold".to_owned(),
            recovery_storage: RecoveryStorage::Sealed,
            sign_up_enabled: true,
            sign_up_max_per_address: 0,
            secure_cookies: true,
            second_factor: SecondFactorPolicy::default(),
            sign_in_throttle: SignInThrottle::default(),
            sessions: SessionPolicy::default(),
            event_retention_days: 0,
            password_hash_concurrency: 0,
            password_queue: 0,
            relying_party: RelyingPartySettings {
                id: "localhost".to_owned(),
                name: "Twofold".to_owned(),
                origins: Vec::new(),
            },
        };
        config.default_numbers();
        config
    }

    /// Seconds a security-log event is kept.
    pub fn event_retention_seconds(&self) -> u64 {
        self.event_retention_days.saturating_mul(24 * 3600)
    }

    /// The sealer: the current key, and the old ones by id.
    pub fn sealer(&self) -> Result<Sealer, DuplicateKeyId> {
        let old: Vec<(u32, &SealingKey)> = self
            .old_sealing_keys
            .iter()
            .map(|(id, key)| (*id, key))
            .collect();
        Sealer::with_keys((self.sealing_key_id, &self.sealing_key), &old)
    }

    /// Reads the configuration from the environment. `sealing_key` (an id
    /// and a key) overrides `TWOFOLD_SEALING_KEY` (twofold-local keeps its
    /// key in a file).
    pub fn from_env(sealing_key: Option<(u32, SealingKey)>) -> anyhow::Result<Config> {
        let (sealing_key_id, sealing_key) = match sealing_key {
            Some(key) => key,
            None => parse_sealing_key(
                &env::var("TWOFOLD_SEALING_KEY").context("TWOFOLD_SEALING_KEY is not set")?,
            )
            .context("TWOFOLD_SEALING_KEY")?,
        };
        let mut config = Config::from_env_with_key(sealing_key_id, sealing_key)?;
        config.old_sealing_keys = old_sealing_keys()?;
        config.check()?;
        Ok(config)
    }

    /// The configuration from the environment for work that seals and opens
    /// nothing (the operator's commands but reseal): `key` stands in for the
    /// sealing keys, which are not read.
    pub fn from_env_without_keys(key: SealingKey) -> anyhow::Result<Config> {
        let config = Config::from_env_with_key(FIRST_KEY_ID, key)?;
        config.check()?;
        Ok(config)
    }

    /// Every setting but the old sealing keys, from the environment.
    fn from_env_with_key(sealing_key_id: u32, sealing_key: SealingKey) -> anyhow::Result<Config> {
        let mut config = Config::defaults(sealing_key);
        config.sealing_key_id = sealing_key_id;
        config.recovery_storage = match text("TWOFOLD_RECOVERY_STORAGE", "sealed").as_str() {
            "sealed" => RecoveryStorage::Sealed,
            "hash-only" => RecoveryStorage::HashOnly,
            other => bail!("TWOFOLD_RECOVERY_STORAGE must be sealed or hash-only, not {other:?}"),
        };
        config.issuer = text("TWOFOLD_ISSUER", "Twofold");
        if config.issuer.is_empty() || config.issuer.len() > 64 || config.issuer.contains(':') {
            bail!("TWOFOLD_ISSUER must be 1 to 64 characters without ':'");
        }
        config.relying_party = RelyingPartySettings {
            id: text("TWOFOLD_WEBAUTHN_RP_ID", "localhost"),
            name: config.issuer.clone(),
            origins: origins(&text("TWOFOLD_WEBAUTHN_ORIGINS", ""))?,
        };
        config.table = text("TWOFOLD_TABLE", "twofold");
        config.dynamodb_endpoint = env::var("DYNAMODB_ENDPOINT").ok().filter(|e| !e.is_empty());
        config.sign_up_enabled = switch("TWOFOLD_SIGN_UP", true)?;
        config.secure_cookies = switch("TWOFOLD_SECURE_COOKIES", true)?;
        config.read_numbers()?;
        // One variable for the recovery lock: it does not grow.
        config.second_factor.recovery.max_lockout_seconds =
            config.second_factor.recovery.lockout_seconds;
        Ok(config)
    }

    /// Refuses, in words naming the variable, any setting out of its range:
    /// lifetimes that would overflow `now + lifetime` or outlive reason,
    /// limits of zero, throttles and lockouts laxer than 100 failures an
    /// hour.
    pub fn check(&self) -> anyhow::Result<()> {
        self.check_numbers()?;
        if self.sign_in_throttle.worst_case_per_login_per_hour()
            > twofold_auth::lockout::HOURLY_CEILING
        {
            bail!(
                "TWOFOLD_SIGN_IN_MAX_PER_LOGIN, TWOFOLD_SIGN_IN_MAX_PER_DEVICE and TWOFOLD_SIGN_IN_WINDOW_SECONDS would allow more than 100 failures per login an hour"
            );
        }
        if self.sessions.elevation_max_seconds < self.sessions.elevation_seconds {
            bail!("TWOFOLD_ELEVATION_MAX_SECONDS must be at least TWOFOLD_ELEVATION_SECONDS");
        }
        self.sealer()
            .context("TWOFOLD_SEALING_KEY and TWOFOLD_OLD_SEALING_KEYS")?;
        if !self.relying_party.origins.is_empty() {
            RelyingParty::new(&self.relying_party).map_err(|error| {
                anyhow::anyhow!("TWOFOLD_WEBAUTHN_RP_ID and TWOFOLD_WEBAUTHN_ORIGINS: {error}")
            })?;
        }
        self.second_factor
            .checked()
            .context("TWOFOLD_CODE_* and TWOFOLD_RECOVERY_* (second-factor lockout)")?;
        Ok(())
    }
}

/// `Ok` when `value` is in `low..=high`, else an error naming the variable.
fn in_range(name: &str, value: u64, low: u64, high: u64) -> anyhow::Result<()> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        bail!("{name} must be {low} to {high}, not {value}")
    }
}

/// `TWOFOLD_OLD_SEALING_KEYS`: `id:hex` entries separated by commas.
fn old_sealing_keys() -> anyhow::Result<Vec<(u32, SealingKey)>> {
    text("TWOFOLD_OLD_SEALING_KEYS", "")
        .split(',')
        .filter(|entry| !entry.trim().is_empty())
        .map(|entry| {
            if !entry.contains(':') {
                bail!("each old sealing key is written id:hex");
            }
            parse_sealing_key(entry)
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .context("TWOFOLD_OLD_SEALING_KEYS")
}

/// Reads a sealing key written `[id:]hex` (id 1 when absent; ids 1 to
/// 999999).
pub fn parse_sealing_key(text: &str) -> anyhow::Result<(u32, SealingKey)> {
    let (id, hex) = match text.trim().split_once(':') {
        Some((id, hex)) => {
            let id: u32 = id
                .trim()
                .parse()
                .ok()
                .filter(|id| (1..=999_999).contains(id))
                .context("a sealing key id is a whole number from 1 to 999999")?;
            (id, hex)
        }
        None => (FIRST_KEY_ID, text),
    };
    Ok((id, SealingKey::from_hex(hex)?))
}

/// The current and old sealing keys as a secret store holds them: one key
/// (`[id:]hex`), or JSON `{"current": "[id:]hex", "old": ["id:hex", ...],
/// "originSecret": "..."}` (the value CloudFront sends with every API call).
/// Error texts never quote the secret.
pub fn parse_sealing_keys(text: &str) -> anyhow::Result<SealingKeys> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Keys {
        current: String,
        #[serde(default)]
        old: Vec<String>,
        #[serde(default)]
        origin_secret: Option<String>,
    }
    let text = text.trim();
    if !text.starts_with('{') {
        return Ok(SealingKeys {
            current: parse_sealing_key(text)?,
            old: Vec::new(),
            origin_secret: None,
        });
    }
    let keys: Keys = serde_json::from_str(text)
        .map_err(|_| anyhow::anyhow!("not a key, nor JSON with `current` and `old` keys"))?;
    Ok(SealingKeys {
        current: parse_sealing_key(&keys.current).context("current")?,
        old: keys
            .old
            .iter()
            .map(|entry| {
                if !entry.contains(':') {
                    bail!("each old key is written id:hex");
                }
                parse_sealing_key(entry)
            })
            .collect::<anyhow::Result<_>>()
            .context("old")?,
        origin_secret: keys.origin_secret.filter(|s| !s.is_empty()),
    })
}

/// What the functions' secret holds: the sealing keys (the current one and
/// the old ones, each with its id) and CloudFront's origin secret.
pub struct SealingKeys {
    /// Seals new values.
    pub current: (u32, SealingKey),
    /// Open values sealed before a rotation.
    pub old: Vec<(u32, SealingKey)>,
    /// The value CloudFront adds to every API call (`X-Twofold-Origin-Secret`).
    pub origin_secret: Option<String>,
}

impl std::fmt::Debug for SealingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealingKeys")
            .field("current", &self.current)
            .field("old", &self.old)
            .field(
                "origin_secret",
                &self.origin_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// The origins in `list` (separated by commas), each a scheme, a host and
/// maybe a port, nothing else.
fn origins(list: &str) -> anyhow::Result<Vec<url::Url>> {
    list.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let url = url::Url::parse(origin).ok().filter(|url| {
                matches!(url.scheme(), "https" | "http")
                    && url.host().is_some()
                    && url.path() == "/"
                    && url.query().is_none()
                    && url.fragment().is_none()
                    && !origin.ends_with('/')
            });
            url.with_context(|| {
                format!("TWOFOLD_WEBAUTHN_ORIGINS: {origin:?} is not an origin like https://dashboard.example.com")
            })
        })
        .collect()
}

fn text(name: &str, default: &str) -> String {
    env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// The whole number in the variable `name`, if it is set.
fn number(name: &str) -> anyhow::Result<Option<u64>> {
    match env::var(name) {
        Ok(value) if !value.is_empty() => value
            .trim()
            .parse()
            .map(Some)
            .ok()
            .with_context(|| format!("{name} must be a whole number")),
        _ => Ok(None),
    }
}

fn switch(name: &str, default: bool) -> anyhow::Result<bool> {
    match text(name, "").to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        other => bail!("{name} must be on or off, not {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;

    fn defaults() -> Config {
        Config::defaults(SealingKey::generate(&mut StdRng::seed_from_u64(1)))
    }

    #[test]
    fn sealing_keys_read_with_or_without_an_id_and_ids_are_unique() {
        let hex = "ab".repeat(32);
        assert_eq!(parse_sealing_key(&hex).unwrap().0, 1);
        assert_eq!(parse_sealing_key(&format!("7:{hex}")).unwrap().0, 7);
        assert!(parse_sealing_key(&format!("0:{hex}")).is_err());
        assert!(parse_sealing_key(&format!("x:{hex}")).is_err());
        let mut config = defaults();
        config.old_sealing_keys = vec![parse_sealing_key(&format!("1:{hex}")).unwrap()];
        let error = config.check().unwrap_err().to_string();
        assert!(error.contains("TWOFOLD_OLD_SEALING_KEYS"), "{error}");
        config.old_sealing_keys = vec![parse_sealing_key(&format!("2:{hex}")).unwrap()];
        config.check().unwrap();
    }

    #[test]
    fn a_secret_holds_one_key_or_json_with_the_current_and_old_ones() {
        let hex = "cd".repeat(32);
        assert_eq!(parse_sealing_keys(&hex).unwrap().current.0, 1);
        let keys = parse_sealing_keys(&format!(
            r#"{{"current": "3:{hex}", "old": ["1:{hex}", "2:{hex}"], "originSecret": "s3cr3t"}}"#
        ))
        .unwrap();
        assert_eq!(keys.current.0, 3);
        assert_eq!(keys.origin_secret.as_deref(), Some("s3cr3t"));
        assert!(!format!("{keys:?}").contains("s3cr3t"));
        assert_eq!(keys.old.iter().map(|k| k.0).collect::<Vec<_>>(), [1, 2]);
        let without_id = format!(r#"{{"current": "3:{hex}", "old": ["{hex}"]}}"#);
        assert!(
            parse_sealing_keys(&without_id).is_err(),
            "old keys need ids"
        );
        for bad in [r#"{"current": "3:zz"}"#, r#"{"now": "x"}"#, "{"] {
            let error = format!("{:#}", parse_sealing_keys(bad).unwrap_err());
            assert!(!error.contains("zz"), "{error}");
        }
    }

    #[test]
    fn the_defaults_pass_the_range_checks() {
        defaults().check().unwrap();
    }

    /// A variable and how to set it out of its range.
    type Spoiler = (&'static str, fn(&mut Config));

    #[test]
    fn settings_out_of_range_are_refused_in_words_naming_the_variable() {
        let cases: [Spoiler; 7] = [
            ("TWOFOLD_EVENT_RETENTION_DAYS", |c| {
                c.event_retention_days = 0
            }),
            ("TWOFOLD_SESSION_SECONDS", |c| {
                c.sessions.full_seconds = u64::MAX
            }),
            ("TWOFOLD_ELEVATION_SECONDS", |c| {
                c.sessions.elevation_seconds = u64::MAX
            }),
            ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", |c| {
                c.sign_in_throttle.max_per_login = 0
            }),
            ("TWOFOLD_SIGN_UP_MAX_PER_ADDRESS", |c| {
                c.sign_up_max_per_address = 0
            }),
            ("TWOFOLD_CODE_MAX_LOCKOUT_SECONDS", |c| {
                c.second_factor.totp.max_lockout_seconds = u64::MAX
            }),
            ("TWOFOLD_CODE_STOP_AFTER", |c| {
                c.second_factor.totp.stop_after = Some(101)
            }),
        ];
        for (variable, spoil) in cases {
            let mut config = defaults();
            spoil(&mut config);
            let error = config.check().unwrap_err().to_string();
            assert!(error.contains(variable), "{variable}: {error}");
        }
    }

    #[test]
    fn webauthn_origins_are_bare_origins_and_must_match_the_rp_id() {
        let read = origins(" https://dashboard.example.com, http://localhost:8080 ").unwrap();
        assert_eq!(
            read.iter().map(url::Url::as_str).collect::<Vec<_>>(),
            ["https://dashboard.example.com/", "http://localhost:8080/"]
        );
        assert!(origins("").unwrap().is_empty());
        for bad in [
            "dashboard.example.com",
            "ftp://example.com",
            "https://example.com/app",
            "https://example.com/",
            "https://example.com?x=1",
        ] {
            let error = origins(bad).unwrap_err().to_string();
            assert!(error.contains("TWOFOLD_WEBAUTHN_ORIGINS"), "{bad}: {error}");
        }
        let mut config = defaults();
        config.relying_party.origins = origins("http://localhost:8080").unwrap();
        config.check().unwrap();
        // Keys bound to another domain than the one pages come from.
        config.relying_party.id = "example.com".into();
        let error = config.check().unwrap_err().to_string();
        assert!(error.contains("TWOFOLD_WEBAUTHN_RP_ID"), "{error}");
    }
}
