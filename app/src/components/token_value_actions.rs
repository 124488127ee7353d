//! Copy and Download for a token's value, and what each did.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::logic::messages;
use crate::logic::tokens::{download_file_name, download_text};

/// Copy and Download, each saying in words what it did; `saved` turns
/// true once either put the value somewhere.
#[component]
pub fn TokenValueActions(
    /// The token's value.
    key: String,
    /// The token's id, in the downloaded file's name.
    id: u32,
    /// Set once the value was copied or downloaded.
    saved: RwSignal<bool>,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let file_name = download_file_name(id);
    let copy = {
        let key = key.clone();
        move |_| {
            let key = key.clone();
            spawn_local(async move {
                let copied = browser::copy_text(&key).await;
                saved.update(|s| *s |= copied);
                status.set(Some(if copied {
                    messages::TOKEN_COPIED.into()
                } else {
                    messages::TOKEN_COPY_FAILED.into()
                }));
            });
        }
    };
    let download = move |_| {
        let downloaded = browser::download_text(&file_name, &download_text(&key));
        saved.update(|s| *s |= downloaded);
        status.set(Some(if downloaded {
            messages::downloaded(&file_name)
        } else {
            messages::TOKEN_DOWNLOAD_FAILED.into()
        }));
    };
    view! {
        <div class="code-actions">
            <button type="button" class="button" data-testid="copy-token" on:click=copy>
                "Copy"
            </button>
            <button type="button" class="button" data-testid="download-token" on:click=download>
                "Download"
            </button>
        </div>
        <p class="hint" role="status" data-testid="token-status">{move || status.get()}</p>
    }
}
