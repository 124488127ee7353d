//! The only screen of a session whose account an operator reset: a new
//! password comes before anything else.

use leptos::prelude::*;

use super::change_password_form::ChangePasswordForm;
use super::notice_banner::NoticeBanner;
use super::top_bar::TopBar;
use crate::logic::messages;
use crate::state::{use_app_state, Tone};

/// **Choose a New Password**: why (an operator reset two-factor
/// authentication), what it ends, and the Change Password form without a
/// code (2FA is off after a reset) or a keep list (every token ends).
/// Once the password is changed, the account shows as it is and the
/// screen gives way to the one asked for.
#[component]
pub fn ChoosePasswordScreen() -> impl IntoView {
    let state = use_app_state();
    let changed = move |_| {
        state.show_notice(Tone::Success, messages::NEW_PASSWORD_CHOSEN);
        state.refresh();
    };
    view! {
        <TopBar without_settings=true />
        <main class="page narrow">
            <NoticeBanner />
            <section class="card" aria-labelledby="choose-password-title" data-testid="choose-password">
                <h1 id="choose-password-title">"Choose a New Password"</h1>
                <div class="callout warning" role="note">
                    <p data-testid="choose-password-reason">{messages::OPERATOR_RESET_EXPLAINED}</p>
                </div>
                <p>{messages::OPERATOR_RESET_ENDS}</p>
                <ChangePasswordForm on_changed=changed />
            </section>
        </main>
    }
}
