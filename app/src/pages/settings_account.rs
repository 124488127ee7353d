//! `/settings/account`: the Account tab of Settings.

use leptos::prelude::*;

use crate::components::change_password_panel::ChangePasswordPanel;
use crate::components::notice_address_panel::NoticeAddressPanel;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;
use crate::components::two_factor_panel::TwoFactorPanel;
use crate::state::use_app_state;

/// The account, its password and its two-factor authentication. How
/// scripts sign in is for developers, under Access Tokens
/// ([`TokenScriptsHelp`](crate::components::token_scripts_help::TokenScriptsHelp)).
#[component]
pub fn SettingsAccountPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <SignedIn>
            <SettingsFrame active=SettingsTab::Account>
                <section class="card" aria-labelledby="account-title">
                    <h2 id="account-title">"Account"</h2>
                    <dl class="facts">
                        <dt>"Login"</dt>
                        <dd data-testid="account-login">{move || state.login()}</dd>
                        <dt>"Created"</dt>
                        <dd>{move || state.created_on()}</dd>
                    </dl>
                </section>
                <ChangePasswordPanel />
                <NoticeAddressPanel />
                <TwoFactorPanel />
            </SettingsFrame>
        </SignedIn>
    }
}
