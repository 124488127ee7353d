//! What Settings > Account's Security Notices does: the address form, the
//! password pop-up before it is sent, the mailed code, and the test
//! notice. Signals only, shared by the section and its forms.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::notifications::NotificationEmailState;

use super::list_status::Said;
use crate::api::{self, Failure};
use crate::browser;
use crate::logic::code::is_complete_totp;
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::notification_email::{
    check_address, must_start_again, suggested_address, BOUNCE_RECHECK,
};
use crate::state::AppState;

/// The `id` of the address field.
pub const ADDRESS_FIELD_ID: &str = "notice-address";

/// The `id` of the mailed code's field.
pub const CODE_FIELD_ID: &str = "notice-code";

/// The section's signals.
#[derive(Debug, Clone, Copy)]
pub struct NoticeAddressFlows {
    state: AppState,
    /// True while the address form is open.
    pub editing: RwSignal<bool>,
    /// The address typed.
    pub email: RwSignal<String>,
    /// The mailed code typed.
    pub code: RwSignal<String>,
    /// True while a call runs.
    pub busy: RwSignal<bool>,
    /// Why the open form was refused.
    pub error: RwSignal<Option<String>>,
    /// True while the password pop-up is open before the address is sent.
    pub asking: RwSignal<bool>,
    /// What the last change did, under the heading.
    pub status: RwSignal<Option<Said>>,
}

impl NoticeAddressFlows {
    /// Nothing open.
    pub fn new(state: AppState) -> Self {
        NoticeAddressFlows {
            state,
            editing: RwSignal::new(false),
            email: RwSignal::new(String::new()),
            code: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            asking: RwSignal::new(false),
            status: RwSignal::new(None),
        }
    }

    /// "Add an Address" or "Change Address": the form, holding the login
    /// when it looks like an address and none is confirmed yet.
    pub fn open_form(self, first: bool) {
        let offered = first
            .then(|| suggested_address(&self.state.login()))
            .flatten();
        self.email.set(offered.unwrap_or_default());
        self.error.set(None);
        self.editing.set(true);
        browser::focus_when_ready(vec![format!("#{ADDRESS_FIELD_ID}")], true);
    }

    /// Cancel: the form closes.
    pub fn close_form(self) {
        self.editing.set(false);
        self.error.set(None);
    }

    /// The address form was sent: the address checked, then the password
    /// pop-up unless this session's step-up (with a second factor when
    /// 2FA is on) covers it, then SetNotificationEmail. A refusal for want
    /// of a step-up opens the pop-up once (`after_step_up`).
    pub fn send_address(self, after_step_up: bool) {
        if self.busy.get_untracked() {
            return;
        }
        let email = match check_address(&self.email.get_untracked()) {
            Ok(email) => email,
            Err(words) => return self.error.set(Some(words.into())),
        };
        if !after_step_up && !self.state.is_elevated(Need::SecondFactor) {
            let asking = self.asking;
            return self.state.ask_password(move || asking.set(true));
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::set_notification_email(email).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => {
                    self.record(answer.notification_email.clone());
                    self.editing.set(false);
                    self.code.set(String::new());
                    let to = answer.notification_email.pending.unwrap_or_default();
                    self.status.set(Some((messages::code_mailed(&to), None)));
                    browser::focus_when_ready(vec![format!("#{CODE_FIELD_ID}")], true);
                }
                Err(failure) => self.refused(&failure, !after_step_up),
            }
        });
    }

    /// The pop-up confirmed: the address goes.
    pub fn stepped_up(self) {
        self.asking.set(false);
        self.send_address(true);
    }

    /// The mailed code was sent: ConfirmNotificationEmail. A wrong code
    /// says how many tries are left; a discarded address says to start
    /// again, and its code field goes.
    pub fn send_code(self) {
        let code = self.code.get_untracked();
        if self.busy.get_untracked() {
            return;
        }
        if !is_complete_totp(&code) {
            return self
                .error
                .set(Some(messages::TYPE_THE_MAILED_DIGITS.into()));
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::confirm_notification_email(code).await;
            self.busy.set(false);
            self.code.set(String::new());
            match answer {
                Ok(answer) => {
                    let address = answer.notification_email.address.clone();
                    self.record(answer.notification_email);
                    let words = messages::address_confirmed(&address.unwrap_or_default());
                    self.status.set(Some((words, None)));
                }
                Err(failure) if must_start_again(&failure) => {
                    self.record_discarded();
                    self.status
                        .set(Some((messages::EMAIL_CODE_GONE.into(), None)));
                }
                Err(failure) => self.refused(&failure, false),
            }
        });
    }

    /// "Send a Test Notice": SendTestNotice, said in the status line; the
    /// account is read again a little later.
    pub fn send_test(self, address: String) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let answer = api::send_test_notice().await;
            self.busy.set(false);
            let words = match answer {
                Ok(_) => {
                    self.recheck_later();
                    messages::test_notice_sent(&address)
                }
                Err(failure) if self.state.handle_session_failure(&failure) => return,
                Err(failure) => failure_message(Attempt::Other, &failure),
            };
            self.status.set(Some((words, None)));
        });
    }

    /// A little after a test notice, the account read again: a mail
    /// server that refuses it marks the address bouncing within moments
    /// (the deliverer works beside), and the section says so without a
    /// reload; the "on its way" line goes, the warning saying what
    /// happened.
    fn recheck_later(self) {
        let (state, status) = (self.state, self.status);
        let recheck = move || {
            spawn_local(async move {
                state.reload().await;
                let bouncing = state.account.with_untracked(|account| {
                    account
                        .as_ref()
                        .is_some_and(|a| a.notification_email.bouncing_since.is_some())
                });
                if bouncing {
                    status.try_set(None);
                }
            });
        };
        set_timeout(recheck, BOUNCE_RECHECK);
    }

    /// A refusal: the session's failures handled, the pop-up opened once
    /// for want of a step-up (`may_ask`), anything else said in the form.
    fn refused(self, failure: &Failure, may_ask: bool) {
        if self.state.handle_session_failure(failure) {
            return;
        }
        if may_ask && need_after(failure, Need::SecondFactor).is_some() {
            self.asking.set(true);
            return;
        }
        self.error
            .set(Some(failure_message(Attempt::Other, failure)));
    }

    /// The server's word on the address, into the account.
    fn record(self, notification_email: NotificationEmailState) {
        self.state.account.update(|account| {
            if let Some(account) = account {
                account.notification_email = notification_email;
            }
        });
    }

    /// The waiting address was discarded (its code expired or was tried
    /// too often).
    fn record_discarded(self) {
        self.state.account.update(|account| {
            if let Some(account) = account {
                account.notification_email.pending = None;
                account.notification_email.pending_expires_at = None;
            }
        });
    }
}
