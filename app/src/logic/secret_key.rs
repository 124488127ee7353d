//! The authenticator app's key as people type it: base32 in groups of four.

/// `JBSWY3DPEHPK3PXP` as `JBSW Y3DP EHPK 3PXP`, easier to read and type on a
/// phone (authenticator apps ignore the spaces).
pub fn group_in_fours(secret: &str) -> String {
    let plain = for_copy(secret);
    let chars: Vec<char> = plain.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key as Copy puts it on the clipboard: no spaces, no `=` padding,
/// upper case, so any authenticator app accepts it.
pub fn for_copy(secret: &str) -> String {
    secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_shown_in_groups_of_four() {
        assert_eq!(group_in_fours("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }

    #[test]
    fn a_key_that_does_not_divide_by_four_ends_in_a_short_group() {
        assert_eq!(group_in_fours("ABCDEF"), "ABCD EF");
        assert_eq!(group_in_fours(""), "");
    }

    #[test]
    fn a_160_bit_key_makes_eight_groups() {
        let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(group_in_fours(key).split(' ').count(), 8);
    }

    #[test]
    fn copy_gives_the_bare_upper_case_key() {
        assert_eq!(for_copy("jbsw y3dp ehpk 3pxp"), "JBSWY3DPEHPK3PXP");
        assert_eq!(for_copy("JBSWY3DPEHPK3PXP===="), "JBSWY3DPEHPK3PXP");
    }
}
