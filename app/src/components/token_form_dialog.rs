//! The Generate and Edit form of a personal access token: description,
//! the methods it may call (a checklist of this API's, and a field for the
//! platform's others), and its expiry (presets, or a day in a date picker).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use twofold_api::tokens::AccessToken;
use twofold_api::Method;

use super::busy_button::BusyButton;
use super::dialog::Dialog;
use super::form_error::FormError;
use super::next_id;
use crate::browser;
use crate::logic::tokens::{self, Draft, ExpiryChoice, Field, TokenSpec};
use crate::logic::{dates, messages};

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
    error: RwSignal<Option<(Option<Field>, String)>>,
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
    let now = browser::now_secs();
    let (date_min, date_max) = tokens::date_bounds(now);

    // What the fields hold, from the token when editing.
    let description = RwSignal::new(
        editing
            .as_ref()
            .map(|t| t.description.clone())
            .unwrap_or_default(),
    );
    let listed = |method: Method| {
        editing
            .as_ref()
            .is_some_and(|t| t.api_list.iter().any(|name| name == method.name()))
    };
    let checked = RwSignal::new(
        tokens::checklist()
            .filter(|&m| listed(m))
            .collect::<Vec<Method>>(),
    );
    let other = RwSignal::new(
        editing
            .as_ref()
            .map(|t| {
                t.api_list
                    .iter()
                    .filter(|name| !tokens::checklist().any(|m| m.name() == name.as_str()))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    );
    let expiry = RwSignal::new(if editing.is_some() {
        ExpiryChoice::Keep
    } else {
        ExpiryChoice::Days(tokens::DEFAULT_DAYS)
    });
    let date = RwSignal::new(String::new());

    let description_id = next_id("token-description");
    let other_id = next_id("token-other-methods");
    let other_hint_id = next_id("token-other-hint");
    let date_id = next_id("token-date");
    let error_id = next_id("token-form-error");
    let description_node = NodeRef::<html::Input>::new();
    let other_node = NodeRef::<html::Input>::new();
    let date_node = NodeRef::<html::Input>::new();

    let message = Signal::derive(move || error.get().map(|(_, words)| words));
    let invalid = move |field: Field| {
        move || {
            error
                .with(|e| e.as_ref().is_some_and(|(at, _)| *at == Some(field)))
                .to_string()
        }
    };
    let focus = move |field: Field| {
        let node = match field {
            Field::Description => description_node,
            Field::Methods => other_node,
            Field::Expiry => date_node,
        };
        if let Some(input) = node.get_untracked() {
            let _ = input.focus();
        }
    };
    // A refusal from the server marks its field: put the cursor there.
    Effect::new(move || {
        if let Some(field) = error.with(|e| e.as_ref().and_then(|(field, _)| *field)) {
            focus(field);
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (description, checked, other, choice, date) = (
            description.get_untracked(),
            checked.get_untracked(),
            other.get_untracked(),
            expiry.get_untracked(),
            date.get_untracked(),
        );
        let draft = Draft {
            description: &description,
            checked: &checked,
            other: &other,
            expiry: choice,
            date: &date,
        };
        match tokens::check(draft, browser::now_secs()) {
            Ok(spec) => {
                error.set(None);
                on_submit.run(spec);
            }
            Err((field, words)) => error.set(Some((Some(field), words))),
        }
    };

    // When the token will stop working, as chosen so far.
    let expires_words = move || {
        let at = match expiry.get() {
            ExpiryChoice::Keep => return None,
            ExpiryChoice::Days(days) => now + days * dates::DAY_SECS,
            ExpiryChoice::Date => dates::parse_iso_date(&date.get())?,
        };
        Some(messages::token_will_expire(at))
    };

    let method_checkbox = move |method: Method| {
        view! {
            <li class="method-option">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || checked.with(|c| c.contains(&method))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            checked
                                .update(|c| {
                                    c.retain(|&m| m != method);
                                    if on {
                                        c.push(method);
                                    }
                                });
                        }
                    />
                    <code>{method.name()}</code>
                </label>
                <p class="hint">{messages::method_purpose(method)}</p>
            </li>
        }
    };
    let radio_name = next_id("token-expiry");
    let expiry_radio = {
        let radio_name = radio_name.clone();
        move |choice: ExpiryChoice, label: String, testid: String| {
            view! {
                <label class="check radio">
                    <input
                        type="radio"
                        name=radio_name.clone()
                        data-testid=testid
                        prop:checked=move || expiry.get() == choice
                        on:change=move |_| expiry.set(choice)
                    />
                    <span>{label}</span>
                </label>
            }
        }
    };
    let keep_option = editing.as_ref().map(|token| {
        expiry_radio(
            ExpiryChoice::Keep,
            messages::keep_expiry(token.expires_at),
            "expiry-keep".into(),
        )
    });
    let presets = tokens::PRESET_DAYS
        .into_iter()
        .map(|days| {
            expiry_radio(
                ExpiryChoice::Days(days),
                messages::days(days),
                format!("expiry-{days}"),
            )
        })
        .collect_view();
    let date_option = expiry_radio(ExpiryChoice::Date, "On a day".into(), "expiry-date".into());

    let (title, action) = if editing.is_some() {
        ("Edit Access Token", "Save")
    } else {
        ("Generate Access Token", "Generate")
    };
    let other_described_by = format!("{other_hint_id} {error_id}");

    view! {
        <Dialog title=title on_close=on_cancel class="wide" testid="token-form">
            <form on:submit=submit novalidate>
                <label for=description_id.clone()>"Description"</label>
                <input
                    id=description_id
                    node_ref=description_node
                    type="text"
                    maxlength="100"
                    autocomplete="off"
                    placeholder="deploy from CI"
                    data-autofocus=""
                    aria-describedby=error_id.clone()
                    aria-invalid=invalid(Field::Description)
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
                <fieldset class="group">
                    <legend>"Methods it may call"</legend>
                    <ul class="method-options" data-testid="token-methods">
                        {tokens::checklist().map(method_checkbox).collect_view()}
                    </ul>
                    <label for=other_id.clone()>"Other platform methods"</label>
                    <input
                        id=other_id
                        node_ref=other_node
                        type="text"
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                        placeholder="env.control.CreateEnvironment"
                        aria-describedby=other_described_by
                        aria-invalid=invalid(Field::Methods)
                        prop:value=move || other.get()
                        on:input=move |ev| other.set(event_target_value(&ev))
                    />
                    <p class="hint" id=other_hint_id>
                        "Methods of the platform's other services, written like \
                         env.control.CreateEnvironment, separated by commas or spaces. Signing \
                         in, passwords, two-factor authentication, tokens and sessions are never \
                         allowed."
                    </p>
                </fieldset>
                <fieldset class="group">
                    <legend>"Expires"</legend>
                    <div class="expiry-options">
                        {keep_option} {presets} {date_option}
                        <input
                            id=date_id.clone()
                            node_ref=date_node
                            type="date"
                            aria-label="Expiry day"
                            min=date_min
                            max=date_max
                            aria-invalid=invalid(Field::Expiry)
                            prop:value=move || date.get()
                            on:input=move |ev| {
                                date.set(event_target_value(&ev));
                                expiry.set(ExpiryChoice::Date);
                            }
                        />
                    </div>
                    <p class="hint" role="status" data-testid="token-expires">{expires_words}</p>
                </fieldset>
                <FormError message=message id=error_id.clone() />
                <div class="dialog-actions">
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
