//! "Add a Security Key" / "Add a Passkey": name the key, the browser asks
//! for it; a first key then shows the recovery codes to save.

use leptos::html;
use leptos::prelude::*;

use super::add_key_flow::AddKeyFlow;
use super::add_key_form::AddKeyForm;
use super::dialog::Dialog;
use super::key_flows::{Adding, KeyFlows};
use super::new_codes::NewCodes;
use crate::logic::messages;
use crate::logic::security_keys::offered_name;
use crate::state::use_app_state;

/// The add dialog for `adding` (Setup2FAKey's check): the form, then,
/// when the key turned two-factor authentication on, its recovery codes
/// behind the same save gate as the set-up wizard's.
#[component]
pub fn AddKeyDialog(
    /// The keys' flows, which close the dialog and say what it did.
    keys: KeyFlows,
    /// What is being added, and its check.
    adding: Adding,
) -> impl IntoView {
    let state = use_app_state();
    let offered = state.account.with_untracked(|a| {
        let keys = a.as_ref().map(|a| a.two_factor.security_keys.as_slice());
        offered_name(adding.kind, keys.unwrap_or_default())
    });
    let title = messages::add_key(adding.kind);
    let flow = AddKeyFlow::new(state, keys, adding, offered);
    let codes_heading = NodeRef::<html::H3>::new();
    // The form that sent the key is gone: focus moves to the codes.
    Effect::new(move || {
        if let Some(heading) = codes_heading.get() {
            let _ = heading.focus();
        }
    });
    let login = state.login();
    view! {
        <Dialog
            title=title
            on_close=move |()| flow.close()
            class="wide"
            testid="add-key-dialog"
            return_focus="tfa-title"
        >
            {move || match flow.codes.get() {
                None => view! { <AddKeyForm flow=flow /> }.into_any(),
                Some((_, codes)) => {
                    view! {
                        <h3
                            class="step-title"
                            tabindex="-1"
                            data-testid="step-heading"
                            node_ref=codes_heading
                        >
                            {messages::SAVE_YOUR_CODES}
                        </h3>
                        <NewCodes
                            codes=Signal::stored(codes.codes)
                            login=login.clone()
                            gate=flow.gate
                            on_done=move |()| flow.done()
                            hint=flow.hint
                        />
                    }
                        .into_any()
                }
            }}
        </Dialog>
    }
}
