//! The app's components, one per file.

use std::sync::atomic::{AtomicUsize, Ordering};

pub mod access_tokens_panel;
pub mod busy_button;
pub mod change_password_dialog;
pub mod change_password_form;
pub mod change_password_panel;
pub mod choose_password;
pub mod code_field;
pub mod confirm_dialog;
pub mod credentials_form;
pub mod device_loss_tip;
pub mod dialog;
pub mod event_list;
pub mod form_error;
pub mod new_codes;
pub mod notice_banner;
pub mod password_dialog;
pub mod recovery_banner;
pub mod recovery_code_field;
pub mod recovery_code_list;
pub mod recovery_codes_dialog;
pub mod regenerate_codes;
pub mod register_app_step;
pub mod route_watch;
pub mod save_codes_actions;
pub mod saved_checkbox;
pub mod second_factor_field;
pub mod secret_key;
pub mod sessions_panel;
pub mod settings_frame;
pub mod setup_wizard;
pub mod sign_in_code_step;
pub mod sign_in_password_step;
pub mod signed_in;
pub mod token_form_dialog;
pub mod token_keep_list;
pub mod token_list;
pub mod token_value_dialog;
pub mod top_bar;
pub mod two_factor_panel;
pub mod window_countdown;
pub mod wizard_steps;

/// A document-unique id such as `dialog-3`, for `aria-labelledby` and
/// `<label for>` where one component can appear twice.
pub fn next_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
