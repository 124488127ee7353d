//! How long a notice lives: on the page where it was shown, and no
//! further. A notice set on a page that shows notices belongs to that
//! page; one set for the next page (after signing up, signing out, or a
//! session that ended) belongs to the page the app goes to next. Leaving
//! the page a notice belongs to clears it, so "Welcome … open Settings"
//! does not follow the person into Settings, nor "token removed" to the
//! other tabs.

/// What a route change does to the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRouteChange {
    /// It belongs to the new page (it was waiting for one): keep it there.
    Arrive,
    /// It belongs to the page left behind: clear it.
    Clear,
    /// It belongs to the page shown (the route changed back to it, or only
    /// its query did): nothing changes.
    Stay,
}

/// What happens to a notice that belongs to `page` (`None`: to whichever
/// page comes next) when the route becomes `path`.
pub fn on_route_change(page: Option<&str>, path: &str) -> OnRouteChange {
    match page {
        None => OnRouteChange::Arrive,
        Some(page) if same_page(page, path) => OnRouteChange::Stay,
        Some(_) => OnRouteChange::Clear,
    }
}

fn same_page(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_for_the_next_page_arrives_there_and_leaves_with_it() {
        // "Welcome": set on the sign-up page, which shows no notices.
        assert_eq!(on_route_change(None, "/"), OnRouteChange::Arrive);
        assert_eq!(
            on_route_change(Some("/"), "/settings/account"),
            OnRouteChange::Clear
        );
    }

    #[test]
    fn a_notice_shown_on_a_page_is_cleared_when_the_person_leaves_it() {
        assert_eq!(
            on_route_change(Some("/settings/tokens"), "/settings/account"),
            OnRouteChange::Clear
        );
        assert_eq!(
            on_route_change(Some("/settings/tokens"), "/settings/tokens/"),
            OnRouteChange::Stay
        );
    }
}
