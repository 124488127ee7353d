//! A token's value, shown once: after Generate and after Regenerate.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::tokens::AccessToken;

use super::dialog::Dialog;
use crate::browser;
use crate::logic::messages;
use crate::logic::tokens::{download_file_name, download_text};

/// The value with Copy and Download, and the warning that it will not be
/// shown again (the server keeps only its fingerprint).
#[component]
pub fn TokenValueDialog(
    /// The token, with its `key`.
    token: AccessToken,
    /// True after Regenerate: the old value no longer works.
    regenerated: bool,
    /// Called on Done, Escape and the close button.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let key = token.key.clone().unwrap_or_default();
    let file_name = download_file_name(token.id);

    let copy = {
        let key = key.clone();
        move |_| {
            let key = key.clone();
            spawn_local(async move {
                status.set(Some(if browser::copy_text(&key).await {
                    messages::TOKEN_COPIED.into()
                } else {
                    messages::TOKEN_COPY_FAILED.into()
                }));
            });
        }
    };
    let download = {
        let key = key.clone();
        move |_| {
            status.set(Some(
                if browser::download_text(&file_name, &download_text(&key)) {
                    messages::downloaded(&file_name)
                } else {
                    messages::TOKEN_DOWNLOAD_FAILED.into()
                },
            ));
        }
    };
    let intro = if regenerated {
        messages::token_regenerated(&token.description)
    } else {
        format!("“{}” is ready.", token.description)
    };
    let title = if regenerated {
        "Token Regenerated"
    } else {
        "New Access Token"
    };

    view! {
        <Dialog title=title on_close=on_close class="wide" testid="token-value-dialog">
            <p>{intro}</p>
            <div class="callout warning" role="note" data-testid="token-warning">
                <strong>"Copy it now"</strong>
                <p>
                    "This token will not be shown again: Twofold keeps only its fingerprint. Store \
                     it where your script can read it, like a password."
                </p>
            </div>
            <code class="token-value" data-testid="token-value">{key}</code>
            <div class="code-actions">
                <button type="button" class="button" data-testid="copy-token" on:click=copy>
                    "Copy"
                </button>
                <button type="button" class="button" data-testid="download-token" on:click=download>
                    "Download"
                </button>
            </div>
            <p class="hint" role="status" data-testid="token-status">{move || status.get()}</p>
            <p class="hint">
                "Scripts send it in an " <code>"Authorization: Bearer"</code> " header, or as the "
                <code>"session"</code> " parameter."
            </p>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="token-done"
                    on:click=move |_| on_close.run(())
                >
                    "Done"
                </button>
            </div>
        </Dialog>
    }
}
