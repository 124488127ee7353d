//! "Wasn't you?": the page a security notice's link opens (ReportNotMe),
//! putting the account back (UndoChange), and the refusals of the link.

use twofold_api::events::EventKind;
use twofold_api::limits::NOT_ME_LINK_SECONDS;

use super::counts::{attempts_words, count};

/// The page's heading.
pub const NOT_ME_TITLE: &str = "Wasn't you?";

/// What the button does, before it is pressed.
pub fn not_me_explained() -> String {
    format!(
        "If a security notice told you of a change you did not make, sign out everywhere: every \
         session of your account is signed out and every access token is deleted at once, on \
         every device. Nothing happens until you press the button. The link works once, for {} \
         hours after the change.",
        NOT_ME_LINK_SECONDS / 3600
    )
}

/// The one button of the page before it is used.
pub const SIGN_OUT_EVERYWHERE: &str = "Sign out everywhere";

/// The page opened without a link after `#` (or reloaded: the link is
/// taken out of the address as soon as the page reads it).
pub const NO_NOT_ME_LINK: &str = "This page needs the link from a security notice, and this \
     address holds none. Open the link in the mail again; if your mail program cut it, copy the \
     whole link from the mail into the address bar.";

/// A change as the notice named it: the log's words up to what it also
/// did to other sessions (`Two-factor authentication turned off`).
pub fn change_name(change: EventKind) -> &'static str {
    let words = change.describe();
    words.split(';').next().unwrap_or(words).trim()
}

/// What the notice told of, and when; `at` is the instant in words.
pub fn notice_told_of(change: EventKind, at: &str) -> String {
    format!("The notice was about: “{}”, on {at}.", change_name(change))
}

/// What ReportNotMe did this time.
pub fn signed_out_everywhere(tokens_deleted: u32) -> String {
    if tokens_deleted == 0 {
        "Done: every session is signed out, on every device. There were no access tokens to \
         delete."
            .to_owned()
    } else {
        format!(
            "Done: every session is signed out, on every device, and {} deleted.",
            count(
                tokens_deleted.into(),
                "access token was",
                "access tokens were"
            )
        )
    }
}

/// ReportNotMe on a link reported before: nothing changed now.
pub const ALREADY_SIGNED_OUT: &str = "This link was used already to sign out every session \
     and delete every access token. Nothing more was signed out now.";

/// The heading of the part that puts the account back.
pub const PUT_BACK_TITLE: &str = "Put your account back";

/// What putting the account back does, and what it takes: a code from the
/// authenticator app the account had before the change (`app`), one of
/// its security keys then (`keys`), or one of its recovery codes.
pub fn put_back_explained(change: EventKind, app: bool, keys: bool) -> String {
    let takes = match (app, keys) {
        (true, true) => {
            "It needs something from before the change: your security key, a code from the \
             authenticator app you had then, or one of your recovery codes."
        }
        (true, false) => {
            "It needs a code from before the change: from the authenticator app you had then, \
             or one of your recovery codes."
        }
        (false, true) => {
            "It needs something from before the change: your security key, or one of your \
             recovery codes."
        }
        (false, false) => "It needs one of the recovery codes you had before the change.",
    };
    format!(
        "Your password and two-factor authentication can go back to what they were before \
         “{}”. {takes}",
        change_name(change)
    )
}

/// How many codes the link still takes, and until when (`until` in words).
pub fn undo_tries_left(tries: u32, until: &str) -> String {
    format!(
        "{} left, until {until}.",
        count(tries.into(), "attempt", "attempts")
    )
}

/// The button that sends the code.
pub const PUT_MY_ACCOUNT_BACK: &str = "Put my account back";

/// The link cannot put anything back (no `undo` in ReportNotMe's answer).
pub const NOTHING_TO_PUT_BACK: &str = "Nothing can be put back from this link: it only signs \
     everyone out.";

/// Where to turn when the link cannot help further.
pub const OPERATOR_HELP: &str = "If you can no longer sign in, contact the operator of this \
     dashboard; they can check your account and reset two-factor authentication after \
     confirming it is you.";

/// UndoChange worked; `at` is the change's instant in words, `app` and
/// `keys` whether the account has its authenticator app and its security
/// keys again.
pub fn account_restored(change: EventKind, at: &str, app: bool, keys: bool) -> String {
    let with = match (app, keys) {
        (true, true) => "your authenticator app or your security key",
        (true, false) => "your authenticator app",
        (false, true) => "your security key or a recovery code",
        (false, false) => "a recovery code",
    };
    format!(
        "Your account is back as it was before “{}” on {at}. Sign in with your old password and \
         {with}, then change your password: whoever made the change knew it.",
        change_name(change)
    )
}

/// Under it: the recovery codes of the set put back that are still unused.
pub fn restored_codes_left(left: u32) -> String {
    format!(
        "{} of the set you had then.",
        count(
            left.into(),
            "recovery code is left",
            "recovery codes are left"
        )
    )
}

/// After the button of an UndoChange with a wrong code: the way on.
pub const UNDO_CODE_HINT: &str = " Use a code from the authenticator app you had before the \
     change, or one of your recovery codes.";

/// NotMeLinkInvalid, or a link that is not whole (InvalidParameter `link`).
pub const NOT_ME_LINK_INVALID: &str = "This link does not work: it is not one we sent, or part \
     of it is missing. Copy the whole link from the mail into the address bar.";

/// NotMeLinkExpired.
pub fn not_me_link_expired() -> String {
    format!(
        "This link has expired: the links in security notices work for {} hours. If you can \
         still sign in, sign in and change your password. {OPERATOR_HELP}",
        NOT_ME_LINK_SECONDS / 3600
    )
}

/// NotMeLinkUsed: the link put the account back already.
pub const NOT_ME_LINK_USED: &str = "This link was used already to put the account back: it \
     works once. If that was not you, contact the operator of this dashboard.";

/// NothingToRestore.
pub const NOTHING_TO_RESTORE: &str = "This link cannot put your account back: there is \
     nothing from before the change that a code could prove, or it was put back already. Every \
     session stays signed out.";

/// UndoTriesUsed.
pub const UNDO_TRIES_USED: &str = "Too many wrong codes or keys were tried with this link: it can \
     no longer put your account back. Every session stays signed out; contact the operator of \
     this dashboard for help.";

/// The browser's window gave no key answer (cancelled, or nobody touched
/// a key in time).
pub const UNDO_KEY_CANCELLED: &str = "The key did not answer: the request was cancelled or \
     timed out. Choose “Use your security key” to try again, or use a code from before the \
     change.";

/// KeyRefused at the undo: not a key the account had before the change.
pub const UNDO_KEY_REFUSED: &str = "That key is not one your account had before the change, or \
     it answered for another site. Try the key you had then, or a code from before the change.";

/// KeyCheckGone at the undo: the check expired (or was answered already).
pub const UNDO_KEY_CHECK_GONE: &str = "The key check expired: the key has to answer within 5 \
     minutes. Choose “Use your security key” to try again.";

/// KeyCloneSuspected at the undo.
pub const UNDO_KEY_CLONE_SUSPECTED: &str = "This key was refused because it may have been copied \
     (its counter went backwards). Use a code from before the change instead, and check your \
     Security Log once you are back in.";

/// NoSecurityKeys at StartUndoKeyCheck: the account had no key then.
pub const UNDO_NO_KEYS: &str = "Your account had no security key before the change, so a key \
     cannot put it back. Use a code from before the change.";

/// A refused key's `words`, with the attempts the link has `left` after
/// it (each key tried takes one, as a code does).
pub fn key_try_counted(words: &str, left: u32) -> String {
    match left {
        0 => format!(
            "{words} No attempts are left, so this link can no longer put your account back. \
             Every session stays signed out; contact the operator of this dashboard for help."
        ),
        left => format!("{words} {}.", attempts_words(left)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_named_without_what_it_did_to_other_sessions() {
        assert_eq!(
            change_name(EventKind::TwoFactorDisabled),
            "Two-factor authentication turned off"
        );
        assert_eq!(change_name(EventKind::PasswordChanged), "Password changed");
        assert_eq!(
            change_name(EventKind::SecurityKeyRemoved),
            "Security key removed"
        );
    }

    #[test]
    fn the_page_says_what_the_link_does_how_often_and_how_long() {
        let words = not_me_explained();
        assert!(words.contains("every session"), "{words}");
        assert!(words.contains("every access token"), "{words}");
        assert!(words.contains("once, for 72 hours"), "{words}");
        assert!(words.contains("until you press the button"), "{words}");
    }

    #[test]
    fn what_was_done_counts_the_tokens() {
        assert!(signed_out_everywhere(0).contains("no access tokens"));
        assert!(signed_out_everywhere(1).contains("1 access token was deleted"));
        assert!(signed_out_everywhere(3).contains("3 access tokens were deleted"));
        assert_eq!(
            notice_told_of(EventKind::PasswordChanged, "7 Dec 2026, 09:14 UTC"),
            "The notice was about: “Password changed”, on 7 Dec 2026, 09:14 UTC."
        );
    }

    #[test]
    fn the_undo_names_the_app_and_the_key_only_when_the_account_had_them() {
        let with_app = put_back_explained(EventKind::TwoFactorDisabled, true, false);
        assert!(
            with_app.contains("authenticator app you had then"),
            "{with_app}"
        );
        assert!(with_app.contains("recovery codes"), "{with_app}");
        assert!(!with_app.contains("security key"), "{with_app}");
        let codes_only = put_back_explained(EventKind::TwoFactorDisabled, false, false);
        assert!(!codes_only.contains("authenticator app"), "{codes_only}");
        assert!(!codes_only.contains("security key"), "{codes_only}");
        assert!(codes_only.contains("recovery codes"), "{codes_only}");
        let both = put_back_explained(EventKind::TwoFactorDisabled, true, true);
        for words in [
            "your security key",
            "authenticator app you had then",
            "recovery codes",
        ] {
            assert!(both.contains(words), "{words:?} not in {both}");
        }
        let key_only = put_back_explained(EventKind::SecurityKeyRemoved, false, true);
        assert!(key_only.contains("your security key"), "{key_only}");
        assert!(!key_only.contains("authenticator app"), "{key_only}");
        assert_eq!(undo_tries_left(1, "today"), "1 attempt left, until today.");
    }

    #[test]
    fn a_restored_account_says_how_to_sign_in_and_to_change_the_password() {
        let at = "7 Dec 2026, 09:14 UTC";
        let words = account_restored(EventKind::TwoFactorDisabled, at, true, false);
        assert_eq!(
            words,
            "Your account is back as it was before “Two-factor authentication turned off” on 7 \
             Dec 2026, 09:14 UTC. Sign in with your old password and your authenticator app, \
             then change your password: whoever made the change knew it."
        );
        let sign_in_with = |app, keys| account_restored(EventKind::PasswordChanged, "x", app, keys);
        assert!(sign_in_with(true, true).contains("your authenticator app or your security key"));
        assert!(sign_in_with(false, true).contains("your security key or a recovery code"));
        assert!(sign_in_with(false, false).contains("password and a recovery code"));
        assert_eq!(
            restored_codes_left(9),
            "9 recovery codes are left of the set you had then."
        );
    }

    #[test]
    fn a_refused_key_counts_the_try_it_took() {
        assert_eq!(
            key_try_counted(UNDO_KEY_REFUSED, 3),
            format!("{UNDO_KEY_REFUSED} 3 attempts left.")
        );
        let last = key_try_counted(UNDO_KEY_CHECK_GONE, 0);
        assert!(last.starts_with(UNDO_KEY_CHECK_GONE), "{last}");
        assert!(last.contains("No attempts are left"), "{last}");
        assert!(last.contains("operator"), "{last}");
    }

    #[test]
    fn a_refused_link_says_what_to_do() {
        assert!(NOT_ME_LINK_INVALID.contains("Copy the whole link from the mail"));
        assert!(not_me_link_expired().contains("72 hours"));
        assert!(not_me_link_expired().contains("operator"));
        assert!(UNDO_TRIES_USED.contains("operator"));
    }
}
