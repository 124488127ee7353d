//! Configuration, read from the environment once at start-up.

use std::env;

use anyhow::{bail, Context};
use twofold_auth::{RecoveryMode, SealingKey, SecondFactorPolicy, SessionPolicy, SignInThrottle};

/// Everything the service needs to know.
#[derive(Debug)]
pub struct Config {
    /// The DynamoDB table.
    pub table: String,
    /// A DynamoDB-compatible endpoint; `None` for AWS's DynamoDB.
    pub dynamodb_endpoint: Option<String>,
    /// Seals TOTP secrets and recovery codes. Never in the database.
    pub sealing_key: SealingKey,
    /// Issuer name shown in authenticator apps.
    pub issuer: String,
    /// Sealed (viewable) or hash-only recovery codes.
    pub recovery_mode: RecoveryMode,
    /// Whether SignUp is open.
    pub sign_up_enabled: bool,
    /// Secure, `__Host-` cookies (HTTPS). Off only for local HTTP.
    pub secure_cookies: bool,
    /// Second-factor lockout.
    pub second_factor: SecondFactorPolicy,
    /// Failed sign-in throttle.
    pub sign_in_throttle: SignInThrottle,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
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
        "256-bit sealing key, 64 hex digits (required)",
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
    ("TWOFOLD_SECURE_COOKIES", "true or false (default true)"),
    (
        "TWOFOLD_CODE_MAX_FAILURES",
        "wrong codes that lock the second factor (default 5)",
    ),
    (
        "TWOFOLD_CODE_LOCKOUT_SECONDS",
        "how long the lock lasts (default 900)",
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
        "failed sign-ins per address per window (default 50)",
    ),
    (
        "TWOFOLD_SESSION_SECONDS",
        "full session lifetime (default 43200)",
    ),
    (
        "TWOFOLD_ELEVATION_SECONDS",
        "password confirmation lifetime (default 300)",
    ),
];

impl Config {
    /// Reads the configuration from the environment. `sealing_key` overrides
    /// `TWOFOLD_SEALING_KEY` (twofold-local keeps its key in a file).
    pub fn from_env(sealing_key: Option<SealingKey>) -> anyhow::Result<Config> {
        let sealing_key = match sealing_key {
            Some(key) => key,
            None => SealingKey::from_hex(
                &env::var("TWOFOLD_SEALING_KEY").context("TWOFOLD_SEALING_KEY is not set")?,
            )
            .context("TWOFOLD_SEALING_KEY")?,
        };
        let recovery_mode = match text("TWOFOLD_RECOVERY_STORAGE", "sealed").as_str() {
            "sealed" => RecoveryMode::Sealed,
            "hash-only" => RecoveryMode::HashOnly,
            other => bail!("TWOFOLD_RECOVERY_STORAGE must be sealed or hash-only, not {other:?}"),
        };
        let defaults = (
            SecondFactorPolicy::default(),
            SignInThrottle::default(),
            SessionPolicy::default(),
        );
        let second_factor = SecondFactorPolicy {
            max_failures: number("TWOFOLD_CODE_MAX_FAILURES", defaults.0.max_failures)?,
            lockout_seconds: number("TWOFOLD_CODE_LOCKOUT_SECONDS", defaults.0.lockout_seconds)?,
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
        };
        if sign_in_throttle.window_seconds == 0
            || sign_in_throttle.worst_case_per_login_per_hour()
                > twofold_auth::lockout::HOURLY_CEILING
        {
            bail!("the sign-in throttle would allow more than 100 failures per login an hour");
        }
        let sessions = SessionPolicy {
            full_seconds: number("TWOFOLD_SESSION_SECONDS", defaults.2.full_seconds)?,
            pending_seconds: defaults.2.pending_seconds,
            elevation_seconds: number("TWOFOLD_ELEVATION_SECONDS", defaults.2.elevation_seconds)?,
        };
        let issuer = text("TWOFOLD_ISSUER", "Twofold");
        if issuer.is_empty() || issuer.len() > 64 || issuer.contains(':') {
            bail!("TWOFOLD_ISSUER must be 1 to 64 characters without ':'");
        }
        Ok(Config {
            table: text("TWOFOLD_TABLE", "twofold"),
            dynamodb_endpoint: env::var("DYNAMODB_ENDPOINT").ok().filter(|e| !e.is_empty()),
            sealing_key,
            issuer,
            recovery_mode,
            sign_up_enabled: switch("TWOFOLD_SIGN_UP", true)?,
            secure_cookies: switch("TWOFOLD_SECURE_COOKIES", true)?,
            second_factor,
            sign_in_throttle,
            sessions,
        })
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
