//! What Settings does with security keys and passkeys: add, rename,
//! remove, each after the session's step-up (the password pop-up, with a
//! second factor while two-factor authentication is on). Removing the
//! account's last way to confirm it's you is turning two-factor
//! authentication off, with its own confirmation. What a change did is
//! said in the Two-Factor Authentication section's status line. Signals
//! only, shared by the panel's list and its pop-ups.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::security_keys::{KeyCeremony, KeyKind, SecurityKeyInfo};

use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::security_keys::{list_focus_after_removal, removal, Removal};
use crate::state::AppState;

/// The `id` of the list's heading, where focus goes when the last key
/// row is gone.
pub const KEYS_HEADING_ID: &str = "keys-title";

/// The `id` of a key's button `action` (`rename`, `remove`).
pub fn key_button_id(action: &str, id: u32) -> String {
    format!("key-{id}-{action}")
}

/// A change to the account's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyChange {
    /// Setup2FAKey: the add dialog opens with its ceremony.
    Add(KeyKind),
    /// Rename2FAKey: this key, this name.
    Rename(u32, String),
    /// Remove2FAKey: this key.
    Remove(SecurityKeyInfo),
}

/// The add dialog's ceremony: what kind, and whether the key is the
/// account's first second factor (it turns two-factor authentication on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adding {
    /// Security key or passkey.
    pub kind: KeyKind,
    /// Setup2FAKey's answer.
    pub ceremony: KeyCeremony,
    /// True when this key turns two-factor authentication on.
    pub first: bool,
}

/// The keys' signals.
#[derive(Debug, Clone, Copy)]
pub struct KeyFlows {
    state: AppState,
    /// The section's flows: its status line, and Turn Off.
    pub two_factor: TwoFactorFlows,
    /// The add dialog, open with its ceremony.
    pub adding: RwSignal<Option<Adding>>,
    /// The rename dialog, open for this key.
    pub renaming: RwSignal<Option<SecurityKeyInfo>>,
    /// The removal's confirmation, open for this key.
    pub removing: RwSignal<Option<SecurityKeyInfo>>,
    /// The password pop-up open before this change.
    pub asking: RwSignal<Option<KeyChange>>,
    /// The change whose call runs.
    running: RwSignal<Option<KeyChange>>,
    /// Why the last change failed, in words: in its dialog (rename,
    /// remove), or under the add buttons.
    error: RwSignal<Option<(KeyChange, String)>>,
}

impl KeyFlows {
    /// Nothing open; what changes do is said through `two_factor`.
    pub fn new(state: AppState, two_factor: TwoFactorFlows) -> Self {
        KeyFlows {
            state,
            two_factor,
            adding: RwSignal::new(None),
            renaming: RwSignal::new(None),
            removing: RwSignal::new(None),
            asking: RwSignal::new(None),
            running: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// "Remove" on a key's row: its confirmation, or, for the account's
    /// last way to confirm it's you, Turn Off's.
    pub fn ask_to_remove(self, key: SecurityKeyInfo) {
        self.error.set(None);
        let last = self
            .state
            .account
            .with_untracked(|a| a.as_ref().map(|a| removal(&a.two_factor)))
            == Some(Removal::TurnOff);
        if last {
            self.two_factor.ask_to_confirm(Sensitive::Disable);
        } else {
            self.removing.set(Some(key));
        }
    }

    /// Starts `change`: at once while the session's step-up covers it,
    /// else after the password pop-up.
    pub fn start(self, change: KeyChange) {
        self.error.set(None);
        if self.state.is_elevated(Need::SecondFactor) {
            self.perform(change);
        } else {
            self.state
                .ask_password(move || self.asking.set(Some(change)));
        }
    }

    /// Calls the API for `change`.
    pub fn perform(self, change: KeyChange) {
        self.running.set(Some(change.clone()));
        spawn_local(async move {
            let outcome = self.call(&change).await;
            self.running.set(None);
            match outcome {
                Ok(()) => self.done(&change),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                Err(failure) => match need_after(&failure, Need::SecondFactor) {
                    Some(_) => self.asking.set(Some(change)),
                    None => {
                        let attempt = match change {
                            KeyChange::Add(_) => Attempt::AddKey,
                            _ => Attempt::Other,
                        };
                        let words = failure_message(attempt, &failure);
                        self.error.set(Some((change, words)));
                    }
                },
            }
        });
    }

    async fn call(self, change: &KeyChange) -> Result<(), Failure> {
        match change {
            KeyChange::Add(kind) => {
                let ceremony = api::setup_2fa_key(*kind).await?;
                let first = !self
                    .state
                    .account
                    .with_untracked(|a| a.as_ref().is_some_and(|a| a.two_factor.enabled));
                self.adding.set(Some(Adding {
                    kind: *kind,
                    ceremony,
                    first,
                }));
                Ok(())
            }
            KeyChange::Rename(id, name) => api::rename_2fa_key(*id, name.clone()).await.map(drop),
            KeyChange::Remove(key) => api::remove_2fa_key(key.id).await.map(drop),
        }
    }

    /// What a change did: said, the dialog closed, the account read again
    /// (and, after a removal, focus on the row that took its place).
    fn done(self, change: &KeyChange) {
        let words = match change {
            KeyChange::Add(_) => return,
            KeyChange::Rename(_, name) => {
                self.renaming.set(None);
                messages::key_renamed(name)
            }
            KeyChange::Remove(key) => {
                let next = self.state.account.with_untracked(|a| {
                    a.as_ref()
                        .and_then(|a| list_focus_after_removal(&a.two_factor, key.id))
                });
                self.removing.set(None);
                let target = match next {
                    Some(id) => format!("#{}", key_button_id("remove", id)),
                    None => format!("#{KEYS_HEADING_ID}"),
                };
                browser::focus_when_ready(vec![target, "#tfa-title".into()], true);
                messages::key_removed(&key.name)
            }
        };
        self.two_factor.say(words, None);
        self.state.refresh();
    }

    /// Tracked: true while a change's call runs.
    pub fn is_busy(self) -> Signal<bool> {
        Signal::derive(move || self.running.with(Option::is_some))
    }

    /// Tracked: true while Setup2FAKey runs for `kind`.
    pub fn is_adding(self, kind: KeyKind) -> Signal<bool> {
        Signal::derive(move || self.running.get() == Some(KeyChange::Add(kind)))
    }

    /// Tracked: why the last Add failed (under the add buttons).
    pub fn add_error(self) -> Signal<Option<String>> {
        self.error_where(|change| matches!(change, KeyChange::Add(_)))
    }

    /// Tracked: why the last rename or removal failed (in its dialog).
    pub fn dialog_error(self) -> Signal<Option<String>> {
        self.error_where(|change| !matches!(change, KeyChange::Add(_)))
    }

    fn error_where(self, of: fn(&KeyChange) -> bool) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .and_then(|(change, words)| of(&change).then_some(words))
        })
    }

    /// Says `words` in the open rename dialog (a name it cannot send).
    pub fn refuse_name(self, id: u32, words: String) {
        self.error
            .set(Some((KeyChange::Rename(id, String::new()), words)));
    }

    /// Opens the rename dialog for `key`, with nothing said yet.
    pub fn ask_to_rename(self, key: SecurityKeyInfo) {
        self.error.set(None);
        self.renaming.set(Some(key));
    }

    /// The add dialog closed having added `key` (its words said by the
    /// dialog's owner); the account is read again.
    pub fn added(self, words: String) {
        self.adding.set(None);
        self.two_factor.say(words, None);
        self.state.refresh();
    }
}
