//! The tip on a new or lost phone, shown where it helps.

use leptos::prelude::*;

use crate::logic::messages;

/// The tip: Change Authenticator App for a new phone, a recovery code when
/// the phone is gone.
#[component]
pub fn DeviceLossTip(
    /// Worded for the sign-in code step rather than for Settings.
    #[prop(optional)]
    at_sign_in: bool,
) -> impl IntoView {
    let text = if at_sign_in {
        messages::LOST_PHONE_TIP
    } else {
        messages::NEW_PHONE_TIP
    };
    view! {
        <aside class="tip" role="note" data-testid="device-loss-tip">
            <strong class="callout-title">{messages::TIP}</strong>
            <p>{text}</p>
        </aside>
    }
}
