//! `/signup`: a new account.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::busy_button::BusyButton;
use crate::components::form_error::FormError;
use crate::logic::messages::failure_message;
use crate::state::{use_app_state, Tone};

/// Shortest password the server accepts.
const MIN_PASSWORD: usize = 8;

/// Sign up with a login and a password; signed in at once.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    Effect::new(move || {
        if state.account.with(Option::is_some) {
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed_login = login.get_untracked().trim().to_string();
        let typed_password = password.get_untracked();
        if typed_login.is_empty() {
            error.set(Some("Choose a login.".into()));
            return;
        }
        if typed_password.chars().count() < MIN_PASSWORD {
            error.set(Some(format!(
                "The password needs at least {MIN_PASSWORD} characters."
            )));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::sign_up(typed_login, typed_password).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    state.say(
                        Tone::Success,
                        "Welcome to Twofold! Protect your account with two-factor \
                         authentication: open Settings > Account.",
                    );
                    state.refresh();
                }
                Err(failure) => error.set(Some(failure_message(&failure))),
            }
        });
    };

    view! {
        <main class="auth-page">
            <div class="auth-brand">
                <span class="logo" aria-hidden="true"></span>
                "Twofold"
            </div>
            <section class="auth-card">
                <h1>"Create Account"</h1>
                <form on:submit=submit novalidate>
                    <label for="new-login">"Login"</label>
                    <input
                        id="new-login"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        aria-describedby="new-login-hint"
                        prop:value=move || login.get()
                        on:input=move |ev| login.set(event_target_value(&ev))
                    />
                    <p class="hint" id="new-login-hint">
                        "3 to 64 letters, digits and . _ - @ +"
                    </p>
                    <label for="new-password">"Password"</label>
                    <input
                        id="new-password"
                        type="password"
                        autocomplete="new-password"
                        aria-describedby="new-password-hint sign-up-error"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <p class="hint" id="new-password-hint">"At least 8 characters."</p>
                    <FormError message=error id="sign-up-error" />
                    <BusyButton busy=busy submit=true class="primary wide" testid="sign-up">
                        "Sign Up"
                    </BusyButton>
                </form>
                <p class="switch">"Already have an account? " <A href="/signin">"Sign in"</A></p>
            </section>
        </main>
    }
}
