//! The notice at the top of a page.

use leptos::prelude::*;

use crate::state::{use_app_state, Tone};

/// The app's notice, if any, with a button to dismiss it, in
/// a live region that is always there (so that a notice appearing is read
/// out). Its presence marks the page as one that shows notices (see
/// [`crate::state::AppState::show_notice`]).
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_app_state();
    let notice = move || {
        state.notice.get().map(|notice| {
            let class = match notice.tone {
                Tone::Success => "notice success",
                Tone::Warning => "notice warning",
            };
            view! {
                <div class=class data-testid="notice">
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
    };
    view! {
        <div role="status" data-notice-banner="">
            {notice}
        </div>
    }
}
