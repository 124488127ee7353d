//! The guard around screens that need a signed-in account.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::state::use_app_state;

/// Shows `children` to a signed-in person; sends everyone else to sign in.
#[component]
pub fn SignedIn(
    /// The screen.
    children: ChildrenFn,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    Effect::new(move || {
        if state.loaded.get() && state.account.with(Option::is_none) {
            navigate(
                "/signin",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! {
        <Show
            when=move || state.account.with(Option::is_some)
            fallback=|| view! { <p class="loading" aria-live="polite">"Loading…"</p> }
        >
            {children()}
        </Show>
    }
}
