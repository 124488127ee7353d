//! Remediation that sticks: what an owner does after a scare (enabling
//! 2FA, a new password, signing out everywhere) and what an operator does
//! for them (resetting 2FA, ending sessions) also ends the account's
//! personal access tokens, in the same transaction as the change, so a
//! token minted by a thief's session does not outlive it. Kept: the tokens
//! the calling session made itself (a script's own session changing the
//! password keeps its token) and those the caller names (`keepTokens`).

use twofold_api::{events::EventKind, tokens::Selection};
use twofold_auth::{event::ClientInfo, AccessToken, UserId};
use twofold_store::{Change, TokenWrite};

use super::Service;

/// Which tokens a remediation keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keep<'a> {
    /// The public id of the calling session: the tokens it made stay.
    pub session: Option<&'a str>,
    /// The tokens the caller named to keep (`keepTokens`).
    pub named: Option<&'a Selection<u32>>,
}

impl Keep<'_> {
    /// Keeps nothing but what `named` names (an operator's command).
    pub(crate) fn named(named: Option<&Selection<u32>>) -> Keep<'_> {
        Keep {
            session: None,
            named,
        }
    }

    fn keeps(&self, token: &AccessToken) -> bool {
        let made_here = self
            .session
            .is_some_and(|id| token.created_by.as_deref() == Some(id));
        let named = match self.named {
            Some(Selection::All) => true,
            Some(Selection::Only(ids)) => ids.contains(&token.id),
            None => false,
        };
        made_here || named
    }
}

impl Service {
    /// The writes that end every token of `tokens` that `keep` does not
    /// keep, with a `tokensEnded` event naming them by description, and how
    /// many that is (at most 50 tokens exist, so they fit the transaction of
    /// the change beside them).
    pub(super) fn end_tokens(
        &self,
        user: &UserId,
        tokens: &[AccessToken],
        keep: Keep<'_>,
        client: &ClientInfo,
        now: u64,
    ) -> (Change, u32) {
        let ended: Vec<&AccessToken> = tokens.iter().filter(|t| !keep.keeps(t)).collect();
        self.deleting_tokens(user, &ended, EventKind::TokensEnded, client, now)
    }

    /// The writes that delete `tokens`, with the event of `kind` naming them
    /// by description (never their values) and counting them, and how many
    /// that is; nothing for none.
    pub(super) fn deleting_tokens(
        &self,
        user: &UserId,
        tokens: &[&AccessToken],
        kind: EventKind,
        client: &ClientInfo,
        now: u64,
    ) -> (Change, u32) {
        if tokens.is_empty() {
            return (Change::default(), 0);
        }
        let count = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
        let descriptions: Vec<&str> = tokens.iter().map(|t| t.description.as_str()).collect();
        let mut change = Change::default().event(
            self.event(user, kind, client, now)
                .with_description(descriptions.join(", "))
                .with_count(count),
        );
        for token in tokens {
            change = change.token(TokenWrite::Delete {
                user_id: token.user_id.clone(),
                token_hash: token.token_hash.clone(),
            });
        }
        (change, count)
    }
}
