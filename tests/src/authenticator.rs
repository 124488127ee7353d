//! `SoftKey`: a security key, and the browser it is plugged into, in a
//! test. 1Password's `passkey` crates (a WebAuthn client and a CTAP2
//! authenticator written independently of the server's webauthn-rs) answer
//! the server's options as `navigator.credentials` does on a page of a given
//! origin; the answer is the JSON `PublicKeyCredential.toJSON()` gives, ready
//! to send back.
//!
//! The client builds `clientDataJSON` from the page's origin and refuses to
//! sign for an RP ID the origin does not belong to, as browsers do. So a
//! look-alike domain (`https://twofold-login.example`) cannot even ask a key
//! for the RP ID `localhost`; what still reaches the server with a wrong
//! origin is an answer made on another page under the same RP ID (another
//! port, a subdomain such as `http://evil.localhost:PORT`), which is what the
//! wrong-origin tests send.

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
use serde_json::{json, Value};
use url::Url;

/// What kind of key it is: whether it asks for a PIN or a fingerprint, and
/// which credentials it keeps as passkeys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Model {
    /// It can verify its user (a PIN, a fingerprint).
    verifies_user: bool,
    /// Which credentials it keeps discoverable (with their user).
    discoverable: Discoverable,
}

/// Which credentials a key keeps discoverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Discoverable {
    /// Those the site asks to be (a FIDO2 key).
    WhenAsked,
    /// None: it keeps no passkeys (a U2F-era key).
    Never,
    /// Every one, asked or not (phones' and computers' built-in keys).
    Always,
}

impl Discoverable {
    fn support(self) -> DiscoverabilitySupport {
        match self {
            Discoverable::WhenAsked => DiscoverabilitySupport::Full,
            Discoverable::Never => DiscoverabilitySupport::OnlyNonDiscoverable,
            Discoverable::Always => DiscoverabilitySupport::ForcedDiscoverable,
        }
    }
}

/// The person holding the key: touches it every time, and verifies (PIN,
/// fingerprint) when asked and the key can.
struct Holder {
    verifies: bool,
}

#[async_trait::async_trait]
impl UserValidationMethod for Holder {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        _presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence: true,
            verification: verification && self.verifies,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(self.verifies)
    }
}

/// The key's memory: its credentials by id. Copying it copies the key,
/// counters included.
#[derive(Clone)]
struct Memory {
    credentials: HashMap<Vec<u8>, Passkey>,
    discoverable: Discoverable,
}

#[async_trait::async_trait]
impl CredentialStore for Memory {
    type PasskeyItem = Passkey;

    async fn find_credentials(
        &self,
        ids: Option<&[PublicKeyCredentialDescriptor]>,
        rp_id: &str,
        _user_handle: Option<&[u8]>,
    ) -> Result<Vec<Passkey>, StatusCode> {
        let found: Vec<Passkey> = match ids {
            // The site names the credentials it takes.
            Some(ids) if !ids.is_empty() => ids
                .iter()
                .filter_map(|id| self.credentials.get(&*id.id))
                .filter(|key| key.rp_id == rp_id)
                .cloned()
                .collect(),
            // It names none: only passkeys (which know their user) answer.
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
            discoverability: self.discoverable.support(),
        }
    }
}

type Browser = Client<Memory, Holder, AvailableBackend, public_suffix::PublicSuffixList, ()>;

/// A software security key in a browser on a page of `origin`.
///
/// `Clone` copies the key as it is now, credentials and signature counters
/// included: used after the original has signed again, the copy's counter
/// lags behind, as a cloned key's would.
pub struct SoftKey {
    browser: Browser,
    model: Model,
    origin: Url,
}

impl std::fmt::Debug for SoftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftKey")
            .field("model", &self.model)
            .field("origin", &self.origin.as_str())
            .field("credentials", &self.credential_ids())
            .finish()
    }
}

impl Clone for SoftKey {
    fn clone(&self) -> Self {
        SoftKey::build(self.memory().clone(), self.model, self.origin.clone())
    }
}

impl SoftKey {
    /// A FIDO2 key with a PIN, used on pages of `origin`: it verifies its
    /// user when asked, keeps a passkey when the site asks for one, and
    /// counts its signatures.
    pub fn new(origin: &str) -> SoftKey {
        SoftKey::of(
            Model {
                verifies_user: true,
                discoverable: Discoverable::WhenAsked,
            },
            origin,
        )
    }

    /// A plain key: no PIN or fingerprint, no passkeys (a U2F-era key).
    pub fn plain(origin: &str) -> SoftKey {
        SoftKey::of(
            Model {
                verifies_user: false,
                discoverable: Discoverable::Never,
            },
            origin,
        )
    }

    /// A key that keeps every credential as a passkey, asked or not, as
    /// the keys built into phones and computers do.
    pub fn keeping_every_credential(origin: &str) -> SoftKey {
        SoftKey::of(
            Model {
                verifies_user: true,
                discoverable: Discoverable::Always,
            },
            origin,
        )
    }

    fn of(model: Model, origin: &str) -> SoftKey {
        let memory = Memory {
            credentials: HashMap::new(),
            discoverable: model.discoverable,
        };
        SoftKey::build(memory, model, page(origin))
    }

    fn build(memory: Memory, model: Model, origin: Url) -> SoftKey {
        let holder = Holder {
            verifies: model.verifies_user,
        };
        let mut key = Authenticator::new(Aaguid::new_empty(), memory, holder, AvailableBackend);
        key.set_make_credentials_with_signature_counter(true);
        let browser = Client::new(key)
            .allows_insecure_localhost(true)
            // Where the site only prefers user verification, a key without
            // a PIN answers without it, as browsers let it.
            .user_verification_when_preferred(model.verifies_user);
        SoftKey {
            browser,
            model,
            origin,
        }
    }

    fn memory(&self) -> &Memory {
        self.browser.authenticator().store()
    }

    /// The ids of the credentials the key holds, base64url as the server
    /// sends them.
    pub fn credential_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .memory()
            .credentials
            .keys()
            .map(|id| base64url(id))
            .collect();
        ids.sort();
        ids
    }

    /// How many signatures the credential `id` (base64url) has made.
    pub fn counter(&self, id: &str) -> Option<u32> {
        self.memory()
            .credentials
            .values()
            .find(|key| base64url(&key.credential_id) == id)
            .and_then(|key| key.counter)
    }

    /// `navigator.credentials.create({publicKey: options})` on the key's
    /// page: the new credential, as JSON.
    pub async fn create(&mut self, options: &Value) -> Value {
        let origin = self.origin.clone();
        self.create_on(origin.as_str(), options).await
    }

    /// `navigator.credentials.create` on a page of `origin`.
    pub async fn create_on(&mut self, origin: &str, options: &Value) -> Value {
        let request = serde_json::from_value(json!({ "publicKey": options }))
            .unwrap_or_else(|e| panic!("creation options the client reads: {e}: {options}"));
        let created = self
            .browser
            .register(&page(origin), request, DefaultClientData)
            .await
            .unwrap_or_else(|e| panic!("the key made no credential on {origin}: {e:?}"));
        serde_json::to_value(&created).expect("the credential as JSON")
    }

    /// `navigator.credentials.get({publicKey: options})` on the key's page:
    /// the assertion, as JSON.
    pub async fn get(&mut self, options: &Value) -> Value {
        let origin = self.origin.clone();
        self.get_on(origin.as_str(), options).await
    }

    /// `navigator.credentials.get` on a page of `origin`.
    pub async fn get_on(&mut self, origin: &str, options: &Value) -> Value {
        let request = serde_json::from_value(json!({ "publicKey": options }))
            .unwrap_or_else(|e| panic!("request options the client reads: {e}: {options}"));
        let got = self
            .browser
            .authenticate(&page(origin), request, DefaultClientData)
            .await
            .unwrap_or_else(|e| panic!("the key gave no assertion on {origin}: {e:?}"));
        serde_json::to_value(&got).expect("the assertion as JSON")
    }
}

/// `credential` (a registration answer) re-sent for the creation `options`
/// of another ceremony on `origin`: its `clientDataJSON` re-made for that
/// ceremony's challenge, the rest as it was.
///
/// A registration with attestation "none" signs nothing over the client
/// data, so a modified browser (or a script) can do this: it stands for a
/// key that ignores `excludeCredentials` and answers with a credential the
/// site already has.
pub fn resent_registration(credential: &Value, options: &Value, origin: &str) -> Value {
    let challenge = options["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("creation options have a challenge: {options}"));
    let client_data = json!({
        "type": "webauthn.create",
        "challenge": challenge,
        "origin": origin.trim_end_matches('/'),
        "crossOrigin": false,
    });
    let mut resent = credential.clone();
    resent["response"]["clientDataJSON"] =
        Value::from(base64url(client_data.to_string().as_bytes()));
    resent
}

/// The page at `origin`.
fn page(origin: &str) -> Url {
    Url::parse(origin).unwrap_or_else(|e| panic!("an origin: {origin}: {e}"))
}

fn base64url(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}
