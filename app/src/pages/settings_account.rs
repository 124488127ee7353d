//! `/settings/account`: the Account tab of Settings.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::change_password_panel::ChangePasswordPanel;
use crate::components::settings_frame::{SettingsFrame, SettingsTab};
use crate::components::signed_in::SignedIn;
use crate::components::two_factor_panel::TwoFactorPanel;
use crate::state::use_app_state;

/// The account, its password, its two-factor authentication, and how
/// scripts sign in.
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
                <TwoFactorPanel />
                <section class="card" aria-labelledby="api-title">
                    <h2 id="api-title">"Using the API"</h2>
                    <p>
                        "With two-factor authentication on, scripts that call the API need one \
                         more step: call "
                        <code>"SignIn"</code>
                        " with the login and password, then "
                        <code>"Verify2FACode"</code>
                        " with the session it returns and a six-digit code from your \
                         authentication application (or a recovery code). The answer holds a \
                         session for the following requests."
                    </p>
                    <p>
                        "Scripts that run unattended are better served by a personal access \
                         token: generate one under "
                        <A href="/settings/tokens">"Access Tokens"</A>
                        ", choose the methods it may call, and send it in an "
                        <code>"Authorization: Bearer"</code>
                        " header."
                    </p>
                </section>
            </SettingsFrame>
        </SignedIn>
    }
}
