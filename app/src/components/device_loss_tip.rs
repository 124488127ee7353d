//! The seed's tip on device loss, shown where it helps.

use leptos::prelude::*;

/// The tip: recovery codes are the way back in when the phone is lost.
#[component]
pub fn DeviceLossTip(
    /// Worded for the sign-in code step rather than for Settings.
    #[prop(optional)]
    at_sign_in: bool,
) -> impl IntoView {
    let text = if at_sign_in {
        "Lost your phone? Choose “Use a recovery code instead” and type one of your \
         recovery codes. Then, in Settings > Account, disable two-factor authentication \
         or set it up again on your new device."
    } else {
        "Lost your phone? To turn off two-factor authentication or set it up on a new \
         phone, sign in with one of your recovery codes first."
    };
    view! {
        <aside class="tip" role="note" data-testid="device-loss-tip">
            <strong>"Tip"</strong>
            <p>{text}</p>
        </aside>
    }
}
