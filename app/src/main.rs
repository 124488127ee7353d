//! The entry point Trunk builds: mounts [`twofold_app::App`] on the page.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(twofold_app::App);
}
