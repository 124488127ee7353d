//! The "I've saved my recovery codes" checkbox (the seed's "I've saved the
//! data").

use leptos::prelude::*;

use crate::logic::messages;
use crate::logic::save_gate::SaveGate;

/// The checkbox that alone enables **Done**; Download and Copy tick it.
#[component]
pub fn SavedCheckbox(
    /// Whether the codes were saved.
    gate: RwSignal<SaveGate>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid="saved-checkbox"
                prop:checked=move || gate.get().is_saved()
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    gate.update(|g| g.set_ticked(checked));
                }
            />
            <span>{messages::SAVED_CODES_LABEL}</span>
        </label>
    }
}
