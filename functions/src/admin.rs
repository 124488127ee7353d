//! `twofold-admin`: what an operator does for users, over the same store
//! as the service (the local data folder, a DynamoDB-compatible endpoint,
//! or AWS DynamoDB).

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    sync::Arc,
};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use twofold_api::tokens::Selection;
use twofold_auth::SealingKey;
use twofold_store::{embedded::EmbeddedDynamo, DynamoStore, StoreConfig};

use crate::{
    config::parse_sealing_key,
    http::security_headers::inline_script_hashes,
    service::{Operator, Service, ServiceError},
    Config, SystemClock,
};

/// Command-line flags.
#[derive(Debug, Parser)]
#[command(
    name = "twofold-admin",
    about = "Operator commands for Twofold accounts. reset-2fa, unlock and revoke-sessions are written to the user's own security log; reseal changes no one's sign-in.",
    after_help = "Store: the local data folder (stop twofold-local first), --dynamodb-endpoint, or --aws.\nSealing keys (reseal only): TWOFOLD_SEALING_KEY / TWOFOLD_OLD_SEALING_KEYS, or the data folder's sealing.key; never on the command line.\nEvery change is logged with who ran it: the AWS identity (--aws) or the operating-system user."
)]
pub struct Args {
    /// twofold-local's data folder.
    #[arg(long, env = "TWOFOLD_DATA_DIR", default_value = ".data")]
    pub data_dir: PathBuf,
    /// A DynamoDB-compatible endpoint instead of the data folder.
    #[arg(long, env = "DYNAMODB_ENDPOINT")]
    pub dynamodb_endpoint: Option<String>,
    /// AWS DynamoDB (credentials and region from the environment).
    #[arg(long, conflicts_with = "dynamodb_endpoint")]
    pub aws: bool,
    /// DynamoDB table name.
    #[arg(long, env = "TWOFOLD_TABLE", default_value = "twofold")]
    pub table: String,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The operator commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Switch 2FA off for a user who lost phone and recovery codes, after
    /// checking their identity out of band: secret and codes deleted, every
    /// session and personal access token ended, a new password required at
    /// the next sign-in, the reason logged.
    #[command(name = "reset-2fa")]
    Reset2fa {
        /// The user's login.
        login: String,
        /// Why (e.g. the support ticket where identity was checked).
        #[arg(long)]
        reason: String,
        /// Personal access tokens to keep, by id (`1,4`), or `*` for all.
        #[arg(long, value_parser = parse_ids)]
        keep_tokens: Option<Selection<u32>>,
    },
    /// Lift the second-factor locks and the login's failed-sign-in throttle.
    Unlock {
        /// The user's login.
        login: String,
    },
    /// Show a user's security log, newest first.
    Events {
        /// The user's login.
        login: String,
        /// How many events (1 to 100).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: u32,
    },
    /// End every session and personal access token of a user.
    RevokeSessions {
        /// The user's login.
        login: String,
        /// Personal access tokens to keep, by id (`1,4`), or `*` for all.
        #[arg(long, value_parser = parse_ids)]
        keep_tokens: Option<Selection<u32>>,
    },
    /// Seal every account's secrets under the current sealing key, after a
    /// rotation; then the old key can go (see docs/OPERATIONS.md).
    Reseal,
    /// Write the hashes the Content-Security-Policy allows the app's two
    /// loader scripts by (deploy/template.yaml's LoaderScriptHash and
    /// SignInLoaderScriptHash), computed from the built pages as
    /// twofold-local computes them: dist/csp-script-hash.txt for index.html
    /// and dist/csp-sign-in-script-hash.txt for signin.html, bare base64.
    /// Needs no store; `make app` runs it.
    #[command(name = "csp-hashes")]
    CspHashes {
        /// The built app.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
    },
}

/// Runs one command and returns what to print.
pub async fn run(args: Args) -> anyhow::Result<String> {
    // The only command that reads no store: the app's files.
    if let Command::CspHashes { dist } = &args.command {
        return write_csp_hashes(dist);
    }
    let (engine, endpoint) = match (&args.dynamodb_endpoint, args.aws) {
        (Some(endpoint), _) => (None, Some(endpoint.clone())),
        (None, true) => (None, None),
        (None, false) => {
            let file = args.data_dir.join("twofold.sqlite");
            if !file.exists() {
                bail!(
                    "no Twofold data in {} (run make dev first, or name the store with --dynamodb-endpoint or --aws)",
                    args.data_dir.display()
                );
            }
            let engine = EmbeddedDynamo::in_file(&file)
                .await
                .context("opening the local data")?;
            let endpoint = engine.endpoint().to_owned();
            (Some(engine), Some(endpoint))
        }
    };
    let local = args.dynamodb_endpoint.is_none() && !args.aws;
    let mut config = if matches!(args.command, Command::Reseal) {
        Config::from_env(Some(sealing_key(&args, local)?))?
    } else {
        // Only reseal opens sealed values; the other commands change no
        // secret, so they run without the keys (a throwaway key stands in,
        // nothing is ever sealed or opened with it, and the key variables
        // are not read).
        Config::from_env_without_keys(SealingKey::generate(&mut rand::rngs::OsRng))?
    };
    config.table = args.table.clone();
    config.dynamodb_endpoint = endpoint.clone();
    let store = DynamoStore::connect(&StoreConfig {
        table: config.table.clone(),
        endpoint,
    })
    .await;
    let identity = operator_identity(args.aws).await;
    let service = Service::new(config, store, Arc::new(SystemClock));
    let result = match identity {
        Ok(identity) => execute(&service, args.command, &identity).await,
        Err(error) => Err(error),
    };
    if let Some(engine) = engine {
        engine.stop().await;
    }
    result
}

/// The sealing key reseal needs: `TWOFOLD_SEALING_KEY`, or for the local
/// data folder its `sealing.key` (another store's data is sealed under its
/// own keys: never this folder's).
fn sealing_key(args: &Args, local: bool) -> anyhow::Result<(u32, SealingKey)> {
    match std::env::var("TWOFOLD_SEALING_KEY").ok().filter(|k| !k.is_empty()) {
        Some(text) => parse_sealing_key(&text).context("TWOFOLD_SEALING_KEY"),
        None if !local => bail!(
            "name the store's sealing key in TWOFOLD_SEALING_KEY (and older ones in TWOFOLD_OLD_SEALING_KEYS)"
        ),
        None => {
            let path = args.data_dir.join("sealing.key");
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "no sealing key: set TWOFOLD_SEALING_KEY ({} is not readable)",
                    path.display()
                )
            })?;
            parse_sealing_key(&text).with_context(|| format!("{}", path.display()))
        }
    }
}

/// Who runs the command, for the user's security log: in AWS the caller's
/// identity (STS GetCallerIdentity, an ARN), elsewhere the operating-system
/// user.
async fn operator_identity(aws: bool) -> anyhow::Result<String> {
    if aws {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let identity = aws_sdk_sts::Client::new(&config)
            .get_caller_identity()
            .send()
            .await
            .context("asking AWS who runs this command (sts:GetCallerIdentity)")?;
        return identity
            .arn()
            .map(str::to_owned)
            .context("AWS did not say who runs this command");
    }
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "an unnamed local user".to_owned());
    Ok(format!("{user} (local)"))
}

/// Reads `--keep-tokens`: ids separated by `,` or `;`, or `*`.
fn parse_ids(text: &str) -> Result<Selection<u32>, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| "token ids separated by commas (1,4), or * for all".to_owned())
}

/// Carries out `command` with `service`, as `identity`.
pub async fn execute(
    service: &Service,
    command: Command,
    identity: &str,
) -> anyhow::Result<String> {
    let mut out = String::new();
    let operator = |keep_tokens: Option<Selection<u32>>| Operator {
        identity: identity.to_owned(),
        keep_tokens,
    };
    match command {
        Command::Reset2fa {
            login,
            reason,
            keep_tokens,
        } => {
            service
                .operator_reset_two_factor(&login, &reason, &operator(keep_tokens))
                .await
                .map_err(in_words)?;
            writeln!(
                out,
                "Two-factor authentication is off for {login}; every session ended, and every personal access token not kept. The user signs in with the password, must choose a new one, and should set 2FA up again."
            )?;
        }
        Command::Unlock { login } => {
            service
                .operator_unlock(&login, &operator(None))
                .await
                .map_err(in_words)?;
            writeln!(out, "Locks lifted for {login}.")?;
        }
        Command::Events { login, limit } => {
            let events = service
                .operator_events(&login, limit)
                .await
                .map_err(in_words)?;
            for event in events {
                writeln!(
                    out,
                    "{}  {:<34}  {}{}{}",
                    event.at,
                    serde_json::to_value(event.kind)?
                        .as_str()
                        .unwrap_or_default(),
                    event.client.ip.as_deref().unwrap_or("-"),
                    event
                        .description
                        .map(|d| format!("  {d}"))
                        .unwrap_or_default(),
                    event
                        .operator
                        .map(|who| format!("  (by {who})"))
                        .unwrap_or_default(),
                )?;
            }
        }
        Command::RevokeSessions { login, keep_tokens } => {
            service
                .operator_revoke_sessions(&login, &operator(keep_tokens))
                .await
                .map_err(in_words)?;
            writeln!(
                out,
                "Every session of {login} ended, and every personal access token not kept."
            )?;
        }
        Command::CspHashes { dist } => out = write_csp_hashes(&dist)?,
        Command::Reseal => {
            let report = service.operator_reseal().await.map_err(in_words)?;
            writeln!(
                out,
                "{} accounts read, {} resealed under the current key.",
                report.accounts, report.resealed
            )?;
            if report.hashes_under_old_keys > 0 {
                writeln!(
                    out,
                    "{} hash-only recovery codes are still hashed under an older key: keep that key until their owners regenerate them.",
                    report.hashes_under_old_keys
                )?;
            } else {
                writeln!(out, "Nothing is sealed under an older key any more.")?;
            }
        }
    }
    Ok(out)
}

/// The built pages and the files their loader's hash goes to.
const CSP_HASH_FILES: [(&str, &str); 2] = [
    ("index.html", "csp-script-hash.txt"),
    ("signin.html", "csp-sign-in-script-hash.txt"),
];

/// Writes each page's loader hash beside it (bare base64 and a newline:
/// the template adds the quotes and `sha256-`), with
/// [`inline_script_hashes`], the function twofold-local builds its policy
/// with; fails, naming the page, unless each has exactly one inline script.
///
/// [`inline_script_hashes`]: crate::http::security_headers::inline_script_hashes
fn write_csp_hashes(dist: &Path) -> anyhow::Result<String> {
    // Both hashed before either is written: a failure leaves no half.
    let mut hashes = Vec::new();
    for (page, file) in CSP_HASH_FILES {
        let path = dist.join(page);
        let html = std::fs::read_to_string(&path).with_context(|| {
            format!("reading {} (build the app first: make app)", path.display())
        })?;
        let sources = inline_script_hashes(&html);
        let sources: Vec<&str> = sources.split_whitespace().collect();
        let [source] = sources.as_slice() else {
            bail!(
                "{} has {} inline scripts: the policy expects exactly one, Trunk's loader",
                path.display(),
                sources.len()
            );
        };
        let hash = source
            .strip_prefix("'sha256-")
            .and_then(|rest| rest.strip_suffix('\''))
            .with_context(|| format!("{source} is not a 'sha256-...' source"))?;
        hashes.push((dist.join(file), hash.to_owned()));
    }
    let mut out = String::new();
    for (target, hash) in hashes {
        std::fs::write(&target, format!("{hash}\n"))
            .with_context(|| format!("writing {}", target.display()))?;
        writeln!(out, "{}: {hash}", target.display())?;
    }
    Ok(out)
}

/// A service refusal as an operator reads it: unlike an API client, an
/// operator is shown the cause of an internal error.
fn in_words(error: ServiceError) -> anyhow::Error {
    match error {
        ServiceError::Input { message, .. } => anyhow::anyhow!(message),
        ServiceError::Internal(cause) => cause,
        other => anyhow::anyhow!("{}", other.to_api().error),
    }
}
