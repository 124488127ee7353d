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
    #[must_use]
    pub const fn downloaded(self) -> Self {
        SaveGate { saved: true }
    }

    /// A copy to the clipboard was tried; only a successful one counts.
    #[must_use]
    pub const fn copied(self, succeeded: bool) -> Self {
        SaveGate {
            saved: self.saved || succeeded,
        }
    }

    /// The person ticked or unticked the checkbox themselves.
    #[must_use]
    pub const fn ticked(self, checked: bool) -> Self {
        SaveGate { saved: checked }
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

    #[test]
    fn download_ticks_the_checkbox_and_enables_done() {
        let gate = SaveGate::new().downloaded();
        assert!(gate.is_saved());
        assert!(gate.can_finish());
    }

    #[test]
    fn a_successful_copy_ticks_the_checkbox_and_a_failed_one_does_not() {
        assert!(SaveGate::new().copied(true).can_finish());
        assert!(!SaveGate::new().copied(false).can_finish());
        assert!(
            SaveGate::new().downloaded().copied(false).can_finish(),
            "a failed copy keeps an earlier download"
        );
    }

    #[test]
    fn the_checkbox_can_be_ticked_by_hand_and_unticked_again() {
        let ticked = SaveGate::new().ticked(true);
        assert!(ticked.can_finish());
        assert!(!ticked.ticked(false).can_finish());
        assert!(!SaveGate::new().downloaded().ticked(false).can_finish());
    }
}
