//! View Recovery Codes: the current codes, used ones struck through, and
//! the link that generates new ones.

use leptos::prelude::*;
use twofold_api::account::RecoveryCodesResponse;

use super::dialog::Dialog;
use super::new_codes::NewCodes;
use super::recovery_code_list::RecoveryCodeList;
use super::recovery_codes_footer::RecoveryCodesFooter;
use super::save_codes_actions::SaveCodesActions;
use crate::logic::messages;
use crate::logic::save_gate::SaveGate;
use crate::state::use_app_state;

/// What the dialog shows: codes from Get2FABackupCodes, or new ones from
/// Regenerate2FABackupCodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesView {
    /// The codes.
    pub codes: RecoveryCodesResponse,
    /// True right after regenerating: the old codes are dead, the new ones
    /// must be saved before the dialog closes.
    pub regenerated: bool,
    /// True when opened to confirm saving codes never confirmed (a set-up
    /// left at step 2): the same save gate as new codes.
    pub confirming: bool,
}

/// The recovery-codes dialog.
#[component]
pub fn RecoveryCodesDialog(
    /// What to show.
    view: CodesView,
    /// Called on Close, Escape and Done, with whether the codes were saved
    /// (Download, Copy or the checkbox).
    #[prop(into)]
    on_close: Callback<bool>,
    /// Called by the "Generate new recovery codes" link (the owner asks for
    /// confirmation).
    #[prop(into)]
    on_regenerate: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let login = state.login();
    let gate = RwSignal::new(SaveGate::new());
    let hint = RwSignal::new(None::<String>);
    let regenerated = view.regenerated;
    let confirming = view.confirming;
    let close = move |()| {
        if regenerated && !gate.get_untracked().can_finish() {
            hint.set(Some(messages::SAVE_NEW_CODES_FIRST.into()));
        } else {
            on_close.run(gate.get_untracked().can_finish());
        }
    };
    let done = Callback::new(move |()| on_close.run(true));
    let CodesView { codes, .. } = view;
    let left = codes.left;
    let total = codes.codes.len();
    let viewable = codes.viewable;
    let list = Signal::stored(codes.codes);

    let body = if regenerated {
        // One callout (the note about saving them) is enough: what changed
        // is said in a plain paragraph above it.
        view! {
            <p role="status" data-testid="regenerated-warning">
                {messages::REGENERATED_WARNING}
            </p>
            <NewCodes codes=list login=login gate=gate on_done=done hint=hint />
        }
        .into_any()
    } else if confirming && viewable {
        view! {
            <p>{messages::CONFIRM_CODES_EXPLAINED}</p>
            <NewCodes codes=list login=login gate=gate on_done=done hint=hint />
        }
        .into_any()
    } else if viewable {
        view! {
            <p>{messages::VIEW_CODES_EXPLAINED}</p>
            <RecoveryCodeList codes=list login=login.clone() />
            <p class="codes-left" class:empty=left == 0 data-testid="codes-left">
                {messages::codes_left_of(left, total)}
            </p>
            <SaveCodesActions codes=list login=login />
        }
        .into_any()
    } else {
        view! {
            <p>{messages::CODES_NOT_VIEWABLE}</p>
            <p class="codes-left" class:empty=left == 0 data-testid="codes-left">
                {format!("{}.", messages::recovery_codes_left(left))}
            </p>
        }
        .into_any()
    };
    let footer = (!regenerated && !confirming).then(|| {
        view! { <RecoveryCodesFooter on_regenerate=on_regenerate on_close=on_close /> }
    });

    view! {
        <Dialog
            title="Recovery Codes"
            on_close=close
            class="wide"
            testid="codes-dialog"
            return_focus="tfa-title"
        >
            {body}
            {footer}
        </Dialog>
    }
}
