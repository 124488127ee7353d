//! `/recovery-codes`: new recovery codes before anything else, for an
//! account with two-factor authentication on and no recovery code left
//! (typically one that just signed in with its last code).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::notice_banner::NoticeBanner;
use crate::components::regenerate_codes::RegenerateCodes;
use crate::components::signed_in::SignedIn;
use crate::components::top_bar::TopBar;
use crate::logic::messages;
use crate::state::use_app_state;

/// Why the person is here, the password pop-up (with a code) at once, then
/// the new codes; once they are saved, on to the dashboard.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    Effect::new(move || {
        if state.account.with(Option::is_some) && !state.must_regenerate() {
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let why = move || {
        if state.recovery_sign_in.get() == Some(0) {
            messages::LAST_RECOVERY_CODE_USED
        } else {
            messages::NO_RECOVERY_CODES_LEFT
        }
    };
    view! {
        <SignedIn regeneration=true>
            <TopBar />
            <main class="page narrow">
                <NoticeBanner />
                <section class="card" aria-labelledby="regeneration-title" data-testid="regeneration">
                    <h1 id="regeneration-title">"New Recovery Codes"</h1>
                    <div class="callout danger" role="note">
                        <strong>"No recovery codes left"</strong>
                        <p data-testid="regeneration-reason">{why}</p>
                    </div>
                    <p>{messages::REGENERATION_EXPLAINED}</p>
                    <div class="actions">
                        <RegenerateCodes
                            label="Generate New Recovery Codes"
                            at_once=true
                            testid="regenerate-now"
                        />
                    </div>
                </section>
            </main>
        </SignedIn>
    }
}
