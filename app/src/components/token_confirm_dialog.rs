//! "Are you sure?" before a token gets a new value or is removed.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::token_flows::{Confirming, TokenFlows};

/// "Regenerate This Token?" or "Remove This Token?": what stops working,
/// Cancel, and the action, which stays open until the change is made (to
/// say why it was not).
#[component]
pub fn TokenConfirmDialog(
    /// Which change, for which token.
    confirming: Confirming,
    /// The panel's flows, which make the change.
    flows: TokenFlows,
) -> impl IntoView {
    let (title, confirm_label, danger, testid, lead, rest) = match confirming {
        Confirming::Regenerate(token) => (
            "Regenerate This Token?",
            "Regenerate",
            false,
            "confirm-regenerate-token",
            format!("“{}” will get a new value. ", token.description),
            "The current value stops working at once: scripts that use it are refused until \
             they get the new one.",
        ),
        Confirming::Remove(token) => (
            "Remove This Token?",
            "Remove",
            true,
            "confirm-remove-token",
            format!("“{}” stops working at once. ", token.description),
            "Scripts that use it are refused from their next call. This cannot be undone.",
        ),
    };
    view! {
        <ConfirmDialog
            title=title
            confirm_label=confirm_label
            danger=danger
            busy=flows.busy
            error=flows.confirm_error
            on_confirm=move |()| flows.confirmed()
            on_cancel=move |()| flows.confirming.set(None)
            testid=testid
        >
            <p>{lead} {rest}</p>
        </ConfirmDialog>
    }
}
