//! The "Wasn't you?" page once every session was signed out.

use leptos::prelude::*;

use super::dated_text::DatedText;
use super::not_me_flow::NotMeCalls;
use super::not_me_undo::NotMeUndo;
use crate::logic::{dates, messages};

/// What was done (every session signed out, how many access tokens
/// deleted, or that the link did it before), what the notice was about
/// and when; then the part that puts the account back or, when the link
/// cannot, where to get help.
#[component]
pub fn NotMeReported(
    /// The page's state and calls.
    calls: NotMeCalls,
) -> impl IntoView {
    let report = move || calls.flow.with(|f| f.report().cloned());
    let done = move || {
        report().map(|r| {
            if r.already_reported {
                messages::ALREADY_SIGNED_OUT.to_owned()
            } else {
                messages::signed_out_everywhere(r.tokens_deleted)
            }
        })
    };
    let told = Signal::derive(move || {
        report()
            .map(|r| messages::notice_told_of(r.change, &dates::date_time(r.at)))
            .unwrap_or_default()
    });
    let at = Signal::derive(move || report().map(|r| vec![r.at]).unwrap_or_default());
    let undo_part = Memo::new(move |_| calls.flow.with(|f| f.has_undo_part()));
    view! {
        <div class="notice success" data-testid="not-me-done">
            <p>{done}</p>
        </div>
        <p data-testid="not-me-change">
            <DatedText text=told at=at />
        </p>
        <Show
            when=move || undo_part.get()
            fallback=|| {
                view! {
                    <div class="callout warning" data-testid="not-me-no-undo">
                        <p>{messages::NOTHING_TO_PUT_BACK}</p>
                        <p>{messages::OPERATOR_HELP}</p>
                    </div>
                }
            }
        >
            <NotMeUndo calls=calls />
        </Show>
    }
}
