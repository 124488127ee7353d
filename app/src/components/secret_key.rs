//! The authenticator app's key for typing by hand, with Copy.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::logic::messages;
use crate::logic::secret_key::{for_copy, group_in_fours};

/// The key in groups of four and a Copy button.
#[component]
pub fn SecretKey(
    /// The base32 key from Setup2FA.
    #[prop(into)]
    secret: String,
) -> impl IntoView {
    let status = RwSignal::new(None::<&'static str>);
    let grouped = group_in_fours(&secret);
    let bare = for_copy(&secret);
    let copy = move |_| {
        let bare = bare.clone();
        spawn_local(async move {
            status.set(Some(if browser::copy_text(&bare).await {
                messages::KEY_COPIED
            } else {
                messages::KEY_COPY_FAILED
            }));
        });
    };
    view! {
        <span class="key-row">
            <code class="key" data-testid="setup-key">{grouped}</code>
            <button type="button" class="button small" data-testid="copy-key" on:click=copy>
                "Copy"
            </button>
        </span>
        <span class="hint" role="status">{move || status.get()}</span>
    }
}
