//! The second-factor lockout: after N wrong codes the account's second
//! factor refuses every code, right or wrong, for a cool-down.
//!
//! The counter lives on the account (so it holds across sessions, Lambda
//! instances and fresh sign-ins) and only a correct code resets it.

use serde::{Deserialize, Serialize};

/// Failures allowed per sliding hour, whatever the configuration.
pub const HOURLY_CEILING: u64 = 100;

/// How many wrong codes lock the second factor, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorPolicy {
    /// Wrong codes in a row that lock the second factor.
    pub max_failures: u32,
    /// Seconds the lock lasts.
    pub lockout_seconds: u64,
}

/// A policy that would allow more than [`HOURLY_CEILING`] failures an hour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{max_failures} failures per {lockout_seconds} s lock allow {per_hour} an hour (at most 100)"
)]
pub struct PolicyTooLax {
    max_failures: u32,
    lockout_seconds: u64,
    per_hour: u64,
}

impl Default for SecondFactorPolicy {
    fn default() -> Self {
        SecondFactorPolicy {
            max_failures: 5,
            lockout_seconds: 15 * 60,
        }
    }
}

impl SecondFactorPolicy {
    /// The policy, if it keeps every hour under [`HOURLY_CEILING`] failures.
    ///
    /// Within any hour an attacker gets `max_failures` before the first lock
    /// and again after each lock ends: at most `max_failures * (3600 / lock
    /// + 1)`.
    pub fn checked(self) -> Result<Self, PolicyTooLax> {
        let per_hour = self.worst_case_per_hour();
        if self.max_failures == 0 || per_hour > HOURLY_CEILING {
            return Err(PolicyTooLax {
                max_failures: self.max_failures,
                lockout_seconds: self.lockout_seconds,
                per_hour,
            });
        }
        Ok(self)
    }

    /// The most failures this policy lets through in one hour.
    pub fn worst_case_per_hour(&self) -> u64 {
        let locks = 3600u64
            .checked_div(self.lockout_seconds)
            .unwrap_or(u64::MAX);
        u64::from(self.max_failures).saturating_mul(locks.saturating_add(1))
    }
}

/// An account's second-factor failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureState {
    /// Wrong codes since the last correct one.
    pub failures: u32,
    /// While locked: until when, in seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<u64>,
}

/// The second factor is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the second factor is locked for {retry_after} more seconds")]
pub struct Locked {
    /// Seconds until the lock lifts.
    pub retry_after: u64,
}

/// What one more failure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureOutcome {
    /// Wrong codes left before the (next) lock; 0 when this one locked.
    pub attempts_left: u32,
    /// Set when this failure locked the second factor.
    pub locked_until: Option<u64>,
}

impl FailureState {
    /// Refuses while a lock lasts.
    pub fn check(&self, now: u64) -> Result<(), Locked> {
        match self.locked_until {
            Some(until) if now < until => Err(Locked {
                retry_after: until - now,
            }),
            _ => Ok(()),
        }
    }

    /// Wrong codes left before the next lock.
    pub fn attempts_left(&self, policy: &SecondFactorPolicy) -> u32 {
        policy.max_failures - self.failures % policy.max_failures.max(1)
    }

    /// Counts one wrong code; every `max_failures`-th one locks.
    pub fn record_failure(&mut self, now: u64, policy: &SecondFactorPolicy) -> FailureOutcome {
        self.failures = self.failures.saturating_add(1);
        if self.failures.is_multiple_of(policy.max_failures.max(1)) {
            let until = now.saturating_add(policy.lockout_seconds);
            self.locked_until = Some(until);
            FailureOutcome {
                attempts_left: 0,
                locked_until: Some(until),
            }
        } else {
            FailureOutcome {
                attempts_left: self.attempts_left(policy),
                locked_until: None,
            }
        }
    }

    /// A correct code: the count starts again.
    pub fn reset(&mut self) {
        *self = FailureState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: SecondFactorPolicy = SecondFactorPolicy {
        max_failures: 3,
        lockout_seconds: 900,
    };

    #[test]
    fn the_nth_wrong_code_locks_for_the_cool_down() {
        let mut state = FailureState::default();
        assert_eq!(
            state.record_failure(100, &POLICY),
            FailureOutcome {
                attempts_left: 2,
                locked_until: None
            }
        );
        assert_eq!(
            state.record_failure(101, &POLICY),
            FailureOutcome {
                attempts_left: 1,
                locked_until: None
            }
        );
        assert_eq!(
            state.record_failure(102, &POLICY),
            FailureOutcome {
                attempts_left: 0,
                locked_until: Some(1002)
            }
        );
        assert_eq!(state.check(102), Err(Locked { retry_after: 900 }));
        assert_eq!(state.check(1001), Err(Locked { retry_after: 1 }));
        assert_eq!(state.check(1002), Ok(()));
    }

    #[test]
    fn after_a_lock_ends_the_next_n_failures_lock_again() {
        let mut state = FailureState::default();
        for t in 0..3 {
            state.record_failure(t, &POLICY);
        }
        assert_eq!(state.attempts_left(&POLICY), 3);
        state.record_failure(2000, &POLICY);
        state.record_failure(2001, &POLICY);
        assert_eq!(state.record_failure(2002, &POLICY).locked_until, Some(2902));
    }

    #[test]
    fn a_correct_code_resets_the_count() {
        let mut state = FailureState::default();
        state.record_failure(0, &POLICY);
        state.record_failure(1, &POLICY);
        state.reset();
        assert_eq!(state.attempts_left(&POLICY), 3);
        assert_eq!(state, FailureState::default());
    }

    #[test]
    fn policies_allowing_more_than_100_failures_an_hour_are_refused() {
        assert!(SecondFactorPolicy::default().checked().is_ok());
        assert_eq!(SecondFactorPolicy::default().worst_case_per_hour(), 25);
        assert!(SecondFactorPolicy {
            max_failures: 50,
            lockout_seconds: 3601
        }
        .checked()
        .is_ok());
        assert!(SecondFactorPolicy {
            max_failures: 50,
            lockout_seconds: 3600
        }
        .checked()
        .is_ok());
        assert!(SecondFactorPolicy {
            max_failures: 51,
            lockout_seconds: 3600
        }
        .checked()
        .is_err());
        assert!(SecondFactorPolicy {
            max_failures: 30,
            lockout_seconds: 60
        }
        .checked()
        .is_err());
        assert!(SecondFactorPolicy {
            max_failures: 5,
            lockout_seconds: 0
        }
        .checked()
        .is_err());
        assert!(SecondFactorPolicy {
            max_failures: 0,
            lockout_seconds: 900
        }
        .checked()
        .is_err());
    }

    #[test]
    fn whatever_the_timing_an_attacker_gets_at_most_the_worst_case_failures_in_an_hour() {
        // Simulate an attacker who retries the moment each lock lifts.
        for policy in [
            SecondFactorPolicy::default(),
            POLICY,
            SecondFactorPolicy {
                max_failures: 50,
                lockout_seconds: 3601,
            },
        ] {
            let mut state = FailureState::default();
            let mut accepted_attempts = 0u64;
            let mut now = 0u64;
            while now < 3600 {
                match state.check(now) {
                    Ok(()) => {
                        state.record_failure(now, &policy);
                        accepted_attempts += 1;
                    }
                    Err(locked) => now += locked.retry_after,
                }
            }
            assert!(
                accepted_attempts <= policy.worst_case_per_hour(),
                "{policy:?}: {accepted_attempts}"
            );
            assert!(accepted_attempts <= HOURLY_CEILING);
        }
    }
}
