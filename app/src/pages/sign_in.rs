//! `/signin`: the password step, then, with 2FA on, the code step.
//!
//! The flow (which step, what is sent, what the person reads) is
//! [`crate::logic::sign_in`]; the steps are drawn by
//! [`SignInPasswordStep`] and [`SignInCodeStep`]. [`SignInPage`] holds what
//! the fields hold and makes the calls; where a finished sign-in goes
//! depends on how the page was loaded:
//!
//! - [`SignInRoute`], inside the app (reached by a link or after signing
//!   out): fetches the account and routes on in the browser;
//! - [`SignInAlone`], the sign-in bundle that a load of `/signin` gets
//!   (`app/signin.html`, a third of the app's weight, with no router):
//!   loads the app at `/`.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::authentication::SignInResponse;
use twofold_api::security_keys::Start2FAKeyCheckRequest;
use twofold_api::ResultCode;

use crate::api;
use crate::browser;
use crate::components::auth_brand::AuthBrand;
use crate::components::leave_when_signed_in::leave_when_signed_in;
use crate::components::notice_banner::NoticeBanner;
use crate::components::passkey_flow::PasskeyFlow;
use crate::components::sign_in_code_step::{field_id, SignInCodeStep};
use crate::components::sign_in_key_step::{focus_key_button, SignInKeyStep};
use crate::components::sign_in_password_step::SignInPasswordStep;
use crate::logic::dates::{Local, Zone};
use crate::logic::messages;
use crate::logic::security_keys::KeyFailure;
use crate::logic::sign_in::{CodeRefused, KeyCheck, PasswordAccepted, SignInFlow, Ticked};
use crate::prerender;
use crate::state::{use_app_state, AppState};
use crate::webauthn;

/// The way on that works while the six digits are locked: "Use a recovery
/// code instead".
const SWITCH: &str = "[data-testid='switch-code-kind']";

/// The password step's password field, where an ended sign-in resumes.
const PASSWORD: &str = "#password";

/// The sign-in screen's signals: the flow, and what the fields hold.
#[derive(Debug, Clone, Copy)]
struct SignIn {
    state: AppState,
    flow: RwSignal<SignInFlow>,
    login: RwSignal<String>,
    password: RwSignal<String>,
    totp: RwSignal<String>,
    recovery_code: RwSignal<String>,
    busy: RwSignal<bool>,
    password_field: NodeRef<html::Input>,
    passkey: PasskeyFlow,
    on_signed_in: Callback<Option<u32>>,
}

impl SignIn {
    fn new(state: AppState, on_signed_in: Callback<Option<u32>>) -> Self {
        SignIn {
            state,
            on_signed_in,
            flow: RwSignal::new(SignInFlow::new().in_time_zone(Local.at(browser::now_secs()))),
            // What was typed into the page's first HTML before the code ran.
            login: RwSignal::new(prerender::typed("login")),
            password: RwSignal::new(prerender::typed("password")),
            totp: RwSignal::new(String::new()),
            recovery_code: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            password_field: NodeRef::new(),
            passkey: PasskeyFlow::new(Callback::new(move |()| {
                state.clear_notice();
                on_signed_in.run(None);
            })),
        }
    }

    /// Applies `change` to the flow and returns its answer (`None` once the
    /// page is gone).
    fn change<T>(self, change: impl FnOnce(&mut SignInFlow) -> T) -> Option<T> {
        self.flow.try_update(change)
    }

    fn send_password(self) {
        if self.busy.get_untracked() {
            return;
        }
        let login = self.login.get_untracked();
        let password = self.password.get_untracked();
        let Some(request) = self
            .change(|flow| flow.submit_password(&login, &password))
            .flatten()
        else {
            return;
        };
        self.busy.set(true);
        // The login field's passkey autofill ends with the password sent.
        self.passkey.stop_autofill();
        spawn_local(async move {
            let answer = api::sign_in(request).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => self.password_accepted(answer),
                Err(failure) => {
                    self.passkey.start_autofill();
                    if failure.is(ResultCode::InvalidCredentials) {
                        self.password.set(String::new());
                        // The disabled button lost focus; put it where the fix is.
                        if let Some(field) = self.password_field.get_untracked() {
                            let _ = field.focus();
                        }
                    }
                    self.change(|flow| flow.password_refused(&failure));
                }
            }
        });
    }

    fn password_accepted(self, answer: SignInResponse) {
        self.password.set(String::new());
        // The code step, if it comes, starts with empty fields.
        self.totp.set(String::new());
        self.recovery_code.set(String::new());
        // "You have signed out" and the like belong to the previous visit.
        self.state.clear_notice();
        let now = browser::now_secs();
        match self.change(|flow| flow.password_accepted(answer, now)) {
            Some(PasswordAccepted::SignedIn) => self.signed_in(None),
            // Arriving at a lock, the field is disabled and cannot take
            // focus: it goes to the way on that works, which the lock's
            // explanation describes.
            // The key first: its button takes focus, Enter asks for it.
            Some(PasswordAccepted::CodeStep)
                if self.flow.with_untracked(SignInFlow::is_key_step) =>
            {
                focus_key_button();
            }
            Some(PasswordAccepted::CodeStep) if self.flow.with_untracked(|f| f.is_locked(now)) => {
                browser::focus_when_ready(vec![SWITCH.into()], true);
            }
            Some(PasswordAccepted::CodeStep | PasswordAccepted::Unreadable) | None => {}
        }
    }

    /// Called four times a second: ends a wait, or the sign-in once its
    /// five minutes are over (then the password field takes focus).
    fn tick(self, now: u64) {
        if !self.flow.with_untracked(|f| f.needs_tick(now)) {
            return;
        }
        if self.change(|flow| flow.tick(now)) == Some(Ticked::SignInEnded) {
            browser::focus_when_ready(vec![PASSWORD.into()], true);
        }
    }

    fn send_code(self, typed: String) {
        if self.busy.get_untracked() {
            return;
        }
        let now = browser::now_secs();
        let Some(request) = self.change(|flow| flow.submit_code(&typed, now)).flatten() else {
            return;
        };
        self.busy.set(true);
        spawn_local(async move {
            let answer = api::verify_code(request).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => {
                    let left = self.change(|flow| flow.code_accepted(&answer)).flatten();
                    self.signed_in(left);
                }
                Err(failure) => {
                    match self.change(|flow| flow.code_refused(&failure, browser::now_secs())) {
                        Some(CodeRefused::TryAgain(kind)) => {
                            self.totp.set(String::new());
                            if self
                                .flow
                                .with_untracked(|f| f.is_locked(browser::now_secs()))
                            {
                                // The field is disabled: leave focus on the way
                                // out that still works.
                                let _ = browser::query(SWITCH).map(|link| link.focus());
                                return;
                            }
                            // Verify was disabled while busy and lost focus; the
                            // next try starts in the field.
                            browser::focus_and_select(field_id(kind));
                        }
                        Some(CodeRefused::StartOver) => {
                            browser::focus_when_ready(vec![PASSWORD.into()], true);
                        }
                        None => {}
                    }
                }
            }
        });
    }

    /// "Use your security key": a check (SignIn's, or a new one), the
    /// browser's window, then Verify2FAKey.
    fn use_key(self) {
        if self.busy.get_untracked() {
            return;
        }
        let Some(check) = self.change(SignInFlow::start_key_try).flatten() else {
            return;
        };
        self.busy.set(true);
        spawn_local(async move {
            let outcome = try_key(check).await;
            self.key_tried(outcome);
        });
    }

    /// A try of the key ended: signed in, or why not (back at the password
    /// when the sign-in is gone).
    fn key_tried(self, outcome: Result<(), KeyFailure>) {
        if self.busy.try_set(false).is_some() {
            return; // The page is gone.
        }
        let now = browser::now_secs();
        match outcome {
            Ok(()) => {
                self.change(SignInFlow::key_accepted);
                self.signed_in(None);
            }
            Err(failure) => {
                if self.change(|flow| flow.key_failed(&failure, now))
                    == Some(CodeRefused::StartOver)
                {
                    browser::focus_when_ready(vec![PASSWORD.into()], true);
                }
            }
        }
    }

    /// The session is in the cookie: the page's owner moves on.
    /// `recovery_codes_left` is set when a recovery code signed in, for the
    /// dashboard's banner.
    fn signed_in(self, recovery_codes_left: Option<u32>) {
        self.state.clear_notice();
        self.on_signed_in.run(recovery_codes_left);
    }
}

/// A try of the key: SignIn's check or a new one (Start2FAKeyCheck), the
/// browser's window, then Verify2FAKey.
async fn try_key(mut check: KeyCheck) -> Result<(), KeyFailure> {
    let ceremony = match check.ceremony.take() {
        Some(ceremony) => ceremony,
        None => {
            let request = Start2FAKeyCheckRequest {
                session: Some(check.session.clone()),
            };
            api::start_key_check(request).await?
        }
    };
    let credential = webauthn::get(&ceremony.options).await?;
    api::verify_key(check.answered(ceremony.ceremony, credential)).await?;
    Ok(())
}

/// `/signin` inside the app: once the account is known (after signing in,
/// or at once for someone already signed in) it goes to the dashboard, or,
/// with no recovery code left, to regeneration.
#[component]
pub fn SignInRoute() -> impl IntoView {
    let state = use_app_state();
    leave_when_signed_in();
    view! {
        <SignInPage on_signed_in=move |recovery_codes_left| {
            state.recovery_sign_in.set(recovery_codes_left);
            state.refresh();
        } />
    }
}

/// `/signin` loaded on its own, the sign-in bundle's whole app: the page
/// without the router, the account or any other screen. Someone already
/// signed in in this browser (the hint cookie) goes straight to the app; a
/// finished sign-in loads the app at `/`, handing it the recovery codes
/// left when a recovery code signed in (this tab's session storage).
#[component]
pub fn SignInAlone() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    browser::set_title(&messages::page_title("/signin"));
    if browser::signed_in_hint() {
        browser::load("/");
    }
    view! {
        <SignInPage on_signed_in=|recovery_codes_left| {
            browser::hand_over_recovery_sign_in(recovery_codes_left);
            browser::load("/");
        } />
    }
}

/// Sign in: login and password, then the code from the authentication
/// application (or a recovery code) when 2FA is on.
#[component]
pub fn SignInPage(
    /// Called once this browser is signed in, with the recovery codes
    /// left when a recovery code signed in.
    #[prop(into)]
    on_signed_in: Callback<Option<u32>>,
) -> impl IntoView {
    let state = use_app_state();
    let page = SignIn::new(state, on_signed_in);
    let flow = page.flow;
    let on_code_step = Memo::new(move |_| flow.with(SignInFlow::is_code_step));
    let kind = Memo::new(move |_| flow.with(|f| f.code_kind().unwrap_or_default()));
    let error = Memo::new(move |_| flow.with(|f| f.error().map(str::to_owned)));
    let at_fault = Memo::new(move |_| flow.with(SignInFlow::at_fault));
    // The clock the waits and the sign-in's five minutes count down by.
    let now = browser::ticking_clock(move |secs| page.tick(secs));
    let locked = Memo::new(move |_| flow.with(|f| f.is_locked(now.get())));
    let explanation = Memo::new(move |_| flow.with(SignInFlow::explanation));
    let wait = Memo::new(move |_| {
        flow.with(|f| f.wait_left(now.get()))
            .map(|(reason, secs)| messages::wait_countdown(reason, secs))
    });

    let on_key_step = Memo::new(move |_| flow.with(SignInFlow::is_key_step));
    let step = move || {
        let login = flow.with_untracked(|f| f.pending_login().map(str::to_owned));
        let ways = flow.with_untracked(SignInFlow::ways);
        if on_key_step.get() {
            view! {
                <SignInKeyStep
                    login=login
                    busy=page.busy
                    error=error
                    explanation=explanation
                    ways=ways
                    on_use_key=move |()| page.use_key()
                    flow=flow
                />
            }
            .into_any()
        } else if on_code_step.get() {
            view! {
                <SignInCodeStep
                    login=login
                    kind=kind
                    totp=page.totp
                    recovery_code=page.recovery_code
                    busy=page.busy
                    error=error
                    explanation=explanation
                    locked=locked
                    wait=wait
                    on_submit=move |typed| page.send_code(typed)
                    ways=ways
                    flow=flow
                />
            }
            .into_any()
        } else {
            view! {
                <SignInPasswordStep
                    login=page.login
                    password=page.password
                    password_field=page.password_field
                    busy=page.busy
                    error=error
                    at_fault=at_fault
                    on_submit=move |()| page.send_password()
                    passkey=page.passkey
                />
            }
            .into_any()
        }
    };

    view! {
        <main class="auth-page">
            <AuthBrand />
            <NoticeBanner />
            <section class="auth-card">{step}</section>
        </main>
    }
}
