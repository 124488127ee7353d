//! What the person was doing when a call failed: the one thing, besides
//! the result code, that decides a failure's words.

use crate::logic::code::CodeKind;

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
    /// Sign-in's code step with a security key (Start2FAKeyCheck,
    /// Verify2FAKey).
    KeySignIn,
    /// Signing in with a passkey alone (StartPasskeySignIn,
    /// SignInWithPasskey).
    PasskeySignIn,
    /// Adding a security key or a passkey (Setup2FAKey, Enable2FAKey).
    AddKey,
    /// "Sign out everywhere" on the page of a security notice's link
    /// (ReportNotMe).
    ReportNotMe,
    /// Putting the account back from that page with a code or a security
    /// key from before the change (StartUndoKeyCheck, UndoChange).
    UndoChange,
    /// Anything else: loading the account or the security log, signing out,
    /// the changes in Settings.
    Other,
}

impl Attempt {
    /// True in the forms that prove a second factor for a step-up (the
    /// password pop-up, Change Password): a code refused there was typed
    /// after the one that signed this session in.
    pub(super) fn is_step_up(self) -> bool {
        matches!(self, Attempt::ConfirmPassword | Attempt::ChangePassword)
    }
}
