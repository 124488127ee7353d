//! The foot of View Recovery Codes.

use leptos::prelude::*;

use crate::logic::messages;

/// "Generate new recovery codes" (a link-styled button: the owner asks for
/// confirmation) and Close.
#[component]
pub fn RecoveryCodesFooter(
    /// Called by "Generate new recovery codes".
    on_regenerate: Callback<()>,
    /// Called by Close, with `false`: nothing was saved here.
    on_close: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="dialog-footer">
            <button
                type="button"
                class="link-button"
                data-testid="regenerate-link"
                on:click=move |_| on_regenerate.run(())
            >
                {messages::GENERATE_NEW_CODES_LINK}
            </button>
            <button type="button" class="button" on:click=move |_| on_close.run(false)>
                "Close"
            </button>
        </div>
    }
}
