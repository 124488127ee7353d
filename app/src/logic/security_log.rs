//! What the Security Log shows of an entry besides its words: how much it
//! needs a look ([`Severity`]), and the groups of kinds its filter offers
//! ([`LogFilter`]). Every kind is placed in both by a `match` without a
//! catch-all, so a new kind does not compile until it is placed.

use twofold_api::events::EventKind;

/// How much an entry needs a look; said in words, not in colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The account's own doings.
    Routine,
    /// Whoever did it holds the password, or a protection came off: worth
    /// a second look.
    Warning,
    /// A failure or a lock: someone may be trying.
    Alert,
}

/// How much an entry of `kind` needs a look.
pub fn severity(kind: EventKind) -> Severity {
    use EventKind::*;
    match kind {
        SignInFailed
        | PasswordConfirmationFailed
        | SecondFactorFailed
        | SecondFactorLocked
        | SecondFactorRefusedWhileLocked
        | TotpStopped
        | TwoFactorSetupCodeFailed
        | TwoFactorSetupDiscarded
        | SecurityKeyCloneSuspected => Severity::Alert,
        PasswordAccepted
        | SignedInFromNewBrowser
        | TwoFactorDisabled
        | SecurityKeyRemoved
        | SignedInWithRecoveryCode
        | TokenCreated
        | TokenRegenerated
        | NotificationEmailChanged
        | TwoFactorResetByOperator
        | ReportedNotMe
        | ChangeUndone => Severity::Warning,
        SignedUp
        | SignedInWithPassword
        | SignedInWithTotp
        | SignedInWithSecurityKey
        | SignedInWithPasskey
        | PasswordConfirmed
        | PasswordAndCodeConfirmed
        | PasswordAndKeyConfirmed
        | TwoFactorSetupStarted
        | TwoFactorEnabled
        | TwoFactorAppChanged
        | SecurityKeyAdded
        | SecurityKeyRenamed
        | RecoveryCodesViewed
        | RecoveryCodesRegenerated
        | PasswordChanged
        | SignedOut
        | TokenEdited
        | TokensDeleted
        | TokensEnded
        | SessionsSignedOut
        | UnlockedByOperator
        | SessionsRevokedByOperator => Severity::Routine,
    }
}

/// What the log's filter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFilter {
    /// Every entry.
    #[default]
    All,
    /// Signing in and out, and sessions ended.
    SignIns,
    /// Wrong passwords, wrong codes and locks.
    Failures,
    /// Two-factor authentication and its recovery codes.
    TwoFactor,
    /// Password confirmations and changes, and the address security
    /// notices go to.
    Password,
    /// Personal access tokens.
    Tokens,
    /// What an operator did.
    Operator,
}

impl LogFilter {
    /// The choices, in the order the filter lists them.
    pub const CHOICES: [LogFilter; 7] = [
        LogFilter::All,
        LogFilter::SignIns,
        LogFilter::Failures,
        LogFilter::TwoFactor,
        LogFilter::Password,
        LogFilter::Tokens,
        LogFilter::Operator,
    ];

    /// The kinds it shows, for GetEvents' `kinds`; `None` for every kind.
    pub fn kinds(self) -> Option<Vec<EventKind>> {
        (self != LogFilter::All).then(|| {
            EventKind::ALL
                .iter()
                .copied()
                .filter(|&kind| group(kind) == self)
                .collect()
        })
    }

    /// Its `<option>`'s value.
    pub fn value(self) -> &'static str {
        match self {
            LogFilter::All => "all",
            LogFilter::SignIns => "sign-ins",
            LogFilter::Failures => "failures",
            LogFilter::TwoFactor => "two-factor",
            LogFilter::Password => "password",
            LogFilter::Tokens => "tokens",
            LogFilter::Operator => "operator",
        }
    }

    /// The filter an `<option>`'s value names; every entry for anything
    /// else.
    pub fn from_value(value: &str) -> LogFilter {
        Self::CHOICES
            .into_iter()
            .find(|filter| filter.value() == value)
            .unwrap_or_default()
    }
}

/// The one group that shows entries of `kind`.
fn group(kind: EventKind) -> LogFilter {
    use EventKind::*;
    match kind {
        SignedUp
        | SignedInWithPassword
        | SignedInWithTotp
        | SignedInWithRecoveryCode
        | SignedInWithSecurityKey
        | SignedInWithPasskey
        | SignedInFromNewBrowser
        | PasswordAccepted
        | SignedOut
        | SessionsSignedOut
        | ReportedNotMe => LogFilter::SignIns,
        SignInFailed
        | PasswordConfirmationFailed
        | SecondFactorFailed
        | SecondFactorLocked
        | SecondFactorRefusedWhileLocked
        | TotpStopped
        | TwoFactorSetupCodeFailed
        | TwoFactorSetupDiscarded
        | SecurityKeyCloneSuspected => LogFilter::Failures,
        TwoFactorSetupStarted
        | TwoFactorEnabled
        | TwoFactorAppChanged
        | RecoveryCodesViewed
        | RecoveryCodesRegenerated
        | TwoFactorDisabled
        | SecurityKeyAdded
        | SecurityKeyRenamed
        | SecurityKeyRemoved => LogFilter::TwoFactor,
        PasswordConfirmed
        | PasswordAndCodeConfirmed
        | PasswordAndKeyConfirmed
        | PasswordChanged
        | NotificationEmailChanged
        | ChangeUndone => LogFilter::Password,
        TokenCreated | TokenEdited | TokenRegenerated | TokensDeleted | TokensEnded => {
            LogFilter::Tokens
        }
        TwoFactorResetByOperator | UnlockedByOperator | SessionsRevokedByOperator => {
            LogFilter::Operator
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_shown_by_exactly_one_filter_besides_all() {
        for &kind in EventKind::ALL {
            let showing: Vec<LogFilter> = LogFilter::CHOICES
                .into_iter()
                .filter(|filter| filter.kinds().is_some_and(|kinds| kinds.contains(&kind)))
                .collect();
            assert_eq!(showing.len(), 1, "{kind:?} is shown by {showing:?}");
        }
        assert_eq!(LogFilter::All.kinds(), None);
    }

    #[test]
    fn failures_and_locks_are_alerts_and_a_held_password_a_warning() {
        assert_eq!(severity(EventKind::SecondFactorFailed), Severity::Alert);
        assert_eq!(severity(EventKind::SecondFactorLocked), Severity::Alert);
        assert_eq!(severity(EventKind::PasswordAccepted), Severity::Warning);
        assert_eq!(severity(EventKind::SignedInWithTotp), Severity::Routine);
    }

    #[test]
    fn an_options_value_names_its_filter_and_anything_else_means_all() {
        for filter in LogFilter::CHOICES {
            assert_eq!(LogFilter::from_value(filter.value()), filter);
        }
        assert_eq!(LogFilter::from_value("nonsense"), LogFilter::All);
        assert_eq!(
            LogFilter::Failures.kinds().unwrap()[0],
            EventKind::SignInFailed
        );
    }
}
