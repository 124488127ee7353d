//! Freshly issued recovery codes, and the steps to keep them.

use leptos::prelude::*;
use twofold_api::account::RecoveryCodeEntry;

use super::recovery_code_list::RecoveryCodeList;
use super::save_codes_actions::SaveCodesActions;
use super::saved_checkbox::SavedCheckbox;
use crate::logic::messages;
use crate::logic::save_gate::SaveGate;

/// New recovery codes: the seed's note, the codes, Download / Copy / Print,
/// and in the action bar the "I've saved my recovery codes" checkbox and
/// **Done**, enabled by the checkbox alone (Download and Copy tick it).
#[component]
pub fn NewCodes(
    /// The codes, all unused.
    #[prop(into)]
    codes: Signal<Vec<RecoveryCodeEntry>>,
    /// The account, named in the downloaded file.
    #[prop(into)]
    login: String,
    /// Whether the codes were saved; owned by the dialog, which also refuses
    /// to close before.
    gate: RwSignal<SaveGate>,
    /// Called on **Done**.
    #[prop(into)]
    on_done: Callback<()>,
    /// A hint shown when closing was refused.
    #[prop(into)]
    hint: Signal<Option<String>>,
) -> impl IntoView {
    let [before, stressed, after] = messages::SAVE_CODES_NOTE;
    view! {
        <div class="callout danger" role="note">
            <strong class="callout-title">{messages::NOTE}</strong>
            // One flowing sentence: the stressed words stay inline.
            <p data-testid="save-codes-note">
                {before}
                <strong>{stressed}</strong>
                {after}
            </p>
        </div>
        <RecoveryCodeList codes=codes login=login.clone() />
        <SaveCodesActions
            codes=codes
            login=login
            on_saved=move |()| gate.update(SaveGate::record_download)
        />
        // The checkbox that enables Done stays beside it, in the action bar
        // that stays in sight.
        <div class="dialog-actions save-bar">
            <p class="hint" role="status">
                {move || hint.get()}
            </p>
            <SavedCheckbox gate=gate />
            <button
                type="button"
                class="button primary"
                data-testid="done"
                disabled=move || !gate.get().can_finish()
                on:click=move |_| {
                    if gate.get_untracked().can_finish() {
                        on_done.run(());
                    }
                }
            >
                "Done"
            </button>
        </div>
    }
}
