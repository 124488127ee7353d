//! What people type or paste into code fields, cleaned up before it is sent.

/// Digits in a code from the authentication application.
pub const TOTP_DIGITS: usize = 6;

/// Letters and digits in a recovery code (`xxxxx-xxxxx`).
const RECOVERY_CHARS: usize = 10;

/// The digits of what was typed or pasted, at most six: `"123 456"`,
/// `"123-456"` and `" 123456\n"` all become `"123456"`.
///
/// Authenticator apps show codes as `123 456` and clipboard managers add
/// spaces and line breaks, so everything but digits is dropped rather than
/// refused.
pub fn totp_digits(input: &str) -> String {
    input
        .chars()
        .filter(char::is_ascii_digit)
        .take(TOTP_DIGITS)
        .collect()
}

/// True when `code` is exactly six digits: the field submits itself then.
pub fn is_complete_totp(code: &str) -> bool {
    code.len() == TOTP_DIGITS && code.chars().all(|c| c.is_ascii_digit())
}

/// A recovery code as typed (any case, spaces, dashes) in the canonical
/// `xxxxx-xxxxx` form; other lengths are passed on lower-cased and without
/// separators so the server can name the problem.
pub fn recovery_code(input: &str) -> String {
    let chars: String = input
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if chars.len() == RECOVERY_CHARS {
        format!(
            "{}-{}",
            &chars[..RECOVERY_CHARS / 2],
            &chars[RECOVERY_CHARS / 2..]
        )
    } else {
        chars
    }
}

/// True when the input holds the ten characters of a recovery code.
pub fn is_complete_recovery(input: &str) -> bool {
    input.chars().filter(char::is_ascii_alphanumeric).count() == RECOVERY_CHARS
}

/// The two kinds of code the second sign-in step takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CodeKind {
    /// Six digits from the authentication application.
    #[default]
    Totp,
    /// A single-use recovery code.
    Recovery,
}

impl CodeKind {
    /// The kind the "Use a … instead" switch leads to.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            CodeKind::Totp => CodeKind::Recovery,
            CodeKind::Recovery => CodeKind::Totp,
        }
    }

    /// What to send for `typed`: the six digits as they are, a recovery
    /// code in its canonical form; `None` while the code is incomplete.
    pub fn to_send(self, typed: &str) -> Option<String> {
        match self {
            CodeKind::Totp => is_complete_totp(typed).then(|| typed.to_string()),
            CodeKind::Recovery => is_complete_recovery(typed).then(|| recovery_code(typed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_code_keeps_only_its_digits() {
        for (typed, kept) in [
            ("123456", "123456"),
            ("123 456", "123456"),
            ("123-456", "123456"),
            (" 123 456\n", "123456"),
            ("12a3", "123"),
            ("", ""),
            ("abc", ""),
        ] {
            assert_eq!(totp_digits(typed), kept, "typed {typed:?}");
        }
    }

    #[test]
    fn more_than_six_digits_are_cut_at_six() {
        assert_eq!(totp_digits("1234567"), "123456");
        assert_eq!(totp_digits("123 456 789"), "123456");
    }

    #[test]
    fn only_six_digits_make_a_complete_code() {
        assert!(is_complete_totp("123456"));
        assert!(!is_complete_totp("12345"));
        assert!(!is_complete_totp("1234567"));
        assert!(!is_complete_totp("12345a"));
        assert!(
            !is_complete_totp("１２３４５６"),
            "full-width digits are not ASCII digits"
        );
    }

    #[test]
    fn recovery_codes_are_normalised_to_the_dashed_lower_case_form() {
        for typed in [
            "abcde-fghjk",
            "ABCDE-FGHJK",
            "abcde fghjk",
            "abcdefghjk",
            " AbCdE--FgHjK ",
        ] {
            assert_eq!(recovery_code(typed), "abcde-fghjk", "typed {typed:?}");
            assert!(is_complete_recovery(typed));
        }
    }

    #[test]
    fn each_kind_sends_only_a_complete_code_in_its_own_form() {
        assert_eq!(CodeKind::Totp.to_send("123456").as_deref(), Some("123456"));
        assert_eq!(CodeKind::Totp.to_send("12345"), None);
        assert_eq!(CodeKind::Totp.to_send("abcde-fghjk"), None);
        assert_eq!(
            CodeKind::Recovery.to_send("ABCDE FGHJK").as_deref(),
            Some("abcde-fghjk")
        );
        assert_eq!(CodeKind::Recovery.to_send("123456"), None);
    }

    #[test]
    fn the_switch_goes_back_and_forth_between_the_kinds() {
        assert_eq!(CodeKind::default(), CodeKind::Totp);
        assert_eq!(CodeKind::Totp.other(), CodeKind::Recovery);
        assert_eq!(CodeKind::Recovery.other(), CodeKind::Totp);
    }

    #[test]
    fn a_recovery_code_of_the_wrong_length_is_passed_on_without_separators() {
        assert_eq!(recovery_code("abc-de"), "abcde");
        assert!(!is_complete_recovery("abc-de"));
        assert!(!is_complete_recovery("abcde-fghjkl"));
    }
}
