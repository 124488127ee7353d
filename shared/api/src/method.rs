//! The API's methods, their service groups and their paths.

use std::fmt;

use serde::{de::DeserializeOwned, Serialize};

use crate::{
    account::*, authentication::*, not_me::*, notifications::*, security_keys::*, tokens::*,
};

/// A service group: methods under one path prefix, served by one Lambda
/// function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceGroup {
    /// `/1.0/users/authentication/rest/<method>`: signing in and out.
    Authentication,
    /// `/1.0/users/account/rest/<method>`: the signed-in account's settings.
    Account,
}

impl ServiceGroup {
    /// Every service group.
    pub const ALL: [ServiceGroup; 2] = [ServiceGroup::Authentication, ServiceGroup::Account];

    /// The path prefix, ending in `/`, under which this group's methods live.
    pub const fn prefix(self) -> &'static str {
        match self {
            ServiceGroup::Authentication => "/1.0/users/authentication/rest/",
            ServiceGroup::Account => "/1.0/users/account/rest/",
        }
    }
}

macro_rules! methods {
    ($($variant:ident => $name:literal, $group:ident, $request:ty => $response:ty, $doc:literal;)*) => {
        /// A method of the API, named as on the platform (`SignIn`,
        /// `Verify2FACode`, ...). Paths use the lower-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Method {
            $(#[doc = $doc] $variant,)*
        }

        impl Method {
            /// Every method.
            pub const ALL: &'static [Method] = &[$(Method::$variant,)*];

            /// The platform's name of the method, e.g. `Verify2FACode`.
            pub const fn name(self) -> &'static str {
                match self { $(Method::$variant => $name,)* }
            }

            /// The service group the method belongs to.
            pub const fn group(self) -> ServiceGroup {
                match self { $(Method::$variant => ServiceGroup::$group,)* }
            }

            /// One sentence on what the method does.
            pub const fn summary(self) -> &'static str {
                match self { $(Method::$variant => $doc,)* }
            }
        }

        $(impl Request for $request {
            const METHOD: Method = Method::$variant;
            type Response = $response;
        })*

        /// Hands every method's request type to `visit`, in the order of
        /// [`Method::ALL`].
        #[cfg(feature = "openapi")]
        pub(crate) fn visit_requests(visit: &mut impl crate::openapi::VisitRequest) {
            $(visit.visit::<$request>();)*
        }
    };
}

/// A method's parameters: which method takes them, and what its success
/// returns. One impl per method, declared beside the method's name.
pub trait Request: Serialize + DeserializeOwned {
    /// The method these parameters are for.
    const METHOD: Method;
    /// The method's fields in a success (beside `result: 0`).
    type Response: Serialize + DeserializeOwned;
}

methods! {
    SignUp => "SignUp", Authentication, SignUpRequest => SessionResponse,
        "Create an account with a login and a password.";
    SignIn => "SignIn", Authentication, SignInRequest => SignInResponse,
        "Login and password; a pending session when 2FA is on.";
    Verify2FACode => "Verify2FACode", Authentication, Verify2FACodeRequest => Verify2FACodeResponse,
        "Pending session and a TOTP or recovery code: a full session.";
    SignOut => "SignOut", Authentication, SignOutRequest => SignOutResponse,
        "End this session.";
    Start2FAKeyCheck => "Start2FAKeyCheck", Authentication, Start2FAKeyCheckRequest => KeyCeremony,
        "A pending or full session: options to check one of the account's security keys.";
    Verify2FAKey => "Verify2FAKey", Authentication, Verify2FAKeyRequest => SessionResponse,
        "Pending session and a security key's answer: a full session.";
    StartPasskeySignIn => "StartPasskeySignIn", Authentication, StartPasskeySignInRequest => KeyCeremony,
        "Options for signing in with a passkey, no login needed.";
    SignInWithPasskey => "SignInWithPasskey", Authentication, SignInWithPasskeyRequest => SessionResponse,
        "A passkey's answer: a full session (it counts as both factors).";
    CheckPassword => "CheckPassword", Authentication, CheckPasswordRequest => CheckPasswordResponse,
        "Confirm the password (and a code): elevates this session for a few minutes.";
    CreateToken => "CreateToken", Authentication, CreateTokenRequest => TokenResponse,
        "Password: a new personal access token, shown once.";
    GetTokens => "GetTokens", Authentication, GetTokensRequest => TokensResponse,
        "The account's personal access tokens, without their values.";
    EditToken => "EditToken", Authentication, EditTokenRequest => TokenResponse,
        "Password: a token's description, methods or expiry.";
    RegenerateToken => "RegenerateToken", Authentication, RegenerateTokenRequest => TokenResponse,
        "Password: a new value for a token; the old one stops working.";
    DeleteTokens => "DeleteTokens", Authentication, DeleteTokensRequest => DeleteTokensResponse,
        "Password: delete tokens by id, or all.";
    Authorize => "Authorize", Authentication, AuthorizeRequest => AuthorizeResponse,
        "May the credential on this call call a given method?";
    GetSessions => "GetSessions", Authentication, GetSessionsRequest => SessionsResponse,
        "The account's signed-in sessions.";
    SignOutSessions => "SignOutSessions", Authentication, SignOutSessionsRequest => SignOutSessionsResponse,
        "End sessions by id, or every one but this.";
    ReportNotMe => "ReportNotMe", Authentication, ReportNotMeRequest => ReportNotMeResponse,
        "The link of a security notice: every session and access token of the account ends (no session needed).";
    StartUndoKeyCheck => "StartUndoKeyCheck", Authentication, StartUndoKeyCheckRequest => KeyCeremony,
        "The link of a notice of a change: options to check a security key the account had before it (no session needed).";
    UndoChange => "UndoChange", Authentication, UndoChangeRequest => UndoChangeResponse,
        "The link of a notice of a change and a code or key from before it: the account is put back as it was.";
    GetAccount => "GetAccount", Account, GetAccountRequest => AccountResponse,
        "Who am I, and the state of 2FA.";
    Setup2FA => "Setup2FA", Account, Setup2FARequest => Setup2FAResponse,
        "Elevated: a new pending TOTP secret, as URI, QR code and key (with 2FA on, for a new authenticator app).";
    Enable2FA => "Enable2FA", Account, Enable2FARequest => RecoveryCodesResponse,
        "A code from the app: 2FA on, recovery codes returned.";
    Change2FAApp => "Change2FAApp", Account, Change2FAAppRequest => Change2FAAppResponse,
        "A code from the new authenticator app: it replaces the old one; recovery codes stay; other sessions end.";
    Setup2FAKey => "Setup2FAKey", Account, Setup2FAKeyRequest => KeyCeremony,
        "Elevated: options to add a security key or a passkey.";
    Enable2FAKey => "Enable2FAKey", Account, Enable2FAKeyRequest => Enable2FAKeyResponse,
        "The key's answer: it is added; the first second factor turns 2FA on and returns recovery codes.";
    Rename2FAKey => "Rename2FAKey", Account, Rename2FAKeyRequest => KeyChangedResponse,
        "Elevated: a new name for a security key.";
    Remove2FAKey => "Remove2FAKey", Account, Remove2FAKeyRequest => KeyChangedResponse,
        "Elevated: a security key removed (the last second factor goes with Disable2FA).";
    Get2FABackupCodes => "Get2FABackupCodes", Account, Get2FABackupCodesRequest => RecoveryCodesResponse,
        "Elevated: the recovery codes, used ones marked.";
    Regenerate2FABackupCodes => "Regenerate2FABackupCodes", Account, Regenerate2FABackupCodesRequest => RecoveryCodesResponse,
        "Elevated: new recovery codes; the old ones stop working.";
    Confirm2FABackupCodes => "Confirm2FABackupCodes", Account, Confirm2FABackupCodesRequest => Confirm2FABackupCodesResponse,
        "The recovery codes of a version are saved: GetAccount stops asking.";
    Disable2FA => "Disable2FA", Account, Disable2FARequest => Disable2FAResponse,
        "Elevated: 2FA off, recovery codes deleted, other sessions ended.";
    ChangePassword => "ChangePassword", Account, ChangePasswordRequest => ChangePasswordResponse,
        "Elevated: a new password; other sessions end.";
    SetNotificationEmail => "SetNotificationEmail", Account, SetNotificationEmailRequest => NotificationEmailResponse,
        "Elevated: the address security notices go to, confirmed by a code mailed to it.";
    ConfirmNotificationEmail => "ConfirmNotificationEmail", Account, ConfirmNotificationEmailRequest => NotificationEmailResponse,
        "The code mailed to the new address: notices go there from now on.";
    SendTestNotice => "SendTestNotice", Account, SendTestNoticeRequest => SendTestNoticeResponse,
        "A test notice to the verified address.";
    GetEvents => "GetEvents", Account, GetEventsRequest => EventsResponse,
        "The account's security log, newest first.";
}

impl Method {
    /// The full path of the method, e.g.
    /// `/1.0/users/authentication/rest/verify2facode`.
    pub fn path(self) -> String {
        format!(
            "{}{}",
            self.group().prefix(),
            self.name().to_ascii_lowercase()
        )
    }

    /// True when a personal access token may call the method, if its
    /// `apiList` names it. Never: signing in, the password, the second
    /// factor, tokens and sessions themselves (a token must not mint,
    /// widen or outlive itself, nor take over the account).
    pub const fn token_may_call(self) -> bool {
        matches!(
            self,
            Method::GetAccount | Method::GetEvents | Method::Authorize
        )
    }

    /// The method whose platform name is `name`, matching case exactly.
    pub fn named(name: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// The method of `group` whose name matches `segment`, ignoring case.
    pub fn find(group: ServiceGroup, segment: &str) -> Option<Method> {
        Method::ALL
            .iter()
            .copied()
            .find(|m| m.group() == group && m.name().eq_ignore_ascii_case(segment))
    }
}

use crate::limits::MAX_METHOD_NAME_CHARS;

/// The namespaces of this API's own service groups, as the platform would
/// spell them (`users.account.GetAccount`): names in them are never the
/// platform's other services.
const OWN_NAMESPACES: [&str; 2] = ["users.authentication.", "users.account."];

/// True for a name shaped like a platform method that is really one of this
/// API's: in its namespace (`users.account.Disable2FA`) or ending in one of
/// its method names (`env.control.CreateToken`). Such a name is neither
/// this API's method (those are written bare) nor another service's, so
/// token lists and Authorize refuse it rather than take it as a platform
/// method a token may call.
pub fn is_own_method_in_platform_spelling(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or_default();
    name.contains('.')
        && (OWN_NAMESPACES.iter().any(|ns| name.starts_with(ns)) || Method::named(last).is_some())
}

/// True for a method of the platform's other services, written as the
/// platform writes them: two or more lower-case segments (letters and
/// digits, starting with a letter), then a method name (a capital, then
/// letters and digits), e.g. `env.control.CreateEnvironment`; never one of
/// this API's own methods spelled that way
/// ([`is_own_method_in_platform_spelling`]).
pub fn is_platform_method(name: &str) -> bool {
    if name.len() > MAX_METHOD_NAME_CHARS || is_own_method_in_platform_spelling(name) {
        return false;
    }
    let mut parts: Vec<&str> = name.split('.').collect();
    let Some(method) = parts.pop() else {
        return false;
    };
    let segment_ok = |segment: &&str| {
        segment.starts_with(|c: char| c.is_ascii_lowercase())
            && segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let method_ok = method.starts_with(|c: char| c.is_ascii_uppercase())
        && method.chars().all(|c| c.is_ascii_alphanumeric());
    parts.len() >= 2 && parts.iter().all(segment_ok) && method_ok
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_is_found_again_from_its_own_path() {
        for &method in Method::ALL {
            let path = method.path();
            let segment = path.strip_prefix(method.group().prefix()).unwrap();
            assert_eq!(Method::find(method.group(), segment), Some(method));
        }
    }

    #[test]
    fn a_method_is_not_found_under_the_other_service_group() {
        assert_eq!(Method::find(ServiceGroup::Account, "signin"), None);
        assert_eq!(
            Method::find(ServiceGroup::Authentication, "getaccount"),
            None
        );
    }

    #[test]
    fn tokens_may_call_neither_credential_nor_second_factor_methods() {
        for method in [
            Method::SignUp,
            Method::SignIn,
            Method::Verify2FACode,
            Method::SignOut,
            Method::CheckPassword,
            Method::Setup2FA,
            Method::Enable2FA,
            Method::Get2FABackupCodes,
            Method::Regenerate2FABackupCodes,
            Method::Confirm2FABackupCodes,
            Method::Disable2FA,
            Method::ChangePassword,
            Method::CreateToken,
            Method::GetTokens,
            Method::EditToken,
            Method::RegenerateToken,
            Method::DeleteTokens,
            Method::GetSessions,
            Method::SignOutSessions,
        ] {
            assert!(!method.token_may_call(), "{method}");
        }
        assert!(Method::GetAccount.token_may_call());
    }

    #[test]
    fn platform_methods_are_lower_case_segments_then_a_method_name() {
        assert!(is_platform_method("env.control.CreateEnvironment"));
        assert!(is_platform_method("a1.b2.c3.M"));
        for name in [
            "control.CreateEnvironment",
            "1env.control.Create",
            "env.control.Create-Env",
            "env.Control.Create",
            "env..control.Create",
            "GetAccount",
            "",
        ] {
            assert!(!is_platform_method(name), "{name}");
        }
        assert!(!is_platform_method(&format!(
            "env.control.{}",
            "A".repeat(MAX_METHOD_NAME_CHARS)
        )));
    }

    #[test]
    fn this_api_s_methods_spelled_as_platform_methods_are_not_platform_methods() {
        for name in [
            "users.account.Disable2FA",
            "users.authentication.CreateToken",
            "users.account.GetAccount",
            "users.account.SomethingNew",
            "env.control.CreateToken",
            "a.b.SignOutSessions",
        ] {
            assert!(is_own_method_in_platform_spelling(name), "{name}");
            assert!(!is_platform_method(name), "{name}");
        }
        for name in [
            "env.control.CreateEnvironment",
            "users.billing.GetInvoice",
            "GetAccount",
        ] {
            assert!(!is_own_method_in_platform_spelling(name), "{name}");
        }
        assert!(is_platform_method("users.billing.GetInvoice"));
    }

    #[test]
    fn paths_use_the_lower_case_platform_name() {
        assert_eq!(
            Method::Verify2FACode.path(),
            "/1.0/users/authentication/rest/verify2facode"
        );
        assert_eq!(
            Method::GetAccount.path(),
            "/1.0/users/account/rest/getaccount"
        );
    }
}
