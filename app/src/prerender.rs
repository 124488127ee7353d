//! The sign-in page in its first HTML (issue 22): on a slow network the
//! wasm takes a second or more to arrive, so the form is drawn from the
//! HTML meanwhile, and a person can read it and type while the code loads.
//!
//! - At build time `twofold-prerender`, a native build of this crate,
//!   renders [`SignInAlone`](crate::pages::sign_in::SignInAlone), the same
//!   components the code mounts, to HTML ([`render_sign_in`]) and writes it
//!   into dist/signin.html's empty `<div data-prerendered>` ([`fill`]).
//!   Rendered then ([`AT_BUILD_TIME`]), the page's buttons are disabled, so
//!   Enter does not send the form natively, and nothing that needs a
//!   browser runs.
//! - When the code starts ([`crate::start`]), [`static_page`] finds the
//!   static page and where its focus is; the live page is built, its
//!   fields' signals starting with what the static fields hold
//!   ([`typed`]); once it is mounted, in the same task (no frame shows
//!   both, or neither), [`StaticPage::replaced`] removes the static page
//!   and puts focus and caret back where they were.
//!
//! Why this and not Leptos' hydration: docs/ARCHITECTURE.md ("The app").

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// True in a native build, whose only rendering is the build's: the
/// sign-in page for its first HTML. Components read it to stay away from
/// the browser then, and to show what the page is until the code runs.
pub const AT_BUILD_TIME: bool = !cfg!(target_arch = "wasm32");

/// The attribute of the element that holds the prerendered page, empty in
/// app/signin.html until the build fills it.
pub const HOLDER: &str = "data-prerendered";

/// [`SignInAlone`](crate::pages::sign_in::SignInAlone) as HTML, as the
/// page looks before anything is typed.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_sign_in() -> String {
    use leptos::prelude::*;

    use crate::pages::sign_in::SignInAlone;

    let owner = Owner::new();
    // Read once, never again: no signal is tracked (nor warned about).
    let html = owner.with(|| untrack(|| view! { <SignInAlone /> }.to_html()));
    owner.cleanup();
    html
}

/// `page` (the HTML Trunk built) with `rendered` inside its empty holder
/// element; an error when the page has no such element, or more than one.
pub fn fill(page: &str, rendered: &str) -> Result<String, String> {
    let open = format!("<div {HOLDER}");
    let mut holders = page.match_indices(&open);
    let (Some((start, _)), None) = (holders.next(), holders.next()) else {
        return Err(format!(
            "expected exactly one empty `<div {HOLDER}></div>` in the page (app/signin.html)"
        ));
    };
    let (before, from_holder) = page.split_at(start);
    let (tag, inside) = from_holder
        .split_once('>')
        .ok_or_else(|| format!("the `<div {HOLDER}` tag is not closed"))?;
    if !inside.starts_with("</div>") {
        return Err(format!(
            "the `<div {HOLDER}>` is not empty: filled already?"
        ));
    }
    Ok(format!("{before}{tag}>{rendered}{inside}"))
}

/// The static page while the code starts: its holder, and the field that
/// had focus with its selection (the caret when empty).
#[derive(Debug)]
pub struct StaticPage {
    holder: web_sys::Element,
    focus: Option<(String, Option<(u32, u32)>)>,
}

/// The prerendered page, when this page has one (the sign-in page does,
/// the app does not), and where its focus is; read before the live page is
/// mounted.
pub fn static_page() -> Option<StaticPage> {
    let document = web_sys::window()?.document()?;
    let holder = document.query_selector(&format!("[{HOLDER}]")).ok()??;
    let focus = document
        .active_element()
        .and_then(|active| active.dyn_into::<HtmlInputElement>().ok())
        .map(|field| {
            let selection = match (field.selection_start(), field.selection_end()) {
                (Ok(Some(start)), Ok(Some(end))) => Some((start, end)),
                _ => None,
            };
            (field.id(), selection)
        });
    Some(StaticPage { holder, focus })
}

/// What the static page's field `id` holds: the text typed before the code
/// ran, for the live field's signal to start with (empty without a static
/// page, or once it is gone). Read while the live page is built, before it
/// replaces the static one.
pub fn typed(id: &str) -> String {
    if AT_BUILD_TIME {
        return String::new();
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[{HOLDER}] #{id}"))
                .ok()
                .flatten()
        })
        .and_then(|field| field.dyn_into::<HtmlInputElement>().ok())
        .map(|field| field.value())
        .unwrap_or_default()
}

impl StaticPage {
    /// Removes the static page once the live one is mounted (in the same
    /// task: no frame shows both, or neither), and puts focus and
    /// selection back in the live field of the same id.
    pub fn replaced(self) {
        self.holder.remove();
        let Some((id, selection)) = self.focus else {
            return;
        };
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|field| field.dyn_into::<HtmlInputElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
            if let Some((start, end)) = selection {
                // The live field's text is written after this task (in a
                // microtask), which puts the caret at the end: the
                // selection goes back before the next frame is drawn.
                leptos::prelude::request_animation_frame(move || {
                    let _ = field.set_selection_range(start, end);
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_PAGE: &str = "<!doctype html><title>Sign in</title><body>\
        <noscript>Twofold needs JavaScript</noscript><div data-prerendered></div></body>";

    #[test]
    fn the_rendered_page_goes_inside_the_empty_holder() {
        let filled = fill(TRUNK_PAGE, "<main>form</main>").unwrap();
        assert!(filled.ends_with("<div data-prerendered><main>form</main></div></body>"));
        assert!(filled.starts_with("<!doctype html><title>Sign in</title>"));
    }

    #[test]
    fn a_page_without_a_holder_or_already_filled_is_refused() {
        assert!(fill("<body></body>", "x").is_err());
        let filled = fill(TRUNK_PAGE, "x").unwrap();
        assert!(fill(&filled, "x").is_err());
        let twice = TRUNK_PAGE.replace("</body>", "<div data-prerendered></div></body>");
        assert!(fill(&twice, "x").is_err());
    }

    #[test]
    fn the_static_form_is_the_sign_in_form_for_password_managers() {
        let html = render_sign_in();
        for wanted in [
            "<h1>Sign In</h1>",
            r#"<label for="login">Login</label>"#,
            r#"id="login""#,
            r#"autocomplete="username webauthn""#,
            r#"<label for="password">Password</label>"#,
            r#"id="password""#,
            r#"type="password""#,
            r#"autocomplete="current-password""#,
            r#"href="/signup""#,
        ] {
            assert!(html.contains(wanted), "{wanted} in {html}");
        }
    }

    #[test]
    fn the_static_form_cannot_be_sent_before_the_code_runs() {
        let html = render_sign_in();
        let submit = html
            .split("<button")
            .find(|button| button.contains(r#"type="submit""#))
            .expect("a submit button");
        let tag = &submit[..submit.find('>').unwrap()];
        assert!(tag.contains(" disabled"), "disabled: {tag}");
        assert!(!html.contains("<form action"), "no action: {html}");
    }

    #[test]
    fn the_static_page_keeps_the_content_security_policy() {
        let html = render_sign_in();
        assert!(!html.contains("<script"), "no script: {html}");
        assert!(!html.contains("style="), "no inline style: {html}");
        let inline_handler = html.split(" on").skip(1).any(|rest| {
            let name = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_ascii_lowercase())
                    .len();
            name > 0 && rest[name..].starts_with('=')
        });
        assert!(!inline_handler, "no inline handler: {html}");
    }
}
