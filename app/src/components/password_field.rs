//! A password field: its label, its input, and the button that shows what
//! was typed. Sign-in, sign-up and the step-up forms use it.

use leptos::html;
use leptos::prelude::*;

use super::next_id;

/// What a password field holds and its element (cheap to copy), for the
/// form to read, clear and focus.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordInput {
    /// The password as typed; set it to `""` to clear the field.
    pub value: RwSignal<String>,
    /// The input.
    pub node: NodeRef<html::Input>,
}

impl PasswordInput {
    /// Puts the cursor in the field.
    pub fn focus(self) {
        if let Some(input) = self.node.get_untracked() {
            let _ = input.focus();
        }
    }

    /// Shows what was typed (`shown`) or hides it again. The caret and the
    /// selection stay where they were: changing an input's type may move
    /// them, so they are put back while the field has focus.
    fn reveal(self, shown: bool) {
        let Some(input) = self.node.get_untracked() else {
            return;
        };
        let node: &web_sys::Node = &input;
        let focused = document()
            .active_element()
            .is_some_and(|active| active.is_same_node(Some(node)));
        let (start, end) = (input.selection_start(), input.selection_end());
        input.set_type(if shown { "text" } else { "password" });
        if let (true, Ok(Some(start)), Ok(Some(end))) = (focused, start, end) {
            let _ = input.set_selection_range(start, end);
        }
    }
}

/// A labelled password input, described by the form's error text and
/// marked `aria-invalid` while that error is about it, with a "Show
/// password" toggle button (`aria-pressed`). A pointer press on the button
/// leaves focus and caret in the field; from the keyboard, focus stays on
/// the button.
#[component]
pub fn PasswordField(
    /// What the field holds.
    input: PasswordInput,
    /// The label.
    label: &'static str,
    /// The start of the field's document-unique `id` (`password` when left
    /// out).
    #[prop(optional)]
    id_prefix: &'static str,
    /// A fixed `id` instead, for a page with one such field (the sign-in
    /// and sign-up forms).
    #[prop(optional)]
    id: Option<&'static str>,
    /// The browser's `autocomplete`: `current-password` or `new-password`.
    autocomplete: &'static str,
    /// The field a dialog focuses first.
    #[prop(optional)]
    autofocus: bool,
    /// The ids of the texts that describe it (hint, errors).
    #[prop(into)]
    described_by: String,
    /// True while the form's error is about this field.
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let id = id.map_or_else(
        || {
            next_id(if id_prefix.is_empty() {
                "password"
            } else {
                id_prefix
            })
        },
        str::to_owned,
    );
    let value = input.value;
    let shown = RwSignal::new(false);
    view! {
        <label for=id.clone()>{label}</label>
        <div class="password-box">
            <input
                id=id.clone()
                node_ref=input.node
                type="password"
                autocomplete=autocomplete
                data-autofocus=autofocus.then_some("")
                aria-describedby=described_by
                aria-invalid=move || invalid.get().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <button
                type="button"
                class="reveal"
                aria-controls=id
                aria-pressed=move || shown.get().to_string()
                data-testid="show-password"
                // Keeps focus (and the caret) in the field under a pointer.
                on:mousedown=|ev| ev.prevent_default()
                on:click=move |_| {
                    let now_shown = !shown.get_untracked();
                    input.reveal(now_shown);
                    shown.set(now_shown);
                }
            >
                <span class="visually-hidden">"Show password"</span>
            </button>
        </div>
    }
}
