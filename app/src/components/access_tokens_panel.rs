//! Settings > Access Tokens: the account's personal access tokens and the
//! Generate, Edit, Regenerate and Remove flows with their pop-ups (the
//! flows are [`super::token_flows`]).

use leptos::prelude::*;

use super::access_tokens_card::AccessTokensCard;
use super::password_dialog::PasswordDialog;
use super::token_confirm_dialog::TokenConfirmDialog;
use super::token_flows::TokenFlows;
use super::token_form_dialog::TokenFormDialog;
use super::token_value_dialog::TokenValueDialog;
use crate::state::use_app_state;

/// The tokens, Generate New Token, and every pop-up of the flows.
#[component]
pub fn AccessTokensPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = TokenFlows::new(state);
    flows.load();

    view! {
        <AccessTokensCard flows=flows />
        {move || {
            flows
                .form
                .get()
                .map(|mode| {
                    view! {
                        <TokenFormDialog
                            mode=mode
                            error=flows.form_error
                            busy=flows.busy
                            on_submit=move |spec| flows.form_submitted(spec)
                            on_cancel=move |()| flows.form.set(None)
                        />
                    }
                })
        }}
        {move || {
            flows
                .confirming
                .get()
                .map(|confirming| view! { <TokenConfirmDialog confirming=confirming flows=flows /> })
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|(_, need)| {
                    view! {
                        <PasswordDialog
                            need=need
                            on_confirmed=move |()| flows.stepped_up()
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
        {move || {
            flows
                .shown
                .get()
                .map(|(token, regenerated)| {
                    view! {
                        <TokenValueDialog
                            token=token
                            regenerated=regenerated
                            on_close=move |()| flows.value_closed()
                        />
                    }
                })
        }}
    }
}
