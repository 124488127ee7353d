//! The Twofold domain, without I/O.
//!
//! TOTP, recovery codes, passwords, tokens, sealing, the lockout and throttle
//! policies and the [`Account`] aggregate whose methods carry out every state
//! change. Nothing here reads the clock or the OS random generator: `now`
//! (seconds since the Unix epoch) and the random generator are arguments, so
//! every rule is tested with fixed times and seeded generators.

pub mod access_token;
pub mod account;
pub mod ceremony;
pub mod device;
pub mod email;
pub mod event;
pub mod ids;
pub mod lockout;
pub mod login;
pub mod not_me;
pub mod notice;
pub mod password;
pub mod recovery;
pub mod sealing;
pub mod session;
pub mod throttle;
pub mod token;
pub mod totp;
pub mod utc_offset;

pub use access_token::{AccessToken, ApiList};
pub use account::{Accepted, Account, AccountError, SecondFactorFailure, TwoFactorSettings};
pub use ceremony::{Ceremony, CeremonyId, CeremonyPurpose};
pub use device::DeviceCookie;
pub use event::SecurityEvent;
pub use ids::UserId;
pub use lockout::{FailureState, LockoutPolicy, SecondFactorPolicy};
pub use login::Login;
pub use password::{Password, PasswordHash};
pub use recovery::{RecoveryCode, RecoveryStorage};
pub use sealing::{Sealed, Sealer, SealingKey};
pub use session::{last_use_due, Session, SessionKind, SessionPolicy, StepUp};
pub use throttle::{address_bucket, SignInThrottle, ThrottleWindow};
pub use token::{IssuedToken, TokenHash, TokenKind};
pub use totp::{TotpCode, TotpSecret};

/// A cryptographically secure random generator, as every function here that
/// makes secrets takes it.
pub trait SecureRng: rand::RngCore + rand::CryptoRng {}
impl<T: rand::RngCore + rand::CryptoRng> SecureRng for T {}
