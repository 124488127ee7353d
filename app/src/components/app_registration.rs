//! What the set-up gives the authenticator app: the QR code, the
//! otpauth:// link, and the data for typing it in by hand.

use leptos::prelude::*;
use twofold_api::account::Setup2FAResponse;

use super::secret_key::SecretKey;
use crate::logic::messages;

/// The QR code (an `<img>` of the server's SVG) with "Open in
/// authenticator app" below it on touch screens, and beside them the
/// account, the issuer, the key and its type.
#[component]
pub fn AppRegistration(
    /// What Setup2FA returned.
    setup: Setup2FAResponse,
) -> impl IntoView {
    // An <img> rather than inner HTML: the SVG is drawn but never run.
    let qr_src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&setup.qr_svg))
    );
    let qr_alt = messages::qr_code_alt(&setup.account_name, &setup.issuer);
    let otpauth_uri = setup.otpauth_uri.clone();

    view! {
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
                // Shown on touch screens only (the style sheet's `pointer:
                // coarse`): a computer has no app to open it.
                <a class="button open-in-app" href=otpauth_uri data-testid="open-in-app">
                    {messages::OPEN_IN_APP}
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
    }
}
