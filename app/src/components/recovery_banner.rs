//! The dashboard's banner about recovery codes: after a sign-in with one,
//! the count left; when few are left, a one-click path to new ones.

use leptos::prelude::*;

use super::regenerate_codes::RegenerateCodes;
use crate::logic::messages;
use crate::logic::recovery_prompt::RecoveryPrompt;
use crate::state::use_app_state;

/// The banner, when there is something to say (see
/// [`crate::logic::recovery_prompt`]).
#[component]
pub fn RecoveryBanner() -> impl IntoView {
    let state = use_app_state();
    // A memo, so that account updates that change nothing here (such as a
    // confirmed password) leave an open regeneration alone.
    let prompt = Memo::new(move |_| state.recovery_prompt());
    move || {
        let (words, low, dismissible) = match prompt.get() {
            RecoveryPrompt::SignedInWithCode { left, low } => {
                (messages::signed_in_with_recovery_code(left, low), low, true)
            }
            RecoveryPrompt::Low { left } => {
                (messages::recovery_codes_running_low(left), true, false)
            }
            // Regeneration has a screen of its own.
            RecoveryPrompt::Quiet | RecoveryPrompt::MustRegenerate => return None,
        };
        Some(view! {
            <div
                class="notice warning recovery-banner"
                role="status"
                data-testid="recovery-banner"
            >
                <div class="recovery-banner-body">
                    <p>{words}</p>
                    {low.then(|| {
                        view! {
                            <RegenerateCodes
                                label=messages::GENERATE_NEW_CODES
                                testid="banner-regenerate"
                            />
                        }
                    })}
                </div>
                {dismissible.then(|| {
                    view! {
                        <button
                            type="button"
                            class="icon-button"
                            aria-label="Dismiss"
                            on:click=move |_| state.recovery_sign_in.set(None)
                        >
                            "×"
                        </button>
                    }
                })}
            </div>
        })
    }
}
