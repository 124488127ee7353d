//! Settings > Sessions: where the account is signed in, with Sign Out for
//! each other session and for all of them at once (the flows are
//! [`super::session_flows`]).

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::form_error::FormError;
use super::password_dialog::PasswordDialog;
use super::session_flows::{Ending, SessionFlows};
use super::session_row::SessionRow;
use super::token_keep_list::TokenKeepList;
use crate::logic::elevation::Need;
use crate::logic::messages;
use crate::state::use_app_state;

/// Every signed-in session, newest first, "This session" marked.
#[component]
pub fn SessionsPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = SessionFlows::new(state);
    flows.load();
    let others = Memo::new(move |_| flows.list.with(|l| l.iter().filter(|s| !s.current).count()));

    view! {
        <section class="card" aria-labelledby="sessions-title" data-testid="sessions">
            <h2 id="sessions-title">"Sessions"</h2>
            <p class="muted">{messages::SESSIONS_EXPLAINED}</p>
            <ul class="session-list" data-testid="session-list">
                {move || {
                    flows
                        .list
                        .get()
                        .into_iter()
                        .map(|session| view! { <SessionRow session=session flows=flows /> })
                        .collect_view()
                }}
            </ul>
            {move || {
                (flows.loaded.get() && others.get() == 0)
                    .then(|| {
                        view! {
                            <p class="empty" data-testid="no-other-sessions">
                                "You are signed in nowhere else."
                            </p>
                        }
                    })
            }}
            <FormError message=flows.error />
            <div class="actions">
                <button
                    type="button"
                    class="button danger-outline"
                    data-testid="sign-out-others"
                    disabled=move || others.get() == 0
                    on:click=move |_| flows.open_confirmation()
                >
                    "Sign Out All Other Sessions"
                </button>
            </div>
        </section>
        {move || {
            flows
                .confirming_all
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            title="Sign Out All Other Sessions?"
                            confirm_label="Sign Out All"
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
