//! The Security Notices part of Settings > Account: the address security
//! notices are mailed to, its confirmation, and a test notice (the flows
//! are [`super::notice_address_flows`]).

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::list_status::ListStatus;
use super::notice_address_facts::{NoticeAddressFacts, BOUNCING_ID};
use super::notice_address_flows::NoticeAddressFlows;
use super::notice_address_form::NoticeAddressForm;
use super::notice_code_form::NoticeCodeForm;
use super::password_dialog::PasswordDialog;
use crate::browser;
use crate::logic::elevation::Need;
use crate::logic::messages;
use crate::logic::notification_email::{confirmed, pending, Confirmed, Standing};
use crate::state::use_app_state;

/// The confirmed address (or what its absence costs), then the open form:
/// the address, the code of a waiting address, or the section's buttons.
/// What the last change did is said under the heading.
#[component]
pub fn NoticeAddressPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = NoticeAddressFlows::new(state);
    let email = Memo::new(move |_| {
        state
            .account
            .with(|a| a.as_ref().map(|a| a.notification_email.clone()))
            .unwrap_or_default()
    });
    let current = Memo::new(move |_| email.with(confirmed));
    let waiting = Memo::new(move |_| email.with(|e| pending(e, browser::now_secs())));
    let about = move || match current.get() {
        Some(confirmed) => view! { <NoticeAddressFacts confirmed /> }.into_any(),
        None => view! { <p>{messages::NO_ADDRESS_EXPLAINED}</p> }.into_any(),
    };
    let buttons = move || actions(flows, current.get());
    let open = move || {
        if flows.editing.get() {
            view! { <NoticeAddressForm flows /> }.into_any()
        } else if let Some(pending) = waiting.get() {
            view! { <NoticeCodeForm flows pending /> }.into_any()
        } else {
            buttons().into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="notices-title" data-testid="security-notices">
            <h2 id="notices-title">"Security Notices"</h2>
            <ListStatus status=flows.status testid="security-notices-status" />
            {about}
            {open}
        </section>
        {move || {
            flows.asking.get().then(|| view! {
                <PasswordDialog
                    need=Need::SecondFactor
                    on_confirmed=move |()| flows.stepped_up()
                    on_cancel=move |()| flows.asking.set(false)
                />
            })
        }}
    }
}

/// Change Address (the way out of a bouncing address: then first, and
/// pointing to the words that say so) and Send a Test Notice; or, with no
/// confirmed address, Add an Address.
fn actions(flows: NoticeAddressFlows, confirmed: Option<Confirmed>) -> AnyView {
    let Some(Confirmed { address, standing }) = confirmed else {
        return view! {
            <div class="actions">
                <button type="button" class="button primary" on:click=move |_| flows.open_form(true)>
                    {messages::ADD_AN_ADDRESS}
                </button>
            </div>
        }
        .into_any();
    };
    let bouncing = matches!(standing, Standing::Bouncing { .. });
    view! {
        <div class="actions">
            <button
                type="button"
                class=if bouncing { "button primary" } else { "button" }
                aria-describedby=bouncing.then_some(BOUNCING_ID)
                data-testid="notice-change"
                on:click=move |_| flows.open_form(false)
            >
                {messages::CHANGE_ADDRESS}
            </button>
            <BusyButton
                busy=flows.busy
                on_click=move |()| flows.send_test(address.clone())
                testid="notice-send-test"
            >
                {messages::SEND_A_TEST_NOTICE}
            </BusyButton>
        </div>
    }
    .into_any()
}
