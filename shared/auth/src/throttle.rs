//! The throttle on password checks, counted in fixed windows: wrong
//! passwords per login and per client address (from clients the login does
//! not know), per trusted device (a browser that signed in before, see
//! [`crate::device`]) and per signed-in session (where the password is asked
//! again); and a ceiling on right passwords per login, so that even the
//! password's holder cannot make the server hash without end.

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

/// Limits on password checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInThrottle {
    /// Window length in seconds.
    pub window_seconds: u64,
    /// Failed sign-ins per login per window, from clients it does not know;
    /// also failed re-asks of the password per signed-in session.
    pub max_per_login: u32,
    /// Failed sign-ins per client address per window, from clients the
    /// login does not know.
    pub max_per_address: u32,
    /// Failed sign-ins per trusted device per window; beyond it the device
    /// is counted like any other client.
    pub max_per_device: u32,
    /// Right passwords per login per window: no person signs in this often,
    /// so beyond it even the right password waits for the next window.
    pub max_successes_per_login: u32,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            window_seconds: 15 * 60,
            max_per_login: 10,
            max_per_address: 50,
            max_per_device: 5,
            max_successes_per_login: 30,
        }
    }
}

/// One fixed window of the throttle: counters are kept per window and end
/// with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleWindow {
    /// Which window since the epoch (its counters' key).
    pub index: u64,
    /// When it starts, in seconds since the epoch.
    pub starts_at: u64,
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
            starts_at: index * length,
            ends_at: (index + 1) * length,
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
            ..SignInThrottle::default()
        };
        assert_eq!(throttle.window(59).index, 0);
        assert_eq!(throttle.window(60).index, 1);
        assert_eq!(throttle.window(60).ends_at, 120);
        assert_eq!(throttle.window(100).retry_after(100), 20);
    }
}
