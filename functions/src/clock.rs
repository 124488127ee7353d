//! The clock, read only at the edge and handed to the domain as `now`.

use std::{
    fmt,
    time::{SystemTime, UNIX_EPOCH},
};

/// Tells the time in seconds since the Unix epoch.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> u64;

    /// Now in nanoseconds since the Unix epoch: orders the security-log
    /// events of one second. Clocks that only know seconds keep the default.
    fn now_nanos(&self) -> u64 {
        self.now().saturating_mul(1_000_000_000)
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }

    fn now_nanos(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }
}
