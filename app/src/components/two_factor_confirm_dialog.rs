//! "Are you sure?" before new recovery codes or turning 2FA off.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::token_kept_note::TokenKeptNote;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::messages::{self, TokensKeptBy};

/// "Generate New Recovery Codes?" or "Turn Off Two-Factor Authentication?":
/// what the change ends, that the access tokens keep working (how many,
/// and where they are), Cancel, and the action (after the password
/// pop-up). After turning off, whose button is gone, focus returns to the
/// section's heading.
#[component]
pub fn TwoFactorConfirmDialog(
    /// [`Sensitive::Regenerate`] or [`Sensitive::Disable`].
    change: Sensitive,
    /// The panel's flows, which make the change.
    flows: TwoFactorFlows,
) -> impl IntoView {
    let disable = change == Sensitive::Disable;
    let (title, confirm_label, testid, return_focus, words, tokens) = if disable {
        (
            messages::TURN_OFF_QUESTION,
            messages::TURN_OFF,
            "confirm-disable",
            "tfa-title",
            messages::TURN_OFF_EXPLAINED,
            TokensKeptBy::TurningTwoFactorOff,
        )
    } else {
        (
            messages::REGENERATE_QUESTION,
            "Generate",
            "confirm-regenerate",
            "",
            messages::REGENERATE_EXPLAINED,
            TokensKeptBy::NewRecoveryCodes,
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
            <TokenKeptNote change=tokens />
        </ConfirmDialog>
    }
}
