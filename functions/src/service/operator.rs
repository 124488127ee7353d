//! What an operator does for a user, from `twofold-admin`: switch 2FA off
//! after checking the owner's identity out of band, lift locks, end
//! sessions, read the log, re-seal secrets after a key rotation. Each change
//! is one transaction with its security-log event, like the users' own,
//! and the event names who ran the command.

use rand::rngs::OsRng;
use twofold_api::{events::EventKind, tokens::Selection, ResultCode};
use twofold_auth::{event::ClientInfo, Account, Login, SecurityEvent};
use twofold_store::{Apply, Change, LimitKey, Versioned};

use super::{remediation::Keep, Service, ServiceError};

/// Who runs an operator's command, and which of the account's personal
/// access tokens it keeps when it ends them.
#[derive(Debug, Clone, Default)]
pub struct Operator {
    /// Who ran the command: an AWS identity's ARN, or the OS user.
    pub identity: String,
    /// Tokens to keep when the command ends the account's tokens.
    pub keep_tokens: Option<Selection<u32>>,
}

/// How the security log names an operator's changes.
const OPERATOR: &str = "twofold-admin";

/// What `reseal` did across the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResealReport {
    /// Accounts read.
    pub accounts: usize,
    /// Accounts written because something in them was sealed under an
    /// older key.
    pub resealed: usize,
    /// Hash-only recovery codes still hashed under an older key (they go
    /// when their owners regenerate them; keep that key until then).
    pub hashes_under_old_keys: usize,
}

impl Service {
    /// The account of `login`, or a refusal that says the login is unknown.
    async fn operator_account(&self, login: &str) -> Result<Versioned<Account>, ServiceError> {
        let login = Login::parse(login).map_err(|e| ServiceError::invalid("login", e))?;
        let user = self
            .store
            .find_login(&login)
            .await?
            .user_id
            .ok_or_else(|| ServiceError::invalid("login", "no account has this login"))?;
        self.store
            .load_account(&user)
            .await?
            .ok_or_else(|| ServiceError::invalid("login", "no account has this login"))
    }

    fn operator_event(
        &self,
        account: &Account,
        kind: EventKind,
        operator: &Operator,
        now: u64,
    ) -> SecurityEvent {
        self.event(&account.user_id, kind, &operator_client(), now)
            .by_operator(operator.identity.clone())
    }

    /// Switches 2FA off for a user who lost both phone and codes: secret
    /// and codes deleted, every session ended, every personal access token
    /// but those named to keep ended, and a new password required at the
    /// next sign-in (the password is often how 2FA was lost). The reason
    /// and the operator are logged.
    pub async fn operator_reset_two_factor(
        &self,
        login: &str,
        reason: &str,
        operator: &Operator,
    ) -> Result<(), ServiceError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ServiceError::invalid(
                "reason",
                "say why, e.g. the ticket where the owner's identity was checked",
            ));
        }
        let account = self.operator_account(login).await?;
        let now = self.now();
        let user = account.value.user_id.clone();
        let keep = Keep::named(operator.keep_tokens.as_ref());
        self.store
            .update_account_after(
                &user,
                Some(account),
                || self.store.tokens(&user),
                |account, tokens| {
                    account
                        .disable_two_factor()
                        .map_err(|_| ServiceError::refused(ResultCode::TwoFactorNotEnabled))?;
                    account.password_change_required = true;
                    let event = self
                        .operator_event(account, EventKind::TwoFactorResetByOperator, operator, now)
                        .with_description(reason);
                    let (ended, _) = self.end_tokens(&user, tokens, keep, &operator_client(), now);
                    Ok(Apply::Write {
                        alongside: Change::default().event(event).and(ended),
                        value: (),
                    })
                },
            )
            .await
            .map_err(ServiceError::from)
    }

    /// Lifts the second-factor locks (and the stop on app codes) and
    /// empties the login's failed-sign-in counter of this window.
    pub async fn operator_unlock(
        &self,
        login: &str,
        operator: &Operator,
    ) -> Result<(), ServiceError> {
        let account = self.operator_account(login).await?;
        let now = self.now();
        let login = account.value.login.clone();
        self.store
            .update_account(&account.value.user_id.clone(), Some(account), |account| {
                account.totp_failures.reset();
                account.recovery_failures.reset();
                let event =
                    self.operator_event(account, EventKind::UnlockedByOperator, operator, now);
                Ok::<_, ServiceError>(Apply::Write {
                    alongside: Change::default().event(event),
                    value: (),
                })
            })
            .await?;
        let window = self.config.sign_in_throttle.window(now);
        self.store
            .clear_limit(&LimitKey::Login(login), &window)
            .await?;
        Ok(())
    }

    /// Ends every session of the account and every personal access token
    /// but those named to keep.
    pub async fn operator_revoke_sessions(
        &self,
        login: &str,
        operator: &Operator,
    ) -> Result<(), ServiceError> {
        let account = self.operator_account(login).await?;
        let now = self.now();
        let user = account.value.user_id.clone();
        let keep = Keep::named(operator.keep_tokens.as_ref());
        self.store
            .update_account_after(
                &user,
                Some(account),
                || self.store.tokens(&user),
                |account, tokens| {
                    account.end_other_sessions();
                    let event = self.operator_event(
                        account,
                        EventKind::SessionsRevokedByOperator,
                        operator,
                        now,
                    );
                    let (ended, _) = self.end_tokens(&user, tokens, keep, &operator_client(), now);
                    Ok::<_, ServiceError>(Apply::Write {
                        alongside: Change::default().event(event).and(ended),
                        value: (),
                    })
                },
            )
            .await
            .map_err(ServiceError::from)
    }

    /// The newest `limit` security-log events of `login`.
    pub async fn operator_events(
        &self,
        login: &str,
        limit: u32,
    ) -> Result<Vec<SecurityEvent>, ServiceError> {
        let account = self.operator_account(login).await?;
        let (events, _) = self
            .store
            .events(&account.value.user_id, limit.clamp(1, 100), None)
            .await?;
        Ok(events)
    }

    /// Seals every account's secrets under the current key. Safe to run
    /// while users sign in: each account is one conditional write, retried
    /// on conflict; an account with nothing under an older key is not
    /// written.
    pub async fn operator_reseal(&self) -> Result<ResealReport, ServiceError> {
        let mut report = ResealReport::default();
        for user in self.store.all_accounts().await? {
            report.accounts += 1;
            let outcome = self
                .store
                .update_account(&user, None, |account| {
                    let outcome = account.reseal(&self.two_factor, &mut OsRng).map_err(|_| {
                        ServiceError::internal(anyhow::anyhow!(
                            "account {} holds a value that does not open with the configured keys (an old key is missing, or a key is wrong)",
                            account.user_id
                        ))
                    })?;
                    Ok(if outcome.values > 0 {
                        Apply::Write {
                            alongside: Change::default(),
                            value: outcome,
                        }
                    } else {
                        Apply::Skip(outcome)
                    })
                })
                .await?;
            if outcome.values > 0 {
                report.resealed += 1;
            }
            report.hashes_under_old_keys += outcome.hashes_under_old_keys;
        }
        Ok(report)
    }
}

/// How the security log shows where an operator's change came from.
fn operator_client() -> ClientInfo {
    ClientInfo::new(None, Some(OPERATOR))
}
