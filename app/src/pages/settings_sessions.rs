//! `/settings/sessions`: the Sessions tab of Settings.

use leptos::prelude::*;

use crate::components::sessions_panel::SessionsPanel;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;

/// Where the account is signed in, and signing other sessions out.
#[component]
pub fn SettingsSessionsPage() -> impl IntoView {
    view! {
        <SignedIn>
            <SettingsFrame active=SettingsTab::Sessions>
                <SessionsPanel />
            </SettingsFrame>
        </SignedIn>
    }
}
