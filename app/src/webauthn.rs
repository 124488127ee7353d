//! Security keys and passkeys in the browser (WebAuthn): the one place that
//! calls `navigator.credentials`.
//!
//! The server's options arrive as JSON (the `publicKey` member) and the
//! browser itself turns them into what `navigator.credentials` takes
//! (`PublicKeyCredential.parseCreationOptionsFromJSON`,
//! `parseRequestOptionsFromJSON`) and its answer back into JSON
//! (`credential.toJSON()`), so the app carries no WebAuthn types of its
//! own: they would weigh more than the sign-in page can take. A refusal is
//! named by [`KeyProblem`], which the messages word.

use js_sys::{Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, CredentialCreationOptions, CredentialRequestOptions};

use crate::logic::security_keys::KeyProblem;

#[wasm_bindgen]
extern "C" {
    /// `PublicKeyCredential.parseCreationOptionsFromJSON`.
    #[wasm_bindgen(catch, js_namespace = PublicKeyCredential, js_name = parseCreationOptionsFromJSON)]
    fn parse_creation_options(options: &JsValue) -> Result<JsValue, JsValue>;

    /// `PublicKeyCredential.parseRequestOptionsFromJSON`.
    #[wasm_bindgen(catch, js_namespace = PublicKeyCredential, js_name = parseRequestOptionsFromJSON)]
    fn parse_request_options(options: &JsValue) -> Result<JsValue, JsValue>;

    /// `PublicKeyCredential.isConditionalMediationAvailable`.
    #[wasm_bindgen(catch, js_namespace = PublicKeyCredential, js_name = isConditionalMediationAvailable)]
    fn conditional_mediation_available() -> Result<Promise, JsValue>;
}

/// Adds a key: `options` are the server's creation options; the answer is
/// the new credential as JSON, for Enable2FAKey.
pub async fn create(options: &Value) -> Result<Value, KeyProblem> {
    let public_key = parsed(options, true)?;
    let request: CredentialCreationOptions = request_with(&public_key, &[]).unchecked_into();
    let container = web_sys::window()
        .ok_or(KeyProblem::Unsupported)?
        .navigator()
        .credentials();
    answer(container.create_with_options(&request), true).await
}

/// Checks a key: `options` are the server's request options; the answer
/// is the key's signature as JSON.
pub async fn get(options: &Value) -> Result<Value, KeyProblem> {
    ask(options, &[]).await
}

/// [`get`] as the login field's autofill (conditional mediation): the
/// browser offers the passkeys it knows when the field is focused, and
/// answers once one is chosen. `signal` ends it (the password form was
/// sent, or the passkey button chosen); the answer is then
/// [`KeyProblem::Cancelled`].
pub async fn get_in_autofill(options: &Value, signal: &AbortSignal) -> Result<Value, KeyProblem> {
    let conditional = JsValue::from_str("conditional");
    ask(options, &[("mediation", &conditional), ("signal", signal)]).await
}

/// True when this browser offers passkeys in the login field's autofill.
pub async fn autofill_available() -> bool {
    let Ok(promise) = conditional_mediation_available() else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|available| available.as_bool())
        .unwrap_or(false)
}

/// `navigator.credentials.get({publicKey, ...extra})`.
async fn ask(options: &Value, extra: &[(&str, &JsValue)]) -> Result<Value, KeyProblem> {
    let public_key = parsed(options, false)?;
    let request: CredentialRequestOptions = request_with(&public_key, extra).unchecked_into();
    let container = web_sys::window()
        .ok_or(KeyProblem::Unsupported)?
        .navigator()
        .credentials();
    answer(container.get_with_options(&request), false).await
}

/// The server's options as the browser's own object.
///
/// A browser without WebAuthn's JSON methods (before Chromium 129,
/// Firefox 119, Safari 18.4), or a page on plain http other than
/// localhost, fails here with a ReferenceError or a TypeError: "this
/// browser cannot use security keys".
fn parsed(options: &Value, creating: bool) -> Result<JsValue, KeyProblem> {
    let text = serde_json::to_string(options).map_err(|_| KeyProblem::Failed)?;
    let json = js_sys::JSON::parse(&text).map_err(|_| KeyProblem::Failed)?;
    let parse = if creating {
        parse_creation_options(&json)
    } else {
        parse_request_options(&json)
    };
    parse.map_err(|error| problem(&error, creating))
}

/// `{publicKey, ...extra}`.
fn request_with(public_key: &JsValue, extra: &[(&str, &JsValue)]) -> js_sys::Object {
    let request = js_sys::Object::new();
    let _ = Reflect::set(&request, &JsValue::from_str("publicKey"), public_key);
    for (name, value) in extra {
        let _ = Reflect::set(&request, &JsValue::from_str(name), value);
    }
    request
}

/// The credential a call resolved to, as JSON, or why there is none.
async fn answer(call: Result<Promise, JsValue>, creating: bool) -> Result<Value, KeyProblem> {
    let promise = call.map_err(|error| problem(&error, creating))?;
    let credential = JsFuture::from(promise)
        .await
        .map_err(|error| problem(&error, creating))?;
    if credential.is_null() || credential.is_undefined() {
        return Err(KeyProblem::Cancelled);
    }
    // `JSON.stringify` writes what the credential's `toJSON()` gives.
    let text = js_sys::JSON::stringify(&credential).map_err(|_| KeyProblem::Failed)?;
    serde_json::from_str(&String::from(text)).map_err(|_| KeyProblem::Failed)
}

/// The problem a rejection stands for, by its `name`.
fn problem(error: &JsValue, creating: bool) -> KeyProblem {
    let name = Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default();
    KeyProblem::of_error(&name, creating)
}
