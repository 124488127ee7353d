//! How long the code on the phone stays valid.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser;
use crate::logic::countdown::{is_ending, percent_left, seconds_left};
use crate::logic::messages;

/// A ring and the seconds until the authenticator app shows the
/// next code.
#[component]
pub fn WindowCountdown(
    /// Seconds per code.
    #[prop(default = 30)]
    period: u32,
) -> impl IntoView {
    let left = RwSignal::new(seconds_left(browser::now_ms(), period));
    if let Ok(handle) = set_interval_with_handle(
        move || left.set(seconds_left(browser::now_ms(), period)),
        Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <span
            class="countdown"
            class:ending=move || is_ending(left.get())
            // A CSS property set through the CSSOM, not a style attribute:
            // the Content-Security-Policy allows no inline styles.
            style=("--left", move || percent_left(left.get(), period).to_string())
            title=messages::NEW_CODE_IN_TITLE
            data-testid="countdown"
        >
            <span class="ring" aria-hidden="true"></span>
            <span>{move || messages::new_code_in(left.get())}</span>
        </span>
    }
}
