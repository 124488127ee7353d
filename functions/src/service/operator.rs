//! What an operator does for a user, from `twofold-admin`: switch 2FA off
//! after checking the owner's identity out of band, lift locks, end
//! sessions, read the log, re-seal secrets after a key rotation. Each change
//! is one transaction with its security-log event, like the users' own.

use rand::rngs::OsRng;
use twofold_api::{events::EventKind, ResultCode};
use twofold_auth::{event::ClientInfo, Account, Login, SecurityEvent};
use twofold_store::{Apply, Change, LimitKey, Versioned};

use super::{Service, ServiceError};

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

    fn operator_event(&self, account: &Account, kind: EventKind, now: u64) -> SecurityEvent {
        let client = ClientInfo::new(None, Some(OPERATOR));
        self.event(&account.user_id, kind, &client, now)
    }

    /// Switches 2FA off for a user who lost both phone and codes: secret
    /// and codes deleted, every session ended, the reason logged.
    pub async fn operator_reset_two_factor(
        &self,
        login: &str,
        reason: &str,
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
        self.store
            .update_account(&account.value.user_id.clone(), Some(account), |account| {
                account
                    .disable_two_factor()
                    .map_err(|_| ServiceError::refused(ResultCode::TwoFactorNotEnabled))?;
                let event = self
                    .operator_event(account, EventKind::TwoFactorResetByOperator, now)
                    .with_description(reason);
                Ok(Apply::Write {
                    alongside: Change::default().event(event),
                    value: (),
                })
            })
            .await
            .map_err(ServiceError::from)
    }

    /// Lifts the second-factor locks (and the stop on app codes) and
    /// empties the login's failed-sign-in counter of this window.
    pub async fn operator_unlock(&self, login: &str) -> Result<(), ServiceError> {
        let account = self.operator_account(login).await?;
        let now = self.now();
        let login = account.value.login.clone();
        self.store
            .update_account(&account.value.user_id.clone(), Some(account), |account| {
                account.totp_failures.reset();
                account.recovery_failures.reset();
                let event = self.operator_event(account, EventKind::UnlockedByOperator, now);
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

    /// Ends every session of the account (personal access tokens stay:
    /// delete them from the app, or they expire).
    pub async fn operator_revoke_sessions(&self, login: &str) -> Result<(), ServiceError> {
        let account = self.operator_account(login).await?;
        let now = self.now();
        self.store
            .update_account(&account.value.user_id.clone(), Some(account), |account| {
                account.end_other_sessions();
                let event = self.operator_event(account, EventKind::SessionsRevokedByOperator, now);
                Ok::<_, ServiceError>(Apply::Write {
                    alongside: Change::default().event(event),
                    value: (),
                })
            })
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
