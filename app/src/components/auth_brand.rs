//! The product's name above the sign-in and sign-up cards.

use leptos::prelude::*;

/// The logo and "Twofold", at the top of the signed-out screens.
#[component]
pub fn AuthBrand() -> impl IntoView {
    view! {
        <div class="auth-brand">
            <span class="logo" aria-hidden="true"></span>
            "Twofold"
        </div>
    }
}
