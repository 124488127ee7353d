//! "A browser that never signed in before": a full sign-in whose device
//! cookie does not vouch for the account's login also writes
//! `signedInFromNewBrowser` in its transaction. That entry is mailed, but
//! the deliverer sends one such notice per account per throttle window
//! (`DynamoStore::first_notice_of_window`), so a script signing in with a
//! password over and over cannot flood the owner's mail, and the sign-in
//! pays no extra round trip.

use twofold_api::events::EventKind;
use twofold_auth::Account;
use twofold_store::Change;

use super::{Caller, Service};

impl Service {
    /// What a full sign-in to `account` by `caller` writes beside its own
    /// entry: `signedInFromNewBrowser` when the browser's device cookie
    /// does not vouch for the login, else nothing.
    pub(super) fn new_browser_sign_in(
        &self,
        account: &Account,
        caller: &Caller,
        now: u64,
    ) -> Change {
        let known = self
            .device_cookie(caller, now)
            .is_some_and(|device| device.vouches_for(&self.two_factor.sealer, &account.login));
        if known {
            return Change::default();
        }
        Change::default().event(self.event(
            &account.user_id,
            EventKind::SignedInFromNewBrowser,
            &caller.client,
            now,
        ))
    }
}
