//! Who is calling: the credential presented and where the call came from.

use std::{fmt, net::IpAddr};

use twofold_api::ResultCode;
use twofold_auth::{address_bucket, event::ClientInfo};

use super::ServiceError;

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
#[derive(Clone, Default)]
pub struct Caller {
    /// The token presented, if any.
    pub credential: Option<Credential>,
    /// Address and User-Agent, as the security log and sessions keep them.
    pub client: ClientInfo,
    /// The network address, as the throttles count it.
    pub address: Option<IpAddr>,
    /// The browser's device cookie, as sent (checked where it is used).
    pub device: Option<String>,
}

impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("credential", &self.credential)
            .field("client", &self.client)
            .field("address", &self.address)
            .field("device", &self.device.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl Caller {
    /// The bucket the throttles count this caller's address in (IPv6 by
    /// its /64). A call without an address is refused: counting it in one
    /// bucket shared with every other such caller would let one of them
    /// throttle all the others.
    pub fn address_key(&self) -> Result<String, ServiceError> {
        self.address
            .map(address_bucket)
            .ok_or_else(|| ServiceError::refused(ResultCode::NoClientAddress))
    }
}
