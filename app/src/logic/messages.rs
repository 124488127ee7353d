//! Every sentence the app builds for a person: failures, notices, statuses
//! and counts, and the explanations of the step-up, token-keeping and
//! new-password screens. Fixed copy in the markup of the older screens
//! (headings, labels, explanations) stays with its component; whatever is
//! chosen or put together at run time is worded here.
//!
//! Failures are worded by result code and by what the person was doing
//! ([`Attempt`]), never with the server's `error` text: that is written for
//! scripts and names methods and parameters. No result numbers, no blank
//! screens.

use twofold_api::ResultCode;

use crate::api::Failure;
use crate::logic::code::CodeKind;
use crate::logic::dates;
use crate::logic::tokens::Expiry;

// Failures.

/// What the person was doing when a call failed: one result code can need
/// different words (a wrong password at sign-in is not a wrong password in
/// the confirmation pop-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Creating an account (SignUp).
    SignUp,
    /// The password step of sign-in (SignIn).
    SignIn,
    /// The code step of sign-in (Verify2FACode), with this kind of code.
    VerifyCode(CodeKind),
    /// The "confirm your password" pop-up (CheckPassword), with a code
    /// when the change needs a second factor.
    ConfirmPassword,
    /// The first code in the setup wizard (Enable2FA).
    EnableTwoFactor,
    /// The Change Password dialog (ChangePassword).
    ChangePassword,
    /// Generating, editing, regenerating or removing a personal access
    /// token (CreateToken, EditToken, RegenerateToken, DeleteTokens), sent
    /// after the password pop-up's step-up.
    TokenChange,
    /// Anything else: loading the account or the security log, signing out,
    /// the changes in Settings.
    Other,
}

/// The sentence shown next to whatever caused `failure` while the person
/// was doing `attempt`.
pub fn failure_message(attempt: Attempt, failure: &Failure) -> String {
    let error = match failure {
        Failure::Network => {
            return "Could not reach the server. Check your connection and try again.".into()
        }
        Failure::Unreadable => return UNREADABLE.into(),
        Failure::UnknownResult => return NOT_UNDERSTOOD.into(),
        Failure::Api(error) => error,
    };
    // A lock or throttle without its length is worded as a minute's wait.
    let wait_secs = error.retry_after.unwrap_or(60);
    match error.result {
        ResultCode::InvalidCode => {
            let mut words = match error.attempts_left {
                Some(0) => "That code is not valid, and no attempts are left.".to_string(),
                Some(left) => format!("That code is not valid. {}.", attempts_words(left)),
                None => "That code is not valid.".to_string(),
            };
            if matches!(attempt, Attempt::ConfirmPassword | Attempt::ChangePassword) {
                words.push_str(" Type the code your authenticator app shows now.");
            }
            if attempt == Attempt::EnableTwoFactor {
                words.push_str(
                    " Check that your phone sets its clock automatically, and type the newest \
                     code.",
                );
            }
            words
        }
        ResultCode::CodeJustUsed
            if matches!(attempt, Attempt::ConfirmPassword | Attempt::ChangePassword) =>
        {
            code_just_used_for_step_up(error.retry_after.unwrap_or(30))
        }
        ResultCode::CodeJustUsed => format!(
            "This code was just used. Wait for the next one ({} s).",
            error.retry_after.unwrap_or(30)
        ),
        ResultCode::SecondFactorLocked => second_factor_locked(wait_secs),
        ResultCode::TotpStopped
            if matches!(attempt, Attempt::ConfirmPassword | Attempt::ChangePassword) =>
        {
            TOTP_STOPPED_USE_RECOVERY_CODE.into()
        }
        ResultCode::TotpStopped => TOTP_STOPPED.into(),
        ResultCode::TooManySignUps => format!(
            "Too many accounts were created from your network. Try again in {}.",
            wait_words(wait_secs)
        ),
        // Passwords confirmed while signed in count under the sign-in
        // throttle.
        ResultCode::TooManySignInAttempts
            if matches!(
                attempt,
                Attempt::TokenChange | Attempt::ConfirmPassword | Attempt::ChangePassword
            ) =>
        {
            format!(
                "Too many wrong passwords. Try again in {}.",
                wait_words(wait_secs)
            )
        }
        ResultCode::TooManySignInAttempts => format!(
            "Too many failed sign-ins. Try again in {}.",
            wait_words(wait_secs)
        ),
        ResultCode::InvalidCredentials
            if matches!(attempt, Attempt::ConfirmPassword | Attempt::TokenChange) =>
        {
            "That password is not correct. Try again.".into()
        }
        ResultCode::InvalidCredentials if attempt == Attempt::ChangePassword => {
            "Your current password is not correct. Try again.".into()
        }
        ResultCode::InvalidCredentials => "The login or the password is wrong.".into(),
        // At the code step, no session means the pending sign-in is gone.
        ResultCode::NotSignedIn if matches!(attempt, Attempt::VerifyCode(_)) => {
            SIGN_IN_EXPIRED.into()
        }
        ResultCode::NotSignedIn => SESSION_ENDED.into(),
        ResultCode::NotAPendingSession => SIGN_IN_EXPIRED.into(),
        ResultCode::SecondFactorRequired => {
            "Finish signing in first: type the code from your authentication application.".into()
        }
        ResultCode::PasswordConfirmationRequired => {
            "Please confirm your password to continue.".into()
        }
        // Two-factor authentication was switched on elsewhere since the
        // Change Password form opened without the code field.
        ResultCode::SecondFactorConfirmationRequired if attempt == Attempt::ChangePassword => {
            CODE_NEEDED_TOO.into()
        }
        ResultCode::SecondFactorConfirmationRequired => SECOND_FACTOR_NEEDED.into(),
        ResultCode::PasswordChangeRequired => PASSWORD_CHANGE_REQUIRED.into(),
        ResultCode::NoPendingSetup => {
            "This setup has expired. Start again to get a new QR code.".into()
        }
        ResultCode::TwoFactorAlreadyEnabled => {
            "Two-factor authentication is already on (it was switched on elsewhere). This page \
             now shows it."
                .into()
        }
        ResultCode::TwoFactorNotEnabled => {
            "Two-factor authentication is off (it was switched off elsewhere). This page now \
             shows it."
                .into()
        }
        // The app signs in with sessions, never with a token: this answer
        // means the page holds something it should not.
        ResultCode::TokenMethodRefused => {
            "An access token cannot do this: only a signed-in session can. Reload the page and \
             sign in again."
                .into()
        }
        ResultCode::TooManyTokens => {
            "You have the most access tokens allowed. Remove some you no longer use first.".into()
        }
        ResultCode::LoginTaken => "That login is taken. Choose another one.".into(),
        ResultCode::RecoveryCodesReplaced => {
            "These recovery codes were replaced by newer ones (in another window or tab). This \
             page now shows the current state."
                .into()
        }
        ResultCode::SignUpDisabled => "Sign-up is switched off on this server.".into(),
        // Sign-in never says what a login or a password must look like:
        // that is sign-up's business, and here it would only help a guesser.
        ResultCode::InvalidParameter
            if attempt == Attempt::SignIn
                && matches!(error.parameter.as_deref(), Some("login" | "password")) =>
        {
            "The login or the password is wrong.".into()
        }
        ResultCode::InvalidParameter => match error.parameter.as_deref() {
            Some("login") => "A login has 3 to 64 letters, digits and . _ - @ +.".into(),
            Some("password") => "A password has 8 to 256 characters.".into(),
            Some("newPassword") => {
                "The new password needs 8 to 256 characters and must differ from the current one."
                    .into()
            }
            Some("oldPassword") => ENTER_CURRENT_PASSWORD.into(),
            Some("code") => incomplete_code(attempt).into(),
            Some("description") => DESCRIPTION_TOO_LONG.into(),
            Some("apiList") => {
                "One of the methods cannot be given to a token: tick methods from the list, and \
                 write other platform methods like env.control.CreateEnvironment."
                    .into()
            }
            Some("expiresAt") => {
                "Choose an expiry in the future and at most 366 days ahead (check that this \
                 device's clock is right)."
                    .into()
            }
            Some("ids") | Some("id") => {
                "That token or session is no longer there. Reload the page to see the current \
                 list."
                    .into()
            }
            _ => NOT_UNDERSTOOD.into(),
        },
        // Two-factor authentication was switched on elsewhere since the
        // dialog opened without the code field.
        ResultCode::MissingParameter
            if attempt == Attempt::ChangePassword && error.parameter.as_deref() == Some("code") =>
        {
            CODE_NEEDED_TOO.into()
        }
        ResultCode::MalformedRequest
        | ResultCode::MissingParameter
        | ResultCode::UnknownMethod
        | ResultCode::BodyTooLarge
        | ResultCode::MethodNotAllowed
        | ResultCode::UnsupportedMediaType
        | ResultCode::CsrfRejected => NOT_UNDERSTOOD.into(),
        ResultCode::Busy => "The account is busy with another change. Try again.".into(),
        ResultCode::Internal => "Something went wrong on our side. Try again in a moment.".into(),
        ResultCode::Unavailable => {
            "The service is busy right now. Wait a moment and try again.".into()
        }
        ResultCode::NoClientAddress => {
            "The server is set up wrongly and cannot check passwords now. Try again later.".into()
        }
        // A failure never carries `Ok`; if one did, its answer makes no sense.
        ResultCode::Ok => UNREADABLE.into(),
    }
}

/// True when a code-step failure means the pending sign-in is gone
/// (expired, spent or unknown) and the person must start with the password.
pub fn must_start_over(failure: &Failure) -> bool {
    matches!(
        failure.result(),
        Some(ResultCode::NotSignedIn | ResultCode::NotAPendingSession)
    )
}

const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

/// For requests this page should never have sent: usually a page older
/// than the server.
const NOT_UNDERSTOOD: &str =
    "The server did not understand this page's request. Reload the page and try again.";

/// This browser's session is over (signed out elsewhere, expired, ended
/// by a change on another device).
pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";

/// The pending sign-in between the two steps has run out or been spent.
pub const SIGN_IN_EXPIRED: &str = "This sign-in has expired. Please enter your password again.";

/// The second step refuses codes for a while; `wait_secs` until it takes
/// them again.
pub fn second_factor_locked(wait_secs: u64) -> String {
    format!(
        "Too many wrong codes: the second step is locked. Try again in {}.",
        wait_words(wait_secs)
    )
}

/// The lock on the second step has run out.
pub const LOCK_ENDED: &str =
    "The lock has ended: type the code your authentication application shows now.";

/// The wait after a just-used code has run out.
pub const NEXT_CODE_READY: &str = "Your authentication application shows a new code now: type it.";

/// The live countdown under the code form while the server asks to wait
/// (a `role="timer"`, which screen readers do not read out every second).
pub fn wait_countdown(reason: crate::logic::code_wait::WaitReason, secs: u64) -> String {
    use crate::logic::code_wait::WaitReason;
    match reason {
        WaitReason::Locked => format!("Locked: {} left", clock(secs)),
        WaitReason::JustUsed => format!("Next code in {secs} s"),
    }
}

/// `14:05`, `0:09`: minutes and seconds, for a countdown.
pub fn clock(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// In a step-up, the code typed is the one that signed this session in (or
/// confirmed a change) a moment ago: the next one works.
pub fn code_just_used_for_step_up(wait_secs: u64) -> String {
    format!(
        "That code was used a moment ago (the code you signed in with does not count). Wait \
         for the next one from your authenticator app ({wait_secs} s)."
    )
}

/// In a step-up, codes from the app are stopped: only a recovery code
/// confirms.
pub const TOTP_STOPPED_USE_RECOVERY_CODE: &str = "Too many wrong codes in a row: codes from your \
     authenticator app no longer work for this account. Use one of your recovery codes instead.";

/// A change needs a second factor the session has not confirmed.
pub const SECOND_FACTOR_NEEDED: &str = "With two-factor authentication on, this also needs a \
     code from your authenticator app (not the one you signed in with) or a recovery code.";

/// The Change Password form was sent without a code while 2FA is on
/// (switched on elsewhere, or the session's confirmation ran out).
pub const CODE_NEEDED_TOO: &str =
    "Two-factor authentication is on: type a code from your authenticator app too.";

/// The account was reset by an operator: nothing works before a new
/// password.
pub const PASSWORD_CHANGE_REQUIRED: &str = "An operator reset your two-factor authentication: \
     choose a new password before anything else.";

/// Codes from the app are refused until a recovery code signs in.
pub const TOTP_STOPPED: &str = "Too many wrong codes in a row: codes from your authentication \
     application no longer work for this account. Sign in with one of your recovery codes; \
     that switches the application's codes back on.";

// What the forms say before anything is sent.

/// The sign-in form was sent with a field left empty.
pub const ENTER_LOGIN_AND_PASSWORD: &str = "Enter your login and your password.";

/// The sign-up form was sent without a login.
pub const CHOOSE_A_LOGIN: &str = "Choose a login.";

/// The sign-up form was sent with a password shorter than `min_chars`.
pub fn password_too_short(min_chars: usize) -> String {
    format!("The password needs at least {min_chars} characters.")
}

/// The confirmation pop-up was sent empty.
pub const ENTER_YOUR_PASSWORD: &str = "Enter your password.";

/// The Change Password dialog was sent without the current password.
pub const ENTER_CURRENT_PASSWORD: &str = "Enter your current password.";

/// The Change Password dialog was sent with the current password as the new one.
pub const NEW_PASSWORD_UNCHANGED: &str =
    "Choose a new password: it must differ from the current one.";

/// The Change Password dialog's two new passwords differ.
pub const NEW_PASSWORDS_DIFFER: &str =
    "The new password and its confirmation do not match. Type them again.";

/// A code was sent before it was whole, during `attempt`.
pub fn incomplete_code(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::VerifyCode(kind) => incomplete_code_of(kind),
        _ => "Type the six-digit code your authentication application shows.",
    }
}

/// A code of `kind` was sent before it was whole (the sign-in code step
/// and the step-up forms, which ask for one kind at a time).
pub fn incomplete_code_of(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Recovery => "A recovery code has ten letters and digits, like abcde-12345.",
        CodeKind::Totp => "Type the six digits your application shows.",
    }
}

/// The password pop-up was sent while the tokens to keep were loading.
pub const TOKENS_STILL_LOADING: &str =
    "Your access tokens are still loading: choose which to keep, then try again.";

// Notices for the next screen.

/// After SignOut.
pub const SIGNED_OUT: &str = "You have signed out.";

/// On the dashboard of a new account.
pub const WELCOME_NEW_ACCOUNT: &str = "Welcome to Twofold! Protect your account with \
     two-factor authentication: open Settings > Account.";

/// After the setup wizard's Done.
pub const TWO_FACTOR_TURNED_ON: &str = "Two-factor authentication is on. From now on, signing in \
     asks for a code from your authentication application.";

/// After ChangePassword.
pub const PASSWORD_CHANGED: &str = "Your password was changed. Other sessions were signed out.";

/// After ChangePassword, which ended `tokens_ended` access tokens.
pub fn password_changed(tokens_ended: u32) -> String {
    with_tokens_stopped(PASSWORD_CHANGED, tokens_ended)
}

/// After the new password an operator's reset asked for.
pub const NEW_PASSWORD_CHOSEN: &str = "Your new password is set. Your other sessions were \
     signed out and your access tokens stopped working. Set up two-factor authentication again \
     now: open Settings > Account.";

/// After the setup wizard's Done, when Enable2FA ended `tokens_ended`
/// access tokens.
pub fn two_factor_turned_on(tokens_ended: u32) -> String {
    with_tokens_stopped(TWO_FACTOR_TURNED_ON, tokens_ended)
}

/// `words`, then how many access tokens stopped working, if any.
fn with_tokens_stopped(words: &str, tokens_ended: u32) -> String {
    match tokens_ended {
        0 => words.to_owned(),
        1 => format!("{words} 1 access token stopped working."),
        n => format!("{words} {n} access tokens stopped working."),
    }
}

/// After Disable2FA.
pub const TWO_FACTOR_TURNED_OFF: &str = "Two-factor authentication is off. Your account is now \
     accessible with just the login and password.";

/// The banner after signing in with a recovery code, `left` codes
/// remaining; `low` when that is few enough to urge new ones.
pub fn signed_in_with_recovery_code(left: u32, low: bool) -> String {
    let mut words = format!(
        "You signed in with a recovery code. That code cannot be used again: {}.",
        recovery_codes_left(left)
    );
    if low {
        words.push_str(
            " Generate new ones now: if you lose your phone, they are your only way back in.",
        );
    }
    words
}

// The password pop-up (a step-up).

/// The pop-up's explanation when it asks for the password alone.
pub const CONFIRM_PASSWORD: &str = "For your security, enter your password to continue.";

/// The pop-up's explanation when it asks for a code too.
pub const CONFIRM_PASSWORD_AND_CODE: &str = "For your security, enter your password and a code \
     from your authenticator app to continue. The code you signed in with does not count: if \
     you just signed in, wait for the next one.";

/// Under the six-digit field of a step-up.
pub const STEP_UP_CODE_HINT: &str = "The six digits your authenticator app shows now.";

/// Under the recovery-code field of a step-up.
pub const STEP_UP_RECOVERY_HINT: &str =
    "One of the recovery codes you saved. It is used up once it confirms this.";

/// The switch of a step-up's code field, showing `current`.
pub fn step_up_other_code_kind(current: CodeKind) -> &'static str {
    match current {
        CodeKind::Totp => "Use a recovery code instead",
        CodeKind::Recovery => "Use a code from your authenticator app instead",
    }
}

// Keeping access tokens (Enable2FA, ChangePassword, signing out everywhere).

/// Above the tokens to keep.
pub const KEEP_TOKENS_EXPLAINED: &str =
    "Tokens you do not tick stop working at once; scripts using them will need a new one.";

/// Under the explanation: what the server keeps anyway.
pub const TOKENS_OF_THIS_SESSION_KEPT: &str =
    "Tokens made in this session keep working whether ticked or not.";

/// GetTokens failed: nothing can be ticked.
pub const TOKENS_NOT_LISTED: &str = "Your access tokens could not be listed, so none can be \
     kept: they will stop working, except those made in this session.";

/// A token's line in the keep list: where and when it was made, and its
/// last use.
pub fn token_to_keep_facts(token: &twofold_api::tokens::AccessToken) -> String {
    let made = match token.created_ip.as_deref() {
        Some(ip) => format!("{} from {ip}", dates::date_time(token.created_at)),
        None => dates::date_time(token.created_at),
    };
    format!(
        "Created {made} · last used: {}",
        token_last_used(token.last_used, token.last_used_ip.as_deref())
    )
}

// The new password after an operator's reset.

/// Why the screen asks for a new password.
pub const OPERATOR_RESET_EXPLAINED: &str = "An operator reset your two-factor authentication. \
     Choose a new password before continuing; afterwards, set up two-factor authentication again \
     under Settings > Account.";

/// What the new password ends.
pub const OPERATOR_RESET_ENDS: &str = "Choosing it signs out your other sessions, and your \
     access tokens stop working: make new ones afterwards if scripts need them.";

// Sign-in.

/// Above the code step.
pub fn signing_in_as(login: &str) -> String {
    format!("Signing in as {login}.")
}

/// On arriving at the code step with few attempts left.
pub fn attempts_warning(left: u32) -> String {
    format!("Careful: {}.", attempts_words(left))
}

/// The switch on the code step, showing `current`.
pub fn use_other_code_kind(current: CodeKind) -> &'static str {
    match current {
        CodeKind::Totp => "Use a recovery code instead",
        CodeKind::Recovery => "Use an authentication code instead",
    }
}

// Account and recovery codes.

// Pages.

/// `document.title` for the route at `path`.
pub fn page_title(path: &str) -> String {
    let page = match path.trim_end_matches('/') {
        "" => "Dashboard",
        "/signin" => "Sign in",
        "/signup" => "Create account",
        "/settings" | "/settings/account" => "Settings",
        "/settings/tokens" => "Access Tokens — Settings",
        "/settings/sessions" => "Sessions — Settings",
        "/settings/log" => "Security Log — Settings",
        "/recovery-codes" => "New recovery codes",
        _ => "Page not found",
    };
    format!("{page} — Twofold")
}

/// `Welcome, ada`.
pub fn welcome(login: &str) -> String {
    format!("Welcome, {login}")
}

/// When the account was made; `on` is a date in words.
pub fn account_created(on: &str) -> String {
    format!("Account created on {on}.")
}

/// The status line of an account with 2FA on; `since` is a date in words.
pub fn two_factor_on(since: Option<&str>) -> String {
    match since {
        Some(since) => format!("Two-factor authentication is on since {since}."),
        None => "Two-factor authentication is on.".into(),
    }
}

/// `1 recovery code left`, `9 recovery codes left`.
pub fn recovery_codes_left(left: u32) -> String {
    if left == 1 {
        "1 recovery code left".into()
    } else {
        format!("{left} recovery codes left")
    }
}

/// The line under the 2FA status in Settings.
pub fn recovery_codes_summary(left: u32) -> String {
    if left == 0 {
        "No recovery codes left: generate new ones under View Recovery Codes.".into()
    } else {
        format!("{}.", recovery_codes_left(left))
    }
}

/// The tooltip of a spent recovery code; `on` is a date in words.
pub fn used_on(on: &str) -> String {
    format!("Used on {on}")
}

/// The setup wizard refused to close before the codes were saved.
pub const SAVE_RECOVERY_CODES_FIRST: &str = "Save the recovery codes first: use Download or \
     Copy, or tick “I've saved my recovery codes”, to close this window.";

/// The recovery-codes dialog refused to close before new codes were saved.
pub const SAVE_NEW_CODES_FIRST: &str = "Save the new codes first: use Download or Copy, or tick \
     “I've saved my recovery codes”.";

/// The Account tab's notice while the codes of this account were shown
/// but never confirmed as saved (kept by this browser).
pub const CODES_NOT_CONFIRMED: &str = "You haven't confirmed that you saved your recovery \
     codes. Without them, losing your phone would lock you out of your account.";

/// The code field dropped what was not a digit.
pub const DIGITS_ONLY: &str = "Digits only: the code is six digits.";

/// Above the printed codes: whose they are and when they were printed,
/// as the downloaded file says.
pub fn printed_codes_heading(login: &str, on: &str) -> String {
    format!("Twofold recovery codes for {login}, printed on {on}. Each code can be used once.")
}

/// Download worked.
pub fn downloaded(file_name: &str) -> String {
    format!("Downloaded {file_name}.")
}

/// Download did not start.
pub const DOWNLOAD_FAILED: &str = "The download did not start. Copy the codes instead.";

/// Copy of the recovery codes worked.
pub const CODES_COPIED: &str = "Copied to the clipboard.";

/// Copy of the recovery codes failed.
pub const CODES_COPY_FAILED: &str =
    "Copying did not work here. Select the codes and copy them by hand.";

// The setup wizard.

/// Copy of the key worked.
pub const KEY_COPIED: &str = "Key copied.";

/// Copy of the key failed.
pub const KEY_COPY_FAILED: &str = "Copying did not work here: select the key and copy it by hand.";

/// The QR code's text alternative.
pub fn qr_code_alt(account_name: &str, issuer: &str) -> String {
    format!("QR code that adds {account_name} ({issuer}) to your authentication application")
}

/// The key's type, for typing it in by hand.
pub fn key_type(digits: u32, period: u32) -> String {
    format!("Time-based, {digits} digits, every {period} seconds")
}

/// Where the wizard is, for screen readers.
pub fn wizard_step(current: u8, total: u8) -> String {
    format!("Step {current} of {total}")
}

/// The countdown beside a code field.
pub fn new_code_in(secs: u32) -> String {
    format!("New code in {secs} s")
}

// Recovery-code hygiene.

/// The banner after a sign-in with a recovery code while codes are low.
pub fn recovery_codes_running_low(left: u32) -> String {
    format!(
        "Only {}. Generate new ones now: if you lose your phone, your recovery codes are the \
         only way back into your account.",
        recovery_codes_left(left)
    )
}

/// What the regeneration screen asks for.
pub const REGENERATION_EXPLAINED: &str = "Confirm your password and a code from your \
     authenticator app to see ten new codes, and save them somewhere safe. Your other sessions \
     will be signed out.";

/// Above the regeneration that comes before anything else, when this
/// sign-in spent the last code.
pub const LAST_RECOVERY_CODE_USED: &str = "You signed in with your last recovery code. Generate \
     new ones now: without them, losing your phone would lock you out of your account.";

/// Above the regeneration that comes before anything else, when the codes
/// ran out earlier.
pub const NO_RECOVERY_CODES_LEFT: &str = "You have no recovery codes left. Generate new ones \
     now: without them, losing your phone would lock you out of your account.";

// Personal access tokens.

/// The form was sent without a description.
pub const DESCRIBE_THE_TOKEN: &str =
    "Describe what the token is for, for example “deploy from CI”.";

/// The description is longer than the server takes (or not one line).
pub const DESCRIPTION_TOO_LONG: &str = "A description has 1 to 100 characters on one line.";

/// No method was ticked or typed.
pub const CHOOSE_A_METHOD: &str =
    "Choose at least one method the token may call: tick one, or type a platform method.";

/// A method of this API that tokens may never call was typed.
pub fn token_may_never_call(name: &str) -> String {
    format!(
        "Tokens may never call {name}: signing in, the password, two-factor authentication, \
         tokens and sessions need you, signed in."
    )
}

/// Something that is not a method name was typed.
pub fn not_a_method_name(name: &str) -> String {
    format!(
        "“{name}” is not a method name. Write platform methods like \
         env.control.CreateEnvironment, separated by commas or spaces."
    )
}

/// More methods than a token may name.
pub fn too_many_methods(max: usize) -> String {
    format!("A token may call at most {max} methods.")
}

/// "On a date" was chosen with no date, or one that does not exist.
pub const CHOOSE_A_DATE: &str = "Choose the day the token stops working.";

/// The chosen expiry has passed.
pub const DATE_IN_THE_PAST: &str = "Choose a day after today.";

/// The chosen expiry is further than the server allows.
pub const DATE_TOO_FAR: &str = "A token lasts at most 366 days: choose an earlier day.";

/// Edit was saved with nothing changed.
pub const NOTHING_CHANGED: &str = "Nothing was changed.";

/// What a checked method lets the token do, beside its name in the
/// checklist.
pub fn method_purpose(method: twofold_api::Method) -> &'static str {
    use twofold_api::Method;
    match method {
        Method::GetAccount => "Read the login and the state of two-factor authentication.",
        Method::GetEvents => "Read the security log.",
        Method::Authorize => "Let the platform's other services check what this token may do.",
        _ => "",
    }
}

/// Under the form's expiry options: when the token will stop working.
pub fn token_will_expire(expires_at: u64) -> String {
    format!(
        "The token will stop working on {}.",
        dates::date_time(expires_at)
    )
}

/// A preset's label.
pub fn days(count: u64) -> String {
    if count == 1 {
        "1 day".into()
    } else {
        format!("{count} days")
    }
}

/// The Edit form's option that keeps the expiry.
pub fn keep_expiry(expires_at: u64) -> String {
    format!("Keep ({})", dates::date(expires_at))
}

/// A token's expiry in the list: the date, and how near it is when near.
pub fn token_expiry(expires_at: u64, expiry: Expiry) -> String {
    let on = dates::date_time(expires_at);
    match expiry {
        Expiry::Expired => format!("Expired on {on}"),
        Expiry::Soon { days_left: 1 } => format!("{on} (in less than a day)"),
        Expiry::Soon { days_left } => format!("{on} (in {})", days(days_left)),
        Expiry::Later => on,
    }
}

/// When and where a token was last used.
pub fn token_last_used(at: Option<u64>, ip: Option<&str>) -> String {
    match (at, ip) {
        (None, _) => "Never".into(),
        (Some(at), Some(ip)) => format!("{} from {ip}", dates::date_time(at)),
        (Some(at), None) => dates::date_time(at),
    }
}

/// The Access Tokens tab's introduction.
pub const TOKENS_EXPLAINED: &str = "Scripts, CI jobs and the platform's other services use a \
     token instead of your password and a code. A token may call only the methods you choose, \
     until it expires or you remove it. Signing out one session leaves it working; a new \
     password, turning on two-factor authentication or signing out all other sessions stops it \
     unless you tick it to keep.";

/// Copy of a token worked.
pub const TOKEN_COPIED: &str = "Token copied to the clipboard.";

/// Copy of a token failed.
pub const TOKEN_COPY_FAILED: &str =
    "Copying did not work here: select the token and copy it by hand.";

/// Download of a token did not start.
pub const TOKEN_DOWNLOAD_FAILED: &str = "The download did not start. Copy the token instead.";

/// After EditToken.
pub fn token_saved(description: &str) -> String {
    format!("The token “{description}” was saved.")
}

/// After DeleteTokens.
pub fn token_removed(description: &str) -> String {
    format!("The token “{description}” was removed. Scripts using it can no longer call the API.")
}

/// Above a token's value after RegenerateToken.
pub fn token_regenerated(description: &str) -> String {
    format!(
        "“{description}” has a new value. The old one stopped working: give this one to the \
         scripts that used it."
    )
}

// Sessions.

/// After SignOutSessions.
pub fn sessions_signed_out(ended: u32) -> String {
    match ended {
        0 => "No other session was signed in.".into(),
        1 => "1 session was signed out.".into(),
        n => format!("{n} sessions were signed out."),
    }
}

/// After SignOutSessions `*`: the sessions ended, the newer ones a call
/// without a step-up left signed in, and the access tokens ended.
pub fn other_sessions_signed_out(ended: u32, newer_kept: u32, tokens_ended: u32) -> String {
    let mut words = with_tokens_stopped(&sessions_signed_out(ended), tokens_ended);
    match newer_kept {
        0 => {}
        1 => words.push_str(
            " 1 session that signed in after this one is still signed in: confirm your password \
             to sign it out.",
        ),
        n => words.push_str(&format!(
            " {n} sessions that signed in after this one are still signed in: confirm your \
             password to sign them out."
        )),
    }
    words
}

/// The "Sign Out All Other Sessions?" confirmation.
pub const SIGN_OUT_OTHERS_EXPLAINED: &str = "Every other browser and script signed in to your \
     account will have to sign in again. This session stays signed in.";

/// The Sessions tab's introduction.
pub const SESSIONS_EXPLAINED: &str = "Where your account is signed in, newest first. Sign out \
     any session you do not recognise, then change your password. Access tokens are listed \
     under Access Tokens: signing out one session leaves them working, signing out all other \
     sessions stops those you do not keep.";

/// A session's first and last use.
pub fn session_times(created_at: u64, last_seen: u64) -> String {
    format!(
        "Signed in {} · last seen {}",
        dates::date_time(created_at),
        dates::date_time(last_seen)
    )
}

// Security log.

/// An entry's count, where it has one: tokens deleted or sessions ended.
pub fn event_count(kind: twofold_api::events::EventKind, count: u32) -> String {
    use twofold_api::events::EventKind;
    let (one, many) = match kind {
        EventKind::TokensDeleted => ("token", "tokens"),
        EventKind::SessionsSignedOut => ("session", "sessions"),
        _ => ("", ""),
    };
    match (count, one.is_empty()) {
        (_, true) => count.to_string(),
        (1, false) => format!("1 {one}"),
        (n, false) => format!("{n} {many}"),
    }
}

// Counts and waits.

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

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn api(result: ResultCode) -> ApiError {
        ApiError::new(result)
    }

    fn says(attempt: Attempt, error: ApiError) -> String {
        failure_message(attempt, &Failure::Api(error))
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
            says(Attempt::VerifyCode(CodeKind::Totp), error.clone()),
            "That code is not valid. 4 attempts left."
        );
        error.attempts_left = Some(1);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Totp), error),
            "That code is not valid. 1 attempt left."
        );
    }

    #[test]
    fn a_wrong_first_code_in_the_setup_points_at_the_phones_clock() {
        let words = says(Attempt::EnableTwoFactor, api(ResultCode::InvalidCode));
        assert_eq!(
            words,
            "That code is not valid. Check that your phone sets its clock automatically, and \
             type the newest code."
        );
    }

    #[test]
    fn a_lock_says_how_long_to_wait() {
        let mut error = api(ResultCode::SecondFactorLocked);
        error.retry_after = Some(290);
        let words = says(Attempt::VerifyCode(CodeKind::Totp), error);
        assert!(words.contains("locked"), "{words}");
        assert!(words.ends_with("Try again in 5 minutes."), "{words}");
        assert_eq!(words, second_factor_locked(290));
    }

    #[test]
    fn a_wrong_password_reads_differently_at_sign_in_and_in_the_pop_up() {
        let error = api(ResultCode::InvalidCredentials);
        assert_eq!(
            says(Attempt::SignIn, error.clone()),
            "The login or the password is wrong."
        );
        assert_eq!(
            says(Attempt::ConfirmPassword, error),
            "That password is not correct. Try again."
        );
    }

    #[test]
    fn a_password_change_names_the_current_password_the_new_one_or_the_code() {
        assert_eq!(
            says(Attempt::ChangePassword, api(ResultCode::InvalidCredentials)),
            "Your current password is not correct. Try again."
        );
        let mut error = api(ResultCode::InvalidParameter);
        error.parameter = Some("newPassword".into());
        assert!(says(Attempt::ChangePassword, error).contains("differ from the current one"));
        let mut error = api(ResultCode::MissingParameter);
        error.parameter = Some("code".into());
        assert!(says(Attempt::ChangePassword, error.clone()).contains("type a code"));
        assert_eq!(says(Attempt::Other, error), NOT_UNDERSTOOD);
    }

    #[test]
    fn a_missing_session_at_the_code_step_means_the_sign_in_expired() {
        let error = api(ResultCode::NotSignedIn);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Recovery), error.clone()),
            SIGN_IN_EXPIRED
        );
        assert_eq!(
            says(Attempt::Other, error),
            "Your session has ended. Please sign in again."
        );
    }

    #[test]
    fn the_servers_words_are_never_shown() {
        for &code in ResultCode::ALL {
            let mut error = ApiError::with_message(code, "server words for scripts");
            error.parameter = Some("login".into());
            for attempt in [Attempt::SignUp, Attempt::SignIn, Attempt::Other] {
                let words = says(attempt, error.clone());
                assert!(!words.contains("server words"), "{code:?}: {words}");
            }
        }
        assert!(!failure_message(Attempt::Other, &Failure::UnknownResult).is_empty());
    }

    #[test]
    fn a_refused_parameter_is_named_in_the_words_of_the_form() {
        let refused = |parameter: &str| {
            let mut error = api(ResultCode::InvalidParameter);
            error.parameter = Some(parameter.into());
            error
        };
        assert!(says(Attempt::SignUp, refused("login")).contains("3 to 64"));
        assert!(says(Attempt::SignUp, refused("password")).contains("8 to 256"));
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Recovery), refused("code")),
            incomplete_code(Attempt::VerifyCode(CodeKind::Recovery))
        );
    }

    #[test]
    fn no_message_shows_a_result_number() {
        for &code in ResultCode::ALL {
            let words = says(Attempt::Other, api(code));
            assert!(!words.is_empty(), "{code:?}");
            assert!(
                !words.contains(&code.code().to_string()) || code == ResultCode::Ok,
                "{code:?}: {words}"
            );
        }
    }

    #[test]
    fn an_unreachable_server_is_named_as_such() {
        assert!(failure_message(Attempt::Other, &Failure::Network)
            .contains("Could not reach the server"));
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

    #[test]
    fn recovery_codes_are_counted_in_words() {
        assert_eq!(recovery_codes_left(1), "1 recovery code left");
        assert_eq!(recovery_codes_left(9), "9 recovery codes left");
        assert_eq!(recovery_codes_summary(10), "10 recovery codes left.");
        assert!(recovery_codes_summary(0).starts_with("No recovery codes left"));
    }

    #[test]
    fn a_recovery_code_sign_in_says_what_is_left_and_when_to_renew() {
        assert_eq!(
            signed_in_with_recovery_code(9, false),
            "You signed in with a recovery code. That code cannot be used again: 9 recovery \
             codes left."
        );
        assert!(signed_in_with_recovery_code(2, true).contains("Generate new ones now"));
        assert!(signed_in_with_recovery_code(1, true).contains(": 1 recovery code left."));
        assert!(recovery_codes_running_low(1).starts_with("Only 1 recovery code left."));
    }

    #[test]
    fn a_refused_token_change_names_the_field_in_the_forms_words() {
        let refused = |parameter: &str| {
            let mut error = api(ResultCode::InvalidParameter);
            error.parameter = Some(parameter.into());
            says(Attempt::TokenChange, error)
        };
        assert_eq!(refused("description"), DESCRIPTION_TOO_LONG);
        assert!(refused("apiList").contains("env.control.CreateEnvironment"));
        assert!(refused("expiresAt").contains("366 days"));
        assert!(refused("ids").contains("Reload the page"));
        assert!(says(Attempt::TokenChange, api(ResultCode::TooManyTokens)).contains("Remove"));
    }

    #[test]
    fn a_wrong_password_in_a_token_change_reads_as_in_the_pop_up() {
        assert_eq!(
            says(Attempt::TokenChange, api(ResultCode::InvalidCredentials)),
            "That password is not correct. Try again."
        );
        let mut throttled = api(ResultCode::TooManySignInAttempts);
        throttled.retry_after = Some(120);
        assert_eq!(
            says(Attempt::TokenChange, throttled),
            "Too many wrong passwords. Try again in 2 minutes."
        );
    }

    #[test]
    fn a_tokens_expiry_reads_as_a_date_and_how_near_it_is() {
        let at = 1_746_057_600; // 1 May 2025, 00:00 UTC
        assert_eq!(token_expiry(at, Expiry::Later), "1 May 2025, 00:00 UTC");
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 3 }),
            "1 May 2025, 00:00 UTC (in 3 days)"
        );
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 1 }),
            "1 May 2025, 00:00 UTC (in less than a day)"
        );
        assert_eq!(
            token_expiry(at, Expiry::Expired),
            "Expired on 1 May 2025, 00:00 UTC"
        );
        assert_eq!(token_last_used(None, Some("1.2.3.4")), "Never");
        assert_eq!(
            token_last_used(Some(at), Some("1.2.3.4")),
            "1 May 2025, 00:00 UTC from 1.2.3.4"
        );
    }

    #[test]
    fn sign_in_never_explains_the_rules_of_a_login() {
        let mut error = api(ResultCode::InvalidParameter);
        error.parameter = Some("login".into());
        assert_eq!(
            says(Attempt::SignIn, error.clone()),
            "The login or the password is wrong."
        );
        assert!(says(Attempt::SignUp, error).contains("3 to 64"));
    }

    #[test]
    fn every_route_has_its_own_title() {
        assert_eq!(page_title("/signin"), "Sign in — Twofold");
        assert_eq!(page_title("/settings/account"), "Settings — Twofold");
        assert_eq!(page_title("/"), "Dashboard — Twofold");
        assert_eq!(
            page_title("/settings/log"),
            "Security Log — Settings — Twofold"
        );
        assert_eq!(page_title("/nowhere"), "Page not found — Twofold");
    }

    #[test]
    fn countdowns_read_as_minutes_and_seconds() {
        use crate::logic::code_wait::WaitReason;
        assert_eq!(clock(899), "14:59");
        assert_eq!(clock(9), "0:09");
        assert_eq!(wait_countdown(WaitReason::Locked, 61), "Locked: 1:01 left");
        assert_eq!(wait_countdown(WaitReason::JustUsed, 7), "Next code in 7 s");
    }

    #[test]
    fn signed_out_sessions_and_deleted_tokens_are_counted_in_words() {
        use twofold_api::events::EventKind;
        assert_eq!(sessions_signed_out(0), "No other session was signed in.");
        assert_eq!(sessions_signed_out(1), "1 session was signed out.");
        assert_eq!(sessions_signed_out(3), "3 sessions were signed out.");
        assert_eq!(event_count(EventKind::TokensDeleted, 1), "1 token");
        assert_eq!(event_count(EventKind::SessionsSignedOut, 2), "2 sessions");
    }

    #[test]
    fn a_missing_second_factor_and_an_operator_reset_are_said_in_words() {
        let words = says(
            Attempt::TokenChange,
            api(ResultCode::SecondFactorConfirmationRequired),
        );
        assert!(words.contains("recovery code"), "{words}");
        assert!(words.contains("not the one you signed in with"), "{words}");
        assert_eq!(
            says(
                Attempt::ChangePassword,
                api(ResultCode::SecondFactorConfirmationRequired)
            ),
            CODE_NEEDED_TOO
        );
        let words = says(Attempt::Other, api(ResultCode::PasswordChangeRequired));
        assert!(words.contains("choose a new password"), "{words}");
    }

    #[test]
    fn the_pop_up_says_to_wait_for_the_next_code_or_to_use_a_recovery_code() {
        let mut just_used = api(ResultCode::CodeJustUsed);
        just_used.retry_after = Some(17);
        let words = says(Attempt::ConfirmPassword, just_used);
        assert!(words.contains("Wait for the next one"), "{words}");
        assert!(words.contains("(17 s)"), "{words}");
        assert_eq!(
            says(Attempt::ConfirmPassword, api(ResultCode::TotpStopped)),
            TOTP_STOPPED_USE_RECOVERY_CODE
        );
        assert_eq!(
            says(
                Attempt::VerifyCode(CodeKind::Totp),
                api(ResultCode::TotpStopped)
            ),
            TOTP_STOPPED,
            "sign-in keeps its own words"
        );
        let mut wrong = api(ResultCode::InvalidCode);
        wrong.attempts_left = Some(3);
        assert_eq!(
            says(Attempt::ConfirmPassword, wrong),
            "That code is not valid. 3 attempts left. Type the code your authenticator app \
             shows now."
        );
        let mut throttled = api(ResultCode::TooManySignInAttempts);
        throttled.retry_after = Some(30);
        assert_eq!(
            says(Attempt::ConfirmPassword, throttled),
            "Too many wrong passwords. Try again in 30 seconds."
        );
    }

    #[test]
    fn notices_count_the_access_tokens_that_stopped_working() {
        assert_eq!(password_changed(0), PASSWORD_CHANGED);
        assert_eq!(
            password_changed(1),
            "Your password was changed. Other sessions were signed out. 1 access token stopped \
             working."
        );
        assert!(two_factor_turned_on(3).ends_with(" 3 access tokens stopped working."));
        assert_eq!(
            other_sessions_signed_out(2, 0, 0),
            "2 sessions were signed out."
        );
        assert_eq!(
            other_sessions_signed_out(1, 0, 2),
            "1 session was signed out. 2 access tokens stopped working."
        );
        assert!(other_sessions_signed_out(0, 2, 0).contains("2 sessions that signed in after"));
    }

    #[test]
    fn a_token_to_keep_says_where_it_was_made_and_when_it_was_last_used() {
        let at = 1_746_057_600; // 1 May 2025, 00:00 UTC
        let token = twofold_api::tokens::AccessToken {
            id: 1,
            key: None,
            description: "ci".into(),
            created_at: at,
            created_ip: Some("10.0.0.1".into()),
            expires_at: at + 1,
            api_list: vec![],
            last_used: None,
            last_used_ip: None,
        };
        assert_eq!(
            token_to_keep_facts(&token),
            "Created 1 May 2025, 00:00 UTC from 10.0.0.1 · last used: Never"
        );
    }
}
