//! "Are you sure?" before a token gets a new value (and, if chosen, a new
//! expiry) or is removed.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::token_expiry_picker::TokenExpiryPicker;
use super::token_fields::TokenFields;
use super::token_flows::{token_button_id, Confirming, TokenFlows};
use crate::browser;
use crate::logic::messages;

/// "Regenerate This Token?" (with its expiry: kept, or a new one) or
/// "Remove This Token?": what stops working, Cancel, and the action, which
/// stays open until the change is made (to say why it was not). Focus
/// returns to the button that opened it, or after Remove to the row that
/// takes the token's place (the heading when none is left).
#[component]
pub fn TokenConfirmDialog(
    /// Which change, for which token.
    confirming: Confirming,
    /// The panel's flows, which make the change.
    flows: TokenFlows,
) -> impl IntoView {
    let (title, confirm_label, danger, testid, words, return_focus, expiry) = match confirming {
        Confirming::Regenerate(token) => (
            "Regenerate This Token?",
            "Regenerate",
            false,
            "confirm-regenerate-token",
            messages::regenerate_explained(&token.description),
            token_button_id("regenerate", token.id),
            Some((TokenFields::new(Some(&token)), token.expires_at)),
        ),
        Confirming::Remove(token) => (
            "Remove This Token?",
            "Remove",
            true,
            "confirm-remove-token",
            messages::remove_explained(&token.description),
            flows.focus_after_removing(&token),
            None,
        ),
    };
    let fields = expiry.map(|(fields, _)| fields);
    let confirm = move |()| match fields.map(|f| f.expiry_at(browser::now_secs())) {
        Some(Err(words)) => flows.confirm_error.set(Some(words.into())),
        Some(Ok(expires_at)) => flows.confirmed(expires_at),
        None => flows.confirmed(None),
    };
    let controls = move || {
        expiry.map(|(fields, kept)| {
            view! {
                <TokenExpiryPicker
                    fields=fields
                    kept=Some(kept)
                    invalid=Signal::derive(move || flows.confirm_error.with(Option::is_some))
                />
            }
        })
    };
    view! {
        <ConfirmDialog
            title=title
            confirm_label=confirm_label
            danger=danger
            busy=flows.busy
            error=flows.confirm_error
            on_confirm=confirm
            on_cancel=move |()| flows.confirming.set(None)
            testid=testid
            return_focus=return_focus
            controls=controls
        >
            <p>{words}</p>
        </ConfirmDialog>
    }
}
