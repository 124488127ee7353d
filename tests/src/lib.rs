//! Black-box test helpers.

pub mod api;
pub mod browser;
pub mod flows;
pub mod server;

pub use api::{Authenticator, Raw, Refused, TestApp};
pub use flows::{AccountState, Enrolled};
pub use server::{ServerOptions, TestServer};
