//! Steps that many tests start from: an account with 2FA on, a pending
//! sign-in, a full session opened with a recovery code, and a snapshot of
//! an account's state to show that a refused call changed nothing.

use twofold_api::{
    account::{AccountResponse, Setup2FAResponse},
    events::Event,
};

use crate::{Authenticator, TestApp};

/// An account that has just switched 2FA on.
#[derive(Debug)]
pub struct Enrolled {
    /// Its login.
    pub login: String,
    /// Its password.
    pub password: String,
    /// The full session from SignUp, elevated by CheckPassword.
    pub session: String,
    /// What Setup2FA returned.
    pub setup: Setup2FAResponse,
    /// The authenticator app that scanned the URI.
    pub phone: Authenticator,
    /// The TOTP code that confirmed the setup (Enable2FA).
    pub enable_code: String,
    /// The ten recovery codes Enable2FA returned.
    pub recovery_codes: Vec<String>,
    /// Their version (Confirm2FABackupCodes takes it).
    pub codes_version: u64,
}

/// What an account looks like to its owner: GetAccount and the whole
/// security log. Equal snapshots mean nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    /// GetAccount's answer.
    pub account: AccountResponse,
    /// Every event, newest first.
    pub events: Vec<Event>,
}

impl TestApp {
    /// Signs up, confirms the password, sets up and enables 2FA.
    pub async fn enrolled(&self, login: &str, password: &str) -> Enrolled {
        let session = self.signed_up(login, password).await;
        self.check_password(&session, password)
            .await
            .expect("confirm password");
        let setup = self.setup_2fa(&session).await.expect("Setup2FA");
        let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
        let enable_code = phone.next_code().await;
        let enabled = self
            .enable_2fa(&session, &enable_code)
            .await
            .expect("Enable2FA");
        let recovery_codes = enabled.unused_codes();
        Enrolled {
            login: login.to_owned(),
            password: password.to_owned(),
            session,
            setup,
            phone,
            enable_code,
            recovery_codes,
            codes_version: enabled.version,
        }
    }

    /// Signs in to an account with 2FA on and returns the pending token.
    pub async fn pending(&self, login: &str, password: &str) -> String {
        let answer = self.sign_in(login, password).await.expect("sign in");
        assert!(answer.two_factor_required, "{login} has 2FA on");
        answer.session.expect("the pending token is in the body")
    }

    /// Signs in with the password and `recovery_code`; returns the new full
    /// session.
    pub async fn signed_in_with_recovery_code(
        &self,
        login: &str,
        password: &str,
        recovery_code: &str,
    ) -> String {
        let pending = self.pending(login, password).await;
        let answer = self
            .verify_2fa_code(&pending, recovery_code)
            .await
            .expect("recovery code accepted");
        assert!(answer.recovery_code_used);
        answer.session.session.expect("token in body")
    }

    /// GetAccount and every event of the account, seen through `session`.
    pub async fn state(&self, session: &str) -> AccountState {
        let account = self.get_account(session).await.expect("GetAccount");
        let mut events = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .get_events(session, Some(100), after.as_deref())
                .await
                .expect("GetEvents");
            events.extend(page.events);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        AccountState { account, events }
    }
}
