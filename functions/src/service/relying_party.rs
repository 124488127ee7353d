//! The WebAuthn relying party: webauthn-rs behind the few calls the service
//! makes, with the options adjusted where browsers need it. What it keeps
//! between a start and a finish is text for the store (a
//! [`twofold_auth::Ceremony`]'s `state`); keys are kept as webauthn-rs
//! writes them, opaque to the domain.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use twofold_auth::{
    account::security_keys::{KeyAnswer, KeyKind},
    UserId,
};
use url::Url;
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, SecurityKey, SecurityKeyAuthentication,
    SecurityKeyRegistration, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};
use webauthn_rs_proto::{CredProtect, CredentialProtectionPolicy, ResidentKeyRequirement};

/// Who the relying party is: the site's domain (the RP ID), the origins
/// pages may be served from, and the name authenticators show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelyingPartySettings {
    /// The RP ID: `localhost` locally, the dashboard's domain in AWS.
    pub id: String,
    /// The name a key's prompt shows.
    pub name: String,
    /// Every origin the app is served from (scheme, host and port).
    pub origins: Vec<Url>,
}

/// The relying party, built once from its settings.
#[derive(Debug)]
pub struct RelyingParty {
    webauthn: Webauthn,
}

/// A key as the account keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptKey {
    /// Its credential id, base64url without padding.
    pub credential_id: String,
    /// Its kind.
    pub kind: KeyKind,
    /// webauthn-rs' record of it (public key, counter, flags), as JSON.
    pub credential: String,
}

/// Why an answer from a browser was refused. Each changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyRefusal {
    /// Made for another site (origin or RP ID): a phishing page's relay.
    #[error("the answer was made for another site")]
    OtherSite,
    /// Made for another ceremony (another challenge): a replay.
    #[error("the answer was made for another ceremony")]
    OtherCeremony,
    /// The key's signature counter did not go up: a cloned key.
    #[error("the key's signature counter did not go up")]
    CloneSuspected,
    /// The key did not verify its user where it must.
    #[error("the key did not verify its user")]
    UserNotVerified,
    /// Not one of the keys the ceremony asked for.
    #[error("not a key of this account")]
    UnknownKey,
    /// Not a well-formed answer, or its signature does not verify.
    #[error("not a valid answer from a key")]
    Invalid,
}

/// The relying party's state between start and finish, by kind.
#[derive(Serialize, Deserialize)]
enum State {
    AddSecurityKey(SecurityKeyRegistration),
    AddPasskey(PasskeyRegistration),
    CheckKeys(SecurityKeyAuthentication),
    SignInWithPasskey(DiscoverableAuthentication),
}

/// What a start gives: the options for the browser, and the state to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    /// `publicKey` options, as `navigator.credentials` takes them (JSON).
    pub options: Value,
    /// The state to keep in the ceremony.
    pub state: String,
}

impl RelyingParty {
    /// The relying party of `settings`; fails on an RP ID that is not the
    /// origins' domain (or a parent of it).
    pub fn new(settings: &RelyingPartySettings) -> Result<Self, String> {
        let (first, rest) = settings
            .origins
            .split_first()
            .ok_or("no origin for WebAuthn")?;
        let mut builder = WebauthnBuilder::new(&settings.id, first)
            .map_err(|e| format!("WebAuthn relying party: {e}"))?
            .rp_name(&settings.name);
        for origin in rest {
            builder = builder.append_allowed_origin(origin);
        }
        let webauthn = builder
            .build()
            .map_err(|e| format!("WebAuthn relying party: {e}"))?;
        Ok(RelyingParty { webauthn })
    }

    /// Starts adding a key of `kind` for `user` (shown as `login`), never
    /// one of `kept` again.
    pub fn start_adding(
        &self,
        user: &UserId,
        login: &str,
        kind: KeyKind,
        kept: &[KeptKey],
    ) -> Result<Started, KeyRefusal> {
        let handle = Uuid::from_bytes(user.to_bytes());
        let exclude = kept
            .iter()
            .filter_map(|key| credential_id_bytes(&key.credential_id))
            .collect::<Vec<_>>();
        let exclude = (!exclude.is_empty()).then_some(exclude);
        let (mut options, state) = match kind {
            KeyKind::SecurityKey => {
                let (options, state) = self
                    .webauthn
                    .start_securitykey_registration(handle, login, login, exclude, None, None)
                    .map_err(|_| KeyRefusal::Invalid)?;
                (options, State::AddSecurityKey(state))
            }
            KeyKind::Passkey => {
                let (options, state) = self
                    .webauthn
                    .start_passkey_registration(handle, login, login, exclude)
                    .map_err(|_| KeyRefusal::Invalid)?;
                (options, State::AddPasskey(state))
            }
        };
        match kind {
            // webauthn-rs asks a security key for credProtect "user
            // verification required" while user verification is only
            // preferred, which Chromium refuses (kanidm/webauthn-rs#490):
            // ask for the level that needs no PIN when the id is known.
            KeyKind::SecurityKey => {
                if let Some(extensions) = options.public_key.extensions.as_mut() {
                    extensions.cred_protect = Some(CredProtect {
                        credential_protection_policy:
                            CredentialProtectionPolicy::UserVerificationOptionalWithCredentialIDList,
                        enforce_credential_protection_policy: Some(false),
                    });
                }
            }
            // A passkey signs in without a login: it must be discoverable
            // (webauthn-rs asks for residentKey "discouraged").
            KeyKind::Passkey => {
                if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
                    selection.resident_key = Some(ResidentKeyRequirement::Required);
                    selection.require_resident_key = true;
                }
            }
        }
        Ok(Started {
            options: to_value(&options.public_key)?,
            state: to_text(&state)?,
        })
    }

    /// Finishes adding a key: the browser's `answer` to the options kept
    /// in `state`.
    pub fn finish_adding(&self, state: &str, answer: &Value) -> Result<KeptKey, KeyRefusal> {
        let answer: RegisterPublicKeyCredential =
            serde_json::from_value(answer.clone()).map_err(|_| KeyRefusal::Invalid)?;
        match from_text::<State>(state)? {
            State::AddSecurityKey(state) => {
                let key = self
                    .webauthn
                    .finish_securitykey_registration(&answer, &state)
                    .map_err(refusal)?;
                kept(KeyKind::SecurityKey, key.cred_id().as_slice(), &key)
            }
            State::AddPasskey(state) => {
                let key = self
                    .webauthn
                    .finish_passkey_registration(&answer, &state)
                    .map_err(refusal)?;
                kept(KeyKind::Passkey, key.cred_id().as_slice(), &key)
            }
            State::CheckKeys(_) | State::SignInWithPasskey(_) => Err(KeyRefusal::Invalid),
        }
    }

    /// Starts checking one of `keys` (all of one account): at sign-in
    /// after the password, or at a step-up.
    pub fn start_check(&self, keys: &[KeptKey]) -> Result<Started, KeyRefusal> {
        // After the password every key is a second factor, passkeys too:
        // the user verification a passkey sign-in requires is asked for,
        // not required. A passkey's record reads as a security key's (both
        // are webauthn-rs' credential, the same JSON).
        let records = keys
            .iter()
            .map(|key| from_text::<SecurityKey>(&key.credential))
            .collect::<Result<Vec<_>, _>>()?;
        let (options, state) = self
            .webauthn
            .start_securitykey_authentication(&records)
            .map_err(|_| KeyRefusal::UnknownKey)?;
        Ok(Started {
            options: to_value(&options.public_key)?,
            state: to_text(&State::CheckKeys(state))?,
        })
    }

    pub fn finish_check(
        &self,
        state: &str,
        answer: &Value,
        keys: &[KeptKey],
    ) -> Result<KeyAnswer, KeyRefusal> {
        let answer: PublicKeyCredential =
            serde_json::from_value(answer.clone()).map_err(|_| KeyRefusal::Invalid)?;
        let result = match from_text::<State>(state)? {
            State::CheckKeys(state) => self
                .webauthn
                .finish_securitykey_authentication(&answer, &state),
            State::AddSecurityKey(_) | State::AddPasskey(_) | State::SignInWithPasskey(_) => {
                return Err(KeyRefusal::Invalid)
            }
        }
        .map_err(refusal)?;
        used(&result, keys)
    }
}

/// The key of `keys` that answered, with its record updated.
impl RelyingParty {
    /// Options for a passkey sign-in that names no account: the browser
    /// offers the passkeys it has for this site, and the one chosen must
    /// verify its user.
    pub fn start_passkey_sign_in(&self) -> Result<Started, KeyRefusal> {
        let (options, state) = self
            .webauthn
            .start_discoverable_authentication()
            .map_err(|_| KeyRefusal::Invalid)?;
        Ok(Started {
            options: to_value(&options.public_key)?,
            state: to_text(&State::SignInWithPasskey(state))?,
        })
    }

    /// Whose passkey answered: the account its user handle names. Nothing
    /// is verified yet: the answer is checked by
    /// [`RelyingParty::finish_passkey_sign_in`] against that account's keys.
    pub fn passkey_owner(&self, answer: &Value) -> Result<UserId, KeyRefusal> {
        let answer: PublicKeyCredential =
            serde_json::from_value(answer.clone()).map_err(|_| KeyRefusal::Invalid)?;
        let (handle, _) = self
            .webauthn
            .identify_discoverable_authentication(&answer)
            .map_err(|_| KeyRefusal::UnknownKey)?;
        Ok(UserId::from_bytes(handle.as_bytes()))
    }

    /// Checks a passkey's answer to [`RelyingParty::start_passkey_sign_in`]
    /// against the owner's keys: only a passkey (a key added as one) signs
    /// in alone.
    pub fn finish_passkey_sign_in(
        &self,
        state: &str,
        answer: &Value,
        keys: &[KeptKey],
    ) -> Result<KeyAnswer, KeyRefusal> {
        let answer: PublicKeyCredential =
            serde_json::from_value(answer.clone()).map_err(|_| KeyRefusal::Invalid)?;
        let State::SignInWithPasskey(state) = from_text::<State>(state)? else {
            return Err(KeyRefusal::Invalid);
        };
        let id = encode(answer.get_credential_id());
        let key = keys
            .iter()
            .find(|key| key.kind == KeyKind::Passkey && key.credential_id == id)
            .ok_or(KeyRefusal::UnknownKey)?;
        let record: Passkey = from_text(&key.credential)?;
        let result = self
            .webauthn
            .finish_discoverable_authentication_v2(&answer, state, &record)
            .map_err(refusal)?;
        used(&result, keys)
    }
}

fn used(result: &AuthenticationResult, keys: &[KeptKey]) -> Result<KeyAnswer, KeyRefusal> {
    let id = encode(result.cred_id().as_slice());
    let key = keys
        .iter()
        .find(|key| key.credential_id == id)
        .ok_or(KeyRefusal::UnknownKey)?;
    let updated = if result.needs_update() {
        match key.kind {
            KeyKind::SecurityKey => {
                updated::<SecurityKey>(key, result, SecurityKey::update_credential)?
            }
            KeyKind::Passkey => updated::<Passkey>(key, result, Passkey::update_credential)?,
        }
    } else {
        None
    };
    Ok(KeyAnswer {
        credential_id: id,
        updated,
    })
}

fn updated<K: Serialize + for<'de> Deserialize<'de>>(
    key: &KeptKey,
    result: &AuthenticationResult,
    update: fn(&mut K, &AuthenticationResult) -> Option<bool>,
) -> Result<Option<String>, KeyRefusal> {
    let mut record: K = from_text(&key.credential)?;
    match update(&mut record, result) {
        Some(true) => Ok(Some(to_text(&record)?)),
        Some(false) | None => Ok(None),
    }
}

fn kept<K: Serialize>(kind: KeyKind, id: &[u8], record: &K) -> Result<KeptKey, KeyRefusal> {
    Ok(KeptKey {
        credential_id: encode(id),
        kind,
        credential: to_text(record)?,
    })
}

/// What a webauthn-rs refusal means to the person and the log.
fn refusal(error: WebauthnError) -> KeyRefusal {
    match error {
        WebauthnError::InvalidRPOrigin | WebauthnError::InvalidRPIDHash => KeyRefusal::OtherSite,
        WebauthnError::MismatchedChallenge => KeyRefusal::OtherCeremony,
        WebauthnError::CredentialPossibleCompromise => KeyRefusal::CloneSuspected,
        WebauthnError::UserNotVerified => KeyRefusal::UserNotVerified,
        _ => KeyRefusal::Invalid,
    }
}

fn encode(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

fn credential_id_bytes(id: &str) -> Option<Vec<u8>> {
    data_encoding::BASE64URL_NOPAD.decode(id.as_bytes()).ok()
}

fn to_value<T: Serialize>(value: &T) -> Result<Value, KeyRefusal> {
    serde_json::to_value(value).map_err(|_| KeyRefusal::Invalid)
}

fn to_text<T: Serialize>(value: &T) -> Result<String, KeyRefusal> {
    serde_json::to_string(value).map_err(|_| KeyRefusal::Invalid)
}

fn from_text<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, KeyRefusal> {
    serde_json::from_str(text).map_err(|_| KeyRefusal::Invalid)
}
