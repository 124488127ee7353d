//! A wait the server asked for before it takes codes of one kind again:
//! the second factor is locked, or the code typed was used a moment ago.
//! The sign-in code step and the step-up forms (the password pop-up,
//! Change Password) count it down alike.

use twofold_api::ResultCode;

use crate::api::Failure;
use crate::logic::code::CodeKind;
use crate::logic::dates::ZoneAt;
use crate::logic::messages;
use crate::logic::wait_reason::WaitReason;

/// A wait the server announced for one kind of code, until `until`
/// (seconds since the epoch, by the browser's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    /// Why.
    pub reason: WaitReason,
    /// The kind of code it concerns.
    pub kind: CodeKind,
    /// When it ends.
    pub until: u64,
}

impl Wait {
    /// The wait a refusal of a code of `kind` at `now` announces, if any. A
    /// lock without its length is counted as a minute, a just-used code as
    /// one window of the app (30 seconds).
    pub fn after_refusal(failure: &Failure, kind: CodeKind, now: u64) -> Option<Wait> {
        let (reason, default_secs) = match failure.result()? {
            ResultCode::SecondFactorLocked => (WaitReason::Locked, 60),
            ResultCode::CodeJustUsed => (WaitReason::JustUsed, 30),
            _ => return None,
        };
        Some(Wait {
            reason,
            kind,
            until: now.saturating_add(failure.retry_after().unwrap_or(default_secs)),
        })
    }

    /// Why and how many seconds are left at `now` while codes of `kind` are
    /// shown; `None` when the wait is for the other kind or has ended.
    pub fn left(self, kind: CodeKind, now: u64) -> Option<(WaitReason, u64)> {
        (self.kind == kind && now < self.until).then(|| (self.reason, self.until - now))
    }

    /// True once the wait is over at `now`.
    pub fn has_ended(self, now: u64) -> bool {
        now >= self.until
    }

    /// What to say once it is over: the code can be typed now.
    pub fn ended_words(self) -> &'static str {
        match self.reason {
            WaitReason::Locked => messages::LOCK_ENDED,
            WaitReason::JustUsed => messages::NEXT_CODE_READY,
        }
    }

    /// When it ends on the person's own clock, with the zone's name, as
    /// every time is shown: `14:33 EST`.
    pub fn ends_at_local(self, zone: &ZoneAt) -> String {
        format!(
            "{} {}",
            local_clock_time(self.until, zone.behind_utc_minutes),
            zone.name
        )
    }
}

/// `14:33`: the minute at which `epoch_secs` has passed, in a time zone
/// `offset_minutes` behind UTC. Rounded up, so that someone who waits
/// until the time shown is never refused for a few seconds.
pub fn local_clock_time(epoch_secs: u64, offset_minutes: i64) -> String {
    let minutes = epoch_secs
        .div_ceil(60)
        .saturating_add_signed(-offset_minutes);
    let of_day = minutes % (24 * 60);
    format!("{:02}:{:02}", of_day / 60, of_day % 60)
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn refused(result: ResultCode, retry_after: Option<u64>) -> Failure {
        let mut error = ApiError::new(result);
        error.retry_after = retry_after;
        Failure::Api(error)
    }

    #[test]
    fn a_lock_and_a_just_used_code_announce_a_wait_and_other_refusals_do_not() {
        let locked = Wait::after_refusal(
            &refused(ResultCode::SecondFactorLocked, Some(300)),
            CodeKind::Totp,
            NOW,
        )
        .unwrap();
        assert_eq!(locked.reason, WaitReason::Locked);
        assert_eq!(locked.until, NOW + 300);
        let just_used = Wait::after_refusal(
            &refused(ResultCode::CodeJustUsed, None),
            CodeKind::Totp,
            NOW,
        )
        .unwrap();
        assert_eq!(
            (just_used.reason, just_used.until),
            (WaitReason::JustUsed, NOW + 30)
        );
        assert_eq!(
            Wait::after_refusal(&refused(ResultCode::InvalidCode, None), CodeKind::Totp, NOW),
            None
        );
        assert_eq!(
            Wait::after_refusal(&Failure::Network, CodeKind::Totp, NOW),
            None
        );
    }

    #[test]
    fn the_end_of_a_wait_reads_as_the_local_minute_rounded_up() {
        // 2023-11-14 22:13:20 UTC.
        assert_eq!(local_clock_time(NOW, 0), "22:14");
        assert_eq!(
            local_clock_time(NOW - 20, 0),
            "22:13",
            "a whole minute stays"
        );
        assert_eq!(
            local_clock_time(NOW, -120),
            "00:14",
            "Berlin in summer, past midnight"
        );
        assert_eq!(
            local_clock_time(NOW, -345),
            "03:59",
            "Kathmandu: a quarter hour off"
        );
        assert_eq!(local_clock_time(NOW, 300), "17:14", "New York in winter");
        let wait = Wait {
            reason: WaitReason::Locked,
            kind: CodeKind::Totp,
            until: NOW + 900,
        };
        assert_eq!(wait.ends_at_local(&ZoneAt::utc()), "22:29 UTC");
    }

    #[test]
    fn a_wait_counts_down_for_its_own_kind_only_and_then_says_so() {
        let wait = Wait {
            reason: WaitReason::Locked,
            kind: CodeKind::Totp,
            until: NOW + 10,
        };
        assert_eq!(
            wait.left(CodeKind::Totp, NOW + 4),
            Some((WaitReason::Locked, 6))
        );
        assert_eq!(wait.left(CodeKind::Recovery, NOW + 4), None);
        assert_eq!(wait.left(CodeKind::Totp, NOW + 10), None);
        assert!(!wait.has_ended(NOW + 9));
        assert!(wait.has_ended(NOW + 10));
        assert_eq!(wait.ended_words(), messages::LOCK_ENDED);
    }
}
