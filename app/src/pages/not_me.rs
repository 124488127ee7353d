//! `/not-me`: the page a security notice's "This wasn't me" link opens
//! (`/not-me#<link>`). The link is in the fragment, which the browser never
//! sends to a server (no access log, no Referer holds it); the page takes
//! it out of the address bar at once, so it does not stay in the history
//! either. Signed in or not, the page is the same: it needs no session,
//! and it does not leave for sign-in when the calls end this browser's own
//! session.

use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::components::auth_brand::AuthBrand;
use crate::components::not_me_ask::NotMeAsk;
use crate::components::not_me_flow::NotMeCalls;
use crate::components::not_me_reported::NotMeReported;
use crate::components::not_me_restored::NotMeRestored;
use crate::logic::messages;
use crate::logic::not_me::Stage;
use crate::state::use_app_state;

/// "Wasn't you?": the explanation and "Sign out everywhere"; then what was
/// done and, where the link can, putting the account back; then the
/// account as it was. Without a link, says so; a link pasted into the
/// address bar then is taken as if the page were opened with it.
#[component]
pub fn NotMePage() -> impl IntoView {
    let calls = NotMeCalls::new(use_app_state(), &browser::take_fragment());
    let pasted = window_event_listener(ev::hashchange, move |_| {
        calls.open(&browser::take_fragment());
    });
    on_cleanup(move || pasted.remove());
    let stage = calls.stage();
    view! {
        <main class="auth-page">
            <AuthBrand />
            <section class="auth-card" data-testid="not-me">
                <h1>{messages::NOT_ME_TITLE}</h1>
                {move || match stage.get() {
                    Stage::NoLink => {
                        view! { <p data-testid="not-me-no-link">{messages::NO_NOT_ME_LINK}</p> }
                            .into_any()
                    }
                    Stage::Ask => view! { <NotMeAsk calls=calls /> }.into_any(),
                    Stage::Reported => view! { <NotMeReported calls=calls /> }.into_any(),
                    Stage::Restored => view! { <NotMeRestored calls=calls /> }.into_any(),
                }}
            </section>
        </main>
    }
}
