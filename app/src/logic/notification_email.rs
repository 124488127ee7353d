//! Settings > Account's Security Notices as decisions: which state the
//! section shows (none, a pending address, verified, bouncing), the
//! address a login suggests, an address checked before
//! it is sent, and what a refused code means for the form.

use std::time::Duration;

use twofold_api::notifications::NotificationEmailState;
use twofold_api::ResultCode;

use crate::api::Failure;
use crate::logic::messages;

/// How long after a test notice was sent the account is read again: a
/// mail server that refuses it has marked the address bouncing by then.
pub const BOUNCE_RECHECK: Duration = Duration::from_secs(3);

/// An address waiting for its code, until its code expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Where the code went.
    pub address: String,
    /// Until when the code is taken, in seconds since the epoch.
    pub expires_at: u64,
}

/// The address waiting for its code at `now_secs`; `None` once its code
/// expired (the server no longer takes it) or when none waits.
pub fn pending(state: &NotificationEmailState, now_secs: u64) -> Option<Pending> {
    let address = state.pending.clone()?;
    let expires_at = state.pending_expires_at?;
    (expires_at > now_secs).then_some(Pending {
        address,
        expires_at,
    })
}

/// The confirmed address, and whether notices reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// Where notices go.
    pub address: String,
    /// Whether its mail server takes them.
    pub standing: Standing,
}

/// How a confirmed address stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Notices get through; confirmed then, when known.
    Verified {
        /// When it was confirmed, in seconds since the epoch.
        since: Option<u64>,
    },
    /// Its mail server refuses notices for good (the mailbox is gone):
    /// another address is needed.
    Bouncing {
        /// Since when, in seconds since the epoch.
        since: u64,
    },
}

/// The confirmed address and how it stands, if there is one.
pub fn confirmed(state: &NotificationEmailState) -> Option<Confirmed> {
    let standing = match state.bouncing_since {
        Some(since) => Standing::Bouncing { since },
        None => Standing::Verified {
            since: state.verified_at,
        },
    };
    state
        .address
        .clone()
        .map(|address| Confirmed { address, standing })
}

/// The address a login offers as the field's first value: the login
/// itself when it looks like an e-mail address.
pub fn suggested_address(login: &str) -> Option<String> {
    check_address(login).ok()
}

/// The address as it will be sent (spaces around it dropped), or why the
/// form cannot send it. The server checks it fully; this catches what a
/// person can see at once: nothing typed, no `@`, a space, no dot after
/// the `@`.
pub fn check_address(typed: &str) -> Result<String, &'static str> {
    let address = typed.trim();
    let Some((local, domain)) = address.split_once('@') else {
        return Err(messages::ADDRESS_RULES);
    };
    let well_formed = !local.is_empty()
        && !domain.contains('@')
        && !address.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty());
    if well_formed {
        Ok(address.to_owned())
    } else {
        Err(messages::ADDRESS_RULES)
    }
}

/// True when a refused code means starting again (the address was
/// discarded: its code expired or was tried too often), not typing the
/// code once more.
pub fn must_start_again(failure: &Failure) -> bool {
    failure.is(ResultCode::NoPendingEmail)
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn waiting(expires_at: u64) -> NotificationEmailState {
        NotificationEmailState {
            pending: Some("new@example.com".into()),
            pending_expires_at: Some(expires_at),
            ..Default::default()
        }
    }

    #[test]
    fn a_pending_address_shows_until_its_code_expires() {
        assert_eq!(
            pending(&waiting(1900), 1000),
            Some(Pending {
                address: "new@example.com".into(),
                expires_at: 1900
            })
        );
        assert_eq!(pending(&waiting(1000), 1000), None);
        assert_eq!(pending(&NotificationEmailState::default(), 1000), None);
    }

    #[test]
    fn a_confirmed_address_comes_with_since_when() {
        let state = NotificationEmailState {
            address: Some("ada@example.com".into()),
            verified_at: Some(1200),
            ..waiting(1900)
        };
        assert_eq!(
            confirmed(&state),
            Some(Confirmed {
                address: "ada@example.com".into(),
                standing: Standing::Verified { since: Some(1200) }
            })
        );
        assert_eq!(confirmed(&waiting(1900)), None);
    }

    #[test]
    fn an_address_whose_mail_server_refuses_notices_is_bouncing_since_then() {
        let state = NotificationEmailState {
            address: Some("ada@example.com".into()),
            verified_at: Some(1200),
            bouncing_since: Some(1500),
            ..Default::default()
        };
        assert_eq!(
            confirmed(&state).map(|c| c.standing),
            Some(Standing::Bouncing { since: 1500 })
        );
    }

    #[test]
    fn a_login_that_looks_like_an_address_is_offered() {
        assert_eq!(
            suggested_address("ada@example.com").as_deref(),
            Some("ada@example.com")
        );
        for login in ["ada", "ada@localhost", "@example.com", "a@b@example.com"] {
            assert_eq!(suggested_address(login), None, "{login}");
        }
    }

    #[test]
    fn an_address_is_trimmed_and_a_malformed_one_is_named_before_sending() {
        assert_eq!(
            check_address("  ada@example.com ").as_deref(),
            Ok("ada@example.com")
        );
        for typed in ["", "ada", "ada @example.com", "ada@example.", "ada@.com"] {
            assert_eq!(
                check_address(typed),
                Err(messages::ADDRESS_RULES),
                "{typed}"
            );
        }
    }

    #[test]
    fn only_a_discarded_address_means_starting_again() {
        let refused = |result| Failure::Api(ApiError::new(result));
        assert!(must_start_again(&refused(ResultCode::NoPendingEmail)));
        assert!(!must_start_again(&refused(ResultCode::InvalidCode)));
        assert!(!must_start_again(&Failure::Network));
    }
}
