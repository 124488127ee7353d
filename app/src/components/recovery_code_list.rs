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
) -> impl IntoView {
    view! {
        <div class="print-area">
            <p class="print-only">"Twofold recovery codes. Each code can be used once."</p>
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
