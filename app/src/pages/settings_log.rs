//! `/settings/log`: the Security Log tab of Settings.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::events::Event;

use crate::api;
use crate::components::busy_button::BusyButton;
use crate::components::event_list::EventList;
use crate::components::form_error::FormError;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;
use crate::logic::messages::{failure_message, Attempt};
use crate::state::{use_app_state, AppState};

/// Entries per page.
const PAGE: u32 = 25;

/// Every sign-in, failure and security change, newest first, a page at a
/// time.
#[component]
pub fn SettingsLogPage() -> impl IntoView {
    let state = use_app_state();
    let events = RwSignal::new(Vec::<Event>::new());
    let next = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load =
        move |after: Option<String>| load_page(state, after, events, next, busy, loaded, error);
    load(None);

    view! {
        <SignedIn>
            <SettingsFrame active=SettingsTab::SecurityLog>
                <section class="card" aria-labelledby="log-title">
                    <h2 id="log-title">"Security Log"</h2>
                    <p class="muted">
                        "Sign-ins, wrong codes and every change to two-factor authentication, \
                         newest first."
                    </p>
                    <EventList events=events />
                    {move || {
                        (loaded.get() && events.with(Vec::is_empty))
                            .then(|| view! { <p class="muted">"Nothing recorded yet."</p> })
                    }}
                    <FormError message=error />
                    {move || {
                        next.get()
                            .map(|after| {
                                view! {
                                    <BusyButton
                                        busy=busy
                                        on_click=move |()| load(Some(after.clone()))
                                    >
                                        "Show Older Entries"
                                    </BusyButton>
                                }
                            })
                    }}
                </section>
            </SettingsFrame>
        </SignedIn>
    }
}

fn load_page(
    state: AppState,
    after: Option<String>,
    events: RwSignal<Vec<Event>>,
    next: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    loaded: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) {
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let answer = api::get_events(PAGE, after).await;
        busy.set(false);
        loaded.set(true);
        match answer {
            Ok(page) => {
                events.update(|all| all.extend(page.events));
                next.set(page.next);
            }
            Err(failure) if state.handle_session_failure(&failure) => {}
            Err(failure) => error.set(Some(failure_message(Attempt::Other, &failure))),
        }
    });
}
