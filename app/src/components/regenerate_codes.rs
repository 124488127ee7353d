//! The one-click path to new recovery codes, for the dashboard's banner and
//! the regeneration screen: a button, the password pop-up when this session
//! has not confirmed it lately, then the new codes with their save gate.
//! Nothing starts before the click: the screen around it says why first.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::password_dialog::PasswordDialog;
use super::recovery_codes_dialog::{CodesView, RecoveryCodesDialog};
use crate::api;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{failure_message, Attempt};
use crate::state::{use_app_state, AppState};

/// The flow's signals.
#[derive(Debug, Clone, Copy)]
struct Regeneration {
    state: AppState,
    asking: RwSignal<bool>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    codes: RwSignal<Option<CodesView>>,
}

impl Regeneration {
    /// At once while the session's step-up (with a second factor) holds,
    /// else after the password pop-up.
    fn start(self) {
        self.error.set(None);
        if self.state.is_elevated(Need::SecondFactor) {
            self.perform();
        } else {
            let asking = self.asking;
            self.state.ask_password(move || asking.set(true));
        }
    }

    fn perform(self) {
        self.busy.set(true);
        spawn_local(async move {
            let answer = api::regenerate_recovery_codes().await;
            self.busy.set(false);
            match answer {
                Ok(codes) => self.codes.set(Some(CodesView {
                    codes,
                    regenerated: true,
                    confirming: false,
                })),
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                // The step-up ran out between the check and the call.
                Err(failure) if need_after(&failure, Need::SecondFactor).is_some() => {
                    self.asking.set(true);
                }
                Err(failure) => self
                    .error
                    .set(Some(failure_message(Attempt::Other, &failure))),
            }
        });
    }
}

/// A button that generates new recovery codes: the password pop-up if
/// needed, then the codes, which must be saved before the dialog closes.
#[component]
pub fn RegenerateCodes(
    /// The button's label.
    #[prop(into)]
    label: String,
    /// `data-testid` of the button.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let state = use_app_state();
    let flow = Regeneration {
        state,
        asking: RwSignal::new(false),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        codes: RwSignal::new(None),
    };

    view! {
        <BusyButton busy=flow.busy class="primary" on_click=move |()| flow.start() testid=testid>
            {label}
        </BusyButton>
        <FormError message=flow.error />
        {move || {
            flow.asking
                .get()
                .then(|| {
                    view! {
                        <PasswordDialog
                            need=Need::SecondFactor
                            on_confirmed=move |()| {
                                flow.asking.set(false);
                                flow.perform();
                            }
                            on_cancel=move |()| flow.asking.set(false)
                        />
                    }
                })
        }}
        {move || {
            flow.codes
                .get()
                .map(|view| {
                    let left = view.codes.left;
                    let version = view.codes.version;
                    view! {
                        <RecoveryCodesDialog
                            view=view
                            on_close=move |_saved: bool| {
                                flow.codes.set(None);
                                state.record_new_recovery_codes(left, version);
                            }
                            // New codes have no "generate new ones" link.
                            on_regenerate=move |()| {}
                        />
                    }
                })
        }}
    }
}
