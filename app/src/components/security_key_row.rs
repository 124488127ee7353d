//! One security key or passkey in the list of ways to confirm it's you.

use leptos::prelude::*;
use twofold_api::security_keys::SecurityKeyInfo;

use super::key_flows::{key_button_id, KeyFlows};
use super::time::Time;
use crate::logic::messages;

/// The key's name, its kind in plain words, when it was added and last
/// used, Rename and Remove (each named with the key for screen readers,
/// each with an `id` focus can return to).
#[component]
pub fn SecurityKeyRow(
    /// The key, as GetAccount lists it.
    key: SecurityKeyInfo,
    /// The keys' flows, which the buttons start.
    keys: KeyFlows,
) -> impl IntoView {
    let last_used = match key.last_used_at {
        Some(at) => view! { <Time at=at /> }.into_any(),
        None => messages::NEVER_USED.into_any(),
    };
    let (rename_label, remove_label) = (
        messages::key_action_label("Rename", &key.name),
        messages::key_action_label("Remove", &key.name),
    );
    let (for_rename, for_remove) = (key.clone(), key.clone());
    view! {
        <li class="token-row factor-row" data-testid="security-key">
            <div class="token-head">
                <strong class="token-description" data-testid="security-key-name">
                    {key.name.clone()}
                </strong>
            </div>
            <dl class="facts token-facts">
                <dt>"Kind"</dt>
                <dd data-testid="security-key-kind">{messages::key_kind(key.kind)}</dd>
                <dt>"Added"</dt>
                <dd>
                    <Time at=key.added_at />
                </dd>
                <dt>"Last used"</dt>
                <dd data-testid="security-key-last-used">{last_used}</dd>
            </dl>
            <div class="actions">
                <button
                    type="button"
                    id=key_button_id("rename", key.id)
                    class="button small"
                    aria-label=rename_label
                    data-testid="rename-key"
                    on:click=move |_| keys.ask_to_rename(for_rename.clone())
                >
                    "Rename"
                </button>
                <button
                    type="button"
                    id=key_button_id("remove", key.id)
                    class="button small danger-outline"
                    aria-label=remove_label
                    data-testid="remove-key"
                    on:click=move |_| keys.ask_to_remove(for_remove.clone())
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}
