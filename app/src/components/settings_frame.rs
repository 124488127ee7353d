//! The Settings frame opened by the button at the top right of the dashboard.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::notice_banner::NoticeBanner;
use super::top_bar::TopBar;

/// The tabs of the Settings frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsTab {
    /// Account: login and two-factor authentication.
    Account,
    /// Personal access tokens.
    AccessTokens,
    /// Signed-in sessions.
    Sessions,
    /// The security log.
    SecurityLog,
}

/// The dashboard with the Settings frame over it: a title, a close button,
/// the tabs, and the active tab's content.
#[component]
pub fn SettingsFrame(
    /// The tab being shown.
    active: SettingsTab,
    /// The tab's content.
    children: Children,
) -> impl IntoView {
    let navigate = use_navigate();
    let tab = move |tab: SettingsTab, href: &'static str, label: &'static str| {
        let current = (tab == active).then_some("page");
        view! {
            <A href=href attr:class="tab" attr:aria-current=current>
                {label}
            </A>
        }
    };
    view! {
        <TopBar />
        <main class="page">
            <NoticeBanner />
            <section class="frame" aria-labelledby="settings-title" data-testid="settings">
                <header class="frame-header">
                    <h1 id="settings-title">"Settings"</h1>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Close settings"
                        on:click=move |_| navigate("/", Default::default())
                    >
                        "×"
                    </button>
                </header>
                <nav class="tabs" aria-label="Settings sections">
                    {tab(SettingsTab::Account, "/settings/account", "Account")}
                    {tab(SettingsTab::AccessTokens, "/settings/tokens", "Access Tokens")}
                    {tab(SettingsTab::Sessions, "/settings/sessions", "Sessions")}
                    {tab(SettingsTab::SecurityLog, "/settings/log", "Security Log")}
                </nav>
                <div class="frame-body">{children()}</div>
            </section>
        </main>
    }
}
