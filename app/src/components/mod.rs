//! The app's components, one per file. Beside them, what a panel or a form
//! and its parts share: the flows of the larger panels and forms
//! (`*_flows.rs`, `*_flow.rs`: their signals, the calls they make and what
//! the answers lead to, as one `Copy` struct), the fields of a form
//! ([`token_fields`], [`step_up_code`]), a change and its call
//! ([`token_change`]), and the guard of the signed-out pages
//! ([`leave_when_signed_in`]).

use std::sync::atomic::{AtomicUsize, Ordering};

pub mod access_tokens_card;
pub mod access_tokens_panel;
pub mod add_key_buttons;
pub mod add_key_dialog;
pub mod add_key_flow;
pub mod add_key_form;
pub mod app_registration;
pub mod auth_brand;
pub mod away_card;
pub mod away_flow;
pub mod busy_button;
pub mod change_password_dialog;
pub mod change_password_flow;
pub mod change_password_form;
pub mod change_password_panel;
pub mod choose_password;
pub mod code_field;
pub mod code_step_ways;
pub mod codes_unconfirmed;
pub mod confirm_dialog;
pub mod credentials_form;
pub mod dated_text;
pub mod device_loss_tip;
pub mod dialog;
pub mod event_item;
pub mod event_list;
pub mod expiry_option;
pub mod factor_list;
pub mod form_error;
pub mod key_dialogs;
pub mod key_flows;
pub mod leave_when_signed_in;
pub mod list_status;
pub mod log_flows;
pub mod log_toolbar;
pub mod method_option;
pub mod new_codes;
pub mod not_me_ask;
pub mod not_me_flow;
pub mod not_me_reported;
pub mod not_me_restored;
pub mod not_me_undo;
pub mod not_me_undo_form;
pub mod not_me_undo_key;
pub mod notice_address_facts;
pub mod notice_address_flows;
pub mod notice_address_form;
pub mod notice_address_panel;
pub mod notice_banner;
pub mod notice_code_form;
pub mod passkey_flow;
pub mod passkey_sign_in;
pub mod password_dialog;
pub mod password_field;
pub mod recovery_banner;
pub mod recovery_code_field;
pub mod recovery_code_list;
pub mod recovery_codes_dialog;
pub mod recovery_codes_footer;
pub mod regenerate_codes;
pub mod register_app_step;
pub mod rename_key_dialog;
pub mod route_watch;
pub mod save_codes_actions;
pub mod saved_checkbox;
pub mod second_factor_field;
pub mod secret_key;
pub mod security_card;
pub mod security_key_row;
pub mod session_flows;
pub mod session_row;
pub mod sessions_dialogs;
pub mod sessions_panel;
pub mod settings_frame;
pub mod setup_code_actions;
pub mod setup_code_flow;
pub mod setup_code_form;
pub mod setup_wizard;
pub mod sign_in_code_field;
pub mod sign_in_code_step;
pub mod sign_in_key_step;
pub mod sign_in_password_step;
pub mod signed_in;
pub mod step_up_code;
pub mod step_up_code_input;
pub mod step_up_confirmed;
pub mod step_up_flow;
pub mod step_up_form;
pub mod step_up_key;
pub mod time;
pub mod token_change;
pub mod token_confirm_dialog;
pub mod token_description_field;
pub mod token_expiry_picker;
pub mod token_expiry_preview;
pub mod token_facts;
pub mod token_fields;
pub mod token_flows;
pub mod token_form_dialog;
pub mod token_keep_list;
pub mod token_keep_row;
pub mod token_kept_note;
pub mod token_leave_check;
pub mod token_list;
pub mod token_methods_picker;
pub mod token_permissions;
pub mod token_row;
pub mod token_scripts_help;
pub mod token_value_actions;
pub mod token_value_dialog;
pub mod top_bar;
pub mod two_factor_app_help;
pub mod two_factor_change_app;
pub mod two_factor_confirm_dialog;
pub mod two_factor_dialogs;
pub mod two_factor_flows;
pub mod two_factor_off;
pub mod two_factor_on;
pub mod two_factor_panel;
pub mod two_factor_setup_gone;
pub mod two_factor_turn_off;
pub mod window_countdown;
pub mod wizard_steps;

/// A document-unique id such as `dialog-3`, for `aria-labelledby` and
/// `<label for>` where one component can appear twice.
pub fn next_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
