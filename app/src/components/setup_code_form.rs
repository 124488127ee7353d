//! The setup wizard's code form: the first code from the authentication
//! application switches two-factor authentication on (Enable2FA).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use twofold_api::account::RecoveryCodesResponse;

use super::code_field::CodeField;
use super::form_error::FormError;
use super::next_id;
use super::setup_code_actions::SetupCodeActions;
use super::setup_code_flow::SetupCodeFlow;
use super::token_keep_list::TokenKeepList;
use super::window_countdown::WindowCountdown;
use crate::state::use_app_state;

/// "Authentication code" (sent at the sixth digit or by Next) with the
/// countdown of the app's window, the access tokens to keep, the error,
/// and Start Again (once the pending setup expired), Cancel and Next.
#[component]
pub fn SetupCodeForm(
    /// Seconds per code, for the countdown.
    period: u32,
    /// The field is what the wizard focuses first (not on phones, where
    /// the keyboard would cover the QR code).
    field_first: bool,
    /// Called with the recovery codes once Enable2FA accepted the code.
    #[prop(into)]
    on_enabled: Callback<RecoveryCodesResponse>,
    /// Called on Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    let flow = SetupCodeFlow::new(use_app_state(), on_enabled);
    let (code, busy, error) = (flow.code, flow.busy, flow.error);
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

    view! {
        <form class="code-form" on:submit=submit novalidate>
            <label for=label_for>"Authentication code"</label>
            <div class="code-row">
                <CodeField
                    id=field_id
                    value=code
                    on_complete=send
                    busy=busy
                    described_by=described_by
                    dialog_autofocus=field_first
                    invalid=Signal::derive(move || error.get().is_some())
                    note=note
                />
                <WindowCountdown period=period />
            </div>
            <p class="hint" id=hint_id>
                "The application shows a new six-digit code every 30 seconds. Type it here and \
                 click Next to verify."
            </p>
            <p class="hint" id=note_id role="status" data-testid="code-note">
                {move || note.get()}
            </p>
            <TokenKeepList keep=flow.keep />
            <FormError message=error id=error_id />
            <SetupCodeActions
                expired=flow.expired
                busy=busy
                on_cancel=on_cancel
                on_restart=on_restart
            />
        </form>
    }
}
