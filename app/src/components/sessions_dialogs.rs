//! The pop-ups of Settings > Sessions: "Sign Out All Other Sessions?" with
//! the access tokens to keep, and the password pop-up a sign-out may need.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::password_dialog::PasswordDialog;
use super::session_flows::{Ending, SessionFlows};
use super::token_keep_list::TokenKeepList;
use crate::logic::elevation::Need;
use crate::logic::messages;

/// Whichever of the panel's pop-ups is open.
#[component]
pub fn SessionsDialogs(
    /// The panel's flows.
    flows: SessionFlows,
) -> impl IntoView {
    view! {
        {move || {
            flows
                .confirming_all
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            title=messages::SIGN_OUT_ALL_OTHERS_QUESTION
                            confirm_label=messages::SIGN_OUT_ALL
                            danger=true
                            busy=flows.is_ending(Ending::AllOthers)
                            error=flows.error
                            on_confirm=move |()| flows.sign_out_all()
                            on_cancel=move |()| flows.confirming_all.set(false)
                            testid="confirm-sign-out-others"
                            controls=move || view! { <TokenKeepList keep=flows.keep /> }
                        >
                            <p>{messages::SIGN_OUT_OTHERS_EXPLAINED}</p>
                        </ConfirmDialog>
                    }
                })
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|which| {
                    view! {
                        <PasswordDialog
                            need=Need::SecondFactor
                            on_confirmed=move |()| {
                                flows.asking.set(None);
                                flows.sign_out(which.clone(), true);
                            }
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
    }
}
