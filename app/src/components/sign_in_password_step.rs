//! Sign-in's first step: login and password.

use leptos::html;
use leptos::prelude::*;

use super::credentials_form::{CredentialsForm, CredentialsPurpose};
use super::passkey_flow::PasskeyFlow;
use super::passkey_sign_in::PasskeySignIn;
use crate::logic::credentials::AtFault;
use crate::logic::messages;

/// **Sign In**: the login-and-password form, "Sign in with a passkey" (and
/// the login field's autofill offering passkeys), the way to a new account (a
/// plain link: the app's router takes it in the browser, and the sign-in
/// bundle, which has no router, loads the app there), and what to do
/// after losing access (the phone, the recovery codes).
#[component]
pub fn SignInPasswordStep(
    /// The login as typed.
    login: RwSignal<String>,
    /// The password as typed.
    password: RwSignal<String>,
    /// The password input, focused again after a wrong password.
    password_field: NodeRef<html::Input>,
    /// True while SignIn runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last try failed (or why the sign-in started over), in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The fields that failure is about.
    #[prop(into)]
    at_fault: Signal<AtFault>,
    /// Called when the form is sent.
    #[prop(into)]
    on_submit: Callback<()>,
    /// The passkey's button and autofill.
    passkey: PasskeyFlow,
) -> impl IntoView {
    view! {
        <h1>"Sign In"</h1>
        <CredentialsForm
            purpose=CredentialsPurpose::SignIn
            login=login
            password=password
            password_field=password_field
            busy=busy
            error=error
            at_fault=at_fault
            on_submit=on_submit
        />
        <PasskeySignIn flow=passkey />
        <p class="switch">
            {messages::NEW_HERE}
            " "
            <a href="/signup">{messages::CREATE_AN_ACCOUNT}</a>
        </p>
        <p class="hint lost-access" data-testid="lost-access">
            <strong>{messages::LOST_ACCESS}</strong>
            " "
            {messages::LOST_ACCESS_HELP}
        </p>
    }
}
