//! Download, Copy and Print for recovery codes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::RecoveryCodeEntry;

use crate::browser;
use crate::logic::dates;
use crate::logic::messages;
use crate::logic::recovery_text::{clipboard_text, download_text, DOWNLOAD_FILE_NAME};

/// The three ways to keep the codes. Download and a successful Copy call
/// `on_saved` (which ticks "I've saved the data"); Print does not, since
/// nobody can tell whether the page reached paper.
#[component]
pub fn SaveCodesActions(
    /// The codes; used ones are left out of the file and the clipboard.
    #[prop(into)]
    codes: Signal<Vec<RecoveryCodeEntry>>,
    /// The account, named in the file.
    #[prop(into)]
    login: String,
    /// Called after Download or a successful Copy.
    #[prop(optional, into)]
    on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let saved = move || {
        if let Some(on_saved) = on_saved {
            on_saved.run(());
        }
    };

    let download = move |_| {
        let text =
            codes.with_untracked(|c| download_text(&login, c, &dates::date(browser::now_secs())));
        if browser::download_text(DOWNLOAD_FILE_NAME, &text) {
            status.set(Some(messages::downloaded(DOWNLOAD_FILE_NAME)));
            saved();
        } else {
            status.set(Some(messages::DOWNLOAD_FAILED.into()));
        }
    };
    let copy = move |_| {
        let text = codes.with_untracked(|c| clipboard_text(c));
        spawn_local(async move {
            if browser::copy_text(&text).await {
                status.set(Some(messages::CODES_COPIED.into()));
                saved();
            } else {
                status.set(Some(messages::CODES_COPY_FAILED.into()));
            }
        });
    };

    view! {
        <div class="code-actions">
            <button type="button" class="button" data-testid="download" on:click=download>
                "Download"
            </button>
            <button type="button" class="button" data-testid="copy" on:click=copy>
                "Copy"
            </button>
            <button type="button" class="button" data-testid="print" on:click=move |_| browser::print()>
                "Print"
            </button>
        </div>
        <p class="hint" role="status" data-testid="save-status">{move || status.get()}</p>
    }
}
