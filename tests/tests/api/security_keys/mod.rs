//! Security keys and passkeys over HTTP, driven by an independent software
//! authenticator (1Password's `passkey` crates, see
//! `twofold_e2e::authenticator`): the owner adds keys, signs in and steps
//! up with them, renames and removes them, and signs in with a passkey
//! alone; a replayed answer, an answer for another account's or another
//! session's ceremony, a ceremony answered twice or too late, an answer
//! made on another site's page, and a copied key whose counter fell behind
//! are each refused. One module per area; the helpers below are shared.

mod adding;
mod passkeys;
mod refusals;
mod replays;
mod signing_in;
mod step_up;

use twofold_api::events::{Event, EventKind};
use twofold_e2e::{Proof, TestApp, PASSWORD};

/// The account's events of `kind`, newest first.
async fn events_of(app: &TestApp, session: &str, kind: EventKind) -> Vec<Event> {
    app.get_events(session, Some(100), None)
        .await
        .expect("the security log")
        .events
        .into_iter()
        .filter(|event| event.kind == kind)
        .collect()
}

/// The description of the newest event of `kind`, asserting there is one.
async fn logged(app: &TestApp, session: &str, kind: EventKind) -> Option<String> {
    let events = events_of(app, session, kind).await;
    let newest = events
        .first()
        .unwrap_or_else(|| panic!("{kind:?} is in the security log"));
    newest.description.clone()
}

/// The password on the call.
fn password() -> Proof<'static> {
    Proof {
        password: Some(PASSWORD),
        code: None,
    }
}
