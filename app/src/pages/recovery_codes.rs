//! `/recovery-codes`: what an account with two-factor authentication on
//! and no recovery code left (typically one that just signed in with its
//! last code) does before anything else: new recovery codes, or turning
//! two-factor authentication off.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::notice_banner::NoticeBanner;
use crate::components::regenerate_codes::RegenerateCodes;
use crate::components::signed_in::SignedIn;
use crate::components::top_bar::TopBar;
use crate::components::two_factor_dialogs::TwoFactorDialogs;
use crate::components::two_factor_flows::{SaidIn, TwoFactorFlows};
use crate::components::two_factor_turn_off::TurnOffButton;
use crate::logic::messages;
use crate::logic::recovery_prompt::{why_no_codes, NoCodesLeft};
use crate::state::use_app_state;

/// Why the person is here, read before any pop-up; then Generate New
/// Recovery Codes or Turn Off Two-Factor Authentication, each behind the
/// step-up. Once either is done, on to the dashboard.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let state = use_app_state();
    let flows = TwoFactorFlows::new(state, SaidIn::NextPage);
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
    let why = move || match why_no_codes(state.recovery_sign_in.get()) {
        NoCodesLeft::LastJustUsed => messages::LAST_RECOVERY_CODE_USED,
        NoCodesLeft::RanOutEarlier => messages::NO_RECOVERY_CODES_LEFT,
    };
    view! {
        <SignedIn regeneration=true>
            <TopBar />
            <main class="page narrow">
                <NoticeBanner />
                <section class="card" aria-labelledby="regeneration-title" data-testid="regeneration">
                    <h1 id="regeneration-title">{messages::NEW_RECOVERY_CODES}</h1>
                    <div class="callout danger" role="note">
                        <strong class="callout-title">{messages::NO_CODES_LEFT_TITLE}</strong>
                        <p data-testid="regeneration-reason">{why}</p>
                    </div>
                    <p>{messages::REGENERATION_EXPLAINED}</p>
                    <div class="actions">
                        <RegenerateCodes label=messages::GENERATE_NEW_CODES testid="regenerate-now" />
                        <TurnOffButton flows=flows />
                    </div>
                    <p class="hint">{messages::REGENERATION_WITHOUT_PHONE}</p>
                </section>
                <TwoFactorDialogs flows=flows />
            </main>
        </SignedIn>
    }
}
