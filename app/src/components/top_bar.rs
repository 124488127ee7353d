//! The bar across the top of every signed-in screen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::busy_button::BusyButton;
use crate::api;
use crate::logic::messages::{failure_message, Attempt};
use crate::state::{use_app_state, Tone};

/// The product name, who is signed in, **Settings** (top right, as in the
/// seed) and Sign Out.
#[component]
pub fn TopBar(
    /// Leave out Settings (the screen after an operator's reset, where
    /// nothing but a new password works).
    #[prop(optional)]
    without_settings: bool,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let signing_out = RwSignal::new(false);
    let sign_out = move |()| {
        signing_out.set(true);
        spawn_local(async move {
            let answer = api::sign_out().await;
            signing_out.set(false);
            match answer {
                Ok(_) => state.record_sign_out(),
                Err(failure) if state.handle_session_failure(&failure) => {}
                Err(failure) => {
                    state.show_notice(Tone::Warning, failure_message(Attempt::Other, &failure));
                }
            }
        });
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="logo" aria-hidden="true"></span>
                <span class="brand-name">"Twofold"</span>
            </A>
            <div class="topbar-actions">
                <span class="who" data-testid="who">{move || state.login()}</span>
                {(!without_settings)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button settings-button"
                                data-testid="settings-button"
                                on:click=move |_| navigate("/settings/account", Default::default())
                            >
                                "Settings"
                            </button>
                        }
                    })}
                <BusyButton busy=signing_out on_click=sign_out testid="sign-out">
                    "Sign Out"
                </BusyButton>
            </div>
        </header>
    }
}
