//! Twofold in the browser: a Leptos single-page app over the Twofold API.
//!
//! Two bundles start here: the app (`src/main.rs`, `App`), and the sign-in
//! bundle a load of `/signin` gets (`src/bin/twofold-sign-in.rs`,
//! [`pages::sign_in::SignInAlone`]), the sign-in page alone at a third of
//! the weight.
//!
//! `App` holds the router; every route is a page in [`pages`], built from
//! [`components`]. [`api`] is the typed client over `twofold-api`, [`state`]
//! what the pages share through context, and [`logic`] the decisions that are
//! not rendering, tested natively.

// A native build renders views to HTML (the sign-in page's, at build time:
// [`prerender`]), with tachys' `ssr`, which gives every type-erased view an
// async renderer; without Leptos' `erase_components` (wasm32 only), the
// dashboard's nests deeper than the default limit of 128.
#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod components;
pub mod logic;
pub mod pages;
pub mod prerender;
pub mod state;
pub mod webauthn;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::route_watch::RouteWatch;
use crate::pages::dashboard::DashboardPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::not_me::NotMePage;
use crate::pages::recovery_codes::RecoveryCodesPage;
use crate::pages::settings_account::SettingsAccountPage;
use crate::pages::settings_log::SettingsLogPage;
use crate::pages::settings_sessions::SettingsSessionsPage;
use crate::pages::settings_tokens::SettingsTokensPage;
use crate::pages::sign_in::SignInRoute;
use crate::pages::sign_up::SignUpPage;
use crate::state::AppState;

/// Starts `app` on the page: panics reported on the console, the view
/// mounted in place of the page the build prerendered, if any (the
/// sign-in page: what was typed there goes on in the live fields,
/// [`prerender`]), and the User Timing mark `make bench` (and any
/// real-user monitoring) reads as the moment the first page is usable
/// (Leptos mounts synchronously). Both bundles' `main`.
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    console_error_panic_hook::set_once();
    let prerendered = prerender::static_page();
    leptos::mount::mount_to_body(app);
    if let Some(page) = prerendered {
        page.replaced();
    }
    browser::mark_interactive();
}

/// The app: shared state, the first GetAccount, and the routes.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // Signed in by the sign-in bundle with a recovery code: the dashboard's
    // banner says how many are left.
    state.recovery_sign_in.set(browser::take_recovery_sign_in());
    state.refresh();
    view! {
        <Router>
            <RouteWatch />
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=DashboardPage />
                <Route path=path!("/signin") view=SignInRoute />
                <Route path=path!("/signup") view=SignUpPage />
                <Route path=path!("/settings") view=|| view! { <Redirect path="/settings/account" /> } />
                <Route path=path!("/settings/account") view=SettingsAccountPage />
                <Route path=path!("/settings/tokens") view=SettingsTokensPage />
                <Route path=path!("/settings/sessions") view=SettingsSessionsPage />
                <Route path=path!("/settings/log") view=SettingsLogPage />
                <Route path=path!("/recovery-codes") view=RecoveryCodesPage />
                <Route path=path!("/not-me") view=NotMePage />
            </Routes>
        </Router>
    }
}
