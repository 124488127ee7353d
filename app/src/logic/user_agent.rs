//! A session's User-Agent in words for the Sessions tab: "Chrome on Linux",
//! "Safari on iPhone", "curl". Only the browser family and the system are
//! named; versions change every month and say nothing a person needs to
//! recognise their own devices.

use crate::logic::messages::{browser_on_system, UNKNOWN_BROWSER};

/// Programs that call the API without a browser, by the start of their
/// User-Agent (compared without case), and their names in words.
const TOOLS: &[(&str, &str)] = &[
    ("curl/", "curl"),
    ("wget/", "Wget"),
    ("httpie/", "HTTPie"),
    ("postmanruntime/", "Postman"),
    ("insomnia/", "Insomnia"),
    ("python-requests/", "Python script"),
    ("python-urllib/", "Python script"),
    ("python-httpx/", "Python script"),
    ("aiohttp/", "Python script"),
    ("go-http-client/", "Go program"),
    ("node-fetch", "Node.js script"),
    ("axios/", "Node.js script"),
    ("undici", "Node.js script"),
    ("okhttp/", "Android app"),
    ("reqwest", "Rust program"),
    ("powershell", "PowerShell"),
];

/// Browser families, by a token of their User-Agent, most specific first:
/// Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("OPiOS/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("YaBrowser/", "Yandex Browser"),
    ("Vivaldi/", "Vivaldi"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("HeadlessChrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
];

/// Systems, by a token of their User-Agent, most specific first: iPhones
/// say "like Mac OS X", Android says "Linux", ChromeOS says "X11".
const SYSTEMS: &[(&str, &str)] = &[
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("iPod", "iPod"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
    ("FreeBSD", "FreeBSD"),
];

/// The browser and system of `user_agent` in words: "Firefox on Windows",
/// "curl", or [`UNKNOWN_BROWSER`] when nothing in it is recognised.
pub fn describe(user_agent: Option<&str>) -> String {
    let agent = user_agent.map(str::trim).unwrap_or_default();
    if agent.is_empty() {
        return UNKNOWN_BROWSER.into();
    }
    let lower = agent.to_ascii_lowercase();
    if let Some((_, tool)) = TOOLS.iter().find(|(start, _)| lower.starts_with(start)) {
        return (*tool).into();
    }
    let browser = first_named(agent, BROWSERS);
    let system = first_named(agent, SYSTEMS);
    match (browser, system) {
        (Some(browser), Some(system)) => browser_on_system(browser, system),
        (Some(browser), None) => browser.into(),
        (None, Some(system)) => browser_on_system(UNKNOWN_BROWSER, system),
        (None, None) => UNKNOWN_BROWSER.into(),
    }
}

/// The words of the first entry of `table` whose token `agent` contains.
fn first_named(agent: &str, table: &[(&str, &'static str)]) -> Option<&'static str> {
    table
        .iter()
        .find(|(token, _)| agent.contains(token))
        .map(|(_, words)| *words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(agent: &str) -> String {
        describe(Some(agent))
    }

    #[test]
    fn desktop_browsers_read_as_browser_on_system() {
        assert_eq!(
            says(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36"
            ),
            "Chrome on Linux"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
            ),
            "Firefox on Windows"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, \
                 like Gecko) Version/17.5 Safari/605.1.15"
            ),
            "Safari on macOS"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like \
                 Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87"
            ),
            "Edge on Windows"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like \
                 Gecko) Chrome/126.0.0.0 Safari/537.36"
            ),
            "Chrome on ChromeOS"
        );
    }

    #[test]
    fn phones_are_named_by_device_not_by_the_systems_they_mimic() {
        assert_eq!(
            says(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
            ),
            "Safari on iPhone"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1"
            ),
            "Chrome on iPhone"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like \
                 Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36"
            ),
            "Chrome on Android"
        );
        assert_eq!(
            says(
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like \
                 Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"
            ),
            "Samsung Internet on Android"
        );
    }

    #[test]
    fn headless_chrome_is_chrome() {
        assert_eq!(
            says(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 HeadlessChrome/126.0.0.0 Safari/537.36"
            ),
            "Chrome on Linux"
        );
    }

    #[test]
    fn command_line_tools_and_scripts_are_named_alone() {
        assert_eq!(says("curl/8.5.0"), "curl");
        assert_eq!(says("Wget/1.21.4"), "Wget");
        assert_eq!(says("python-requests/2.32.3"), "Python script");
        assert_eq!(says("Go-http-client/1.1"), "Go program");
        assert_eq!(says("PostmanRuntime/7.39.0"), "Postman");
    }

    #[test]
    fn anything_unrecognised_is_an_unknown_browser() {
        assert_eq!(describe(None), UNKNOWN_BROWSER);
        assert_eq!(says(""), UNKNOWN_BROWSER);
        assert_eq!(says("   "), UNKNOWN_BROWSER);
        assert_eq!(says("SomethingNew/1.0"), UNKNOWN_BROWSER);
        assert_eq!(
            says("Mozilla/5.0 (X11; Linux x86_64) NewEngine/1.0"),
            browser_on_system(UNKNOWN_BROWSER, "Linux")
        );
    }
}
