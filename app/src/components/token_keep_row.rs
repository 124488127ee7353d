//! One access token in the list of tokens to keep.

use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::dated_text::DatedText;
use super::next_id;
use crate::logic::messages;
use crate::logic::token_keep::TokenKeep;

/// A checkbox with the token's description; below, when and from which
/// address it was made, and its last use.
#[component]
pub fn TokenKeepRow(
    /// The token.
    token: AccessToken,
    /// What is ticked; ticking this row keeps its token.
    keep: RwSignal<TokenKeep>,
) -> impl IntoView {
    let id = token.id;
    let facts_id = next_id("keep-token-facts");
    let instants: Vec<u64> = [Some(token.created_at), token.last_used]
        .into_iter()
        .flatten()
        .collect();
    view! {
        <li class="method-option">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("keep-token-{id}")
                    aria-describedby=facts_id.clone()
                    prop:checked=move || keep.with(|k| k.is_kept(id))
                    on:change=move |ev| {
                        let ticked = event_target_checked(&ev);
                        keep.update(|k| k.set_kept(id, ticked));
                    }
                />
                <span class="token-description">{token.description.clone()}</span>
            </label>
            <p class="hint" id=facts_id>
                <DatedText text=messages::token_to_keep_facts(&token) at=instants />
            </p>
        </li>
    }
}
