//! The security-key and passkey methods as `TestApp` helpers, and the
//! steps many key tests start from: an account whose key turned 2FA on, a
//! sign-in with that key.

use serde_json::Value;
use twofold_api::{
    account::RecoveryCodesResponse,
    authentication::{CheckPasswordRequest, CheckPasswordResponse, SessionResponse},
    security_keys::{
        Enable2FAKeyRequest, Enable2FAKeyResponse, KeyCeremony, KeyChangedResponse, KeyKind,
        Remove2FAKeyRequest, Rename2FAKeyRequest, SecurityKeyInfo, Setup2FAKeyRequest,
        SignInWithPasskeyRequest, Start2FAKeyCheckRequest, StartPasskeySignInRequest,
        Verify2FAKeyRequest,
    },
    ApiError, Method,
};

use crate::{authenticator::SoftKey, Proof, TestApp};

/// An account whose first key (added with 2FA off) turned 2FA on.
#[derive(Debug)]
pub struct KeyOwner {
    /// Its login.
    pub login: String,
    /// The full session from SignUp that added the key (still elevated by
    /// the password).
    pub session: String,
    /// The key, in a browser on the server's site.
    pub key: SoftKey,
    /// The key as Enable2FAKey answered it.
    pub info: SecurityKeyInfo,
    /// The recovery codes the key's arrival returned.
    pub recovery_codes: Vec<String>,
}

impl TestApp {
    /// The site's origin as a browser sees it: `http://localhost:PORT`,
    /// twofold-local's relying party by default.
    pub fn origin(&self) -> String {
        self.url().replacen("127.0.0.1", "localhost", 1)
    }

    /// A new FIDO2 key ([`SoftKey::new`]) in a browser on the site.
    pub fn soft_key(&self) -> SoftKey {
        SoftKey::new(&self.origin())
    }

    /// Setup2FAKey with `proof` on the call.
    pub async fn setup_2fa_key(
        &self,
        session: &str,
        kind: KeyKind,
        proof: Proof<'_>,
    ) -> Result<KeyCeremony, ApiError> {
        let body = Setup2FAKeyRequest {
            kind,
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Setup2FAKey, Some(session), &body).await
    }

    /// Enable2FAKey: `credential` answers `ceremony`; the key is `name`d.
    pub async fn enable_2fa_key(
        &self,
        session: &str,
        ceremony: &str,
        credential: &Value,
        name: &str,
    ) -> Result<Enable2FAKeyResponse, ApiError> {
        let body = Enable2FAKeyRequest {
            ceremony: ceremony.into(),
            credential: credential.clone(),
            name: name.into(),
            keep_tokens: None,
        };
        self.call(Method::Enable2FAKey, Some(session), &body).await
    }

    /// Setup2FAKey, the key's answer, Enable2FAKey: `key` added as `name`.
    pub async fn add_key(
        &self,
        session: &str,
        key: &mut SoftKey,
        kind: KeyKind,
        proof: Proof<'_>,
        name: &str,
    ) -> Result<Enable2FAKeyResponse, ApiError> {
        let ceremony = self.setup_2fa_key(session, kind, proof).await?;
        let credential = key.create(&ceremony.options).await;
        self.enable_2fa_key(session, &ceremony.ceremony, &credential, name)
            .await
    }

    /// Rename2FAKey with `proof` on the call.
    pub async fn rename_2fa_key(
        &self,
        session: &str,
        key_id: u32,
        name: &str,
        proof: Proof<'_>,
    ) -> Result<KeyChangedResponse, ApiError> {
        let body = Rename2FAKeyRequest {
            key_id,
            name: name.into(),
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Rename2FAKey, Some(session), &body).await
    }

    /// Remove2FAKey with `proof` on the call.
    pub async fn remove_2fa_key(
        &self,
        session: &str,
        key_id: u32,
        proof: Proof<'_>,
    ) -> Result<KeyChangedResponse, ApiError> {
        let body = Remove2FAKeyRequest {
            key_id,
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Remove2FAKey, Some(session), &body).await
    }

    /// Start2FAKeyCheck for `session` (pending or full), as the Bearer
    /// token.
    pub async fn start_2fa_key_check(&self, session: &str) -> Result<KeyCeremony, ApiError> {
        self.call(
            Method::Start2FAKeyCheck,
            Some(session),
            &Start2FAKeyCheckRequest::default(),
        )
        .await
    }

    /// Verify2FAKey: the pending session (in the body, as Verify2FACode
    /// takes it) and `credential` answering `ceremony`.
    pub async fn verify_2fa_key(
        &self,
        pending: &str,
        ceremony: &str,
        credential: &Value,
    ) -> Result<SessionResponse, ApiError> {
        let body = Verify2FAKeyRequest {
            session: Some(pending.into()),
            ceremony: ceremony.into(),
            credential: credential.clone(),
        };
        self.call(Method::Verify2FAKey, None, &body).await
    }

    /// StartPasskeySignIn.
    pub async fn start_passkey_sign_in(&self) -> Result<KeyCeremony, ApiError> {
        self.call(
            Method::StartPasskeySignIn,
            None,
            &StartPasskeySignInRequest {},
        )
        .await
    }

    /// SignInWithPasskey: `credential` answering `ceremony`.
    pub async fn sign_in_with_passkey(
        &self,
        ceremony: &str,
        credential: &Value,
    ) -> Result<SessionResponse, ApiError> {
        let body = SignInWithPasskeyRequest {
            ceremony: ceremony.into(),
            credential: credential.clone(),
        };
        self.call(Method::SignInWithPasskey, None, &body).await
    }

    /// CheckPassword with the password and a key's `credential` answering
    /// Start2FAKeyCheck's `ceremony`: a step-up with a second factor.
    pub async fn step_up_with_key(
        &self,
        session: &str,
        password: &str,
        ceremony: &str,
        credential: &Value,
    ) -> Result<CheckPasswordResponse, ApiError> {
        let body = CheckPasswordRequest {
            password: password.into(),
            code: None,
            ceremony: Some(ceremony.into()),
            credential: Some(credential.clone()),
        };
        self.call(Method::CheckPassword, Some(session), &body).await
    }

    /// Start2FAKeyCheck, the key's answer, CheckPassword: `session`
    /// stepped up with the password and `key`.
    pub async fn stepped_up_with_key(&self, session: &str, password: &str, key: &mut SoftKey) {
        let check = self
            .start_2fa_key_check(session)
            .await
            .expect("Start2FAKeyCheck with a full session");
        let credential = key.get(&check.options).await;
        let confirmed = self
            .step_up_with_key(session, password, &check.ceremony, &credential)
            .await
            .expect("a step-up with the key");
        assert!(
            confirmed.second_factor_confirmed,
            "the key is a second factor"
        );
    }

    /// Signs up `login` and adds a security key with the password (2FA
    /// off): the key turns 2FA on.
    pub async fn key_owner(&self, login: &str, password: &str) -> KeyOwner {
        let session = self.signed_up(login, password).await;
        let mut key = self.soft_key();
        let added = self
            .add_key(
                &session,
                &mut key,
                KeyKind::SecurityKey,
                Proof {
                    password: Some(password),
                    code: None,
                },
                "Blue key",
            )
            .await
            .expect("the first key added");
        let recovery_codes = added
            .recovery_codes
            .as_ref()
            .map(RecoveryCodesResponse::unused_codes)
            .expect("the first second factor brings recovery codes");
        KeyOwner {
            login: login.to_owned(),
            session,
            key,
            info: added.key,
            recovery_codes,
        }
    }

    /// SignIn with the password, then the key answers the ceremony SignIn
    /// offered: the new full session.
    pub async fn signed_in_with_key(
        &self,
        login: &str,
        password: &str,
        key: &mut SoftKey,
    ) -> String {
        let answer = self.sign_in(login, password).await.expect("sign in");
        assert!(answer.two_factor_required, "{login} has 2FA on");
        let pending = answer.session.expect("the pending token is in the body");
        let offered = answer
            .security_key
            .expect("an account with a key is offered a key check");
        let credential = key.get(&offered.options).await;
        self.verify_2fa_key(&pending, &offered.ceremony, &credential)
            .await
            .expect("the key signs in")
            .session
            .expect("token in body")
    }
}
