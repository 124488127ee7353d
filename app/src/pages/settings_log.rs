//! `/settings/log`: the Security Log tab of Settings.

use leptos::prelude::*;

use crate::components::busy_button::BusyButton;
use crate::components::event_list::EventList;
use crate::components::form_error::FormError;
use crate::components::log_flows::LogFlows;
use crate::components::log_toolbar::LogToolbar;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;
use crate::logic::messages;
use crate::state::use_app_state;

/// The list's id, which the details control names.
const LIST_ID: &str = "log-entries";

/// Every sign-in, failure and security change, newest first, a page at a
/// time; filtered by kind, with their details on demand, and exported.
#[component]
pub fn SettingsLogPage() -> impl IntoView {
    let flows = LogFlows::new(use_app_state());
    let details = RwSignal::new(false);
    let empty = move || {
        (flows.loaded.get() && flows.events.with(Vec::is_empty)).then(|| {
            let words = messages::log_empty(flows.filter.get(), flows.next.with(Option::is_some));
            view! { <p class="muted" data-testid="log-empty">{words}</p> }
        })
    };
    view! {
        <SignedIn>
            <SettingsFrame active=SettingsTab::SecurityLog>
                <section class="card" aria-labelledby="log-title">
                    <h2 id="log-title">"Security Log"</h2>
                    <p class="muted">{messages::LOG_EXPLAINED}</p>
                    <LogToolbar flows=flows details=details list_id=LIST_ID />
                    <EventList events=flows.events details=details id=LIST_ID />
                    {empty}
                    <FormError message=flows.error />
                    {move || {
                        flows
                            .next
                            .with(Option::is_some)
                            .then(|| {
                                view! {
                                    <BusyButton
                                        busy=flows.busy
                                        on_click=move |()| flows.load_older()
                                        testid="show-older"
                                    >
                                        {messages::SHOW_OLDER}
                                    </BusyButton>
                                }
                            })
                    }}
                </section>
            </SettingsFrame>
        </SignedIn>
    }
}
