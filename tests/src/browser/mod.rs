//! Browser tests' helpers: headless Chromium driven over WebDriver
//! (chromedriver + fantoccini), and page objects for the Twofold app in
//! three layers, as in Leptos' e2e suites.
//!
//! - [`driver`]: the processes, the [`Browser`], [`eventually`], screenshots
//!   and downloads.
//! - [`find`]: where things are, by role, label or `data-testid`, never by
//!   position.
//! - [`action`]: what a person does.
//! - [`check`]: what they see.
//! - [`axe`]: accessibility audits of every screen state (axe-core).
//! - [`turn`]: one browser test working at a time.
//!
//! The app renders asynchronously, so every lookup polls until it succeeds
//! or [`WAIT`] runs out.

pub mod action;
pub mod axe;
pub mod check;
pub mod driver;
pub mod find;
pub mod turn;

pub use driver::{dist_dir, eventually, keys, Browser, WAIT};
pub use turn::Turn;
