//! View Recovery Codes: the current codes, used ones struck through, and
//! the link that generates new ones.

use leptos::prelude::*;
use twofold_api::account::RecoveryCodesResponse;

use super::dialog::Dialog;
use super::new_codes::NewCodes;
use super::recovery_code_list::RecoveryCodeList;
use super::save_codes_actions::SaveCodesActions;
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
}

/// The recovery-codes dialog.
#[component]
pub fn RecoveryCodesDialog(
    /// What to show.
    view: CodesView,
    /// Called on Close, Escape and Done.
    #[prop(into)]
    on_close: Callback<()>,
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
    let close = move |()| {
        if regenerated && !gate.get_untracked().can_finish() {
            hint.set(Some(
                "Save the new codes first: use Download or Copy, or tick “I've saved the data”."
                    .into(),
            ));
        } else {
            on_close.run(());
        }
    };
    let CodesView { codes, .. } = view;
    let left = codes.left;
    let total = codes.codes.len();
    let viewable = codes.viewable;
    let list = Signal::stored(codes.codes);

    let body = if regenerated {
        view! {
            <div class="callout warning" role="status" data-testid="regenerated-warning">
                <strong>"New recovery codes"</strong>
                <p>
                    "Your old recovery codes no longer work, and your other sessions were \
                     signed out. Save these new codes now with the Download or Copy buttons."
                </p>
            </div>
            <NewCodes codes=list login=login gate=gate on_done=on_close hint=hint />
        }
        .into_any()
    } else if viewable {
        view! {
            <p>
                "Each code can be used once instead of a code from your authentication \
                 application. Used codes are struck through."
            </p>
            <RecoveryCodeList codes=list />
            <p class="codes-left" class:empty=left == 0 data-testid="codes-left">
                {if left == 0 {
                    "You have used all your recovery codes. Generate new ones below.".to_string()
                } else {
                    format!("{left} of {total} codes left.")
                }}
            </p>
            <SaveCodesActions codes=list login=login />
        }
        .into_any()
    } else {
        view! {
            <p>
                "This server keeps only fingerprints of your recovery codes, so they cannot be \
                 shown again. If you no longer have them, generate new ones."
            </p>
            <p class="codes-left" class:empty=left == 0 data-testid="codes-left">
                {format!("{left} codes left.")}
            </p>
        }
        .into_any()
    };
    let footer = (!regenerated).then(|| {
        view! {
            <div class="dialog-footer">
                <button
                    type="button"
                    class="link-button"
                    data-testid="regenerate-link"
                    on:click=move |_| on_regenerate.run(())
                >
                    "Generate new recovery codes"
                </button>
                <button type="button" class="button" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
        }
    });

    view! {
        <Dialog title="Recovery Codes" on_close=close class="wide" testid="codes-dialog">
            {body}
            {footer}
        </Dialog>
    }
}
