//! Any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::logic::messages;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="auth-page">
            <section class="auth-card">
                <h1>{messages::PAGE_NOT_FOUND}</h1>
                <p>{messages::NOTHING_HERE}</p>
                <A href="/">{messages::GO_TO_DASHBOARD}</A>
            </section>
        </main>
    }
}
