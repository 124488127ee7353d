//! "Are you sure?" before new recovery codes or turning 2FA off.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};

/// "Generate New Recovery Codes?" or "Disable Two-Factor Authentication?":
/// what the change ends, Cancel, and the action (after the password
/// pop-up). After Disable, whose button is gone, focus returns to the
/// section's heading.
#[component]
pub fn TwoFactorConfirmDialog(
    /// [`Sensitive::Regenerate`] or [`Sensitive::Disable`].
    change: Sensitive,
    /// The panel's flows, which make the change.
    flows: TwoFactorFlows,
) -> impl IntoView {
    let disable = change == Sensitive::Disable;
    let (title, confirm_label, testid, return_focus, words) = if disable {
        (
            "Disable Two-Factor Authentication?",
            "Disable",
            "confirm-disable",
            "tfa-title",
            "Your account will be accessible with just the login and password. Your recovery \
             codes will be deleted and your other sessions signed out.",
        )
    } else {
        (
            "Generate New Recovery Codes?",
            "Generate",
            "confirm-regenerate",
            "",
            "Your current recovery codes will stop working at once, and your other sessions \
             will be signed out. You will see the new codes right away.",
        )
    };
    view! {
        <ConfirmDialog
            title=title
            confirm_label=confirm_label
            danger=disable
            busy=flows.is_busy(change)
            error=flows.error_of(change)
            on_confirm=move |()| flows.start(change)
            on_cancel=move |()| flows.confirming.set(None)
            testid=testid
            return_focus=return_focus
        >
            <p>{words}</p>
        </ConfirmDialog>
    }
}
