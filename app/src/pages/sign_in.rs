//! `/signin`: the password step, then, with 2FA on, the code step.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use twofold_api::authentication::{SignInResponse, Verify2FACodeResponse};
use twofold_api::ResultCode;

use crate::api::{self, Failure};
use crate::browser;
use crate::components::busy_button::BusyButton;
use crate::components::code_field::CodeField;
use crate::components::device_loss_tip::DeviceLossTip;
use crate::components::form_error::FormError;
use crate::components::notice_banner::NoticeBanner;
use crate::components::recovery_code_field::RecoveryCodeField;
use crate::components::window_countdown::WindowCountdown;
use crate::logic::code::{is_complete_recovery, is_complete_totp, recovery_code};
use crate::logic::messages::{attempts_words, failure_message, must_start_over, wait_words};
use crate::state::{use_app_state, AppState, Tone};

/// A sign-in waiting for its second factor. The pending token lives only
/// here, in memory, for the five minutes the server allows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    session: String,
    login: String,
}

/// The sign-in screen's signals.
#[derive(Debug, Clone, Copy)]
struct SignIn {
    state: AppState,
    login: RwSignal<String>,
    password: RwSignal<String>,
    pending: RwSignal<Option<Pending>>,
    use_recovery: RwSignal<bool>,
    code: RwSignal<String>,
    recovery: RwSignal<String>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    password_field: NodeRef<html::Input>,
}

impl SignIn {
    fn new(state: AppState) -> Self {
        SignIn {
            state,
            login: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            pending: RwSignal::new(None),
            use_recovery: RwSignal::new(false),
            code: RwSignal::new(String::new()),
            recovery: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            password_field: NodeRef::new(),
        }
    }

    fn send_password(self) {
        if self.busy.get_untracked() {
            return;
        }
        let login = self.login.get_untracked().trim().to_string();
        let password = self.password.get_untracked();
        if login.is_empty() || password.is_empty() {
            self.error
                .set(Some("Enter your login and your password.".into()));
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::sign_in(login, password).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => self.password_accepted(answer),
                Err(failure) => {
                    if failure.is(ResultCode::InvalidCredentials) {
                        self.password.set(String::new());
                        // The disabled button lost focus; put it where the fix is.
                        if let Some(field) = self.password_field.get_untracked() {
                            let _ = field.focus();
                        }
                    }
                    self.error.set(Some(failure_message(&failure)));
                }
            }
        });
    }

    fn password_accepted(self, answer: SignInResponse) {
        self.password.set(String::new());
        // "You have signed out" and the like belong to the previous visit.
        self.state.notice.set(None);
        if !answer.two_factor_required {
            self.signed_in(None);
            return;
        }
        let Some(session) = answer.session else {
            self.error.set(Some(failure_message(&Failure::Unreadable)));
            return;
        };
        self.code.set(String::new());
        self.recovery.set(String::new());
        self.use_recovery.set(false);
        self.pending.set(Some(Pending {
            session,
            login: answer.login,
        }));
        // The server may already know the second factor is locked.
        if let Some(wait) = answer.retry_after {
            self.error.set(Some(format!(
                "Too many wrong codes: the second step is locked. Try again in {}.",
                wait_words(wait)
            )));
        } else if let Some(left) = answer.attempts_left.filter(|&left| left <= 2) {
            self.error
                .set(Some(format!("Careful: {}.", attempts_words(left))));
        }
    }

    fn send_code(self, typed: String) {
        if self.busy.get_untracked() {
            return;
        }
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let recovery = self.use_recovery.get_untracked();
        let code = if recovery {
            if !is_complete_recovery(&typed) {
                self.error.set(Some(
                    "A recovery code has ten letters and digits, like abcde-12345.".into(),
                ));
                return;
            }
            recovery_code(&typed)
        } else {
            if !is_complete_totp(&typed) {
                self.error
                    .set(Some("Type the six digits your application shows.".into()));
                return;
            }
            typed
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::verify_code(pending.session, code).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => self.signed_in(Some(answer)),
                Err(failure) if must_start_over(&failure) => {
                    self.pending.set(None);
                    self.error.set(Some(
                        "This sign-in has expired. Please enter your password again.".into(),
                    ));
                }
                Err(failure) => {
                    self.code.set(String::new());
                    self.error.set(Some(failure_message(&failure)));
                    // Verify was disabled while busy and lost focus; the
                    // next try starts in the field.
                    browser::focus_and_select(if recovery { "recovery-code" } else { "code" });
                }
            }
        });
    }

    fn signed_in(self, verified: Option<Verify2FACodeResponse>) {
        self.pending.set(None);
        self.state.notice.set(None);
        if let Some(verified) = verified.filter(|v| v.recovery_code_used) {
            let left = verified.recovery_codes_left;
            let mut words = format!(
                "You signed in with a recovery code. That code cannot be used again: {} left.",
                match left {
                    1 => "1 recovery code".to_string(),
                    n => format!("{n} recovery codes"),
                }
            );
            if left <= 2 {
                words.push_str(" Generate new ones in Settings > Account > View Recovery Codes.");
            }
            self.state.say(Tone::Warning, words);
        }
        self.state.refresh();
    }
}

/// Sign in: login and password, then the code from the authentication
/// application (or a recovery code) when 2FA is on.
#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    Effect::new(move || {
        if state.account.with(Option::is_some) {
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let flow = SignIn::new(state);
    let on_code_step = Memo::new(move |_| flow.pending.with(Option::is_some));

    view! {
        <main class="auth-page">
            <div class="auth-brand">
                <span class="logo" aria-hidden="true"></span>
                "Twofold"
            </div>
            <NoticeBanner />
            <section class="auth-card">
                {move || {
                    if on_code_step.get() {
                        code_step(flow).into_any()
                    } else {
                        password_step(flow).into_any()
                    }
                }}
            </section>
        </main>
    }
}

fn password_step(flow: SignIn) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        flow.send_password();
    };
    view! {
        <h1>"Sign In"</h1>
        <form on:submit=submit novalidate>
            <label for="login">"Login"</label>
            <input
                id="login"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                prop:value=move || flow.login.get()
                on:input=move |ev| flow.login.set(event_target_value(&ev))
            />
            <label for="password">"Password"</label>
            <input
                id="password"
                node_ref=flow.password_field
                type="password"
                autocomplete="current-password"
                aria-describedby="sign-in-error"
                prop:value=move || flow.password.get()
                on:input=move |ev| flow.password.set(event_target_value(&ev))
            />
            <FormError message=flow.error id="sign-in-error" />
            <BusyButton busy=flow.busy submit=true class="primary wide" testid="sign-in">
                "Sign In"
            </BusyButton>
        </form>
        <p class="switch">"New here? " <A href="/signup">"Create an account"</A></p>
    }
}

fn code_step(flow: SignIn) -> impl IntoView {
    let login = flow
        .pending
        .with_untracked(|p| p.as_ref().map(|p| p.login.clone()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = if flow.use_recovery.get_untracked() {
            flow.recovery.get_untracked()
        } else {
            flow.code.get_untracked()
        };
        flow.send_code(typed);
    };
    let switch_mode = move |_| {
        flow.error.set(None);
        flow.use_recovery.update(|r| *r = !*r);
    };
    let start_over = move |_| {
        flow.error.set(None);
        flow.pending.set(None);
    };
    let totp_field = move || {
        view! {
            <label for="code">"Authentication code"</label>
            <p class="hint" id="code-hint">
                "Open the authentication application on your device and type the six-digit code \
                 it shows for Twofold."
            </p>
            <div class="code-row">
                <CodeField
                    id="code"
                    value=flow.code
                    on_complete=move |typed| flow.send_code(typed)
                    busy=flow.busy
                    described_by="code-hint code-error"
                    autofocus=true
                    invalid=Signal::derive(move || flow.error.get().is_some())
                />
                <WindowCountdown />
            </div>
        }
    };
    let recovery_field = move || {
        view! {
            <label for="recovery-code">"Recovery code"</label>
            <p class="hint" id="code-hint">
                "Type one of the recovery codes you saved when you set up two-factor \
                 authentication. Each code works once."
            </p>
            <RecoveryCodeField
                value=flow.recovery
                busy=flow.busy
                invalid=Signal::derive(move || flow.error.get().is_some())
            />
        }
    };

    view! {
        <h1>"Two-Factor Authentication"</h1>
        <p class="muted">{login.map(|login| format!("Signing in as {login}."))}</p>
        <form on:submit=submit novalidate>
            {move || {
                if flow.use_recovery.get() {
                    recovery_field().into_any()
                } else {
                    totp_field().into_any()
                }
            }}
            <FormError message=flow.error id="code-error" />
            <BusyButton busy=flow.busy submit=true class="primary wide" testid="verify">
                "Verify"
            </BusyButton>
        </form>
        <p class="switch">
            <button type="button" class="link-button" data-testid="switch-code-kind" on:click=switch_mode>
                {move || {
                    if flow.use_recovery.get() {
                        "Use an authentication code instead"
                    } else {
                        "Use a recovery code instead"
                    }
                }}
            </button>
        </p>
        <DeviceLossTip at_sign_in=true />
        <p class="switch">
            <button type="button" class="link-button" on:click=start_over>
                "Back to login and password"
            </button>
        </p>
    }
}
