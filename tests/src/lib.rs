//! Black-box test helpers.

pub mod api;
pub mod app_weight;
pub mod authenticator;
pub mod browser;
pub mod flows;
pub mod lambda;
pub mod mail_text;
pub mod security_keys;
pub mod server;
pub mod smtp_sink;
pub mod utc;

pub use api::{Authenticator, Proof, Raw, Refused, TestApp, TokenChanges};
pub use authenticator::SoftKey;
pub use flows::{AccountState, Enrolled};
pub use security_keys::KeyOwner;
pub use server::{local_binary, ServerOptions, TestClock, TestServer};

/// The password every test account signs up with.
pub const PASSWORD: &str = "correct horse battery staple";
