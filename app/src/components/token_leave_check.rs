//! "Close without saving?" inside a new token's value dialog.

use leptos::html;
use leptos::prelude::*;

use crate::browser;
use crate::logic::messages;

/// While `asking`: that the value was neither copied nor downloaded and
/// will be lost, with "Keep It Open" (focused: the safe choice) and
/// "Close Without Saving". Once the question goes without closing the
/// dialog, focus goes to Copy.
#[component]
pub fn TokenLeaveCheck(
    /// True while the question is open; Keep It Open sets it false.
    asking: RwSignal<bool>,
    /// Called by Close Without Saving.
    #[prop(into)]
    on_leave: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<html::Button>::new();
    Effect::new(move |was_asking: Option<bool>| {
        let now = asking.get();
        if now {
            if let Some(button) = keep.get() {
                let _ = button.focus();
            }
        } else if was_asking == Some(true) {
            browser::focus_when_ready(vec!["[data-testid=copy-token]".into()], false);
        }
        now
    });
    move || {
        asking.get().then(|| {
            view! {
                <div class="callout danger" role="alert" data-testid="token-leave-check">
                    <p>{messages::TOKEN_NOT_SAVED_YET}</p>
                    <div class="code-actions">
                        <button
                            type="button"
                            class="button"
                            node_ref=keep
                            on:click=move |_| asking.set(false)
                        >
                            "Keep It Open"
                        </button>
                        <button
                            type="button"
                            class="button danger"
                            on:click=move |_| on_leave.run(())
                        >
                            "Close Without Saving"
                        </button>
                    </div>
                </div>
            }
        })
    }
}
