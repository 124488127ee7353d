//! What the token form's fields hold and their elements: one value for
//! the dialog and its fieldsets to share.

use leptos::html;
use leptos::prelude::*;
use twofold_api::tokens::AccessToken;
use twofold_api::Method;

use crate::logic::dates::Local;
use crate::logic::tokens::{self, Draft, ExpiryChoice, Field, TokenSpec};

/// The Generate and Edit form as typed (signals only, cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct TokenFields {
    /// Description.
    pub description: RwSignal<String>,
    /// The ticked methods of the checklist.
    pub checked: RwSignal<Vec<Method>>,
    /// The other methods, as typed.
    pub other: RwSignal<String>,
    /// The expiry option.
    pub expiry: RwSignal<ExpiryChoice>,
    /// The date picker's value.
    pub date: RwSignal<String>,
    /// The description's input, focused when it is at fault.
    pub description_node: NodeRef<html::Input>,
    /// The other methods' input, focused when the methods are at fault.
    pub other_node: NodeRef<html::Input>,
    /// The date picker, focused when the expiry is at fault.
    pub date_node: NodeRef<html::Input>,
}

impl TokenFields {
    /// An empty form for a new token, or `editing`'s values: its
    /// description, its methods of the checklist ticked and the others
    /// typed, and its expiry kept.
    pub fn new(editing: Option<&AccessToken>) -> Self {
        let description = editing.map(|t| t.description.clone()).unwrap_or_default();
        let listed = |method: Method| {
            editing.is_some_and(|t| t.api_list.iter().any(|name| name == method.name()))
        };
        let checked = tokens::checklist()
            .filter(|&m| listed(m))
            .collect::<Vec<Method>>();
        let other = editing
            .map(|t| {
                t.api_list
                    .iter()
                    .filter(|name| !tokens::checklist().any(|m| m.name() == name.as_str()))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let expiry = if editing.is_some() {
            ExpiryChoice::Keep
        } else {
            ExpiryChoice::Days(tokens::DEFAULT_DAYS)
        };
        TokenFields {
            description: RwSignal::new(description),
            checked: RwSignal::new(checked),
            other: RwSignal::new(other),
            expiry: RwSignal::new(expiry),
            date: RwSignal::new(String::new()),
            description_node: NodeRef::new(),
            other_node: NodeRef::new(),
            date_node: NodeRef::new(),
        }
    }

    /// The form checked at `now` in the browser's time zone (see
    /// [`crate::logic::tokens::check`]).
    pub fn check(self, now: u64) -> Result<TokenSpec, (Field, String)> {
        let (description, checked, other, choice, date) = (
            self.description.get_untracked(),
            self.checked.get_untracked(),
            self.other.get_untracked(),
            self.expiry.get_untracked(),
            self.date.get_untracked(),
        );
        let draft = Draft {
            description: &description,
            checked: &checked,
            other: &other,
            expiry: choice,
            date: &date,
        };
        tokens::check(draft, now, &Local)
    }

    /// The expiry chosen, checked at `now` in the browser's time zone:
    /// `None` to keep the token's own (see
    /// [`crate::logic::tokens::expiry_at`]).
    pub fn expiry_at(self, now: u64) -> Result<Option<u64>, &'static str> {
        let date = self.date.get_untracked();
        tokens::expiry_at(self.expiry.get_untracked(), &date, now, &Local)
    }

    /// Puts the cursor in the input of `field`.
    pub fn focus(self, field: Field) {
        let node = match field {
            Field::Description => self.description_node,
            Field::Methods => self.other_node,
            Field::Expiry => self.date_node,
        };
        if let Some(input) = node.get_untracked() {
            let _ = input.focus();
        }
    }
}
