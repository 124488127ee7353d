//! Every failure in words for a person: no result numbers, no blank screens.

use twofold_api::ResultCode;

use crate::api::Failure;

/// `45 seconds`, `1 minute`, `5 minutes`, `2 hours`: a wait rounded up, so
/// a person who waits that long is never refused again.
pub fn wait_words(secs: u64) -> String {
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match secs {
        0..=59 => plural(secs.max(1), "second"),
        60..=5_399 => plural(secs.div_ceil(60), "minute"),
        _ => plural(secs.div_ceil(3600), "hour"),
    }
}

/// `1 attempt left`, `4 attempts left`.
pub fn attempts_words(left: u32) -> String {
    if left == 1 {
        "1 attempt left".to_string()
    } else {
        format!("{left} attempts left")
    }
}

/// The sentence shown next to whatever caused `failure`.
pub fn failure_message(failure: &Failure) -> String {
    let error = match failure {
        Failure::Network => {
            return "Could not reach the server. Check your connection and try again.".into()
        }
        Failure::Unreadable => {
            return "The server's answer could not be read. Try again in a moment.".into()
        }
        Failure::Other(words) => return words.clone(),
        Failure::Api(error) => error,
    };
    match error.result {
        ResultCode::InvalidCode => match error.attempts_left {
            Some(0) => "That code is not valid, and no attempts are left.".into(),
            Some(left) => format!("That code is not valid. {}.", attempts_words(left)),
            None => "That code is not valid.".into(),
        },
        ResultCode::SecondFactorLocked => format!(
            "Too many wrong codes: the second step is locked. Try again in {}.",
            wait_words(error.retry_after.unwrap_or(60))
        ),
        ResultCode::TooManySignInAttempts => format!(
            "Too many failed sign-ins. Try again in {}.",
            wait_words(error.retry_after.unwrap_or(60))
        ),
        ResultCode::InvalidCredentials => "The login or the password is wrong.".into(),
        ResultCode::NotSignedIn => "Your session has ended. Please sign in again.".into(),
        ResultCode::NotAPendingSession => {
            "This sign-in has expired. Please enter your password again.".into()
        }
        ResultCode::PasswordConfirmationRequired => {
            "Please confirm your password to continue.".into()
        }
        ResultCode::NoPendingSetup => {
            "This setup has expired. Start again to get a new QR code.".into()
        }
        ResultCode::Busy => "The account is busy with another change. Try again.".into(),
        ResultCode::Internal => "Something went wrong on our side. Try again in a moment.".into(),
        other if error.error.trim().is_empty() => other.default_message().into(),
        _ => error.error.clone(),
    }
}

/// True when a second-step failure means the pending sign-in is gone
/// (expired, spent or unknown) and the person must start with the password.
pub fn must_start_over(failure: &Failure) -> bool {
    matches!(
        failure.result(),
        Some(ResultCode::NotSignedIn | ResultCode::NotAPendingSession)
    )
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn api(result: ResultCode) -> ApiError {
        ApiError::new(result)
    }

    #[test]
    fn waits_are_rounded_up_to_a_friendly_unit() {
        assert_eq!(wait_words(0), "1 second");
        assert_eq!(wait_words(1), "1 second");
        assert_eq!(wait_words(45), "45 seconds");
        assert_eq!(wait_words(60), "1 minute");
        assert_eq!(wait_words(61), "2 minutes");
        assert_eq!(wait_words(299), "5 minutes");
        assert_eq!(wait_words(7200), "2 hours");
    }

    #[test]
    fn a_wrong_code_says_how_many_attempts_are_left() {
        let mut error = api(ResultCode::InvalidCode);
        error.attempts_left = Some(4);
        assert_eq!(
            failure_message(&Failure::Api(error.clone())),
            "That code is not valid. 4 attempts left."
        );
        error.attempts_left = Some(1);
        assert_eq!(
            failure_message(&Failure::Api(error)),
            "That code is not valid. 1 attempt left."
        );
    }

    #[test]
    fn a_lock_says_how_long_to_wait() {
        let mut error = api(ResultCode::SecondFactorLocked);
        error.retry_after = Some(290);
        let words = failure_message(&Failure::Api(error));
        assert!(words.contains("locked"), "{words}");
        assert!(words.ends_with("Try again in 5 minutes."), "{words}");
    }

    #[test]
    fn no_message_shows_a_result_number() {
        for &code in ResultCode::ALL {
            let words = failure_message(&Failure::Api(api(code)));
            assert!(!words.is_empty(), "{code:?}");
            assert!(
                !words.contains(&code.code().to_string()) || code == ResultCode::Ok,
                "{code:?}: {words}"
            );
        }
    }

    #[test]
    fn an_unreachable_server_is_named_as_such() {
        assert!(failure_message(&Failure::Network).contains("Could not reach the server"));
    }

    #[test]
    fn an_expired_or_spent_pending_sign_in_starts_over_and_a_wrong_code_does_not() {
        assert!(must_start_over(&Failure::Api(api(ResultCode::NotSignedIn))));
        assert!(must_start_over(&Failure::Api(api(
            ResultCode::NotAPendingSession
        ))));
        assert!(!must_start_over(&Failure::Api(api(
            ResultCode::InvalidCode
        ))));
        assert!(!must_start_over(&Failure::Network));
    }
}
