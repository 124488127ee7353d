//! Where focus goes when a row leaves a list (a token removed, a session
//! signed out): the row that took its place, else the one before it, else
//! the list's heading. Never `<body>`, where a keyboard or screen-reader
//! user would have to start the page again.

/// The row to focus once `removed` has left `rows` (its order before the
/// removal): the next row, else the previous one; `None` when `removed`
/// was the only row (focus the list's heading) or is not in `rows`.
pub fn after_removal<'a, T: PartialEq>(rows: &'a [T], removed: &T) -> Option<&'a T> {
    let at = rows.iter().position(|row| row == removed)?;
    rows.get(at + 1)
        .or_else(|| at.checked_sub(1).and_then(|before| rows.get(before)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_goes_to_the_next_row_then_the_previous_then_the_heading() {
        let rows = [1, 2, 3];
        assert_eq!(after_removal(&rows, &1), Some(&2));
        assert_eq!(after_removal(&rows, &2), Some(&3));
        assert_eq!(after_removal(&rows, &3), Some(&2));
        assert_eq!(after_removal(&[7], &7), None);
        assert_eq!(after_removal(&rows, &9), None);
    }
}
