//! The text that Download writes to a file and Copy puts on the clipboard.

use twofold_api::account::RecoveryCodeEntry;

use crate::logic::messages;

/// The name of the downloaded file.
pub const DOWNLOAD_FILE_NAME: &str = "twofold-recovery-codes.txt";

/// The codes still usable, in order: used codes are of no help to anyone
/// holding the file, so neither Download nor Copy includes them.
pub fn unused(codes: &[RecoveryCodeEntry]) -> impl Iterator<Item = &str> {
    codes
        .iter()
        .filter(|c| c.used_at.is_none())
        .map(|c| c.code.as_str())
}

/// One code per line, nothing else: what a password manager's notes field
/// wants.
pub fn clipboard_text(codes: &[RecoveryCodeEntry]) -> String {
    let mut text = unused(codes).collect::<Vec<_>>().join("\n");
    text.push('\n');
    text
}

/// The downloaded file: who the codes are for, how to use them, the codes.
/// `saved_on` is a date in words (see [`crate::logic::dates`]).
pub fn download_text(login: &str, codes: &[RecoveryCodeEntry], saved_on: &str) -> String {
    let mut text = messages::codes_file_heading(login, saved_on);
    for code in unused(codes) {
        text.push_str(code);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<RecoveryCodeEntry> {
        vec![
            RecoveryCodeEntry {
                code: "aaaaa-aaaaa".into(),
                used_at: None,
            },
            RecoveryCodeEntry {
                code: "bbbbb-bbbbb".into(),
                used_at: Some(1_700_000_000),
            },
            RecoveryCodeEntry {
                code: "ccccc-ccccc".into(),
                used_at: None,
            },
        ]
    }

    #[test]
    fn the_clipboard_gets_one_unused_code_per_line() {
        assert_eq!(clipboard_text(&sample()), "aaaaa-aaaaa\nccccc-ccccc\n");
    }

    #[test]
    fn the_file_names_the_account_and_lists_every_unused_code() {
        let text = download_text("alice", &sample(), "1 May 2025");
        let heading = messages::codes_file_heading("alice", "1 May 2025");
        assert_eq!(
            text.strip_prefix(heading.as_str()),
            Some("aaaaa-aaaaa\nccccc-ccccc\n")
        );
        assert!(!text.contains("bbbbb-bbbbb"), "a used code is left out");
    }
}
