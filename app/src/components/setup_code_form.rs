//! The code form under a new authenticator app's QR code: its first code
//! turns two-factor authentication on (Enable2FA) or replaces the current
//! app (Change2FAApp).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::code_field::CodeField;
use super::form_error::FormError;
use super::next_id;
use super::setup_code_actions::SetupCodeActions;
use super::setup_code_flow::SetupCodeFlow;
use super::token_keep_list::TokenKeepList;
use super::window_countdown::WindowCountdown;
use crate::logic::app_setup::AppSetup;
use crate::logic::messages;

/// "Code from your authenticator app" (sent at the sixth digit or by the
/// form's button)
/// with the countdown of the app's window; when turning 2FA on, the access
/// tokens to keep, else what the change ends and keeps; the error; and the
/// buttons. Once the set-up is gone, only Start Again and Cancel.
#[component]
pub fn SetupCodeForm(
    /// The form's signals, shared with the step around it.
    flow: SetupCodeFlow,
    /// Seconds per code, for the countdown.
    period: u32,
    /// The field is what the wizard focuses first (not on phones, where
    /// the keyboard would cover the QR code).
    field_first: bool,
    /// Called on Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    let (code, busy, error) = (flow.code, flow.busy, flow.error);
    let open = move || flow.gone.with(Option::is_none);
    let field_id = next_id("setup-code");
    let hint_id = next_id("setup-code-hint");
    let note_id = next_id("setup-code-note");
    let error_id = next_id("setup-code-error");
    let label_for = field_id.clone();
    let described_by = format!("{hint_id} {note_id} {error_id}");
    let note = RwSignal::new(None::<String>);
    let send = move |typed: String| flow.send(typed);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send(code.get_untracked());
    };
    let hint = match flow.setup {
        AppSetup::TurnOn => messages::SETUP_CODE_HINT,
        AppSetup::Replace | AppSetup::Add => messages::NEW_APP_CODE_HINT,
    };

    view! {
        <form class="code-form" on:submit=submit novalidate>
            <div class="code-entry" hidden=move || !open()>
                <label for=label_for>{messages::CODE_FROM_APP}</label>
                <div class="code-row">
                    <CodeField
                        id=field_id
                        value=code
                        on_complete=send
                        busy=busy
                        disabled=Signal::derive(move || !open())
                        described_by=described_by
                        dialog_autofocus=field_first
                        invalid=Signal::derive(move || error.get().is_some())
                        note=note
                    />
                    <WindowCountdown period=period />
                </div>
                <p class="hint" id=hint_id>
                    {hint}
                </p>
                <p class="hint" id=note_id role="status" data-testid="code-note">
                    {move || note.get()}
                </p>
                {match flow.setup {
                    AppSetup::TurnOn => view! { <TokenKeepList keep=flow.keep /> }.into_any(),
                    setup => {
                        let effects = match setup {
                            AppSetup::Add => messages::ADD_APP_EFFECTS,
                            _ => messages::CHANGE_APP_EFFECTS,
                        };
                        view! {
                            <p class="change-effects" data-testid="change-app-effects">
                                {effects}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <FormError message=error id=error_id />
            <SetupCodeActions flow=flow on_cancel=on_cancel on_restart=on_restart />
        </form>
    }
}
