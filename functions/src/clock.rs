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

/// The system clock moved ahead by the whole number of seconds written in a
/// file, re-read at every call: how black-box tests see a token or session
/// expire without waiting. Only `twofold-local` uses it, and only when
/// `TWOFOLD_CLOCK_FILE` names the file; the Lambda functions never do.
#[derive(Debug, Clone)]
pub struct ShiftedClock {
    file: std::path::PathBuf,
}

impl ShiftedClock {
    /// A clock shifted by what `file` says (nothing, while it is missing or
    /// empty).
    pub fn new(file: impl Into<std::path::PathBuf>) -> Self {
        ShiftedClock { file: file.into() }
    }

    fn shift(&self) -> u64 {
        std::fs::read_to_string(&self.file)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> u64 {
        SystemClock.now().saturating_add(self.shift())
    }

    fn now_nanos(&self) -> u64 {
        SystemClock
            .now_nanos()
            .saturating_add(self.shift().saturating_mul(1_000_000_000))
    }
}
