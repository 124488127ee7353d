//! The second-factor lockout.
//!
//! Wrong codes from the app lock them for a cool-down that doubles with
//! every lock, up to a cap; after a hard limit of consecutive failures,
//! codes from the app are refused until the owner signs in with a recovery
//! code (NIST SP 800-63B §5.2.2). Recovery codes keep a counter of their
//! own with a fixed cool-down, so a lock on app codes never keeps the
//! owner's recovery codes out.
//!
//! The counters live on the account (so they hold across sessions, Lambda
//! instances and fresh sign-ins) and only a correct code resets them.

use serde::{Deserialize, Serialize};

/// Failures allowed in any hour, whatever the configuration.
pub const HOURLY_CEILING: u64 = 100;

/// Seconds in a year, for the year-long attacker bound.
pub const YEAR_SECONDS: u64 = 365 * 24 * 3600;

/// How wrong codes of one kind lock: `max_failures` wrong codes in a row
/// lock for `lockout_seconds`; each later lock lasts twice the one before,
/// up to `max_lockout_seconds`; after `stop_after` consecutive wrong codes
/// (if set) codes of this kind are refused until another factor succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutPolicy {
    /// Wrong codes in a row that lock.
    pub max_failures: u32,
    /// Seconds the first lock lasts.
    pub lockout_seconds: u64,
    /// The longest a lock lasts; equal to `lockout_seconds` for locks that
    /// do not grow.
    pub max_lockout_seconds: u64,
    /// Consecutive wrong codes that stop this kind of code for good (until
    /// reset).
    pub stop_after: Option<u32>,
}

/// The lockout of both kinds of second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorPolicy {
    /// Codes from the authenticator app: 3 valid codes in 10⁶, so they
    /// need growing locks and a hard stop.
    pub totp: LockoutPolicy,
    /// Recovery codes: about 49 bits each, so a fixed cool-down is enough,
    /// and they never stop (they are the way back in).
    pub recovery: LockoutPolicy,
}

impl Default for SecondFactorPolicy {
    fn default() -> Self {
        SecondFactorPolicy {
            totp: LockoutPolicy {
                max_failures: 5,
                lockout_seconds: 15 * 60,
                max_lockout_seconds: 24 * 3600,
                stop_after: Some(100),
            },
            recovery: LockoutPolicy {
                max_failures: 10,
                lockout_seconds: 15 * 60,
                max_lockout_seconds: 15 * 60,
                stop_after: None,
            },
        }
    }
}

/// A policy the service refuses to run with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyRefused {
    /// Zero failures per lock, or a lock of zero seconds.
    #[error("a lockout needs at least one failure per lock and a lock of at least one second")]
    Empty,
    /// The cap is shorter than the first lock.
    #[error("the longest lock ({max_lockout_seconds} s) is shorter than the first ({lockout_seconds} s)")]
    CapBelowFirstLock {
        /// The first lock.
        lockout_seconds: u64,
        /// The cap.
        max_lockout_seconds: u64,
    },
    /// More than [`HOURLY_CEILING`] failures in some hour.
    #[error("the lockout allows {per_hour} failures an hour (at most {HOURLY_CEILING})")]
    TooLax {
        /// Failures let through in the worst hour.
        per_hour: u64,
    },
}

impl LockoutPolicy {
    /// The policy, if it is sound and keeps every hour under
    /// [`HOURLY_CEILING`] failures.
    pub fn checked(self) -> Result<Self, PolicyRefused> {
        if self.max_failures == 0 || self.lockout_seconds == 0 {
            return Err(PolicyRefused::Empty);
        }
        if self.max_lockout_seconds < self.lockout_seconds {
            return Err(PolicyRefused::CapBelowFirstLock {
                lockout_seconds: self.lockout_seconds,
                max_lockout_seconds: self.max_lockout_seconds,
            });
        }
        let per_hour = self.worst_case_per_hour();
        if per_hour > HOURLY_CEILING {
            return Err(PolicyRefused::TooLax { per_hour });
        }
        Ok(self)
    }

    /// How long the `lock`-th lock lasts (1 is the first): doubling from
    /// `lockout_seconds`, capped at `max_lockout_seconds`.
    pub fn lock_seconds(&self, lock: u32) -> u64 {
        let doublings = lock.saturating_sub(1).min(63);
        self.lockout_seconds
            .saturating_mul(1u64 << doublings)
            .min(self.max_lockout_seconds)
            .max(1)
    }

    /// The most wrong codes an attacker who retries the moment each lock
    /// lifts gets through from second 0 to second `seconds` (both counted),
    /// starting from a clean count. Locks only grow, so the first hour is
    /// the worst hour.
    pub fn most_failures_within(&self, seconds: u64) -> u64 {
        let mut state = FailureState::default();
        let mut now = 0u64;
        let mut failures = 0u64;
        while now <= seconds {
            match state.check(now, self) {
                Ok(()) => {
                    state.record_failure(now, self);
                    failures += 1;
                }
                Err(Refusal::Locked { retry_after }) => now = now.saturating_add(retry_after),
                // Nothing more gets through, ever.
                Err(Refusal::Stopped) => break,
            }
        }
        failures
    }

    /// The most failures this policy lets through in one hour.
    pub fn worst_case_per_hour(&self) -> u64 {
        self.most_failures_within(3600)
    }
}

impl SecondFactorPolicy {
    /// The policy, if both of its lockouts pass [`LockoutPolicy::checked`].
    pub fn checked(self) -> Result<Self, PolicyRefused> {
        self.totp.checked()?;
        self.recovery.checked()?;
        Ok(self)
    }
}

/// One kind of code's failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureState {
    /// Wrong codes since the last correct one.
    pub failures: u32,
    /// While locked: until when, in seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<u64>,
    /// True once a code refused unread during the current lock (or stop)
    /// was logged: the log says so once per lock, so a password holder
    /// cannot bury it by sending codes to a locked account.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refusal_logged: bool,
}

/// Why codes of one kind are refused without being looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Locked for a while.
    #[error("locked for {retry_after} more seconds")]
    Locked {
        /// Seconds until the lock lifts.
        retry_after: u64,
    },
    /// Stopped after too many consecutive failures, until another factor
    /// succeeds.
    #[error("stopped after too many wrong codes")]
    Stopped,
}

/// What one more failure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureOutcome {
    /// Wrong codes left before the next lock or the stop; 0 when this one
    /// locked or stopped.
    pub attempts_left: u32,
    /// Set when this failure locked.
    pub locked_until: Option<u64>,
    /// True when this failure stopped codes of this kind.
    pub stopped: bool,
}

impl FailureState {
    /// Refuses while a lock lasts, and for good once stopped.
    pub fn check(&self, now: u64, policy: &LockoutPolicy) -> Result<(), Refusal> {
        if self.is_stopped(policy) {
            return Err(Refusal::Stopped);
        }
        match self.locked_until {
            Some(until) if now < until => Err(Refusal::Locked {
                retry_after: until - now,
            }),
            _ => Ok(()),
        }
    }

    /// True once the consecutive failures reached the policy's stop.
    pub fn is_stopped(&self, policy: &LockoutPolicy) -> bool {
        policy.stop_after.is_some_and(|stop| self.failures >= stop)
    }

    /// Wrong codes left before the next lock or the stop.
    pub fn attempts_left(&self, policy: &LockoutPolicy) -> u32 {
        let per_lock = policy.max_failures.max(1);
        let before_lock = per_lock - self.failures % per_lock;
        match policy.stop_after {
            Some(stop) => before_lock.min(stop.saturating_sub(self.failures)),
            None => before_lock,
        }
    }

    /// Counts one wrong code: every `max_failures`-th one locks, each lock
    /// longer than the last, and the `stop_after`-th stops.
    pub fn record_failure(&mut self, now: u64, policy: &LockoutPolicy) -> FailureOutcome {
        self.failures = self.failures.saturating_add(1);
        if self.is_stopped(policy) {
            self.locked_until = None;
            self.refusal_logged = false;
            return FailureOutcome {
                attempts_left: 0,
                locked_until: None,
                stopped: true,
            };
        }
        let per_lock = policy.max_failures.max(1);
        if self.failures.is_multiple_of(per_lock) {
            let until = now.saturating_add(policy.lock_seconds(self.failures / per_lock));
            self.locked_until = Some(until);
            self.refusal_logged = false;
            return FailureOutcome {
                attempts_left: 0,
                locked_until: Some(until),
                stopped: false,
            };
        }
        FailureOutcome {
            attempts_left: self.attempts_left(policy),
            locked_until: None,
            stopped: false,
        }
    }

    /// A code refused unread while locked or stopped: true the first time
    /// during this lock (log it, and save the account), false after.
    pub fn note_refusal(&mut self) -> bool {
        !std::mem::replace(&mut self.refusal_logged, true)
    }

    /// A correct code: the count starts again.
    pub fn reset(&mut self) {
        *self = FailureState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: LockoutPolicy = LockoutPolicy {
        max_failures: 3,
        lockout_seconds: 900,
        max_lockout_seconds: 3600,
        stop_after: Some(12),
    };

    fn fixed(max_failures: u32, lockout_seconds: u64) -> LockoutPolicy {
        LockoutPolicy {
            max_failures,
            lockout_seconds,
            max_lockout_seconds: lockout_seconds,
            stop_after: None,
        }
    }

    #[test]
    fn the_nth_wrong_code_locks_for_the_cool_down() {
        let mut state = FailureState::default();
        let outcome = |attempts_left, locked_until| FailureOutcome {
            attempts_left,
            locked_until,
            stopped: false,
        };
        assert_eq!(state.record_failure(100, &POLICY), outcome(2, None));
        assert_eq!(state.record_failure(101, &POLICY), outcome(1, None));
        assert_eq!(state.record_failure(102, &POLICY), outcome(0, Some(1002)));
        assert_eq!(
            state.check(102, &POLICY),
            Err(Refusal::Locked { retry_after: 900 })
        );
        assert_eq!(
            state.check(1001, &POLICY),
            Err(Refusal::Locked { retry_after: 1 })
        );
        assert_eq!(state.check(1002, &POLICY), Ok(()));
    }

    #[test]
    fn each_lock_lasts_twice_the_one_before_up_to_the_cap() {
        assert_eq!(
            (1..=5).map(|n| POLICY.lock_seconds(n)).collect::<Vec<_>>(),
            [900, 1800, 3600, 3600, 3600]
        );
        let default = SecondFactorPolicy::default().totp;
        assert_eq!(
            (1..=9)
                .map(|n| default.lock_seconds(n) / 60)
                .collect::<Vec<_>>(),
            [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
        );
        assert_eq!(default.lock_seconds(u32::MAX), 24 * 3600);
    }

    #[test]
    fn after_a_lock_ends_the_next_n_failures_lock_again_for_longer() {
        let mut state = FailureState::default();
        for t in 0..3 {
            state.record_failure(t, &POLICY);
        }
        assert_eq!(state.attempts_left(&POLICY), 3);
        state.record_failure(2000, &POLICY);
        state.record_failure(2001, &POLICY);
        assert_eq!(
            state.record_failure(2002, &POLICY).locked_until,
            Some(2002 + 1800)
        );
    }

    #[test]
    fn the_stop_refuses_for_good_until_a_reset() {
        let mut state = FailureState::default();
        for _ in 0..11 {
            state.record_failure(0, &POLICY);
        }
        assert_eq!(state.attempts_left(&POLICY), 1);
        let last = state.record_failure(0, &POLICY);
        assert_eq!(
            last,
            FailureOutcome {
                attempts_left: 0,
                locked_until: None,
                stopped: true
            }
        );
        assert_eq!(state.check(u64::MAX / 2, &POLICY), Err(Refusal::Stopped));
        state.reset();
        assert_eq!(state.check(0, &POLICY), Ok(()));
    }

    #[test]
    fn a_refusal_while_locked_is_noted_once_per_lock_and_again_for_the_next_lock_or_the_stop() {
        let mut state = FailureState::default();
        for t in 0..3 {
            state.record_failure(t, &POLICY);
        }
        assert!(state.note_refusal(), "the first refusal of this lock");
        assert!(!state.note_refusal());
        assert!(!state.note_refusal());
        for t in 0..3 {
            state.record_failure(2000 + t, &POLICY);
        }
        assert!(state.note_refusal(), "a new lock is logged again");
        for t in 0..6 {
            state.record_failure(9000 + t, &POLICY);
        }
        assert!(state.is_stopped(&POLICY));
        assert!(state.note_refusal(), "the stop is logged once too");
        assert!(!state.note_refusal());
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
    fn unsound_policies_and_those_allowing_more_than_100_failures_an_hour_are_refused() {
        assert!(SecondFactorPolicy::default().checked().is_ok());
        assert_eq!(SecondFactorPolicy::default().totp.worst_case_per_hour(), 15);
        assert_eq!(
            SecondFactorPolicy::default().recovery.worst_case_per_hour(),
            50
        );
        assert!(fixed(50, 3601).checked().is_ok());
        assert!(fixed(50, 3600).checked().is_ok());
        assert!(matches!(
            fixed(51, 3600).checked(),
            Err(PolicyRefused::TooLax { per_hour: 102 })
        ));
        assert!(fixed(30, 60).checked().is_err());
        assert_eq!(fixed(5, 0).checked(), Err(PolicyRefused::Empty));
        assert_eq!(fixed(0, 900).checked(), Err(PolicyRefused::Empty));
        assert!(matches!(
            LockoutPolicy {
                max_lockout_seconds: 60,
                ..POLICY
            }
            .checked(),
            Err(PolicyRefused::CapBelowFirstLock { .. })
        ));
    }

    #[test]
    fn whatever_the_timing_an_attacker_gets_at_most_the_worst_case_failures_in_an_hour() {
        // An attacker who retries at every second, not only when locks lift.
        for policy in [
            SecondFactorPolicy::default().totp,
            SecondFactorPolicy::default().recovery,
            POLICY,
            fixed(50, 3601),
        ] {
            let mut state = FailureState::default();
            let mut accepted_attempts = 0u64;
            for now in 0..=3600 {
                if state.check(now, &policy).is_ok() {
                    state.record_failure(now, &policy);
                    accepted_attempts += 1;
                }
            }
            assert!(
                accepted_attempts <= policy.worst_case_per_hour(),
                "{policy:?}: {accepted_attempts}"
            );
            assert!(accepted_attempts <= HOURLY_CEILING);
        }
    }

    #[test]
    fn a_year_of_continuous_guessing_at_the_default_policy_succeeds_less_than_once_in_a_thousand() {
        let policy = SecondFactorPolicy::default();
        // App codes: the T-1..T+1 window accepts 3 of 10^6 codes per guess,
        // and the stop ends the guessing after 100 in a row.
        let totp_guesses = policy.totp.most_failures_within(YEAR_SECONDS);
        assert_eq!(totp_guesses, 100);
        let totp_miss = (1.0 - 3e-6_f64).powf(totp_guesses as f64);
        // Recovery codes: 10 live codes of 30^10 each (about 49 bits).
        let recovery_guesses = policy.recovery.most_failures_within(YEAR_SECONDS);
        let recovery_miss = (1.0 - 10.0 / 30f64.powi(10)).powf(recovery_guesses as f64);
        let success = 1.0 - totp_miss * recovery_miss;
        assert!(success < 0.001, "success chance over a year: {success}");
    }
}
