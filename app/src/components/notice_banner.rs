//! The notice carried over from the previous screen.

use leptos::prelude::*;

use crate::state::{use_app_state, Tone};

/// Shows the app's notice, if any, with a button to dismiss it.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.notice.get().map(|notice| {
            let class = match notice.tone {
                Tone::Success => "notice success",
                Tone::Warning => "notice warning",
            };
            view! {
                <div class=class role="status" data-testid="notice">
                    <p>{notice.text}</p>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Dismiss"
                        on:click=move |_| state.clear_notice()
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
