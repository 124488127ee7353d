//! What security keys and passkeys are, and the buttons that add one.

use leptos::prelude::*;
use twofold_api::security_keys::KeyKind;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::key_flows::{KeyChange, KeyFlows};
use crate::logic::messages;

/// Both kinds explained in plain words, "Add a Security Key" and "Add a
/// Passkey" (each after the password pop-up), and why the last try to
/// start failed.
#[component]
pub fn AddKeyButtons(
    /// The keys' flows, which the buttons start.
    keys: KeyFlows,
) -> impl IntoView {
    let button = |kind: KeyKind, testid: &'static str| {
        view! {
            <BusyButton
                busy=keys.is_adding(kind)
                on_click=move |()| keys.start(KeyChange::Add(kind))
                testid=testid
            >
                {messages::add_key(kind)}
            </BusyButton>
        }
    };
    view! {
        <div class="key-help" data-testid="key-help">
            <p>{messages::SECURITY_KEY_EXPLAINED}</p>
            <p>{messages::PASSKEY_EXPLAINED}</p>
        </div>
        <div class="actions">
            {button(KeyKind::SecurityKey, "add-security-key")}
            {button(KeyKind::Passkey, "add-passkey")}
        </div>
        <FormError message=keys.add_error() />
    }
}
