//! The address form of Settings > Account's Security Notices.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::notice_address_flows::{NoticeAddressFlows, ADDRESS_FIELD_ID};
use crate::logic::messages;

/// "E-mail address" and Send Code (after the password pop-up), or Cancel.
#[component]
pub fn NoticeAddressForm(
    /// The section's signals.
    flows: NoticeAddressFlows,
) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        flows.send_address(false);
    };
    let email = flows.email;
    view! {
        <form on:submit=submit novalidate data-testid="notice-address-form">
            <label for=ADDRESS_FIELD_ID>"E-mail address"</label>
            <p class="hint" id="notice-address-hint">{messages::ADDRESS_HINT}</p>
            <input
                id=ADDRESS_FIELD_ID
                type="email"
                autocomplete="email"
                spellcheck="false"
                maxlength="254"
                aria-describedby="notice-address-hint notice-address-error"
                aria-invalid=move || flows.error.with(Option::is_some).to_string()
                prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))
            />
            <FormError message=flows.error id="notice-address-error" />
            <div class="actions">
                <BusyButton busy=flows.busy submit=true class="primary" testid="notice-address-send">
                    "Send Code"
                </BusyButton>
                <button type="button" class="button" on:click=move |_| flows.close_form()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
