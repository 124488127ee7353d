//! The token form's expiry: keep it (Edit, Regenerate), a preset, or a day
//! in a date picker, and when the token will stop working as chosen so far.

use leptos::prelude::*;

use super::expiry_option::ExpiryOption;
use super::next_id;
use super::token_expiry_preview::TokenExpiryPreview;
use super::token_fields::TokenFields;
use crate::browser;
use crate::logic::dates::Local;
use crate::logic::messages;
use crate::logic::tokens::{self, ExpiryChoice};

/// **Expires**: the options as radio buttons, the date picker (choosing a
/// day chooses "Until the end of a day", in the browser's time zone), and
/// the preview below.
#[component]
pub fn TokenExpiryPicker(
    /// The form's fields: the option chosen and the day picked.
    fields: TokenFields,
    /// Edit and Regenerate: the token's expiry, offered as "Keep"; `None`
    /// for a new token.
    kept: Option<u64>,
    /// True when the expiry is at fault (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let now = browser::now_secs();
    let (date_min, date_max) = tokens::date_bounds(now, &Local);
    let date_id = next_id("token-date");
    let name = next_id("token-expiry");
    let (expiry, date) = (fields.expiry, fields.date);
    let option = {
        let name = name.clone();
        move |choice: ExpiryChoice, label: String, testid: String| {
            view! {
                <ExpiryOption
                    name=name.clone()
                    choice=choice
                    chosen=expiry
                    label=label
                    testid=testid
                />
            }
        }
    };
    let keep_option = kept.map(|expires_at| {
        option(
            ExpiryChoice::Keep,
            messages::keep_expiry(expires_at),
            "expiry-keep".into(),
        )
    });
    let presets = tokens::PRESET_DAYS
        .into_iter()
        .map(|days| {
            option(
                ExpiryChoice::Days(days),
                messages::days(days),
                format!("expiry-{days}"),
            )
        })
        .collect_view();
    let date_option = option(
        ExpiryChoice::Date,
        messages::EXPIRES_ON_A_DAY.into(),
        "expiry-date".into(),
    );

    view! {
        <fieldset class="group">
            <legend>"Expires"</legend>
            <div class="expiry-options">
                {keep_option} {presets} {date_option}
                <input
                    id=date_id
                    node_ref=fields.date_node
                    type="date"
                    aria-label="Last day it works"
                    min=date_min
                    max=date_max
                    aria-invalid=move || invalid.get().to_string()
                    prop:value=move || date.get()
                    on:input=move |ev| {
                        date.set(event_target_value(&ev));
                        expiry.set(ExpiryChoice::Date);
                    }
                />
            </div>
            <TokenExpiryPreview now=now expiry=expiry date=date />
        </fieldset>
    }
}
