//! Sign-in's second step: the code from the authenticator app, or a
//! recovery code (the security key has its own: `sign_in_key_step`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::code_step_ways::CodeStepWays;
use super::form_error::FormError;
use super::recovery_code_field;
use super::sign_in_code_field::{SignInCodeField, TOTP_FIELD_ID};
use crate::logic::code::CodeKind;
use crate::logic::messages;
use crate::logic::sign_in::{SignInFlow, Ways};

/// The `id` of the field for `kind`, to focus it again after a refusal.
pub fn field_id(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Totp => TOTP_FIELD_ID,
        CodeKind::Recovery => recovery_code_field::FIELD_ID,
    }
}

/// **Two-Factor Authentication**: why codes of a kind are refused for now
/// (a lock, until when), one code field (six digits, or a recovery code
/// after the switch), Verify, the tip on device loss, and the way back to
/// the password step.
#[component]
pub fn SignInCodeStep(
    /// The login being signed in.
    login: Option<String>,
    /// The kind of code asked for.
    #[prop(into)]
    kind: Signal<CodeKind>,
    /// The six digits typed so far.
    totp: RwSignal<String>,
    /// The recovery code typed so far.
    recovery_code: RwSignal<String>,
    /// True while Verify2FACode runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last code was refused, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Why codes of a kind are refused for now (a lock, or app codes
    /// stopped): shown whichever kind is asked for.
    #[prop(into)]
    explanation: Signal<Option<String>>,
    /// True while the kind shown is locked: its field and Verify are
    /// disabled (the switch to the other kind stays).
    #[prop(into)]
    locked: Signal<bool>,
    /// The countdown of a wait the server asked for, in words.
    #[prop(into)]
    wait: Signal<Option<String>>,
    /// Called with the code as typed: on Verify, or at the sixth digit.
    #[prop(into)]
    on_submit: Callback<String>,
    /// What the step offers besides the code field.
    ways: Ways,
    /// The sign-in flow, which the ways move on.
    flow: RwSignal<SignInFlow>,
) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if locked.get_untracked() {
            return;
        }
        let typed = match kind.get_untracked() {
            CodeKind::Totp => totp.get_untracked(),
            CodeKind::Recovery => recovery_code.get_untracked(),
        };
        on_submit.run(typed);
    };
    let invalid = Signal::derive(move || error.get().is_some());
    let note = RwSignal::new(None::<String>);

    view! {
        <h1>"Two-Factor Authentication"</h1>
        <p class="muted">{login.map(|login| messages::signing_in_as(&login))}</p>
        // Always in the page, so that `role="status"` announces a lock
        // once; the switch below is described by it.
        <p class="lock-note" id="code-lock" role="status" data-testid="app-lock">
            {move || explanation.get()}
        </p>
        <form on:submit=submit novalidate>
            <SignInCodeField
                kind=kind
                totp=totp
                recovery_code=recovery_code
                busy=busy
                invalid=invalid
                locked=locked
                note=note
                on_complete=on_submit
            />
            <FormError message=error id="code-error" />
            <p class="wait" id="code-wait" role="timer" data-testid="wait-countdown">
                {move || wait.get()}
            </p>
            <BusyButton
                busy=busy
                disabled=locked
                submit=true
                class="primary wide"
                testid="verify"
            >
                "Verify"
            </BusyButton>
        </form>
        <CodeStepWays ways=ways kind=kind flow=flow />
    }
}
