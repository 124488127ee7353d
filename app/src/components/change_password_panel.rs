//! The Change Password part of Settings > Account: a button that, after the
//! password pop-up when the session is not confirmed, opens the Change
//! Password dialog.

use leptos::prelude::*;

use super::change_password_dialog::ChangePasswordDialog;
use super::password_dialog::PasswordDialog;
use crate::logic::messages;
use crate::state::{use_app_state, Tone};

/// Which pop-up is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// "Confirm Your Password", before the form.
    Confirm,
    /// The Change Password form.
    Form,
}

/// The Change Password section and its pop-ups.
#[component]
pub fn ChangePasswordPanel() -> impl IntoView {
    let state = use_app_state();
    let open = RwSignal::new(None::<Open>);
    let start = move || {
        if state.is_elevated() {
            open.set(Some(Open::Form));
        } else {
            state.ask_password(move || open.set(Some(Open::Confirm)));
        }
    };
    view! {
        <section class="card" aria-labelledby="password-title" data-testid="change-password">
            <h2 id="password-title">"Change Password"</h2>
            <p>
                "Choose a new password for signing in. Your other sessions will be signed out, \
                 so anyone who knew the old password loses access."
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="change-password-button"
                    on:click=move |_| start()
                >
                    "Change Password"
                </button>
            </div>
        </section>
        {move || match open.get() {
            Some(Open::Confirm) => {
                Some(
                    view! {
                        <PasswordDialog
                            on_confirmed=move |()| open.set(Some(Open::Form))
                            on_cancel=move |()| open.set(None)
                        />
                    }
                        .into_any(),
                )
            }
            Some(Open::Form) => {
                Some(
                    view! {
                        <ChangePasswordDialog
                            on_changed=move |()| {
                                open.set(None);
                                state.show_notice(Tone::Success, messages::PASSWORD_CHANGED);
                                state.refresh();
                            }
                            on_confirmation_needed=move |()| open.set(Some(Open::Confirm))
                            on_cancel=move |()| open.set(None)
                        />
                    }
                        .into_any(),
                )
            }
            None => None,
        }}
    }
}
