//! The Two-Factor Authentication part of Settings > Account: its state and
//! the Set Up, View Recovery Codes and Disable flows with their pop-ups.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::Setup2FAResponse;
use twofold_api::ResultCode;

use super::busy_button::BusyButton;
use super::confirm_dialog::ConfirmDialog;
use super::device_loss_tip::DeviceLossTip;
use super::form_error::FormError;
use super::password_dialog::PasswordDialog;
use super::recovery_codes_dialog::{CodesView, RecoveryCodesDialog};
use super::setup_wizard::SetupWizard;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::dates;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::state::{use_app_state, AppState, Tone};

/// A change that needs a recently confirmed password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sensitive {
    SetUp,
    ViewCodes,
    /// View the codes to confirm saving them (a set-up left at step 2).
    ConfirmCodes,
    Regenerate,
    Disable,
}

impl Sensitive {
    /// What the change needs from the session's step-up: Setup2FA the
    /// password (2FA is off then), the others a second factor too.
    fn need(self) -> Need {
        match self {
            Sensitive::SetUp => Need::Password,
            _ => Need::SecondFactor,
        }
    }
}

/// The panel's signals: which pop-up is open, which call runs, what failed.
#[derive(Debug, Clone, Copy)]
struct Flows {
    state: AppState,
    setup: RwSignal<Option<Setup2FAResponse>>,
    codes: RwSignal<Option<CodesView>>,
    /// The "are you sure?" pop-up open for Regenerate or Disable.
    confirming: RwSignal<Option<Sensitive>>,
    /// The password pop-up open before this change, asking for this.
    asking: RwSignal<Option<(Sensitive, Need)>>,
    busy: RwSignal<Option<Sensitive>>,
    error: RwSignal<Option<(Sensitive, String)>>,
}

impl Flows {
    fn new(state: AppState) -> Self {
        Flows {
            state,
            setup: RwSignal::new(None),
            codes: RwSignal::new(None),
            confirming: RwSignal::new(None),
            asking: RwSignal::new(None),
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Starts `change`: at once while the session's step-up covers it,
    /// else after the password pop-up. Disabling always asks, as the seed
    /// describes.
    fn start(self, change: Sensitive) {
        self.error.set(None);
        let need = change.need();
        if change != Sensitive::Disable && self.state.is_elevated(need) {
            self.perform(change);
        } else {
            self.state
                .ask_password(move || self.asking.set(Some((change, need))));
        }
    }

    /// Opens the confirmation pop-up of `change` (regenerate, disable),
    /// clearing the last error.
    fn ask_to_confirm(self, change: Sensitive) {
        self.error.set(None);
        self.confirming.set(Some(change));
    }

    /// Calls the API for `change`.
    fn perform(self, change: Sensitive) {
        self.busy.set(Some(change));
        self.error.set(None);
        spawn_local(async move {
            let outcome: Result<(), Failure> = match change {
                Sensitive::SetUp => api::setup_2fa()
                    .await
                    .map(|setup| self.setup.set(Some(setup))),
                Sensitive::ViewCodes | Sensitive::ConfirmCodes => {
                    api::view_recovery_codes().await.map(|codes| {
                        self.codes.set(Some(CodesView {
                            codes,
                            regenerated: false,
                            confirming: change == Sensitive::ConfirmCodes,
                        }))
                    })
                }
                Sensitive::Regenerate => api::regenerate_recovery_codes().await.map(|codes| {
                    self.confirming.set(None);
                    self.codes.set(Some(CodesView {
                        codes,
                        regenerated: true,
                        confirming: false,
                    }));
                }),
                Sensitive::Disable => api::disable_2fa().await.map(|_| {
                    self.confirming.set(None);
                    self.state
                        .show_notice(Tone::Success, messages::TWO_FACTOR_TURNED_OFF);
                }),
            };
            self.busy.set(None);
            match outcome {
                Ok(()) if change == Sensitive::Disable => {
                    // The Disable button is gone with 2FA: focus goes to the
                    // section, which now says Off.
                    self.state.reload().await;
                    browser::focus_when_ready(vec!["#tfa-title".into()], true);
                }
                Ok(()) => {}
                Err(failure) if self.state.handle_session_failure(&failure) => {}
                // 2FA changed elsewhere: show the state as it is now.
                Err(failure)
                    if failure.is(ResultCode::TwoFactorAlreadyEnabled)
                        || failure.is(ResultCode::TwoFactorNotEnabled) =>
                {
                    self.confirming.set(None);
                    let words = failure_message(Attempt::Other, &failure);
                    self.state.refresh();
                    self.state.show_notice(Tone::Warning, words);
                }
                Err(failure) => match need_after(&failure, change.need()) {
                    // The step-up ran out between the check and the call,
                    // or lacked the second factor.
                    Some(need) => self.asking.set(Some((change, need))),
                    None => {
                        let words = failure_message(Attempt::Other, &failure);
                        self.error.set(Some((change, words)));
                    }
                },
            }
        });
    }

    fn is_busy(self, change: Sensitive) -> Signal<bool> {
        Signal::derive(move || self.busy.get() == Some(change))
    }

    fn error_of(self, change: Sensitive) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .and_then(|(failed, words)| (failed == change).then_some(words))
        })
    }
}

/// The state of 2FA and its buttons, and every pop-up they open.
#[component]
pub fn TwoFactorPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = Flows::new(state);
    let two_factor = Memo::new(move |_| {
        state
            .account
            .with(|a| a.as_ref().map(|a| a.two_factor.clone()))
    });
    let enabled = Memo::new(move |_| two_factor.with(|t| t.as_ref().is_some_and(|t| t.enabled)));

    let on_view = move || {
        let since = move || {
            two_factor
                .with(|t| t.as_ref().and_then(|t| t.enabled_at))
                .map(dates::date_time)
        };
        let left = move || two_factor.with(|t| t.as_ref().map_or(0, |t| t.recovery_codes_left));
        let viewable =
            move || two_factor.with(|t| t.as_ref().is_some_and(|t| t.recovery_codes_viewable));
        let unconfirmed = move || {
            state.codes_unconfirmed().then(|| {
                let action = if viewable() {
                    view! {
                        <BusyButton
                            busy=flows.is_busy(Sensitive::ConfirmCodes)
                            class="primary"
                            on_click=move |()| flows.start(Sensitive::ConfirmCodes)
                            testid="confirm-codes"
                        >
                            "View and Save Recovery Codes"
                        </BusyButton>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button primary"
                            data-testid="confirm-codes"
                            on:click=move |_| flows.ask_to_confirm(Sensitive::Regenerate)
                        >
                            "Generate New Recovery Codes"
                        </button>
                    }
                    .into_any()
                };
                view! {
                    <div class="callout warning" role="note" data-testid="codes-unconfirmed">
                        <strong>"Recovery codes not confirmed"</strong>
                        <p>{messages::CODES_NOT_CONFIRMED}</p>
                        <div class="actions">{action}</div>
                        <FormError message=flows.error_of(Sensitive::ConfirmCodes) />
                    </div>
                }
            })
        };
        view! {
            {unconfirmed}
            <p class="status" data-testid="tfa-status">
                <span class="badge on">"On"</span>
                {move || messages::two_factor_on(since().as_deref())}
            </p>
            <p class="codes-summary" class:low=move || left() <= 2 data-testid="codes-left-summary">
                {move || messages::recovery_codes_summary(left())}
            </p>
            <div class="actions">
                <BusyButton
                    busy=flows.is_busy(Sensitive::ViewCodes)
                    on_click=move |()| flows.start(Sensitive::ViewCodes)
                    testid="view-codes"
                >
                    "View Recovery Codes"
                </BusyButton>
                <button
                    type="button"
                    class="button danger-outline"
                    data-testid="disable"
                    on:click=move |_| flows.ask_to_confirm(Sensitive::Disable)
                >
                    "Disable Two-Factor Authentication"
                </button>
            </div>
            <FormError message=flows.error_of(Sensitive::ViewCodes) />
            <DeviceLossTip />
        }
    };
    let off_view = move || {
        view! {
            <p class="status" data-testid="tfa-status">
                <span class="badge off">"Off"</span>
                "Two-factor authentication is off."
            </p>
            <p>
                "Add an extra security layer to your account: besides your login and password, \
                 signing in will ask for the code that the authentication application on your \
                 phone (Google Authenticator or any other) generates every 30 seconds."
            </p>
            <div class="actions">
                <BusyButton
                    busy=flows.is_busy(Sensitive::SetUp)
                    class="primary"
                    on_click=move |()| flows.start(Sensitive::SetUp)
                    testid="set-up"
                >
                    "Set Up Two-Factor Authentication"
                </BusyButton>
            </div>
            <FormError message=flows.error_of(Sensitive::SetUp) />
        }
    };

    view! {
        <section class="card" aria-labelledby="tfa-title" data-testid="two-factor">
            <h2 id="tfa-title">"Two-Factor Authentication"</h2>
            {move || if enabled.get() { on_view().into_any() } else { off_view().into_any() }}
        </section>
        {move || {
            flows
                .setup
                .get()
                .map(|setup| {
                    view! {
                        <SetupWizard
                            setup=setup
                            on_cancel=move |()| flows.setup.set(None)
                            on_done=move |(version, tokens_ended): (u64, u32)| {
                                flows.setup.set(None);
                                state
                                    .show_notice(
                                        Tone::Success,
                                        messages::two_factor_turned_on(tokens_ended),
                                    );
                                state.confirm_recovery_codes(version);
                            }
                            on_restart=move |()| flows.start(Sensitive::SetUp)
                        />
                    }
                })
        }}
        {move || {
            flows
                .codes
                .get()
                .map(|codes| {
                    let version = codes.codes.version;
                    let new_codes_left = codes.regenerated.then_some(codes.codes.left);
                    let confirming = codes.confirming;
                    view! {
                        <RecoveryCodesDialog
                            view=codes
                            on_close=move |saved: bool| {
                                flows.codes.set(None);
                                match new_codes_left {
                                    Some(left) => state.record_new_recovery_codes(left, version),
                                    None if confirming && saved => {
                                        state.confirm_recovery_codes(version);
                                    }
                                    None => state.refresh(),
                                }
                            }
                            on_regenerate=move |()| flows.ask_to_confirm(Sensitive::Regenerate)
                        />
                    }
                })
        }}
        {move || match flows.confirming.get() {
            Some(Sensitive::Regenerate) => {
                Some(
                    view! {
                        <ConfirmDialog
                            title="Generate New Recovery Codes?"
                            confirm_label="Generate"
                            busy=flows.is_busy(Sensitive::Regenerate)
                            error=flows.error_of(Sensitive::Regenerate)
                            on_confirm=move |()| flows.start(Sensitive::Regenerate)
                            on_cancel=move |()| flows.confirming.set(None)
                            testid="confirm-regenerate"
                        >
                            <p>
                                "Your current recovery codes will stop working at once, and your \
                                 other sessions will be signed out. You will see the new codes \
                                 right away."
                            </p>
                        </ConfirmDialog>
                    }
                        .into_any(),
                )
            }
            Some(Sensitive::Disable) => {
                Some(
                    view! {
                        <ConfirmDialog
                            title="Disable Two-Factor Authentication?"
                            confirm_label="Disable"
                            danger=true
                            busy=flows.is_busy(Sensitive::Disable)
                            error=flows.error_of(Sensitive::Disable)
                            on_confirm=move |()| flows.start(Sensitive::Disable)
                            on_cancel=move |()| flows.confirming.set(None)
                            testid="confirm-disable"
                            return_focus="tfa-title"
                        >
                            <p>
                                "Your account will be accessible with just the login and password. \
                                 Your recovery codes will be deleted and your other sessions \
                                 signed out."
                            </p>
                        </ConfirmDialog>
                    }
                        .into_any(),
                )
            }
            _ => None,
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|(change, need)| {
                    view! {
                        <PasswordDialog
                            need=need
                            on_confirmed=move |()| {
                                flows.asking.set(None);
                                flows.perform(change);
                            }
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
    }
}
