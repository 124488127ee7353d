//! The pages themselves: their titles and the dashboard's welcome.

/// `document.title` for the route at `path`.
pub fn page_title(path: &str) -> String {
    let page = match path.trim_end_matches('/') {
        "" => "Dashboard",
        "/signin" => "Sign in",
        "/signup" => "Create account",
        "/settings" | "/settings/account" => "Settings",
        "/settings/tokens" => "Access Tokens — Settings",
        "/settings/sessions" => "Sessions — Settings",
        "/settings/log" => "Security Log — Settings",
        "/recovery-codes" => "New recovery codes",
        "/not-me" => "Wasn't you?",
        _ => PAGE_NOT_FOUND,
    };
    format!("{page} — Twofold")
}

/// The heading of a path the app does not know.
pub const PAGE_NOT_FOUND: &str = "Page not found";

/// Under it.
pub const NOTHING_HERE: &str = "There is nothing at this address.";

/// Its way back.
pub const GO_TO_DASHBOARD: &str = "Go to the dashboard";

/// `Welcome, ada`.
pub fn welcome(login: &str) -> String {
    format!("Welcome, {login}")
}

/// When the account was made; `on` is a date in words.
pub fn account_created(on: &str) -> String {
    format!("Account created on {on}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_own_title() {
        assert_eq!(page_title("/signin"), "Sign in — Twofold");
        assert_eq!(page_title("/settings/account"), "Settings — Twofold");
        assert_eq!(page_title("/"), "Dashboard — Twofold");
        assert_eq!(
            page_title("/settings/log"),
            "Security Log — Settings — Twofold"
        );
        assert_eq!(page_title("/nowhere"), "Page not found — Twofold");
    }
}
