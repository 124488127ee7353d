//! Recovery codes in a grid; used ones struck through.

use leptos::prelude::*;
use twofold_api::account::RecoveryCodeEntry;

use crate::logic::{dates, messages};

/// The codes, in order. Also what the print style sheet prints.
#[component]
pub fn RecoveryCodeList(
    /// The codes to show.
    #[prop(into)]
    codes: Signal<Vec<RecoveryCodeEntry>>,
    /// The account, named on paper as in the downloaded file.
    #[prop(into)]
    login: String,
) -> impl IntoView {
    let heading = messages::printed_codes_heading(&login, &dates::date(crate::browser::now_secs()));
    view! {
        <div class="print-area">
            <p class="print-only">{heading}</p>
            <ol class="codes" data-testid="recovery-codes">
                {move || {
                    codes
                        .get()
                        .into_iter()
                        .map(|code| match code.used_at {
                            None => {
                                view! {
                                    <li data-testid="recovery-code" data-used="false">
                                        <code>{code.code}</code>
                                    </li>
                                }
                                    .into_any()
                            }
                            Some(at) => {
                                view! {
                                    <li
                                        class="used"
                                        data-testid="recovery-code"
                                        data-used="true"
                                        title=messages::used_on(&dates::date_time(at))
                                    >
                                        <s>
                                            <code>{code.code}</code>
                                        </s>
                                        <span class="visually-hidden">" (used)"</span>
                                    </li>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </div>
    }
}
