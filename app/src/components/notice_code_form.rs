//! The mailed code's form of Settings > Account's Security Notices.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::code_field::CodeField;
use super::dated_text::DatedText;
use super::form_error::FormError;
use super::notice_address_flows::{NoticeAddressFlows, CODE_FIELD_ID};
use crate::browser;
use crate::logic::messages;
use crate::logic::notification_email::Pending;

/// "Unverified: enter the code we mailed to … (until 14:05 EST).", the
/// code's field, Confirm, and another address instead.
#[component]
pub fn NoticeCodeForm(
    /// The section's signals.
    flows: NoticeAddressFlows,
    /// The address waiting for its code.
    pending: Pending,
) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        flows.send_code();
    };
    let invalid = Signal::derive(move || flows.error.with(Option::is_some));
    let (state, until) =
        messages::unverified(&pending.address, pending.expires_at, browser::now_secs());
    view! {
        <form on:submit=submit novalidate data-testid="notice-code-form">
            <p id="notice-pending" data-testid="notice-pending">
                <DatedText text=state at=until />
            </p>
            <label for=CODE_FIELD_ID>{messages::MAILED_CODE_LABEL}</label>
            <p class="hint" id="notice-code-hint">{messages::code_works()}</p>
            <CodeField
                id=CODE_FIELD_ID
                value=flows.code
                on_complete=move |_| flows.send_code()
                busy=flows.busy
                described_by="notice-pending notice-code-hint notice-code-error"
                invalid=invalid
                testid="notice-code"
            />
            <FormError message=flows.error id="notice-code-error" />
            <div class="actions">
                <BusyButton busy=flows.busy submit=true class="primary" testid="notice-code-confirm">
                    "Confirm"
                </BusyButton>
                <button type="button" class="button" on:click=move |_| flows.open_form(false)>
                    {messages::USE_ANOTHER_ADDRESS}
                </button>
            </div>
        </form>
    }
}
