//! For developers, out of everyone else's way: how scripts use a token,
//! and how they sign in without one.

use leptos::prelude::*;

use crate::logic::messages;

/// A disclosure, closed at first: "Using the API from scripts", with the
/// header or parameter a request carries the token in, a `curl` example
/// against this server, and the sign-in a token spares a script (SignIn,
/// then Verify2FACode with two-factor authentication on).
#[component]
pub fn TokenScriptsHelp() -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.url().ok())
        .and_then(|url| web_sys::Url::new(&url).ok())
        .map(|url| url.origin())
        .unwrap_or_default();
    view! {
        <details class="scripts-help" data-testid="tokens-in-scripts">
            <summary>{messages::TOKENS_IN_SCRIPTS}</summary>
            <p>{messages::tokens_in_scripts_explained()}</p>
            // Reachable by keyboard: on a phone the example scrolls sideways.
            <pre class="code-block" tabindex="0"><code>{messages::curl_example(&origin)}</code></pre>
            <p>{messages::SIGNING_IN_FROM_SCRIPTS}</p>
        </details>
    }
}
