//! `/settings/tokens`: the Access Tokens tab of Settings.

use leptos::prelude::*;

use crate::components::access_tokens_panel::AccessTokensPanel;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;

/// Personal access tokens for scripts: generate, edit, regenerate, remove.
#[component]
pub fn SettingsTokensPage() -> impl IntoView {
    view! {
        <SignedIn>
            <SettingsFrame active=SettingsTab::AccessTokens>
                <AccessTokensPanel />
            </SettingsFrame>
        </SignedIn>
    }
}
