//! `/signup`: a new account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::auth_brand::AuthBrand;
use crate::components::credentials_form::{CredentialsForm, CredentialsPurpose};
use crate::components::leave_when_signed_in::leave_when_signed_in;
use crate::logic::credentials::{sign_up_request, AtFault};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::state::{use_app_state, Tone};

/// Sign up with a login and a password; signed in at once.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let state = use_app_state();
    leave_when_signed_in();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let at_fault = RwSignal::new(AtFault::NONE);

    let submit = move |()| {
        if busy.get_untracked() {
            return;
        }
        let request = match sign_up_request(&login.get_untracked(), &password.get_untracked()) {
            Ok(request) => request,
            Err(refusal) => {
                error.set(Some(refusal.words));
                at_fault.set(refusal.at_fault);
                return;
            }
        };
        busy.set(true);
        error.set(None);
        at_fault.set(AtFault::NONE);
        spawn_local(async move {
            let answer = api::sign_up(request).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    state.show_notice(Tone::Success, messages::WELCOME_NEW_ACCOUNT);
                    state.refresh();
                }
                Err(failure) => {
                    error.set(Some(failure_message(Attempt::SignUp, &failure)));
                    at_fault.set(AtFault::of_failure(&failure));
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
                    at_fault=at_fault
                    on_submit=submit
                />
                <p class="switch">"Already have an account? " <A href="/signin">"Sign in"</A></p>
            </section>
        </main>
    }
}
