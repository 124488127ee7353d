//! The throttle on failed sign-ins: per login and per client address,
//! counted in fixed windows. Only failures count, so a person who types the
//! right password is never slowed by it.

use std::net::{IpAddr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// The bucket a client address is counted in: an IPv4 address alone, an
/// IPv6 address by its /64 (one customer network: the rest of the address
/// is the customer's to change at will), an IPv4-mapped IPv6 address as the
/// IPv4 address it maps.
pub fn address_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", Ipv6Addr::from(network))
            }
        },
    }
}

/// Limits on failed sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInThrottle {
    /// Window length in seconds.
    pub window_seconds: u64,
    /// Failed sign-ins per login per window.
    pub max_per_login: u32,
    /// Failed sign-ins per client address per window.
    pub max_per_address: u32,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            window_seconds: 15 * 60,
            max_per_login: 10,
            max_per_address: 50,
        }
    }
}

/// Sign-ins are refused until the window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many failed sign-ins; retry in {retry_after} s")]
pub struct Throttled {
    /// Seconds until the window ends.
    pub retry_after: u64,
}

/// One fixed window of the throttle: counters are kept per window and end
/// with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleWindow {
    /// Which window since the epoch (its counters' key).
    pub index: u64,
    /// When it ends, in seconds since the epoch (its counters' expiry).
    pub ends_at: u64,
}

impl ThrottleWindow {
    /// Seconds from `now` until the window ends.
    pub fn retry_after(&self, now: u64) -> u64 {
        self.ends_at.saturating_sub(now)
    }
}

impl SignInThrottle {
    /// The window that contains `now`.
    pub fn window(&self, now: u64) -> ThrottleWindow {
        let length = self.window_seconds.max(1);
        let index = now / length;
        ThrottleWindow {
            index,
            ends_at: (index + 1) * length,
        }
    }

    /// Refuses once either counter has reached its limit in this window.
    pub fn check(
        &self,
        now: u64,
        login_failures: u32,
        address_failures: u32,
    ) -> Result<(), Throttled> {
        if login_failures >= self.max_per_login || address_failures >= self.max_per_address {
            Err(Throttled {
                retry_after: self.window(now).retry_after(now),
            })
        } else {
            Ok(())
        }
    }

    /// The most failures one login can see in an hour: a full window's worth
    /// for every window that starts within it, plus the one it starts in.
    pub fn worst_case_per_login_per_hour(&self) -> u64 {
        u64::from(self.max_per_login) * (3600 / self.window_seconds.max(1) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_are_refused_once_a_login_reaches_its_limit_until_the_window_ends() {
        let throttle = SignInThrottle::default();
        assert_eq!(throttle.check(100, 9, 0), Ok(()));
        assert_eq!(
            throttle.check(100, 10, 0),
            Err(Throttled { retry_after: 800 })
        );
    }

    #[test]
    fn sign_ins_are_refused_once_an_address_reaches_its_limit() {
        let throttle = SignInThrottle::default();
        assert_eq!(throttle.check(0, 0, 49), Ok(()));
        assert!(throttle.check(0, 0, 50).is_err());
    }

    #[test]
    fn the_default_throttle_allows_fewer_than_100_failures_per_login_an_hour() {
        assert!(SignInThrottle::default().worst_case_per_login_per_hour() <= 100);
    }

    #[test]
    fn ipv4_addresses_count_alone_and_ipv6_addresses_by_their_64() {
        let bucket = |text: &str| address_bucket(text.parse().unwrap());
        assert_eq!(bucket("192.0.2.7"), "192.0.2.7");
        assert_ne!(bucket("192.0.2.7"), bucket("192.0.2.8"));
        assert_eq!(bucket("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(
            bucket("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            bucket("2001:db8:1:2::1")
        );
        assert_ne!(bucket("2001:db8:1:3::1"), bucket("2001:db8:1:2::1"));
        assert_eq!(bucket("::ffff:192.0.2.7"), "192.0.2.7");
    }

    #[test]
    fn windows_are_fixed_and_consecutive() {
        let throttle = SignInThrottle {
            window_seconds: 60,
            max_per_login: 1,
            max_per_address: 1,
        };
        assert_eq!(throttle.window(59).index, 0);
        assert_eq!(throttle.window(60).index, 1);
        assert_eq!(throttle.window(60).ends_at, 120);
        assert_eq!(throttle.window(100).retry_after(100), 20);
    }
}
