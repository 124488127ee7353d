//! The client's address behind a reverse proxy that twofold-local trusts
//! (`TWOFOLD_TRUSTED_PROXIES`): the last address in `X-Forwarded-For` that
//! is not one of the trusted proxies. Each proxy appends the address it saw,
//! so everything left of the first untrusted hop (reading from the right)
//! may have been written by the client itself and is ignored. Without a
//! trusted proxy in front, the header is never read: the TCP peer is the
//! client.

use std::{net::IpAddr, str::FromStr};

use axum::http::HeaderMap;

/// Networks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

/// An address and how many of its leading bits a network fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => masked(
                u128::from(u32::from(net)),
                u128::from(u32::from(ip)),
                32,
                self.prefix,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), u128::from(ip), 128, self.prefix)
            }
            _ => false,
        }
    }
}

/// True when `a` and `b` agree on their first `prefix` of `bits` bits.
fn masked(a: u128, b: u128, bits: u8, prefix: u8) -> bool {
    let shift = u32::from(bits.saturating_sub(prefix));
    a.checked_shr(shift).unwrap_or(0) == b.checked_shr(shift).unwrap_or(0)
}

/// An IPv4-mapped IPv6 address as the IPv4 address it maps.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// A list of proxies that could not be read; says which entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an address or a network (192.0.2.7, 10.0.0.0/8, 2001:db8::/32)")]
pub struct InvalidProxy(String);

impl FromStr for TrustedProxies {
    type Err = InvalidProxy;

    /// Reads `a, b/n, ...`: addresses and networks, separated by commas.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut networks = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let invalid = || InvalidProxy(entry.to_owned());
            let (address, prefix) = match entry.split_once('/') {
                Some((address, prefix)) => (address, Some(prefix)),
                None => (entry, None),
            };
            let address = canonical(address.parse::<IpAddr>().map_err(|_| invalid())?);
            let most = if address.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                Some(text) => text
                    .parse::<u8>()
                    .ok()
                    .filter(|p| *p <= most)
                    .ok_or_else(invalid)?,
                None => most,
            };
            networks.push(Network { address, prefix });
        }
        Ok(TrustedProxies(networks))
    }
}

impl TrustedProxies {
    /// True when no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(ip))
    }

    /// The client's address for a connection from `peer` with `headers`:
    /// `peer` unless it is a trusted proxy; then, reading `X-Forwarded-For`
    /// from the right (what the trusted proxies appended), the first
    /// address that is not a trusted proxy, or the left-most one if all
    /// are. Whatever stands left of that hop was written by the client and
    /// is never read, junk included; `peer` when the header has no address
    /// the proxies wrote.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        let mut last_trusted = None;
        for entry in entries.iter().rev() {
            let Ok(hop) = entry.trim().parse::<IpAddr>() else {
                break;
            };
            if !self.trusts(hop) {
                return hop;
            }
            last_trusted = Some(hop);
        }
        last_trusted.unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
        let proxies: TrustedProxies = "10.0.0.0/8, 127.0.0.1".parse().unwrap();
        let peer = ip("127.0.0.1");
        assert_eq!(
            proxies.client(peer, &forwarded("203.0.113.9")),
            ip("203.0.113.9")
        );
        // A client's own forged entries sit left of the first untrusted hop.
        assert_eq!(
            proxies.client(peer, &forwarded("6.6.6.6, 203.0.113.9, 10.1.2.3")),
            ip("203.0.113.9")
        );
        assert_eq!(proxies.client(peer, &HeaderMap::new()), peer);
        // A client's junk left of its own address is never read.
        assert_eq!(
            proxies.client(peer, &forwarded("not an address, 203.0.113.9")),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies.client(peer, &forwarded("10.0.0.1, 10.0.0.2")),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let peer = ip("198.51.100.4");
        assert_eq!(proxies.client(peer, &forwarded("203.0.113.9")), peer);
        let none = TrustedProxies::default();
        assert!(none.is_empty());
        assert_eq!(
            none.client(ip("127.0.0.1"), &forwarded("203.0.113.9")),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn networks_read_as_addresses_and_prefixes_and_bad_entries_are_named() {
        let proxies: TrustedProxies = "2001:db8::/32, ::ffff:192.0.2.7".parse().unwrap();
        assert!(proxies.trusts(ip("2001:db8:ffff::1")));
        assert!(!proxies.trusts(ip("2001:db9::1")));
        assert!(proxies.trusts(ip("192.0.2.7")));
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.1/x"] {
            assert_eq!(
                bad.parse::<TrustedProxies>(),
                Err(InvalidProxy(bad.to_owned()))
            );
        }
    }
}
