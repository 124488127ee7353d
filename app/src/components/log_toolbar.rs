//! The controls above the Security Log: the filter, the one control for
//! every entry's details, and the export.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::log_flows::LogFlows;
use crate::logic::log_export::ExportFormat;
use crate::logic::messages;
use crate::logic::security_log::LogFilter;

/// Show (which kinds), the details checkbox, Export CSV and Export JSON.
#[component]
pub fn LogToolbar(
    /// The tab's flows.
    flows: LogFlows,
    /// True while every entry shows its details.
    details: RwSignal<bool>,
    /// The id of the list the details belong to.
    list_id: &'static str,
) -> impl IntoView {
    let options = LogFilter::CHOICES
        .into_iter()
        .map(|filter| {
            view! {
                <option value=filter.value() selected=move || flows.filter.get() == filter>
                    {messages::filter_label(filter)}
                </option>
            }
        })
        .collect_view();
    let export = move |format: ExportFormat, testid: &'static str, label: &'static str| {
        view! {
            <BusyButton
                busy=Signal::derive(move || flows.exporting.get() == Some(format))
                class="small"
                on_click=move |()| flows.export(format)
                testid=testid
            >
                {label}
            </BusyButton>
        }
    };
    view! {
        <div class="log-toolbar">
            <div class="log-filter">
                <label for="log-filter">{messages::LOG_FILTER}</label>
                <select
                    id="log-filter"
                    data-testid="log-filter"
                    on:change=move |ev| flows.show(LogFilter::from_value(&event_target_value(&ev)))
                >
                    {options}
                </select>
            </div>
            <label class="check log-details">
                <input
                    type="checkbox"
                    data-testid="log-details"
                    aria-controls=list_id
                    prop:checked=move || details.get()
                    on:change=move |ev| details.set(event_target_checked(&ev))
                />
                {messages::SHOW_DETAILS}
            </label>
            <div class="log-export" role="group" aria-describedby="log-export-hint">
                {export(ExportFormat::Csv, "export-csv", messages::EXPORT_CSV)}
                {export(ExportFormat::Json, "export-json", messages::EXPORT_JSON)}
                <p class="hint-inline muted" id="log-export-hint">{messages::EXPORT_EXPLAINED}</p>
            </div>
        </div>
    }
}
