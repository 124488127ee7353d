//! What the types do not say about each operation: the rules in words,
//! which credentials it takes, and where its answer leads.

use serde_json::{json, Value};

use crate::Method;

/// The rules of `method` a script author needs beyond its fields.
pub(super) fn description(method: Method) -> &'static str {
    match method {
        Method::SignUp => "a new account and a first full session; throttled per client address (208 with `retryAfter`); refused with 403 while sign-up is off and 409 when the login is taken",
        Method::SignIn => "the password under the sign-in throttle (204 with `retryAfter`): wrong passwords per login and per address, each reserved before the hash so at most the limit are ever checked; a browser whose device cookie names the login has a small budget of its own; right passwords have a ceiling per login per window; 503 with `retryAfter` when the queue of password checks is full. With 2FA on the answer's `session` is a pending session for Verify2FACode",
        Method::Verify2FACode => "the pending session (as the `session` parameter or the Bearer token; if both are sent they must be the same, else 102) and a code; a wrong code is counted (300, then 301 while locked, 302 once app codes are stopped); a right code from the app whose step was already accepted is refused with 303, not counted, with `retryAfter` until the next code. A full session is refused with 206",
        Method::SignOut => "ends the session on the call (full or pending); without one it answers 0 and does nothing",
        Method::CheckPassword => "the step-up on its own: the password and, with 2FA on, optionally a second factor, recorded on the session until `elevatedUntil`; a wrong password answers 200 (counted in the session's budget, 204 after the limit), a wrong code 300, 301, 302 or 303 as at Verify2FACode",
        Method::Start2FAKeyCheck => "a new check of the account's security keys (408 without one): for the pending session of a sign-in (then Verify2FAKey), or for a full session's step-up (then CheckPassword with `ceremony` and `credential`). The `options` go to navigator.credentials.get (PublicKeyCredential.parseRequestOptionsFromJSON); the answer is taken once, within five minutes",
        Method::Verify2FAKey => "the pending session (as at Verify2FACode) and a security key's answer (`credential.toJSON()`) to the ceremony of SignIn's `securityKey` or of Start2FAKeyCheck: a full session. The ceremony is spent by the call whatever its outcome (305 if it is gone or expired); an answer for another site, another ceremony or another account is refused with 304, a signature counter that went backwards with 306 (logged as securityKeyCloneSuspected). Scripts use Verify2FACode (codes) or personal access tokens",
        Method::StartPasskeySignIn => "options for a passkey sign-in that name no account (discoverable credentials, user verification required); throttled per client address like SignIn",
        Method::SignInWithPasskey => "a passkey's answer to StartPasskeySignIn's ceremony: a full session, counted as both factors (the key verified its user). The ceremony is spent whatever the outcome; refusals as at Verify2FAKey",
        Method::ReportNotMe => "no session: the signed `link` of a security notice (the text after `#` in the mail's address; 72 hours, 416 after) ends every session and access token of its account at once, logged as reportedNotMe and mailed. Once per link: a second call changes nothing (`alreadyReported`); after UndoChange, 417. `undo` says when the link can also put the account back (UndoChange). A link this server did not sign, or one altered or moved to another account, is 415",
        Method::StartUndoKeyCheck => "no session: a notice's `link` that can undo (ReportNotMe's `undo.securityKeys`): a check of the security keys and passkeys the account had BEFORE the change (408 if it had none), for UndoChange's `ceremony` and `credential`. The ceremony is bound to the link, taken once, within five minutes; starting one takes none of the link's tries",
        Method::UndoChange => "no session: a notice's `link` for a change that took a credential away (twoFactorDisabled, passwordChanged, securityKeyRemoved, twoFactorAppChanged) and a second factor the account had BEFORE that change: a `code` (its authenticator app's, or one of its recovery codes, then spent), or instead the answer (`ceremony`, `credential`) of one of its security keys to StartUndoKeyCheck's ceremony. The password hash and second factor are put back as they were, every session and token ends, logged as changeUndone and mailed. Five tries per link in all, codes and keys alike, each counted before it is checked (300 with attemptsLeft or a key's 304/305, then 419); 418 when the account had no second factor before the change or the undo was taken; 417 once it was used",
        Method::CreateToken => "needs a full session (not a token) and a step-up: the password and, with 2FA on, a second factor (on the call, or CheckPassword a few minutes before; else 203 or 209); the answer holds the token's `key`, shown this once",
        Method::GetTokens => "needs a full session (not a token)",
        Method::EditToken => "needs a full session (not a token) and a step-up: the password and, with 2FA on, a second factor when the edit widens the token (adds a method to apiList or moves expiresAt later); a new description or a narrower list needs the password only; send at least one of description, apiList, expiresAt; an expired token is not renewed (102 naming id)",
        Method::RegenerateToken => "needs a full session (not a token) and a step-up: the password and, with 2FA on, a second factor; the old value is refused from the next request; `expiresAt` sets a new expiry (the old one stays when absent)",
        Method::DeleteTokens => "needs a full session (not a token) and a step-up of the password (on the call, or CheckPassword a few minutes before; no code is taken); ids that name no token are skipped",
        Method::Authorize => "for the platform's other services: may the credential on this call (a full session or a token) call `method`? A session may call any method; a token what its apiList names (207 otherwise)",
        Method::GetSessions => "needs a full session (not a token)",
        Method::SignOutSessions => "needs a full session (not a token); the caller's own session always stays. A session ends only sessions that began before it unless the call is stepped up (the password and, with 2FA on, a second factor; on this call or by CheckPassword a few minutes before). Without a step-up, `*` ends the older sessions and counts the newer ones in `newerKept`, and naming a newer session is refused (203 or 209). Stepped up, `*` ends every other session and every personal access token but those this session made and those in `keepTokens`",
        Method::GetAccount => "a full session, or a token whose apiList names GetAccount",
        Method::Setup2FA => "needs a step-up of the password (on the call, or CheckPassword within the step-up's window; else 203); with 2FA on the step-up also wants a code (209) and the set-up is for a new authenticator app, confirmed by Change2FAApp (the old app keeps working until then); with 2FA off it is confirmed by Enable2FA",
        Method::Enable2FA => "the first code from the app confirms the pending secret (only in the session that called Setup2FA); every other session ends, and every personal access token but those this session made and those in `keepTokens` (the answer's `tokensEnded` says how many)",
        Method::Change2FAApp => "with 2FA on: a code from the new app set up by Setup2FA in this session replaces the old app; the recovery codes stay valid; every other session ends and tokens stay; a wrong code is counted (300 with attemptsLeft) and the fifth discards the set-up (402); with 2FA off, 401 (use Enable2FA)",
        Method::SetNotificationEmail => "needs a step-up as Setup2FA's (with 2FA on, with a second factor); a six-digit code is mailed to `email` (taken for 15 minutes, 5 tries); until it is confirmed, notices keep going to the address confirmed before, if any. The answer's `notificationEmail.pending` names the address waiting",
        Method::ConfirmNotificationEmail => "the code mailed by SetNotificationEmail: the address becomes the one notices go to (`notificationEmailChanged` is logged and mailed to the old address too); a wrong code answers 300 with `attemptsLeft`, and the fifth discards the address (413)",
        Method::SendTestNotice => "a full session: a test notice goes to the confirmed address through the same outbox as every notice (414 without one)",
        Method::Setup2FAKey => "needs a step-up as Setup2FA's (with 2FA on, with a second factor); the answer's `options` go to navigator.credentials.create (PublicKeyCredential.parseCreationOptionsFromJSON). `kind` securityKey asks for a key as a second factor; passkey for a discoverable credential that verifies its user. Keys already added are excluded. No attestation is asked for",
        Method::Enable2FAKey => "the key's answer to Setup2FAKey's ceremony, in the session that started it, within five minutes, adds the key under `name`. The first second factor turns 2FA on as Enable2FA does: every other session ends, every token but this session's and `keepTokens`, and the answer holds the first recovery codes; later keys add to it (sessions and tokens stay). A key already added is refused with 412",
        Method::Rename2FAKey => "needs a step-up as Setup2FAKey's",
        Method::Remove2FAKey => "needs a step-up with a second factor; the account's last second factor is refused with 409 LastSecondFactor (turn 2FA off with Disable2FA)",
        Method::Get2FABackupCodes => "needs a step-up with the password and a second factor (on the call, or CheckPassword with a code a few minutes before; else 203 or 209)",
        Method::Regenerate2FABackupCodes => "needs a step-up with the password and a second factor (on the call, or CheckPassword with a code a few minutes before; else 203 or 209); ends the account's other sessions (tokens stay)",
        Method::Confirm2FABackupCodes => "a full session (never a token): the recovery codes of `version` were saved; GetAccount's recoveryCodesConfirmed becomes true. A version that newer codes replaced is refused with 406",
        Method::Disable2FA => "needs a step-up with the password and a second factor (on the call, or CheckPassword with a code a few minutes before; else 203 or 209); ends the account's other sessions (tokens stay)",
        Method::ChangePassword => "the old password, always, checked as a step-up's (wrong ones count in the session's budget and are logged as passwordConfirmationFailed); with 2FA on, a `code` unless the session's step-up proved a second factor a few minutes ago (else 209, before anything is checked); a code from the app already used answers 303, not counted; a new password equal to the old one is refused (102) once the old one is right. Ends the account's other sessions (this one stays) and every personal access token but those this session made and those in `keepTokens`; clears passwordChangeRequired",
        Method::GetEvents => "a full session, or a token whose apiList names GetEvents; `kinds` keeps only those kinds (a filtered page may hold fewer than `limit` and still have `next`: each call reads at most 1,000 events)",
    }
}

/// The credentials `method` takes: none, optionally one, or one of the
/// Bearer header and the browser's cookie (the `session` parameter may
/// stand in for either; see the description).
pub(super) fn security(method: Method) -> Value {
    match method {
        Method::SignUp
        | Method::SignIn
        | Method::StartPasskeySignIn
        | Method::SignInWithPasskey
        | Method::ReportNotMe
        | Method::StartUndoKeyCheck
        | Method::UndoChange => json!([]),
        // The pending session may come as the `session` parameter instead.
        Method::Verify2FACode | Method::Verify2FAKey => json!([{}, { "bearer": [] }]),
        Method::Start2FAKeyCheck => json!([{}, { "bearer": [] }, { "cookie": [] }]),
        // Signing out without a session does nothing, successfully.
        Method::SignOut => json!([{}, { "bearer": [] }, { "cookie": [] }]),
        _ => json!([{ "bearer": [] }, { "cookie": [] }]),
    }
}

/// Where a success of `method` leads, for clients (and the fuzzer's
/// stateful phase) that follow links.
pub(super) fn links(method: Method) -> Option<Value> {
    match method {
        Method::SignUp => Some(json!({
            "CheckPassword": {
                "operationId": Method::CheckPassword.name(),
                "description": "The new session confirms its password.",
                "requestBody": {
                    "session": "$response.body#/session",
                    "password": "$request.body#/password",
                },
            }
        })),
        Method::SignIn => Some(json!({
            "Verify2FACode": {
                "operationId": Method::Verify2FACode.name(),
                "description": "With 2FA on, the pending session SignIn returned is what Verify2FACode takes.",
                "requestBody": {
                    "session": "$response.body#/session",
                    "code": "123456",
                },
            }
        })),
        _ => None,
    }
}
