//! The "I've saved the data" checkbox that alone enables **Done** under new
//! recovery codes. Download and Copy tick it; a failed copy does not.

/// Whether the person has saved the recovery codes shown to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveGate {
    saved: bool,
}

impl SaveGate {
    /// A gate for codes just shown: nothing saved yet.
    pub const fn new() -> Self {
        SaveGate { saved: false }
    }

    /// The codes went into a downloaded file.
    pub fn record_download(&mut self) {
        self.saved = true;
    }

    /// A copy to the clipboard was tried; only a successful one counts.
    pub fn record_copy(&mut self, succeeded: bool) {
        self.saved |= succeeded;
    }

    /// The person ticked or unticked the checkbox themselves.
    pub fn set_ticked(&mut self, checked: bool) {
        self.saved = checked;
    }

    /// Whether the checkbox shows as ticked.
    pub const fn is_saved(self) -> bool {
        self.saved
    }

    /// Whether **Done** (or closing the window) is allowed.
    pub const fn can_finish(self) -> bool {
        self.saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_stays_disabled_until_something_saves_the_codes() {
        let gate = SaveGate::new();
        assert!(!gate.is_saved());
        assert!(!gate.can_finish());
    }

    /// The gate after `steps`, starting from a fresh one.
    fn after(steps: impl FnOnce(&mut SaveGate)) -> SaveGate {
        let mut gate = SaveGate::new();
        steps(&mut gate);
        gate
    }

    #[test]
    fn download_ticks_the_checkbox_and_enables_done() {
        let gate = after(SaveGate::record_download);
        assert!(gate.is_saved());
        assert!(gate.can_finish());
    }

    #[test]
    fn a_successful_copy_ticks_the_checkbox_and_a_failed_one_does_not() {
        assert!(after(|g| g.record_copy(true)).can_finish());
        assert!(!after(|g| g.record_copy(false)).can_finish());
        let gate = after(|g| {
            g.record_download();
            g.record_copy(false);
        });
        assert!(gate.can_finish(), "a failed copy keeps an earlier download");
    }

    #[test]
    fn the_checkbox_can_be_ticked_by_hand_and_unticked_again() {
        assert!(after(|g| g.set_ticked(true)).can_finish());
        assert!(!after(|g| {
            g.set_ticked(true);
            g.set_ticked(false);
        })
        .can_finish());
        assert!(!after(|g| {
            g.record_download();
            g.set_ticked(false);
        })
        .can_finish());
    }
}
