//! Twofold's service layer and HTTP routers.
//!
//! [`service`] carries out each API method over the domain (`twofold-auth`)
//! and the store (`twofold-store`); [`http`] turns HTTP requests into service
//! calls and results into responses. The same routers run in AWS Lambda (one
//! binary per service group) and in `twofold-local`.

#[cfg(feature = "local")]
pub mod admin;
pub mod clock;
pub mod config;
pub mod http;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "local")]
pub mod local;
#[cfg(any(feature = "local", feature = "lambda"))]
pub mod notifier;
pub mod service;
pub mod telemetry;

pub use clock::{Clock, ShiftedClock, SystemClock};
pub use config::Config;
pub use service::Service;
