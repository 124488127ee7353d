//! The WebAuthn relying party against an independent authenticator and
//! client (1Password's `passkey` crates standing in for a browser and a
//! key): keys are added and checked, and what a phishing page, a replay or
//! a cloned key brings is refused.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;

use passkey_authenticator::{
    Authenticator, CredentialStore, DiscoverabilitySupport, StoreInfo, UiHint, UserCheck,
    UserValidationMethod,
};
use passkey_client::{Client, DefaultClientData};
use passkey_crypto::AvailableBackend;
use passkey_types::ctap2::make_credential::{
    Options, PublicKeyCredentialRpEntity, PublicKeyCredentialUserEntity,
};
use passkey_types::ctap2::{Aaguid, Ctap2Error, StatusCode};
use passkey_types::webauthn::PublicKeyCredentialDescriptor;
use passkey_types::Passkey;
use rand::{rngs::StdRng, SeedableRng};
use serde_json::{json, Value};
use twofold_api::security_keys::KeyKind;
use twofold_auth::UserId;
use twofold_functions::service::relying_party::{
    KeptKey, KeyRefusal, RelyingParty, RelyingPartySettings,
};
use url::Url;

const ORIGIN: &str = "http://localhost:8080";

fn relying_party() -> RelyingParty {
    RelyingParty::new(&RelyingPartySettings {
        id: "localhost".into(),
        name: "Twofold".into(),
        origins: vec![Url::parse(ORIGIN).unwrap()],
    })
    .unwrap()
}

/// A person who always touches the key, and verifies when asked.
struct AlwaysApprove;

#[async_trait::async_trait]
impl UserValidationMethod for AlwaysApprove {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        _presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence: true,
            verification,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

/// The key's memory: discoverable credentials only when asked for one (the
/// crate's own store makes every credential discoverable). Cloning it
/// clones the key.
#[derive(Clone, Default)]
struct KeyMemory {
    credentials: HashMap<Vec<u8>, Passkey>,
}

#[async_trait::async_trait]
impl CredentialStore for KeyMemory {
    type PasskeyItem = Passkey;

    async fn find_credentials(
        &self,
        ids: Option<&[PublicKeyCredentialDescriptor]>,
        rp_id: &str,
        _user_handle: Option<&[u8]>,
    ) -> Result<Vec<Passkey>, StatusCode> {
        let found: Vec<Passkey> = match ids {
            Some(ids) if !ids.is_empty() => ids
                .iter()
                .filter_map(|id| self.credentials.get(&*id.id))
                .filter(|key| key.rp_id == rp_id)
                .cloned()
                .collect(),
            _ => self
                .credentials
                .values()
                .filter(|key| key.rp_id == rp_id && key.user_handle.is_some())
                .cloned()
                .collect(),
        };
        if found.is_empty() {
            Err(Ctap2Error::NoCredentials.into())
        } else {
            Ok(found)
        }
    }

    async fn save_credential(
        &mut self,
        credential: Passkey,
        _user: PublicKeyCredentialUserEntity,
        _rp: PublicKeyCredentialRpEntity,
        _options: Options,
    ) -> Result<(), StatusCode> {
        self.credentials
            .insert(credential.credential_id.to_vec(), credential);
        Ok(())
    }

    async fn update_credential(&mut self, credential: &Passkey) -> Result<(), StatusCode> {
        self.credentials
            .insert(credential.credential_id.to_vec(), credential.clone());
        Ok(())
    }

    async fn get_info(&self) -> StoreInfo {
        StoreInfo {
            discoverability: DiscoverabilitySupport::Full,
        }
    }
}

type Browser =
    Client<KeyMemory, AlwaysApprove, AvailableBackend, public_suffix::PublicSuffixList, ()>;

/// A browser with a key that counts its signatures.
fn browser_with(memory: KeyMemory) -> Browser {
    let mut key = Authenticator::new(Aaguid::new_empty(), memory, AlwaysApprove, AvailableBackend);
    key.set_make_credentials_with_signature_counter(true);
    Client::new(key).allows_insecure_localhost(true)
}

/// `navigator.credentials.create` on a page of `origin`, as JSON.
async fn create(browser: &mut Browser, origin: &str, options: &Value) -> Value {
    let request = serde_json::from_value(json!({ "publicKey": options })).unwrap();
    let created = browser
        .register(&Url::parse(origin).unwrap(), request, DefaultClientData)
        .await
        .unwrap();
    serde_json::to_value(&created).unwrap()
}

/// `navigator.credentials.get` on a page of `origin`, as JSON.
async fn get(browser: &mut Browser, origin: &str, options: &Value) -> Value {
    let request = serde_json::from_value(json!({ "publicKey": options })).unwrap();
    let got = browser
        .authenticate(&Url::parse(origin).unwrap(), request, DefaultClientData)
        .await
        .unwrap();
    serde_json::to_value(&got).unwrap()
}

fn user() -> UserId {
    UserId::generate(&mut StdRng::seed_from_u64(11))
}

/// A key of `kind` added for the user, with the browser holding it.
async fn added(rp: &RelyingParty, kind: KeyKind) -> (KeptKey, Browser) {
    let mut browser = browser_with(KeyMemory::default());
    let started = rp.start_adding(&user(), "ada", kind, &[]).unwrap();
    let answer = create(&mut browser, ORIGIN, &started.options).await;
    (rp.finish_adding(&started.state, &answer).unwrap(), browser)
}

#[tokio::test]
async fn a_security_key_is_added_then_answers_a_check() {
    let rp = relying_party();
    let (key, mut browser) = added(&rp, KeyKind::SecurityKey).await;
    assert_eq!(key.kind, KeyKind::SecurityKey);
    let started = rp.start_check(std::slice::from_ref(&key)).unwrap();
    let answer = get(&mut browser, ORIGIN, &started.options).await;
    let used = rp
        .finish_check(&started.state, &answer, std::slice::from_ref(&key))
        .unwrap();
    assert_eq!(used.credential_id, key.credential_id);
    assert!(used.updated.is_some(), "the counter moved on");
}

#[tokio::test]
async fn the_options_are_ones_chromium_takes_and_a_passkey_is_discoverable() {
    let rp = relying_party();
    let security_key = rp
        .start_adding(&user(), "ada", KeyKind::SecurityKey, &[])
        .unwrap();
    assert_eq!(
        security_key.options["extensions"]["credentialProtectionPolicy"],
        "userVerificationOptionalWithCredentialIDList"
    );
    let passkey = rp
        .start_adding(&user(), "ada", KeyKind::Passkey, &[])
        .unwrap();
    assert_eq!(
        passkey.options["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert_eq!(
        passkey.options["authenticatorSelection"]["userVerification"],
        "required"
    );
    // The key keeps it as one it offers without a login.
    let (key, browser) = added(&rp, KeyKind::Passkey).await;
    assert_eq!(key.kind, KeyKind::Passkey);
    let kept = &browser.authenticator().store().credentials;
    assert!(
        kept.values()
            .all(|credential| credential.user_handle.is_some()),
        "a discoverable credential names its user"
    );
}

#[tokio::test]
async fn an_answer_from_another_site_is_refused() {
    let rp = relying_party();
    let (key, mut browser) = added(&rp, KeyKind::SecurityKey).await;
    for phishing in ["http://localhost:9999", "http://evil.localhost:8080"] {
        let started = rp.start_check(std::slice::from_ref(&key)).unwrap();
        let answer = get(&mut browser, phishing, &started.options).await;
        assert_eq!(
            rp.finish_check(&started.state, &answer, std::slice::from_ref(&key)),
            Err(KeyRefusal::OtherSite),
            "{phishing}"
        );
    }
}

#[tokio::test]
async fn an_answer_to_another_ceremony_is_refused() {
    let rp = relying_party();
    let (key, mut browser) = added(&rp, KeyKind::SecurityKey).await;
    let first = rp.start_check(std::slice::from_ref(&key)).unwrap();
    let answer = get(&mut browser, ORIGIN, &first.options).await;
    let second = rp.start_check(std::slice::from_ref(&key)).unwrap();
    assert_eq!(
        rp.finish_check(&second.state, &answer, std::slice::from_ref(&key)),
        Err(KeyRefusal::OtherCeremony)
    );
}

#[tokio::test]
async fn a_cloned_key_whose_counter_falls_behind_is_refused() {
    let rp = relying_party();
    let mut original = browser_with(KeyMemory::default());
    let started = rp
        .start_adding(&user(), "ada", KeyKind::SecurityKey, &[])
        .unwrap();
    let answer = create(&mut original, ORIGIN, &started.options).await;
    let mut key = rp.finish_adding(&started.state, &answer).unwrap();
    // The copy taken now; the original signs twice more.
    let mut copy = browser_with(original.authenticator().store().clone());
    for _ in 0..2 {
        let started = rp.start_check(std::slice::from_ref(&key)).unwrap();
        let answer = get(&mut original, ORIGIN, &started.options).await;
        let used = rp
            .finish_check(&started.state, &answer, std::slice::from_ref(&key))
            .unwrap();
        key.credential = used.updated.expect("the counter moved on");
    }
    let started = rp.start_check(std::slice::from_ref(&key)).unwrap();
    let answer = get(&mut copy, ORIGIN, &started.options).await;
    assert_eq!(
        rp.finish_check(&started.state, &answer, std::slice::from_ref(&key)),
        Err(KeyRefusal::CloneSuspected)
    );
}

#[tokio::test]
async fn a_state_finishes_only_the_ceremony_it_was_kept_for() {
    let rp = relying_party();
    let (key, mut browser) = added(&rp, KeyKind::SecurityKey).await;
    let adding = rp
        .start_adding(
            &user(),
            "ada",
            KeyKind::SecurityKey,
            std::slice::from_ref(&key),
        )
        .unwrap();
    let check = rp.start_check(std::slice::from_ref(&key)).unwrap();
    let answer = get(&mut browser, ORIGIN, &check.options).await;
    assert_eq!(
        rp.finish_check(&adding.state, &answer, std::slice::from_ref(&key)),
        Err(KeyRefusal::Invalid)
    );
    assert_eq!(
        rp.finish_adding(&check.state, &answer),
        Err(KeyRefusal::Invalid)
    );
    // A key already added is not offered for adding again.
    assert_eq!(
        adding.options["excludeCredentials"][0]["id"],
        Value::from(key.credential_id.clone())
    );
}
