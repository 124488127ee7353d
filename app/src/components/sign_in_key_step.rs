//! Sign-in's second step with a security key: the key first, the codes
//! one choice away.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::code_step_ways::CodeStepWays;
use super::form_error::FormError;
use crate::browser;
use crate::logic::code::CodeKind;
use crate::logic::messages;
use crate::logic::sign_in::{SignInFlow, Ways};

/// The `data-testid` (and the target of focus on arrival) of "Use your
/// security key".
pub const USE_KEY_TESTID: &str = "use-key";

/// Focus on "Use your security key" once it is drawn.
pub fn focus_key_button() {
    browser::focus_when_ready(vec![format!("[data-testid='{USE_KEY_TESTID}']")], true);
}

/// **Two-Factor Authentication** with a key: who is signing in, why codes
/// are refused for now (a lock), what to do with the key, "Use your
/// security key" (the browser's own window then asks for it), why the last
/// try failed, while it waits what to do, and the ways to a code.
#[component]
pub fn SignInKeyStep(
    /// The login being signed in.
    login: Option<String>,
    /// True while the browser waits for the key or Verify2FAKey runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last try failed, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Why codes of a kind are refused for now (a lock, app codes
    /// stopped): the key is not concerned, the ways to codes are.
    #[prop(into)]
    explanation: Signal<Option<String>>,
    /// What the step offers besides the key.
    ways: Ways,
    /// Called by "Use your security key".
    #[prop(into)]
    on_use_key: Callback<()>,
    /// The sign-in flow, which the ways move on.
    flow: RwSignal<SignInFlow>,
) -> impl IntoView {
    view! {
        <h1>"Two-Factor Authentication"</h1>
        <p class="muted">{login.map(|login| messages::signing_in_as(&login))}</p>
        <p class="lock-note" id="code-lock" role="status" data-testid="app-lock">
            {move || explanation.get()}
        </p>
        <p id="key-how">{messages::KEY_STEP_HOW}</p>
        <p class="hint" role="status" data-testid="key-waiting">
            {move || busy.get().then_some(messages::WAITING_FOR_KEY)}
        </p>
        <FormError message=error id="key-error" />
        <BusyButton
            busy=busy
            class="primary wide"
            on_click=on_use_key
            testid=USE_KEY_TESTID
        >
            {messages::USE_YOUR_KEY}
        </BusyButton>
        <CodeStepWays ways=ways kind=Signal::stored(CodeKind::Totp) flow=flow />
    }
}
