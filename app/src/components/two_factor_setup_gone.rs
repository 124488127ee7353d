//! What takes the QR code's place once its set-up is gone.

use leptos::prelude::*;

use crate::logic::app_setup::SetupEnd;
use crate::logic::messages;

/// "This QR code no longer works": why, to delete the entry just added in
/// the app, and Start Again (the button below). The dead QR code and key
/// are no longer shown, so nobody scans them.
#[component]
pub fn SetupGone(
    /// How the set-up ended.
    end: SetupEnd,
) -> impl IntoView {
    let words = match end {
        SetupEnd::TooManyWrongCodes => messages::SETUP_DISCARDED,
        SetupEnd::NoLongerPending => messages::SETUP_ENDED,
    };
    view! {
        <div class="callout warning" role="alert" data-testid="setup-gone">
            <strong class="callout-title">{messages::QR_NO_LONGER_WORKS}</strong>
            <p>{words}</p>
        </div>
    }
}
