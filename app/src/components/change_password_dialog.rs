//! The Change Password pop-up of Settings > Account: the form in a dialog.

use leptos::prelude::*;
use twofold_api::account::ChangePasswordResponse;

use super::change_password_form::ChangePasswordForm;
use super::dialog::Dialog;
use crate::logic::messages;

/// The Change Password form (which asks for the current password itself,
/// so no "Confirm Your Password" comes first) with the access tokens to
/// keep, in a dialog.
#[component]
pub fn ChangePasswordDialog(
    /// Called with ChangePassword's answer once the password was changed.
    #[prop(into)]
    on_changed: Callback<ChangePasswordResponse>,
    /// Called on Cancel, Escape and the close button.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Dialog title="Change Password" on_close=on_cancel testid="change-password-dialog">
            <p>{messages::THIS_SESSION_STAYS}</p>
            <ChangePasswordForm keep_tokens=true on_changed=on_changed on_cancel=on_cancel />
        </Dialog>
    }
}
