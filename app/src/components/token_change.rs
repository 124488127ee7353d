//! A change to the personal access tokens and the call that makes it,
//! covered by the session's step-up.

use twofold_api::tokens::{AccessToken, DeleteTokensRequest, RegenerateTokenRequest, Selection};

use crate::api::{self, Failure};
use crate::logic::elevation::Need;
use crate::logic::tokens::{self, Changes, TokenSpec};

/// A change to the tokens, waiting for the step-up or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Generate: a new token.
    Create(TokenSpec),
    /// Edit: these changes to the token of this description.
    Edit(Changes, String),
    /// Regenerate: a new value for this token, and a new expiry when one
    /// was chosen (`None` keeps its own).
    Regenerate(AccessToken, Option<u64>),
    /// Remove this token.
    Remove(AccessToken),
}

impl Change {
    /// What the change needs from the session's step-up: the password to
    /// remove a token or narrow it, a second factor too (with 2FA on) to
    /// make one, give it a new value or let it do more.
    pub fn need(&self) -> Need {
        match self {
            Change::Create(_) | Change::Regenerate(..) => Need::SecondFactor,
            Change::Edit(changes, _) => changes.need(),
            Change::Remove(_) => Need::Password,
        }
    }
}

/// What a successful change leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A value to show once; true after Regenerate.
    Shown(AccessToken, bool),
    /// The token as edited.
    Saved(AccessToken),
    /// The token removed.
    Removed(AccessToken),
}

/// Makes the call for `change`, covered by the session's step-up.
pub async fn perform(change: Change) -> Result<Done, Failure> {
    match change {
        Change::Create(spec) => api::create_token(tokens::create_request(spec))
            .await
            .map(|answer| Done::Shown(answer.token, false)),
        Change::Edit(changes, _) => api::edit_token(changes.request())
            .await
            .map(|answer| Done::Saved(answer.token)),
        Change::Regenerate(token, expires_at) => api::regenerate_token(RegenerateTokenRequest {
            password: None,
            code: None,
            id: token.id,
            expires_at,
        })
        .await
        .map(|answer| Done::Shown(answer.token, true)),
        Change::Remove(token) => api::delete_tokens(DeleteTokensRequest {
            password: None,
            ids: Selection::Only(vec![token.id]),
        })
        .await
        .map(|_| Done::Removed(token)),
    }
}
