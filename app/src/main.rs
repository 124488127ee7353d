//! The entry point Trunk builds: mounts [`twofold_app::App`] on the page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `performance.mark`: a User Timing entry, read by `make bench` (and
    /// any real-user monitoring) as the moment the first page is usable.
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// The User Timing mark set once the first page is on screen with its
/// handlers attached (Leptos mounts synchronously).
const INTERACTIVE_MARK: &str = "twofold-interactive";

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(twofold_app::App);
    performance_mark(INTERACTIVE_MARK);
}
