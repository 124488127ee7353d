//! Configuration, read from the environment once at start-up.

use std::env;

use anyhow::{bail, Context};
use twofold_auth::{
    sealing::{DuplicateKeyId, FIRST_KEY_ID},
    LockoutPolicy, RecoveryStorage, Sealer, SealingKey, SecondFactorPolicy, SessionPolicy,
    SignInThrottle,
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
}

/// The variables [`Config::from_env`] reads, for `--help` texts and docs.
pub const ENVIRONMENT: &[(&str, &str)] = &[
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
        "issuer shown in authenticator apps (default Twofold)",
    ),
    (
        "TWOFOLD_RECOVERY_STORAGE",
        "sealed (codes viewable again) or hash-only (default sealed)",
    ),
    ("TWOFOLD_SIGN_UP", "on or off (default on)"),
    (
        "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
        "sign-ups per client address per sign-in window (default 10)",
    ),
    ("TWOFOLD_SECURE_COOKIES", "true or false (default true)"),
    (
        "TWOFOLD_CODE_MAX_FAILURES",
        "wrong app codes that lock app codes (default 5)",
    ),
    (
        "TWOFOLD_CODE_LOCKOUT_SECONDS",
        "how long the first lock lasts; each later one twice the last (default 900)",
    ),
    (
        "TWOFOLD_CODE_MAX_LOCKOUT_SECONDS",
        "the longest lock (default 86400)",
    ),
    (
        "TWOFOLD_CODE_STOP_AFTER",
        "wrong app codes in a row that stop app codes until a recovery code signs in, 1 to 100 (default 100)",
    ),
    (
        "TWOFOLD_RECOVERY_MAX_FAILURES",
        "wrong recovery codes that lock recovery codes (default 10)",
    ),
    (
        "TWOFOLD_RECOVERY_LOCKOUT_SECONDS",
        "how long that lock lasts (default 900)",
    ),
    (
        "TWOFOLD_SIGN_IN_WINDOW_SECONDS",
        "failed sign-in window (default 900)",
    ),
    (
        "TWOFOLD_SIGN_IN_MAX_PER_LOGIN",
        "failed sign-ins per login per window (default 10)",
    ),
    (
        "TWOFOLD_SIGN_IN_MAX_PER_ADDRESS",
        "failed sign-ins per address per window, from browsers that never signed in to the login (default 50)",
    ),
    (
        "TWOFOLD_SIGN_IN_MAX_PER_DEVICE",
        "failed sign-ins per window from a browser that signed in to the login before, counted apart from everyone else's (default 5)",
    ),
    (
        "TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN",
        "right passwords per login per window; beyond it even the right one waits (default 30)",
    ),
    (
        "TWOFOLD_SESSION_SECONDS",
        "full session lifetime (default 43200)",
    ),
    (
        "TWOFOLD_ELEVATION_SECONDS",
        "password confirmation lifetime (default 300)",
    ),
    (
        "TWOFOLD_SESSION_IDLE_SECONDS",
        "a signed-in session unused this long ends, 60 to 2592000 (default 3600, NIST SP 800-63B-4's figure for AAL2)",
    ),
    (
        "TWOFOLD_EVENT_RETENTION_DAYS",
        "days the security log keeps an event, 1 to 3650 (default 365)",
    ),
    (
        "TWOFOLD_SEALING_KEY_SECRET",
        "Lambda only: the Secrets Manager secret holding the sealing keys, read once per instance instead of TWOFOLD_SEALING_KEY",
    ),
    (
        "TWOFOLD_ORIGIN_SECRET",
        "Lambda only: the value CloudFront sends in X-Twofold-Origin-Secret; calls carrying it are taken from the viewer address CloudFront reports",
    ),
    (
        "TWOFOLD_PASSWORD_HASH_CONCURRENCY",
        "password hashes (19 MiB each) at once, 1 to 256; more wait (default: the CPU count)",
    ),
    (
        "TWOFOLD_PASSWORD_QUEUE",
        "password checks that may wait for a place, 1 to 100000; more are refused as busy (default 1024)",
    ),
];

/// Password checks that may wait for a place unless configured otherwise.
const DEFAULT_PASSWORD_QUEUE: u32 = 1024;

/// One Argon2id hash per CPU: more would only share the CPUs and add memory.
fn default_hash_concurrency() -> u32 {
    std::thread::available_parallelism()
        .map(|n| u32::try_from(n.get()).unwrap_or(1))
        .unwrap_or(1)
        .clamp(1, 256)
}

/// Days the security log keeps an event unless configured otherwise.
const DEFAULT_EVENT_RETENTION_DAYS: u64 = 365;

impl Config {
    /// What [`Config::from_env`] gives when no variable is set, without
    /// reading the environment: for tests and benchmarks, whose results must
    /// not depend on what a developer exported.
    pub fn defaults(sealing_key: SealingKey) -> Config {
        Config {
            table: "twofold".to_owned(),
            dynamodb_endpoint: None,
            sealing_key,
            sealing_key_id: FIRST_KEY_ID,
            old_sealing_keys: Vec::new(),
            issuer: "Twofold".to_owned(),
            recovery_storage: RecoveryStorage::Sealed,
            sign_up_enabled: true,
            sign_up_max_per_address: 10,
            secure_cookies: true,
            second_factor: SecondFactorPolicy::default(),
            sign_in_throttle: SignInThrottle::default(),
            sessions: SessionPolicy::default(),
            event_retention_days: DEFAULT_EVENT_RETENTION_DAYS,
            password_hash_concurrency: default_hash_concurrency(),
            password_queue: DEFAULT_PASSWORD_QUEUE,
        }
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
        let old_sealing_keys = Vec::new();
        let recovery_storage = match text("TWOFOLD_RECOVERY_STORAGE", "sealed").as_str() {
            "sealed" => RecoveryStorage::Sealed,
            "hash-only" => RecoveryStorage::HashOnly,
            other => bail!("TWOFOLD_RECOVERY_STORAGE must be sealed or hash-only, not {other:?}"),
        };
        let defaults = (
            SecondFactorPolicy::default(),
            SignInThrottle::default(),
            SessionPolicy::default(),
        );
        let totp = defaults.0.totp;
        let recovery = defaults.0.recovery;
        let second_factor = SecondFactorPolicy {
            totp: LockoutPolicy {
                max_failures: number("TWOFOLD_CODE_MAX_FAILURES", totp.max_failures)?,
                lockout_seconds: number("TWOFOLD_CODE_LOCKOUT_SECONDS", totp.lockout_seconds)?,
                max_lockout_seconds: number(
                    "TWOFOLD_CODE_MAX_LOCKOUT_SECONDS",
                    totp.max_lockout_seconds,
                )?,
                stop_after: Some(number(
                    "TWOFOLD_CODE_STOP_AFTER",
                    totp.stop_after.unwrap_or(100),
                )?),
            },
            recovery: LockoutPolicy {
                max_failures: number("TWOFOLD_RECOVERY_MAX_FAILURES", recovery.max_failures)?,
                lockout_seconds: number(
                    "TWOFOLD_RECOVERY_LOCKOUT_SECONDS",
                    recovery.lockout_seconds,
                )?,
                max_lockout_seconds: number(
                    "TWOFOLD_RECOVERY_LOCKOUT_SECONDS",
                    recovery.lockout_seconds,
                )?,
                stop_after: None,
            },
        }
        .checked()
        .context("second-factor lockout")?;
        let sign_in_throttle = SignInThrottle {
            window_seconds: number("TWOFOLD_SIGN_IN_WINDOW_SECONDS", defaults.1.window_seconds)?,
            max_per_login: number("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", defaults.1.max_per_login)?,
            max_per_address: number(
                "TWOFOLD_SIGN_IN_MAX_PER_ADDRESS",
                defaults.1.max_per_address,
            )?,
            max_per_device: number("TWOFOLD_SIGN_IN_MAX_PER_DEVICE", defaults.1.max_per_device)?,
            max_successes_per_login: number(
                "TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN",
                defaults.1.max_successes_per_login,
            )?,
        };
        let sessions = SessionPolicy {
            full_seconds: number("TWOFOLD_SESSION_SECONDS", defaults.2.full_seconds)?,
            pending_seconds: defaults.2.pending_seconds,
            elevation_seconds: number("TWOFOLD_ELEVATION_SECONDS", defaults.2.elevation_seconds)?,
            idle_seconds: number("TWOFOLD_SESSION_IDLE_SECONDS", defaults.2.idle_seconds)?,
        };
        let issuer = text("TWOFOLD_ISSUER", "Twofold");
        if issuer.is_empty() || issuer.len() > 64 || issuer.contains(':') {
            bail!("TWOFOLD_ISSUER must be 1 to 64 characters without ':'");
        }
        let config = Config {
            table: text("TWOFOLD_TABLE", "twofold"),
            dynamodb_endpoint: env::var("DYNAMODB_ENDPOINT").ok().filter(|e| !e.is_empty()),
            sealing_key,
            sealing_key_id,
            old_sealing_keys,
            issuer,
            recovery_storage,
            sign_up_enabled: switch("TWOFOLD_SIGN_UP", true)?,
            sign_up_max_per_address: number("TWOFOLD_SIGN_UP_MAX_PER_ADDRESS", 10)?,
            secure_cookies: switch("TWOFOLD_SECURE_COOKIES", true)?,
            second_factor,
            sign_in_throttle,
            sessions,
            event_retention_days: number(
                "TWOFOLD_EVENT_RETENTION_DAYS",
                DEFAULT_EVENT_RETENTION_DAYS,
            )?,
            password_hash_concurrency: number(
                "TWOFOLD_PASSWORD_HASH_CONCURRENCY",
                default_hash_concurrency(),
            )?,
            password_queue: number("TWOFOLD_PASSWORD_QUEUE", DEFAULT_PASSWORD_QUEUE)?,
        };
        Ok(config)
    }

    /// Refuses, in words naming the variable, any setting out of its range:
    /// lifetimes that would overflow `now + lifetime` or outlive reason,
    /// limits of zero, throttles and lockouts laxer than 100 failures an
    /// hour.
    pub fn check(&self) -> anyhow::Result<()> {
        const DAY: u64 = 24 * 3600;
        let in_range = |name: &str, value: u64, low: u64, high: u64| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(anyhow::anyhow!(
                    "{name} must be {low} to {high}, not {value}"
                ))
            }
        };
        let sessions = &self.sessions;
        // Zero is allowed (useless, harmless): tests use it to see expiry.
        in_range(
            "TWOFOLD_SESSION_SECONDS",
            sessions.full_seconds,
            0,
            30 * DAY,
        )?;
        in_range(
            "TWOFOLD_ELEVATION_SECONDS",
            sessions.elevation_seconds,
            0,
            3600,
        )?;
        in_range(
            "TWOFOLD_SESSION_IDLE_SECONDS",
            sessions.idle_seconds,
            60,
            30 * DAY,
        )?;
        let throttle = &self.sign_in_throttle;
        in_range(
            "TWOFOLD_SIGN_IN_WINDOW_SECONDS",
            throttle.window_seconds,
            1,
            DAY,
        )?;
        in_range(
            "TWOFOLD_SIGN_IN_MAX_PER_LOGIN",
            throttle.max_per_login.into(),
            1,
            100,
        )?;
        in_range(
            "TWOFOLD_SIGN_IN_MAX_PER_ADDRESS",
            throttle.max_per_address.into(),
            1,
            10_000,
        )?;
        in_range(
            "TWOFOLD_SIGN_IN_MAX_PER_DEVICE",
            throttle.max_per_device.into(),
            1,
            100,
        )?;
        in_range(
            "TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN",
            throttle.max_successes_per_login.into(),
            1,
            10_000,
        )?;
        if throttle.worst_case_per_login_per_hour() > twofold_auth::lockout::HOURLY_CEILING {
            bail!("the sign-in throttle would allow more than 100 failures per login an hour");
        }
        in_range(
            "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
            self.sign_up_max_per_address.into(),
            1,
            10_000,
        )?;
        self.sealer()
            .context("TWOFOLD_SEALING_KEY and TWOFOLD_OLD_SEALING_KEYS")?;
        in_range(
            "TWOFOLD_EVENT_RETENTION_DAYS",
            self.event_retention_days,
            1,
            3650,
        )?;
        in_range(
            "TWOFOLD_PASSWORD_HASH_CONCURRENCY",
            self.password_hash_concurrency.into(),
            1,
            256,
        )?;
        in_range(
            "TWOFOLD_PASSWORD_QUEUE",
            self.password_queue.into(),
            1,
            100_000,
        )?;
        let totp = &self.second_factor.totp;
        in_range("TWOFOLD_CODE_LOCKOUT_SECONDS", totp.lockout_seconds, 1, DAY)?;
        in_range(
            "TWOFOLD_CODE_MAX_LOCKOUT_SECONDS",
            totp.max_lockout_seconds,
            1,
            7 * DAY,
        )?;
        in_range(
            "TWOFOLD_CODE_STOP_AFTER (NIST SP 800-63B §5.2.2)",
            totp.stop_after.map_or(0, u64::from),
            1,
            100,
        )?;
        let recovery = &self.second_factor.recovery;
        in_range(
            "TWOFOLD_RECOVERY_LOCKOUT_SECONDS",
            recovery.lockout_seconds,
            1,
            DAY,
        )?;
        self.second_factor
            .checked()
            .context("second-factor lockout")?;
        Ok(())
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

fn text(name: &str, default: &str) -> String {
    env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match env::var(name) {
        Ok(value) if !value.is_empty() => value
            .trim()
            .parse()
            .ok()
            .with_context(|| format!("{name} must be a whole number")),
        _ => Ok(default),
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
}
