//! A sentence that names instants, with each instant marked up.

use leptos::prelude::*;

use super::time::Time;
use crate::logic::dates::{self, Local, Piece};

/// `text` as worded (in `logic/messages`), with each of `at` it names
/// shown as a [`Time`]: `Signed in <time>…</time> · last seen <time>…</time>`.
#[component]
pub fn DatedText(
    /// The sentence.
    #[prop(into)]
    text: Signal<String>,
    /// The instants it names, in order.
    #[prop(into)]
    at: Signal<Vec<u64>>,
) -> impl IntoView {
    move || {
        let pieces = text.with(|text| at.with(|at| dates::pieces_in(text, at, &Local)));
        pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Words(words) => words.into_any(),
                Piece::Instant { at, words } => view! { <Time at=at words=words /> }.into_any(),
            })
            .collect_view()
    }
}
