//! The guard around screens that need a signed-in account.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::choose_password::ChoosePasswordScreen;
use crate::state::use_app_state;

/// Where an account without recovery codes is sent before anything else.
pub const REGENERATION_PATH: &str = "/recovery-codes";

/// Shows `children` to a signed-in person; sends everyone else to sign in,
/// and an account with 2FA on and no recovery code left to regeneration
/// first (one lost phone would lock it out). An account an operator reset
/// sees "Choose a New Password" instead, whatever the route, until it has
/// a new password.
#[component]
pub fn SignedIn(
    /// True on the regeneration screen itself, which the missing codes do
    /// not send away.
    #[prop(optional)]
    regeneration: bool,
    /// The screen.
    children: ChildrenFn,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let replace = || NavigateOptions {
        replace: true,
        ..Default::default()
    };
    let reset = Memo::new(move |_| state.password_change_required());
    Effect::new(move || {
        if state.loaded.get() && state.account.with(Option::is_none) {
            navigate("/signin", replace());
        } else if !regeneration && !reset.get() && state.must_regenerate() {
            navigate(REGENERATION_PATH, replace());
        }
    });
    view! {
        <Show
            when=move || {
                state.account.with(Option::is_some) && (regeneration || !state.must_regenerate())
            }
            fallback=|| view! { <p class="loading" aria-live="polite">"Loading…"</p> }
        >
            {
                let children = children.clone();
                move || {
                    if reset.get() {
                        view! { <ChoosePasswordScreen /> }.into_any()
                    } else {
                        children().into_any()
                    }
                }
            }
        </Show>
    }
}
