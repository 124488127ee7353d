//! "Rename Key": a key's new name.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use twofold_api::security_keys::SecurityKeyInfo;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::key_flows::{KeyChange, KeyFlows};
use super::next_id;
use crate::logic::messages;
use crate::logic::security_keys::key_name;

/// "Name" holding the key's name, Cancel and Save (after the password
/// pop-up when the session's step-up does not cover it).
#[component]
pub fn RenameKeyDialog(
    /// The keys' flows, which rename it and close the dialog.
    keys: KeyFlows,
    /// The key renamed.
    key: SecurityKeyInfo,
) -> impl IntoView {
    let name = RwSignal::new(key.name.clone());
    let (field_id, hint_id) = (next_id("rename-key"), next_id("rename-key-hint"));
    let error_id = next_id("rename-key-error");
    let described_by = format!("{hint_id} {error_id}");
    let error = keys.dialog_error();
    let id = key.id;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if keys.is_busy().get_untracked() {
            return;
        }
        match key_name(&name.get_untracked()) {
            Ok(name) => keys.start(KeyChange::Rename(id, name)),
            Err(words) => keys.refuse_name(id, words),
        }
    };
    view! {
        <Dialog
            title=messages::RENAME_KEY
            on_close=move |()| keys.renaming.set(None)
            testid="rename-key-dialog"
        >
            <form on:submit=submit novalidate>
                <label for=field_id.clone()>"Name"</label>
                <input
                    id=field_id
                    type="text"
                    autocomplete="off"
                    data-autofocus=""
                    aria-describedby=described_by
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    data-testid="key-name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="hint" id=hint_id>{messages::KEY_NAME_HINT}</p>
                <FormError message=error id=error_id />
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| keys.renaming.set(None)>
                        "Cancel"
                    </button>
                    <BusyButton busy=keys.is_busy() submit=true class="primary" testid="rename-key-save">
                        "Save"
                    </BusyButton>
                </div>
            </form>
        </Dialog>
    }
}
