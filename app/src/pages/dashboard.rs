//! `/`: the dashboard, with Settings at the top right.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use twofold_api::events::Event;

use crate::api;
use crate::components::away_card::AwayCard;
use crate::components::dated_text::DatedText;
use crate::components::event_list::EventList;
use crate::components::notice_banner::NoticeBanner;
use crate::components::recovery_banner::RecoveryBanner;
use crate::components::security_card::SecurityCard;
use crate::components::signed_in::SignedIn;
use crate::components::top_bar::TopBar;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::state::use_app_state;

/// Recent entries shown on the dashboard.
const RECENT: u32 = 5;

/// The signed-in home: what happened since the last visit, a welcome, the
/// state of account security, and the latest security-log entries; above
/// them, the recovery-code banner when codes were spent or run low.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <SignedIn>
            <TopBar />
            <main class="page">
                <NoticeBanner />
                <RecoveryBanner />
                <h1>"Dashboard"</h1>
                <div class="grid">
                    <AwayCard />
                    <Welcome />
                    <SecurityCard />
                    <RecentActivity />
                </div>
            </main>
        </SignedIn>
    }
}

/// Who is signed in and since when the account exists.
#[component]
fn Welcome() -> impl IntoView {
    let state = use_app_state();
    let created_at = move || {
        state
            .account
            .with(|a| a.iter().map(|a| a.created_at).collect())
    };
    view! {
        <section class="card">
            <h2>{move || messages::welcome(&state.login())}</h2>
            <p class="muted" data-testid="account-created">
                <DatedText text=Signal::derive(move || messages::account_created(&state.created_on()))
                    at=Signal::derive(created_at) />
            </p>
        </section>
    }
}

/// The newest security-log entries.
#[component]
fn RecentActivity() -> impl IntoView {
    let state = use_app_state();
    let events = RwSignal::new(Vec::<Event>::new());
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::get_events(RECENT, None, None).await {
            Ok(page) => events.set(page.events),
            Err(failure) if state.handle_session_failure(&failure) => {}
            Err(failure) => error.set(Some(failure_message(Attempt::Other, &failure))),
        }
    });
    view! {
        <section class="card wide-card">
            <h2>"Recent Activity"</h2>
            <EventList events=events />
            <p class="form-error">{move || error.get()}</p>
            <A href="/settings/log">{messages::SEE_THE_WHOLE_LOG}</A>
        </section>
    }
}
