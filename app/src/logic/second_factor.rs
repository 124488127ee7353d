//! The second factor of a step-up (the password pop-up, Change Password):
//! six digits from the app or, after "Use a recovery code instead", a
//! recovery code; what to send for what was typed, and the waits the
//! server asks for (a lock, a code that signed this session in a moment
//! ago), as at sign-in.

use twofold_api::{params, ResultCode};

use crate::api::Failure;
use crate::logic::code::CodeKind;
use crate::logic::code_wait::Wait;
use crate::logic::messages;
use crate::logic::wait_reason::WaitReason;

/// The code part of a step-up form: which kind of code is asked for, and
/// the wait the server announced, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecondFactorEntry {
    kind: CodeKind,
    wait: Option<Wait>,
}

impl SecondFactorEntry {
    /// Six digits from the app asked for, nothing to wait for.
    pub fn new() -> Self {
        SecondFactorEntry::default()
    }

    /// A recovery code asked for, with no switch to the app's codes: the
    /// account has no authenticator app (only security keys).
    pub fn recovery_only() -> Self {
        SecondFactorEntry {
            kind: CodeKind::Recovery,
            wait: None,
        }
    }

    /// The kind of code asked for.
    pub fn kind(&self) -> CodeKind {
        self.kind
    }

    /// "Use a recovery code instead" and back.
    pub fn switch_kind(&mut self) {
        self.kind = self.kind.other();
    }

    /// What to send for what the fields hold at `now` (`totp` the six-digit
    /// field, `recovery` the recovery-code field; the kind shown decides),
    /// or why nothing can be sent, in words. Sending ends a wait for a code
    /// just used: the person typed a new one.
    pub fn code_to_send(&mut self, totp: &str, recovery: &str, now: u64) -> Result<String, String> {
        if let Some((WaitReason::Locked, secs)) = self.wait_left(now) {
            return Err(messages::second_factor_locked(secs));
        }
        let typed = match self.kind {
            CodeKind::Totp => totp,
            CodeKind::Recovery => recovery,
        };
        let code = self
            .kind
            .to_send(typed)
            .ok_or_else(|| messages::incomplete_code_of(self.kind).to_owned())?;
        if self.wait.is_some_and(|wait| wait.kind == self.kind) {
            self.wait = None;
        }
        Ok(code)
    }

    /// A step-up call refused at `now`: records the wait it announces and,
    /// when codes from the app are stopped, asks for a recovery code.
    /// True when the refusal is about the code (its field is cleared and
    /// marked).
    pub fn refused(&mut self, failure: &Failure, now: u64) -> bool {
        if let Some(wait) = Wait::after_refusal(failure, self.kind, now) {
            self.wait = Some(wait);
        }
        if failure.is(ResultCode::TotpStopped) {
            self.kind = CodeKind::Recovery;
        }
        is_about_the_code(failure)
    }

    /// The wait for the kind of code shown, with the seconds left at `now`.
    pub fn wait_left(&self, now: u64) -> Option<(WaitReason, u64)> {
        self.wait?.left(self.kind, now)
    }

    /// True while the kind shown is locked: its field and the form's
    /// button are disabled (the switch to the other kind stays).
    pub fn is_locked(&self, now: u64) -> bool {
        matches!(self.wait_left(now), Some((WaitReason::Locked, _)))
    }

    /// True when a wait has ended by `now` and [`Self::tick`] has something
    /// to say.
    pub fn wait_ended(&self, now: u64) -> bool {
        self.wait.is_some_and(|wait| wait.has_ended(now))
    }

    /// Called as time passes: once a wait ends it is forgotten, and, when
    /// it was for the kind shown, the words saying the code can be typed
    /// now are returned (once, so screen readers announce them once).
    pub fn tick(&mut self, now: u64) -> Option<&'static str> {
        let wait = self.wait.filter(|wait| wait.has_ended(now))?;
        self.wait = None;
        (wait.kind == self.kind).then(|| wait.ended_words())
    }
}

/// True when a step-up call's refusal is about its second factor: a wrong,
/// locked, stopped, just-used, missing or malformed code.
pub fn is_about_the_code(failure: &Failure) -> bool {
    let Failure::Api(error) = failure else {
        return false;
    };
    match error.result {
        ResultCode::InvalidCode
        | ResultCode::SecondFactorLocked
        | ResultCode::TotpStopped
        | ResultCode::CodeJustUsed
        | ResultCode::SecondFactorConfirmationRequired => true,
        ResultCode::InvalidParameter | ResultCode::MissingParameter => {
            error.parameter.as_deref() == Some(params::CODE)
        }
        _ => false,
    }
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
    fn the_kind_shown_decides_what_is_sent_and_an_incomplete_code_is_named() {
        let mut entry = SecondFactorEntry::new();
        assert_eq!(entry.code_to_send("123456", "", NOW), Ok("123456".into()));
        assert_eq!(
            entry.code_to_send("12345", "abcde-fghjk", NOW),
            Err(messages::TYPE_THE_SIX_DIGITS.into())
        );
        entry.switch_kind();
        assert_eq!(entry.kind(), CodeKind::Recovery);
        assert_eq!(
            entry.code_to_send("123456", "ABCDE FGHJK", NOW),
            Ok("abcde-fghjk".into())
        );
        assert_eq!(
            entry.code_to_send("123456", "abc", NOW),
            Err(messages::incomplete_code_of(CodeKind::Recovery).into())
        );
    }

    #[test]
    fn a_lock_disables_the_app_code_until_it_ends_and_then_says_so_once() {
        let mut entry = SecondFactorEntry::new();
        assert!(entry.refused(&refused(ResultCode::SecondFactorLocked, Some(120)), NOW));
        assert!(entry.is_locked(NOW + 119));
        assert_eq!(entry.wait_left(NOW + 20), Some((WaitReason::Locked, 100)));
        assert!(entry
            .code_to_send("123456", "", NOW + 1)
            .unwrap_err()
            .contains("locked"));
        entry.switch_kind();
        assert!(!entry.is_locked(NOW + 1), "recovery codes stay usable");
        entry.switch_kind();
        assert_eq!(entry.tick(NOW + 119), None);
        assert!(entry.wait_ended(NOW + 120));
        assert_eq!(entry.tick(NOW + 120), Some(messages::LOCK_ENDED));
        assert_eq!(entry.tick(NOW + 121), None, "said once");
        assert!(!entry.is_locked(NOW + 120));
        assert_eq!(
            entry.code_to_send("123456", "", NOW + 120),
            Ok("123456".into())
        );
    }

    #[test]
    fn the_code_that_signed_in_asks_for_the_next_one_without_locking() {
        let mut entry = SecondFactorEntry::new();
        assert!(entry.refused(&refused(ResultCode::CodeJustUsed, Some(12)), NOW));
        assert_eq!(entry.wait_left(NOW + 2), Some((WaitReason::JustUsed, 10)));
        assert!(!entry.is_locked(NOW + 2));
        assert_eq!(
            entry.code_to_send("654321", "", NOW + 3),
            Ok("654321".into())
        );
        assert_eq!(entry.wait_left(NOW + 3), None, "a new code ends the wait");
    }

    #[test]
    fn stopped_app_codes_switch_to_a_recovery_code() {
        let mut entry = SecondFactorEntry::new();
        assert!(entry.refused(&refused(ResultCode::TotpStopped, None), NOW));
        assert_eq!(entry.kind(), CodeKind::Recovery);
    }

    #[test]
    fn only_refusals_of_the_code_are_about_the_code() {
        for result in [
            ResultCode::InvalidCode,
            ResultCode::SecondFactorLocked,
            ResultCode::TotpStopped,
            ResultCode::CodeJustUsed,
            ResultCode::SecondFactorConfirmationRequired,
        ] {
            assert!(is_about_the_code(&refused(result, None)), "{result:?}");
        }
        let mut malformed = ApiError::new(ResultCode::InvalidParameter);
        malformed.parameter = Some("code".into());
        assert!(is_about_the_code(&Failure::Api(malformed)));
        let mut entry = SecondFactorEntry::new();
        assert!(!entry.refused(&refused(ResultCode::InvalidCredentials, None), NOW));
        assert!(!is_about_the_code(&Failure::Network));
        assert_eq!(entry, SecondFactorEntry::new(), "nothing to wait for");
    }
}
