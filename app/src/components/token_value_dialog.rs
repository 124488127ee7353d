//! A token's value, shown once: after Generate and after Regenerate.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::dialog::Dialog;
use super::token_flows::{token_button_id, GENERATE_BUTTON_ID};
use super::token_leave_check::TokenLeaveCheck;
use super::token_scripts_help::TokenScriptsHelp;
use super::token_value_actions::TokenValueActions;
use crate::logic::messages;

/// The value with Copy and Download, and the warning that it will not be
/// shown again (the server keeps no copy it could show). Closing it (Done,
/// Escape, the close button) before the value was copied or downloaded
/// asks first, as the new recovery codes do: one key must not lose it.
#[component]
pub fn TokenValueDialog(
    /// The token, with its `key`.
    token: AccessToken,
    /// True after Regenerate: the old value no longer works.
    regenerated: bool,
    /// Called once the dialog may close.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let saved = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let key = token.key.clone().unwrap_or_default();
    let close = move |()| {
        if saved.get_untracked() || asking.get_untracked() {
            // Escape while asking means "no, keep it open".
            asking.set(false);
            if saved.get_untracked() {
                on_close.run(());
            }
        } else {
            asking.set(true);
        }
    };
    let (title, intro, return_focus) = if regenerated {
        (
            "Token Regenerated",
            messages::token_regenerated(&token.description),
            token_button_id("regenerate", token.id),
        )
    } else {
        (
            "New Access Token",
            messages::token_ready(&token.description),
            GENERATE_BUTTON_ID.to_owned(),
        )
    };

    view! {
        <Dialog
            title=title
            on_close=close
            class="wide"
            testid="token-value-dialog"
            return_focus=return_focus
        >
            <p>{intro}</p>
            <div class="callout warning" role="note" data-testid="token-warning">
                <strong>{messages::COPY_IT_NOW}</strong>
                <p>{messages::TOKEN_SHOWN_ONCE}</p>
            </div>
            <code class="token-value" data-testid="token-value">{key.clone()}</code>
            <TokenValueActions key=key id=token.id saved=saved />
            <TokenLeaveCheck asking=asking on_leave=on_close />
            <TokenScriptsHelp />
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="token-done"
                    on:click=move |_| close(())
                >
                    "Done"
                </button>
            </div>
        </Dialog>
    }
}
