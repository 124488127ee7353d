//! The ways an account with two-factor authentication on can confirm it's
//! its owner: the authenticator app, and each security key or passkey.

use leptos::prelude::*;
use twofold_api::account::TwoFactorState;

use super::add_key_buttons::AddKeyButtons;
use super::key_flows::{KeyFlows, KEYS_HEADING_ID};
use super::security_key_row::SecurityKeyRow;
use crate::logic::messages;

/// "Ways to confirm it's you": the authenticator app when it is set up,
/// then the keys, oldest first, then adding another.
#[component]
pub fn FactorList(
    /// The account's two-factor state.
    #[prop(into)]
    two_factor: Signal<Option<TwoFactorState>>,
    /// The keys' flows, which the rows and buttons start.
    keys: KeyFlows,
) -> impl IntoView {
    let app = move || {
        two_factor
            .with(|t| t.as_ref().is_some_and(|t| t.authenticator_app))
            .then(|| {
                view! {
                    <li class="token-row factor-row" data-testid="factor-app">
                        <div class="token-head">
                            <strong>{messages::AUTHENTICATOR_APP}</strong>
                        </div>
                        <p class="hint">{messages::AUTHENTICATOR_APP_ROW}</p>
                    </li>
                }
            })
    };
    let rows = move || {
        two_factor
            .with(|t| {
                t.as_ref()
                    .map(|t| t.security_keys.clone())
                    .unwrap_or_default()
            })
            .into_iter()
            .map(|key| view! { <SecurityKeyRow key=key keys=keys /> })
            .collect_view()
    };
    view! {
        <div class="factors" data-testid="factors">
            <h3 id=KEYS_HEADING_ID tabindex="-1">{messages::FACTORS_HEADING}</h3>
            <ul class="token-list factor-list">{app} {rows}</ul>
            <AddKeyButtons keys=keys />
        </div>
    }
}
