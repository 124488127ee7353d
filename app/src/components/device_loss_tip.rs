//! The tip on a new or lost phone, in Settings (sign-in's code step words
//! its own: [`crate::logic::sign_in::Ways::tip`]).

use leptos::prelude::*;

use crate::logic::messages;

/// The tip: Change Authenticator App for a new phone, a recovery code when
/// the phone is gone.
#[component]
pub fn DeviceLossTip() -> impl IntoView {
    view! {
        <aside class="tip" role="note" data-testid="device-loss-tip">
            <strong class="callout-title">{messages::TIP}</strong>
            <p>{messages::NEW_PHONE_TIP}</p>
        </aside>
    }
}
