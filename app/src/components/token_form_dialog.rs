//! The Generate and Edit form of a personal access token: description,
//! the methods it may call (a checklist of this API's, and a field for the
//! platform's others), and its expiry (presets, or a day in a date picker).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use twofold_api::tokens::AccessToken;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::{is_about, words_of, FieldError, FormError};
use super::next_id;
use super::token_description_field::TokenDescriptionField;
use super::token_expiry_picker::TokenExpiryPicker;
use super::token_fields::TokenFields;
use super::token_flows::{token_button_id, GENERATE_BUTTON_ID};
use super::token_methods_picker::TokenMethodsPicker;
use crate::browser;
use crate::logic::tokens::{Field, TokenSpec};

/// What the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenFormMode {
    /// A new token.
    Generate,
    /// Changes to this token.
    Edit(AccessToken),
}

/// The form in a dialog. It checks what was typed (see
/// [`crate::logic::tokens::check`]) and hands the result to `on_submit`,
/// whose owner confirms the password (if this session has not lately) and
/// makes the call.
#[component]
pub fn TokenFormDialog(
    /// Generate or Edit.
    mode: TokenFormMode,
    /// Why the form was refused, and the field at fault; set here for what
    /// is caught before sending, by the owner for the server's refusals.
    error: FieldError<Field>,
    /// True while the owner's call runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the checked form.
    #[prop(into)]
    on_submit: Callback<TokenSpec>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let editing = match &mode {
        TokenFormMode::Generate => None,
        TokenFormMode::Edit(token) => Some(token.clone()),
    };
    let fields = TokenFields::new(editing.as_ref());
    let error_id = next_id("token-form-error");
    // A refusal from the server marks its field: put the cursor there.
    Effect::new(move || {
        if let Some(field) = error.with(|e| e.as_ref().and_then(|(field, _)| *field)) {
            fields.focus(field);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match fields.check(browser::now_secs()) {
            Ok(spec) => {
                error.set(None);
                on_submit.run(spec);
            }
            Err((field, words)) => error.set(Some((Some(field), words))),
        }
    };
    let (title, action) = if editing.is_some() {
        ("Edit Access Token", "Save")
    } else {
        ("Generate Access Token", "Generate")
    };
    // Back to the button that opened the form, even when a pop-up in
    // between took focus.
    let return_focus = editing.as_ref().map_or_else(
        || GENERATE_BUTTON_ID.to_owned(),
        |token| token_button_id("edit", token.id),
    );

    view! {
        <Dialog
            title=title
            on_close=on_cancel
            class="wide"
            testid="token-form"
            return_focus=return_focus
        >
            <form class="token-form" on:submit=submit novalidate>
                <TokenDescriptionField
                    fields=fields
                    error_id=error_id.clone()
                    invalid=is_about(error, Field::Description)
                />
                <TokenMethodsPicker
                    fields=fields
                    error_id=error_id.clone()
                    invalid=is_about(error, Field::Methods)
                />
                <TokenExpiryPicker
                    fields=fields
                    kept=editing.map(|token| token.expires_at)
                    invalid=is_about(error, Field::Expiry)
                />
                <FormError message=words_of(error) id=error_id />
                <div class="dialog-actions" data-testid="token-form-actions">
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <BusyButton busy=busy submit=true class="primary" testid="token-form-submit">
                        {action}
                    </BusyButton>
                </div>
            </form>
        </Dialog>
    }
}
