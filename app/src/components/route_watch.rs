//! What every route change does, whichever page it leads to: a title of
//! its own, a fresh account, the notice of the page left cleared, and
//! focus on the new page's heading.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser;
use crate::logic::messages;
use crate::state::use_app_state;

/// Where focus goes on a new page: a Settings tab's own heading, else the
/// page's heading.
const HEADINGS: &[&str] = &[".frame-body h2", "main h1"];

/// Watches the route (inside the router): sets `document.title`, fetches
/// the account again (so the 2FA status is never one page old, e.g. after
/// browser Back), clears the notice of the page left (see
/// [`crate::logic::notice`]), and moves focus to the new page's heading,
/// so that keyboard and screen-reader users start at the top of what
/// changed.
#[component]
pub fn RouteWatch() -> impl IntoView {
    let state = use_app_state();
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        browser::set_title(&messages::page_title(&path));
        // The first page is loaded by `App`; only later changes refetch and
        // move focus (on the first one the browser starts at the top).
        if previous.is_some_and(|previous| previous != path) {
            state.route_changed(&path);
            if state.account.with_untracked(Option::is_some) {
                state.refresh();
            }
            browser::focus_when_ready(HEADINGS.iter().map(|s| s.to_string()).collect(), true);
        }
        path
    });
}
