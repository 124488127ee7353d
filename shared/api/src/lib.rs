//! The Twofold wire contract: method names and paths, request and response
//! bodies, result codes.
//!
//! Every client (the app, the black-box tests, scripts) and the server use
//! these types, so a field renamed here is renamed everywhere. The crate
//! depends on serde alone and builds for `wasm32-unknown-unknown`.
//!
//! Parameters travel as a JSON object or as form fields; responses are JSON
//! objects with a numeric `result` (0 = success) beside the method's fields.

pub mod account;
pub mod authentication;
pub mod envelope;
pub mod events;
mod failures;
pub mod instant;
pub mod limits;
pub mod lists;
pub mod method;
pub mod not_me;
pub mod notifications;
pub mod number;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod params;
pub mod patterns;
pub mod result;
pub mod security_keys;
pub mod tokens;

pub use envelope::{ApiError, Envelope};
pub use limits::MAX_BODY_BYTES;
pub use method::{Method, Request, ServiceGroup};
pub use result::ResultCode;

/// The header a browser client sends with every call. It asks the server to
/// keep the session in an HttpOnly cookie instead of the response body, and,
/// being a custom header, it cannot be sent by a cross-site form (CSRF).
pub const CLIENT_HEADER: &str = "x-twofold-client";
/// The value of [`CLIENT_HEADER`] that the web app sends.
pub const CLIENT_WEB: &str = "web";

/// Name of the session cookie when the site is served over plain HTTP (local
/// development only).
pub const SESSION_COOKIE_INSECURE: &str = "twofold_session";
/// Name of the session cookie over HTTPS: the `__Host-` prefix makes browsers
/// refuse it unless it is Secure, host-only and for path `/`.
pub const SESSION_COOKIE_SECURE: &str = "__Host-twofold_session";

/// Name of the signed-in hint cookie over plain HTTP: `1` while the browser
/// holds a full session cookie, set and cleared with it. It is not HttpOnly
/// and carries nothing secret: it only tells the app whether asking
/// GetAccount is worth it, so that a signed-out load makes no call that
/// fails.
pub const SIGNED_IN_HINT_COOKIE: &str = "twofold_signed_in";
/// Name of the signed-in hint over HTTPS: `__Host-`, so that a sibling
/// subdomain cannot plant one that the server's clearing never removes.
pub const SIGNED_IN_HINT_COOKIE_SECURE: &str = "__Host-twofold_signed_in";

/// Name of the device cookie over plain HTTP (local development only): set
/// at a full sign-in, it lets the sign-in throttle tell a browser that
/// signed in before from everyone else. HttpOnly; it holds a random device
/// id and keyed tags of the logins, never the logins themselves.
pub const DEVICE_COOKIE_INSECURE: &str = "twofold_device";
/// Name of the device cookie over HTTPS.
pub const DEVICE_COOKIE_SECURE: &str = "__Host-twofold_device";
