//! Help for someone without an authenticator app, under the set-up's
//! instructions.

use leptos::prelude::*;

use crate::logic::messages;

/// "Don't have an authenticator app?", opened on demand: what to look for
/// (any app with time-based codes; one with an encrypted backup survives a
/// lost phone), naming no vendor.
#[component]
pub fn AppHelp() -> impl IntoView {
    view! {
        <details class="app-help" data-testid="app-help">
            <summary data-testid="app-help-toggle">{messages::NO_APP_YET}</summary>
            <p>{messages::WHAT_APP_TO_GET}</p>
        </details>
    }
}
