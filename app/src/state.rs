//! What the whole app shares through context: who is signed in, a notice
//! to show on the next screen and whether this sign-in spent a recovery
//! code. Whether the recovery codes were confirmed as saved is the
//! server's (GetAccount's `recoveryCodesConfirmed`), the same in every
//! browser.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::{AccountResponse, RECOVERY_CODES_LOW};
use twofold_api::ResultCode;

use crate::api::{self, Failure};
use crate::browser;
use crate::logic::dates;
use crate::logic::elevation::{Elevation, Need};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::notice::{self, OnRouteChange};
use crate::logic::recovery_prompt::{self, RecoveryPrompt};
use crate::logic::security_keys;

/// How a notice looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Something worked.
    Success,
    /// Something needs attention.
    Warning,
}

/// A message at the top of a page, e.g. "Welcome" on the dashboard after
/// signing up. It lives on one page: see [`crate::logic::notice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How it looks.
    pub tone: Tone,
    /// The words.
    pub text: String,
    /// The path of the page it belongs to; `None` until the next page.
    pub page: Option<String>,
}

/// The app's shared state; cheap to copy (signals only).
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The signed-in account; `None` when nobody is signed in.
    pub account: RwSignal<Option<AccountResponse>>,
    /// False until the first GetAccount has answered.
    pub loaded: RwSignal<bool>,
    /// A notice for the next screen.
    pub notice: RwSignal<Option<Notice>>,
    /// The recovery codes left after this sign-in spent one (Verify2FACode's
    /// `recoveryCodesLeft`); `None` after any other sign-in, and once new
    /// codes are saved.
    pub recovery_sign_in: RwSignal<Option<u32>>,
}

impl AppState {
    /// Nobody signed in yet, nothing loaded.
    pub fn new() -> Self {
        AppState {
            account: RwSignal::new(None),
            loaded: RwSignal::new(false),
            notice: RwSignal::new(None),
            recovery_sign_in: RwSignal::new(None),
        }
    }

    /// Asks the server who is signed in (the cookie decides).
    pub fn refresh(self) {
        spawn_local(self.reload());
    }

    /// [`Self::refresh`], for callers that act once the answer is in.
    ///
    /// Without the signed-in hint cookie nobody is signed in in this
    /// browser: nothing is asked, so a signed-out load makes no call that
    /// fails.
    pub async fn reload(self) {
        if !browser::signed_in_hint() {
            self.forget_account();
            self.loaded.set(true);
            return;
        }
        match api::get_account().await {
            Ok(account) => self.account.set(Some(account)),
            // The hint said signed in and the server says not: the session
            // ended elsewhere (or idle), and sign-in says why. A first visit
            // has no hint, and is told nothing.
            Err(failure) if failure.is(ResultCode::NotSignedIn) => {
                self.carry_notice(Tone::Warning, messages::SIGNED_OUT_ELSEWHERE);
                self.forget_account();
            }
            Err(failure) if failure.is(ResultCode::PasswordChangeRequired) => {
                self.require_new_password();
            }
            Err(failure) => {
                // Keep whatever was known; the words say what went wrong.
                self.show_notice(Tone::Warning, failure_message(Attempt::Other, &failure));
            }
        }
        self.loaded.set(true);
    }

    /// Runs `open` (which opens the password pop-up, or a form that asks for
    /// the password itself) only while this browser's session is still
    /// live. In a tab left open after signing
    /// out elsewhere (another tab, SignOutSessions), asking for the password
    /// would come before saying the session is gone: this asks first, then
    /// goes to sign-in and says why.
    pub fn ask_password(self, open: impl FnOnce() + 'static) {
        spawn_local(async move {
            if self.still_signed_in().await {
                open();
            }
        });
    }

    /// False, having said so and gone to sign-in, when this browser's
    /// session is over: the hint cookie is gone (signed out in another
    /// tab) or GetAccount answers NotSignedIn. Other failures answer true:
    /// the caller's own call will report them.
    async fn still_signed_in(self) -> bool {
        if !browser::signed_in_hint() {
            self.end_session();
            return false;
        }
        match api::get_account().await {
            Ok(account) => {
                self.account.set(Some(account));
                true
            }
            Err(failure) => !self.handle_session_failure(&failure),
        }
    }

    /// Says the session has ended and forgets the account (the pages go
    /// to sign-in).
    fn end_session(self) {
        self.carry_notice(Tone::Warning, messages::SESSION_ENDED);
        self.forget_account();
    }

    /// Tracked: true when 2FA is on and the owner has not confirmed saving
    /// the current recovery codes (GetAccount's `recoveryCodesConfirmed`).
    pub fn codes_unconfirmed(self) -> bool {
        self.account.with(|a| {
            a.as_ref()
                .is_some_and(|a| recovery_prompt::codes_unconfirmed(&a.two_factor))
        })
    }

    /// Tells the server the owner saved the recovery codes of `version`
    /// (Confirm2FABackupCodes), then shows the account as it is now. When
    /// that set was replaced meanwhile (another tab regenerated them), the
    /// newer set stays unconfirmed and the notice says so.
    pub fn confirm_recovery_codes(self, version: u64) {
        spawn_local(async move {
            match api::confirm_recovery_codes(version).await {
                Ok(_) => self.account.update(|a| {
                    if let Some(a) = a {
                        a.two_factor.recovery_codes_confirmed = true;
                    }
                }),
                Err(failure) if self.handle_session_failure(&failure) => return,
                Err(failure) => {
                    self.show_notice(Tone::Warning, failure_message(Attempt::Other, &failure))
                }
            }
            self.reload().await;
        });
    }

    /// Shows `text` as the notice: on this page when it shows notices (it
    /// goes when the person leaves), else on the next one (the sign-up
    /// form has none: its "Welcome" waits for the dashboard).
    pub fn show_notice(self, tone: Tone, text: impl Into<String>) {
        self.set_notice(tone, text.into(), this_page_if_it_shows_notices());
    }

    /// Shows `text` on the page the app goes to next (sign-in, after a
    /// sign-out or a session that ended; the dashboard, after turning 2FA
    /// off on the regeneration screen), not on this one.
    pub fn carry_notice(self, tone: Tone, text: impl Into<String>) {
        self.set_notice(tone, text.into(), None);
    }

    fn set_notice(self, tone: Tone, text: String, page: Option<String>) {
        self.notice.set(Some(Notice { tone, text, page }));
    }

    /// The route became `path`: a notice waiting for a page stays on this
    /// one, a notice of the page left goes.
    pub fn route_changed(self, path: &str) {
        let page = self
            .notice
            .with_untracked(|n| n.as_ref().map(|n| n.page.clone()));
        let Some(page) = page else {
            return;
        };
        match notice::on_route_change(page.as_deref(), path) {
            OnRouteChange::Arrive => self.notice.update(|n| {
                if let Some(n) = n {
                    n.page = Some(path.to_owned());
                }
            }),
            OnRouteChange::Clear => self.clear_notice(),
            OnRouteChange::Stay => {}
        }
    }

    /// Removes the notice.
    pub fn clear_notice(self) {
        self.notice.set(None);
    }

    /// The login of the signed-in account, or an empty string.
    pub fn login(self) -> String {
        self.account
            .with(|a| a.as_ref().map(|a| a.login.clone()).unwrap_or_default())
    }

    /// Tracked: the day the signed-in account was made, in words, or an
    /// empty string.
    pub fn created_on(self) -> String {
        self.account.with(|a| {
            a.as_ref()
                .map(|a| dates::date(a.created_at))
                .unwrap_or_default()
        })
    }

    /// Tracked: true when the signed-in account has 2FA on.
    pub fn two_factor_on(self) -> bool {
        self.account
            .with(|a| a.as_ref().is_some_and(|a| a.two_factor.enabled))
    }

    /// Tracked: true when the signed-in account takes codes from an
    /// authenticator app.
    pub fn has_app(self) -> bool {
        self.account.with(|a| {
            a.as_ref()
                .is_some_and(|a| security_keys::has_app(&a.two_factor))
        })
    }

    /// Tracked: true when the signed-in account has a security key or a
    /// passkey.
    pub fn has_keys(self) -> bool {
        self.account.with(|a| {
            a.as_ref()
                .is_some_and(|a| security_keys::has_keys(&a.two_factor))
        })
    }

    /// True unless the signed-in account confirms with keys alone (then a
    /// step-up's code field asks for a recovery code, with no switch to
    /// the app's codes). Untracked: read when a form opens.
    pub fn asks_app_codes(self) -> bool {
        self.account.with_untracked(|a| {
            a.as_ref().is_none_or(|a| {
                !security_keys::has_keys(&a.two_factor) || security_keys::has_app(&a.two_factor)
            })
        })
    }

    /// True when a sensitive change that needs `need` needs no password
    /// pop-up right now: the session's last confirmation is still live and,
    /// with 2FA on, included a second factor if `need` asks for one.
    pub fn is_elevated(self, need: Need) -> bool {
        self.account.with_untracked(|a| {
            a.as_ref().is_some_and(|a| {
                Elevation::of_account(a).covers(need, a.two_factor.enabled, browser::now_secs())
            })
        })
    }

    /// Records a successful step-up (CheckPassword): until when sensitive
    /// changes need no pop-up, and whether a second factor was confirmed.
    pub fn record_elevation(self, elevation: Elevation) {
        self.account.update(|a| {
            if let Some(a) = a {
                a.elevated_until = elevation.until;
                a.elevated_with_second_factor = elevation.with_second_factor;
            }
        });
    }

    /// The server refused a sensitive call for want of a step-up
    /// ([`Elevation::after_refusal`]): its word replaces a stale idea.
    fn correct_elevation(self, failure: &Failure) {
        let corrected = self.account.with_untracked(|a| {
            let known = Elevation::of_account(a.as_ref()?);
            let corrected = known.after_refusal(failure);
            (corrected != known).then_some(corrected)
        });
        if let Some(corrected) = corrected {
            self.record_elevation(corrected);
        }
    }

    /// Tracked: true when an operator reset the account and only a new
    /// password (ChangePassword) works until then.
    pub fn password_change_required(self) -> bool {
        self.account
            .with(|a| a.as_ref().is_some_and(|a| a.password_change_required))
    }

    /// Marks the account as reset by an operator: the signed-in screens
    /// give way to "Choose a New Password".
    fn require_new_password(self) {
        self.account.update(|a| {
            if let Some(a) = a {
                a.password_change_required = true;
            }
        });
    }

    /// Handles the failures every signed-in screen treats alike; returns
    /// false when the caller should show the failure itself.
    ///
    /// A session can end under a screen (expiry, or 2FA disabled elsewhere,
    /// which ends other sessions): then the app returns to sign-in and says
    /// why, instead of showing an error on a screen that can no longer work.
    /// An account an operator reset meanwhile (PasswordChangeRequired) shows
    /// the new-password screen instead of the screen that failed.
    ///
    /// A refusal for want of a step-up also corrects what the app thinks of
    /// the session's step-up, so the pop-up the caller opens next is shown.
    pub fn handle_session_failure(self, failure: &Failure) -> bool {
        self.correct_elevation(failure);
        if failure.is(ResultCode::NotSignedIn) {
            self.end_session();
            return true;
        }
        if failure.is(ResultCode::PasswordChangeRequired) {
            self.require_new_password();
            return true;
        }
        false
    }

    /// Records a successful SignOut: forgets the account and says so.
    pub fn record_sign_out(self) {
        self.forget_account();
        self.carry_notice(Tone::Success, messages::SIGNED_OUT);
    }

    fn forget_account(self) {
        self.account.set(None);
        self.recovery_sign_in.set(None);
    }

    /// What to say about recovery codes (tracked: re-runs when the account
    /// or the sign-in changes).
    pub fn recovery_prompt(self) -> RecoveryPrompt {
        let signed_in_with_code = self.recovery_sign_in.with(Option::is_some);
        self.account.with(|a| {
            a.as_ref().map_or(RecoveryPrompt::Quiet, |a| {
                recovery_prompt::prompt(&a.two_factor, signed_in_with_code)
            })
        })
    }

    /// True when the signed-in account has 2FA on and no recovery code
    /// left: regeneration comes before anything else (tracked).
    pub fn must_regenerate(self) -> bool {
        self.account.with(|a| {
            a.as_ref()
                .is_some_and(|a| recovery_prompt::must_regenerate(&a.two_factor))
        })
    }

    /// Records new recovery codes of `version`, saved by their owner:
    /// `left` unused ones. The account is updated at once, so that screens
    /// waiting for codes move on without waiting for GetAccount; the server
    /// is told they were saved, and the account fetched again.
    pub fn record_new_recovery_codes(self, left: u32, version: u64) {
        self.recovery_sign_in.set(None);
        self.account.update(|a| {
            if let Some(a) = a {
                a.two_factor.recovery_codes_left = left;
                a.two_factor.recovery_codes_low = left <= RECOVERY_CODES_LOW;
            }
        });
        self.confirm_recovery_codes(version);
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}

/// The path of the page shown, when it shows notices (a notice banner is
/// in it); `None` otherwise.
fn this_page_if_it_shows_notices() -> Option<String> {
    browser::query("[data-notice-banner]")?;
    let url = web_sys::window()?.document()?.url().ok()?;
    web_sys::Url::new(&url).ok().map(|url| url.pathname())
}

/// The app's state, provided by [`crate::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
