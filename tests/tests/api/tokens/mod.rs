//! Personal access tokens over HTTP: what a stolen token can and cannot do,
//! when a token stops working (deleted, regenerated, expired), what
//! CreateToken and EditToken accept, the password they take, GetTokens
//! without keys, `lastUsed`, Authorize, and the security log. One module per
//! area; the helpers below are shared by them.

mod attacker_stories;
mod authorize;
mod calling;
mod create;
mod form_fields;
mod last_use;
mod lifetime;
mod limits;
mod list_edit_delete;
mod security_log;
mod step_up;

use twofold_api::{events::Event, tokens::AccessToken};
use twofold_e2e::TestApp;

const DAY: u64 = 86_400;

/// The value CreateToken or RegenerateToken showed.
fn key(token: &AccessToken) -> String {
    token.key.clone().expect("the key is shown by this answer")
}

/// The one token `session`'s account has with `id`, as GetTokens lists it.
async fn listed(app: &TestApp, session: &str, id: u32) -> AccessToken {
    app.get_tokens(session)
        .await
        .expect("GetTokens")
        .tokens
        .into_iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("token {id} is listed"))
}

/// Every event of the account, newest first.
async fn events(app: &TestApp, session: &str) -> Vec<Event> {
    app.state(session).await.events
}

/// The ids of the account's sessions, as `session` sees them.
async fn session_ids(app: &TestApp, session: &str) -> Vec<String> {
    app.get_sessions(session)
        .await
        .expect("GetSessions")
        .sessions
        .into_iter()
        .map(|s| s.id)
        .collect()
}

/// A full session of `login`, which has no 2FA.
async fn signed_in(app: &TestApp, login: &str, password: &str) -> String {
    app.sign_in(login, password)
        .await
        .expect("sign in")
        .session
        .expect("a full session")
}
