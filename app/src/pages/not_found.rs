//! Any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address."</p>
                <A href="/">"Go to the dashboard"</A>
            </section>
        </main>
    }
}
