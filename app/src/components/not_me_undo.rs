//! The part of the "Wasn't you?" page that puts the account back.

use leptos::prelude::*;

use super::dated_text::DatedText;
use super::not_me_flow::NotMeCalls;
use super::not_me_undo_form::NotMeUndoForm;
use crate::logic::{dates, messages};

/// The `id` of the undo's error, which describes the code field.
const ERROR_ID: &str = "not-me-undo-error";

/// "Put your account back": what it does and takes (a security key and a
/// code from the authenticator app the account had before the change,
/// when it had them, or a recovery code), the attempts left and until
/// when, and the form; once the undo is over (attempts used, link used),
/// why, and where to get help (focused as it replaces the form, so it is
/// read out).
#[component]
pub fn NotMeUndo(
    /// The page's state and calls.
    calls: NotMeCalls,
) -> impl IntoView {
    let offer = move || calls.flow.with(|f| f.undo_offer().cloned());
    let change = move || calls.flow.with(|f| f.report().map(|r| r.change));
    // Read once: whether the app's codes are asked for, and whether the
    // key leads, do not change.
    let ways = calls
        .flow
        .with_untracked(|f| f.undo_ways())
        .unwrap_or_default();
    let open = Memo::new(move |_| offer().is_some());
    let explained = move || {
        let keys = offer().is_some_and(|o| o.security_keys);
        change().map(|change| messages::put_back_explained(change, ways.app_codes, keys))
    };
    let tries = Signal::derive(move || {
        offer()
            .map(|o| messages::undo_tries_left(o.tries_left, &dates::date_time(o.until)))
            .unwrap_or_default()
    });
    let until = Signal::derive(move || offer().map(|o| vec![o.until]).unwrap_or_default());
    view! {
        <section class="not-me-undo" data-testid="not-me-undo" aria-labelledby="not-me-undo-title">
            <h2 id="not-me-undo-title">{messages::PUT_BACK_TITLE}</h2>
            <Show when=move || open.get()>
                <p>{explained}</p>
                <p class="hint" data-testid="not-me-tries">
                    <DatedText text=tries at=until />
                </p>
                <NotMeUndoForm calls=calls ways=ways error_id=ERROR_ID />
            </Show>
            <Show when=move || !open.get()>
                <div class="callout warning" data-testid="not-me-undo-over">
                    <p>{move || calls.undo_error.get()}</p>
                    <p>{messages::OPERATOR_HELP}</p>
                </div>
            </Show>
        </section>
    }
}
