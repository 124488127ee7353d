//! The ways on from sign-in's code step other than a code.

use leptos::prelude::*;

use super::device_loss_tip::DeviceLossTip;
use crate::logic::code::CodeKind;
use crate::logic::messages;

/// "Use a recovery code instead" (or back to the app's code), the tip on
/// device loss, and "Back to login and password".
#[component]
pub fn CodeStepWays(
    /// The kind of code asked for.
    kind: Signal<CodeKind>,
    /// Called by the switch between the kinds.
    on_switch_kind: Callback<()>,
    /// Called by "Back to login and password".
    on_start_over: Callback<()>,
) -> impl IntoView {
    view! {
        <p class="switch">
            <button
                type="button"
                class="link-button"
                data-testid="switch-code-kind"
                aria-describedby="code-lock"
                on:click=move |_| on_switch_kind.run(())
            >
                {move || messages::use_other_code_kind(kind.get())}
            </button>
        </p>
        <DeviceLossTip at_sign_in=true />
        <p class="switch">
            <button type="button" class="link-button" on:click=move |_| on_start_over.run(())>
                {messages::BACK_TO_PASSWORD}
            </button>
        </p>
    }
}
