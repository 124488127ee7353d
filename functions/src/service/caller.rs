//! Who is calling: the credential presented and where the call came from.

use std::fmt;

use twofold_auth::event::ClientInfo;

/// How the caller presented a session token.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// The `session` parameter.
    Parameter(String),
    /// `Authorization: Bearer ...`.
    Bearer(String),
    /// The session cookie (browsers).
    Cookie(String),
}

impl Credential {
    /// The token text.
    pub fn token(&self) -> &str {
        match self {
            Credential::Parameter(t) | Credential::Bearer(t) | Credential::Cookie(t) => t,
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self {
            Credential::Parameter(_) => "Parameter",
            Credential::Bearer(_) => "Bearer",
            Credential::Cookie(_) => "Cookie",
        };
        write!(f, "{source}([redacted])")
    }
}

/// A call's context.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The token presented, if any.
    pub credential: Option<Credential>,
    /// Address and User-Agent, for throttling and the security log.
    pub client: ClientInfo,
}

impl Caller {
    /// The key the sign-in throttle counts this caller's address under.
    pub fn address_key(&self) -> String {
        self.client
            .ip
            .clone()
            .unwrap_or_else(|| "unknown".to_owned())
    }
}
