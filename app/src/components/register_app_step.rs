//! Step 1 of the setup wizard: connect the authentication application and
//! confirm it with a code (Enable2FA).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::account::{RecoveryCodesResponse, Setup2FAResponse};
use twofold_api::ResultCode;

use super::busy_button::BusyButton;
use super::code_field::CodeField;
use super::form_error::FormError;
use super::next_id;
use super::secret_key::SecretKey;
use super::token_keep_list::TokenKeepList;
use super::window_countdown::WindowCountdown;
use super::wizard_steps::WizardSteps;
use crate::api;
use crate::browser;
use crate::logic::code::is_complete_totp;
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::token_keep::TokenKeep;
use crate::state::use_app_state;

/// Step 1: connect the authentication application and confirm with a code;
/// the access tokens ticked in the list below the code keep working, the
/// others stop when 2FA goes on.
#[component]
pub fn RegisterAppStep(
    /// What Setup2FA returned.
    setup: Setup2FAResponse,
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
    let state = use_app_state();
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let expired = RwSignal::new(false);
    let field_id = next_id("setup-code");
    let hint_id = next_id("setup-code-hint");
    let note_id = next_id("setup-code-note");
    let error_id = next_id("setup-code-error");
    let label_for = field_id.clone();
    let described_by = format!("{hint_id} {note_id} {error_id}");
    let note = RwSignal::new(None::<String>);
    let keep = RwSignal::new(TokenKeep::default());
    // On a phone the keyboard would cover the QR code and the instructions:
    // focus starts on the step's heading there, on the field elsewhere.
    let field_first = browser::autofocus_helps();

    let send = move |typed: String| {
        if busy.get_untracked() {
            return;
        }
        if !is_complete_totp(&typed) {
            error.set(Some(
                messages::incomplete_code(Attempt::EnableTwoFactor).into(),
            ));
            return;
        }
        let keep_tokens = match keep.with_untracked(TokenKeep::selection) {
            Ok(keep_tokens) => keep_tokens,
            Err(words) => {
                error.set(Some(words.into()));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::enable_2fa(typed, keep_tokens).await;
            busy.set(false);
            match answer {
                Ok(enabled) => on_enabled.run(enabled),
                Err(failure) if state.handle_session_failure(&failure) => {}
                Err(failure) => {
                    code.set(String::new());
                    expired.set(failure.is(ResultCode::NoPendingSetup));
                    error.set(Some(failure_message(Attempt::EnableTwoFactor, &failure)));
                }
            }
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send(code.get_untracked());
    };

    // An <img> rather than inner HTML: the SVG is drawn but never run.
    let qr_src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&setup.qr_svg))
    );
    let qr_alt = messages::qr_code_alt(&setup.account_name, &setup.issuer);
    let period = setup.period;
    let otpauth_uri = setup.otpauth_uri.clone();

    view! {
        <WizardSteps current=1 />
        <h3
            class="step-title"
            tabindex="-1"
            data-testid="step-heading"
            data-autofocus=(!field_first).then_some("")
        >
            "Register your authentication application"
        </h3>
        <p>
            "Open Google Authenticator (or another authentication application) on your phone and \
             add your account by scanning the QR code or by typing the data below."
        </p>
        <div class="register">
            <div class="qr-box">
                <img
                    class="qr"
                    src=qr_src
                    alt=qr_alt
                    data-testid="qr-code"
                    width="200"
                    height="200"
                />
                // The phone that holds the authenticator cannot scan its own
                // screen: the same otpauth:// link opens the app directly.
                <a class="button" href=otpauth_uri data-testid="open-in-app">
                    "Open in authenticator app"
                </a>
            </div>
            <dl class="manual">
                <dt>"Account"</dt>
                <dd data-testid="setup-account">{setup.account_name.clone()}</dd>
                <dt>"Issuer"</dt>
                <dd data-testid="setup-issuer">{setup.issuer.clone()}</dd>
                <dt>"Key"</dt>
                <dd>
                    <SecretKey secret=setup.secret.clone() />
                </dd>
                <dt>"Type"</dt>
                <dd>{messages::key_type(setup.digits, setup.period)}</dd>
            </dl>
        </div>
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
            <TokenKeepList keep=keep />
            <FormError message=error id=error_id />
            <div class="dialog-actions">
                {move || {
                    expired
                        .get()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    on:click=move |_| on_restart.run(())
                                >
                                    "Start Again"
                                </button>
                            }
                        })
                }}
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <BusyButton busy=busy submit=true class="primary" testid="next">
                    "Next"
                </BusyButton>
            </div>
        </form>
    }
}
