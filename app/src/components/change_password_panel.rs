//! The Change Password part of Settings > Account: a button that opens the
//! Change Password dialog.

use leptos::prelude::*;
use twofold_api::account::ChangePasswordResponse;

use super::change_password_dialog::ChangePasswordDialog;
use crate::logic::messages;
use crate::state::{use_app_state, Tone};

/// The Change Password section and its dialog. The form asks for the
/// current password itself; the button only checks first that this
/// browser's session is still live (a stale tab says it ended instead).
#[component]
pub fn ChangePasswordPanel() -> impl IntoView {
    let state = use_app_state();
    let open = RwSignal::new(false);
    let changed = move |answer: ChangePasswordResponse| {
        open.set(false);
        state.show_notice(
            Tone::Success,
            messages::password_changed(answer.tokens_ended),
        );
        state.refresh();
    };
    view! {
        <section class="card" aria-labelledby="password-title" data-testid="change-password">
            <h2 id="password-title">"Change Password"</h2>
            <p>{messages::CHANGE_PASSWORD_EXPLAINED}</p>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="change-password-button"
                    on:click=move |_| state.ask_password(move || open.set(true))
                >
                    "Change Password"
                </button>
            </div>
        </section>
        {move || {
            open.get()
                .then(|| {
                    view! {
                        <ChangePasswordDialog
                            on_changed=changed
                            on_cancel=move |()| open.set(false)
                        />
                    }
                })
        }}
    }
}
