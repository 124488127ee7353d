//! Which personal access tokens a remediation keeps. Enable2FA,
//! ChangePassword and a stepped-up "sign out all other sessions" end every
//! token but those this session made and those named in `keepTokens`; the
//! confirmation lists the tokens, none ticked, and sends the ticked ones.

use twofold_api::tokens::{AccessToken, Selection};

use crate::logic::messages;

/// The keep list's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TokenKeep {
    /// GetTokens has not answered yet: nothing may be sent, or tokens the
    /// person would have kept would end unseen.
    #[default]
    Loading,
    /// GetTokens failed: the person could not choose, and the list says
    /// that the tokens end.
    Unlisted,
    /// The account's tokens, by id, in the list's order, and the ones ticked.
    Listed {
        /// Every token listed.
        ids: Vec<u32>,
        /// The ticked ones.
        kept: Vec<u32>,
    },
}

impl TokenKeep {
    /// The list for `tokens`, none ticked.
    pub fn listed(tokens: &[AccessToken]) -> Self {
        TokenKeep::Listed {
            ids: tokens.iter().map(|token| token.id).collect(),
            kept: Vec::new(),
        }
    }

    /// True until GetTokens answered.
    pub fn is_loading(&self) -> bool {
        matches!(self, TokenKeep::Loading)
    }

    /// True when token `id` is ticked.
    pub fn is_kept(&self, id: u32) -> bool {
        matches!(self, TokenKeep::Listed { kept, .. } if kept.contains(&id))
    }

    /// Ticks (`keep`) or unticks token `id`; ids not listed are ignored.
    pub fn set_kept(&mut self, id: u32, keep: bool) {
        if let TokenKeep::Listed { ids, kept } = self {
            kept.retain(|&kept_id| kept_id != id);
            if keep && ids.contains(&id) {
                kept.push(id);
            }
        }
    }

    /// What to send as `keepTokens`: the ticked ids in the list's order
    /// (none ticked is an empty list: every token but this session's
    /// ends); `None` when the account has no token or they could not be
    /// listed. While the list is loading, the words saying to wait.
    pub fn selection(&self) -> Result<Option<Selection<u32>>, &'static str> {
        match self {
            TokenKeep::Loading => Err(messages::TOKENS_STILL_LOADING),
            TokenKeep::Unlisted => Ok(None),
            TokenKeep::Listed { ids, .. } if ids.is_empty() => Ok(None),
            TokenKeep::Listed { ids, kept } => Ok(Some(Selection::Only(
                ids.iter().copied().filter(|id| kept.contains(id)).collect(),
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: u32) -> AccessToken {
        AccessToken {
            id,
            key: None,
            description: format!("token {id}"),
            created_at: 1,
            created_ip: Some("10.0.0.1".into()),
            expires_at: 2,
            api_list: vec!["GetAccount".into()],
            last_used: None,
            last_used_ip: None,
        }
    }

    #[test]
    fn nothing_is_sent_while_the_tokens_are_loading() {
        assert_eq!(
            TokenKeep::default().selection(),
            Err(messages::TOKENS_STILL_LOADING)
        );
        assert!(TokenKeep::default().is_loading());
    }

    #[test]
    fn an_account_without_tokens_sends_no_keep_list() {
        assert_eq!(TokenKeep::listed(&[]).selection(), Ok(None));
        assert_eq!(TokenKeep::Unlisted.selection(), Ok(None));
    }

    #[test]
    fn tokens_start_unticked_so_an_empty_list_ends_them_all() {
        let keep = TokenKeep::listed(&[token(3), token(1)]);
        assert!(!keep.is_kept(3) && !keep.is_kept(1));
        assert_eq!(keep.selection(), Ok(Some(Selection::Only(vec![]))));
    }

    #[test]
    fn the_ticked_tokens_are_sent_in_the_lists_order_each_once() {
        let mut keep = TokenKeep::listed(&[token(5), token(3), token(1)]);
        keep.set_kept(1, true);
        keep.set_kept(5, true);
        keep.set_kept(5, true);
        keep.set_kept(9, true);
        assert!(!keep.is_kept(9), "a token not listed cannot be kept");
        assert_eq!(keep.selection(), Ok(Some(Selection::Only(vec![5, 1]))));
        keep.set_kept(5, false);
        assert_eq!(keep.selection(), Ok(Some(Selection::Only(vec![1]))));
    }
}
