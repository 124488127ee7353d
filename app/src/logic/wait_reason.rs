//! Why codes of one kind cannot be sent for a while: the reason of a
//! [`crate::logic::code_wait::Wait`], worded by
//! `messages::wait_countdown`. Its own module, below both,
//! so that the words never import the flows that use them.

/// Why codes of one kind cannot be sent for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// Too many wrong codes: the server refuses this kind until the lock ends.
    Locked,
    /// The code typed signed in (or switched 2FA on, or confirmed a change)
    /// a moment ago; the application shows a new one soon. Nothing is
    /// locked.
    JustUsed,
}
