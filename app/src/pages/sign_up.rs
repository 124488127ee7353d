//! `/signup`: a new account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::auth_brand::AuthBrand;
use crate::components::credentials_form::{CredentialsForm, CredentialsPurpose};
use crate::components::leave_when_signed_in::leave_when_signed_in;
use crate::logic::credentials::{sign_up_request, FieldWords};
use crate::logic::messages;
use crate::state::{use_app_state, Tone};

/// Sign up with a login and a password; signed in at once. Every problem
/// with the fields is named at once, each under its field.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let state = use_app_state();
    leave_when_signed_in();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field_words = RwSignal::new(FieldWords::default());
    let at_fault = Memo::new(move |_| field_words.with(FieldWords::at_fault));
    let show = move |fields: FieldWords, form: Option<String>| {
        field_words.set(fields);
        error.set(form);
    };

    let submit = move |()| {
        if busy.get_untracked() {
            return;
        }
        let request = match sign_up_request(&login.get_untracked(), &password.get_untracked()) {
            Ok(request) => request,
            Err(fields) => return show(fields, None),
        };
        busy.set(true);
        show(FieldWords::default(), None);
        spawn_local(async move {
            let answer = api::sign_up(request).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    state.show_notice(Tone::Success, messages::WELCOME_NEW_ACCOUNT);
                    state.refresh();
                }
                Err(failure) => {
                    let (fields, form) = FieldWords::of_sign_up_failure(&failure);
                    show(fields, form);
                }
            }
        });
    };

    view! {
        <main class="auth-page">
            <AuthBrand />
            <section class="auth-card">
                <h1>"Create Account"</h1>
                <CredentialsForm
                    purpose=CredentialsPurpose::SignUp
                    login=login
                    password=password
                    busy=busy
                    error=error
                    field_words=field_words
                    at_fault=at_fault
                    on_submit=submit
                />
                <p class="switch">
                    {messages::HAVE_AN_ACCOUNT}
                    " "
                    <A href="/signin">{messages::SIGN_IN_LINK}</A>
                </p>
            </section>
        </main>
    }
}
