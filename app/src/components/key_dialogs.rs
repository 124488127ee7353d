//! The pop-ups of the keys in Settings: adding, renaming, the removal's
//! confirmation, and the password pop-up before each change.

use leptos::prelude::*;

use super::add_key_dialog::AddKeyDialog;
use super::confirm_dialog::ConfirmDialog;
use super::key_flows::{KeyChange, KeyFlows, KEYS_HEADING_ID};
use super::password_dialog::PasswordDialog;
use super::rename_key_dialog::RenameKeyDialog;
use crate::logic::elevation::Need;
use crate::logic::messages;

/// Whichever pop-up the keys' flows have open.
#[component]
pub fn KeyDialogs(
    /// The keys' flows: what is open, and what the pop-ups start.
    keys: KeyFlows,
) -> impl IntoView {
    view! {
        {move || {
            keys.adding.get().map(|adding| view! { <AddKeyDialog keys=keys adding=adding /> })
        }}
        {move || keys.renaming.get().map(|key| view! { <RenameKeyDialog keys=keys key=key /> })}
        {move || {
            keys.removing
                .get()
                .map(|key| {
                    let question = messages::remove_key_question(&key.name);
                    view! {
                        <ConfirmDialog
                            title=question
                            confirm_label="Remove"
                            danger=true
                            busy=keys.is_busy()
                            error=keys.dialog_error()
                            on_confirm=move |()| keys.start(KeyChange::Remove(key.clone()))
                            on_cancel=move |()| keys.removing.set(None)
                            testid="confirm-remove-key"
                            return_focus=KEYS_HEADING_ID
                        >
                            <p>{messages::REMOVE_KEY_EXPLAINED}</p>
                        </ConfirmDialog>
                    }
                })
        }}
        {move || {
            keys.asking
                .get()
                .map(|change| {
                    view! {
                        <PasswordDialog
                            need=Need::SecondFactor
                            on_confirmed=move |()| {
                                keys.asking.set(None);
                                keys.perform(change.clone());
                            }
                            on_cancel=move |()| keys.asking.set(None)
                        />
                    }
                })
        }}
    }
}
