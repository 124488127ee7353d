//! The login-and-password form of sign-in and sign-up.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::password_field::{PasswordField, PasswordInput};
use crate::logic::credentials::{AtFault, FieldWords};
use crate::logic::messages;

/// Which form: the ids, the browser's autocomplete, the hints and the
/// button differ between an existing account and a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsPurpose {
    /// The password step of sign-in.
    SignIn,
    /// A new account.
    SignUp,
}

/// What differs between the two forms.
struct Variant {
    login_id: &'static str,
    login_autocomplete: &'static str,
    login_hint: Option<(&'static str, &'static str)>,
    password_id: &'static str,
    password_autocomplete: &'static str,
    password_hint: Option<(&'static str, &'static str)>,
    error_id: &'static str,
    button: &'static str,
    button_testid: &'static str,
}

impl Variant {
    /// The ids that describe a field: its hint, its own error, the form's.
    fn described_by(&self, hint: Option<(&str, &str)>, field_id: &str) -> String {
        let hint = hint.map(|(id, _)| format!("{id} ")).unwrap_or_default();
        format!("{hint}{field_id}-error {}", self.error_id)
    }
}

impl CredentialsPurpose {
    fn variant(self) -> Variant {
        match self {
            CredentialsPurpose::SignIn => Variant {
                login_id: "login",
                // `webauthn`: the browser's autofill offers passkeys here
                // too (conditional mediation).
                login_autocomplete: "username webauthn",
                login_hint: None,
                password_id: "password",
                password_autocomplete: "current-password",
                password_hint: None,
                error_id: "sign-in-error",
                button: "Sign In",
                button_testid: "sign-in",
            },
            CredentialsPurpose::SignUp => Variant {
                login_id: "new-login",
                login_autocomplete: "username",
                login_hint: Some(("new-login-hint", messages::LOGIN_HINT)),
                password_id: "new-password",
                password_autocomplete: "new-password",
                password_hint: Some(("new-password-hint", messages::NEW_PASSWORD_HINT)),
                error_id: "sign-up-error",
                button: "Sign Up",
                button_testid: "sign-up",
            },
        }
    }
}

/// Login, password (with "Show password"), the errors in words (under each
/// field and for the form) and the submit button; the hints under the
/// fields when the purpose has them.
#[component]
pub fn CredentialsForm(
    /// Sign-in or sign-up.
    purpose: CredentialsPurpose,
    /// The login as typed.
    login: RwSignal<String>,
    /// The password as typed; set it to `""` to clear the field.
    password: RwSignal<String>,
    /// The password input, for the owner to focus after a refusal.
    #[prop(optional)]
    password_field: Option<NodeRef<html::Input>>,
    /// True while the form's call runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last try failed, in words, when it is about the form as a
    /// whole (or both fields at once).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// What is wrong with each field, under it (sign-up says every
    /// problem at once).
    #[prop(optional, into)]
    field_words: Signal<FieldWords>,
    /// The fields that failure is about (`aria-invalid`).
    #[prop(into)]
    at_fault: Signal<AtFault>,
    /// Called on submit (the button or Enter in a field).
    #[prop(into)]
    on_submit: Callback<()>,
) -> impl IntoView {
    let variant = purpose.variant();
    let hint = |hint: Option<(&'static str, &'static str)>| {
        hint.map(|(id, text)| view! { <p class="hint" id=id>{text}</p> })
    };
    let login_described_by = variant.described_by(variant.login_hint, variant.login_id);
    let password_described_by = variant.described_by(variant.password_hint, variant.password_id);
    let password = PasswordInput {
        value: password,
        node: password_field.unwrap_or_default(),
    };
    let login_words = Signal::derive(move || field_words.with(|w| w.login.clone()));
    let password_words = Signal::derive(move || field_words.with(|w| w.password.clone()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    view! {
        <form on:submit=submit novalidate>
            <label for=variant.login_id>"Login"</label>
            <input
                id=variant.login_id
                type="text"
                autocomplete=variant.login_autocomplete
                autocapitalize="none"
                spellcheck="false"
                aria-describedby=login_described_by
                aria-invalid=move || at_fault.get().login.to_string()
                prop:value=move || login.get()
                on:input=move |ev| login.set(event_target_value(&ev))
            />
            {hint(variant.login_hint)}
            <FormError message=login_words id=format!("{}-error", variant.login_id) />
            <PasswordField
                input=password
                label="Password"
                id=variant.password_id
                autocomplete=variant.password_autocomplete
                described_by=password_described_by
                invalid=Signal::derive(move || at_fault.get().password)
            />
            {hint(variant.password_hint)}
            <FormError message=password_words id=format!("{}-error", variant.password_id) />
            <FormError message=error id=variant.error_id />
            <BusyButton busy=busy submit=true class="primary wide" testid=variant.button_testid>
                {variant.button}
            </BusyButton>
        </form>
    }
}
