//! The other side of [`super::signed_in::SignedIn`]: the screens for
//! someone signed out (sign-in, sign-up) give way to the dashboard once an
//! account is signed in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::state::use_app_state;

/// Goes to `/`, in place of this page in the history, as soon as an
/// account is signed in: at once for someone already signed in, or once
/// GetAccount answers after signing in or up. Called in the page's body.
pub fn leave_when_signed_in() {
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
}
