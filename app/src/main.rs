//! The app's entry point Trunk builds (`app/index.html`): every page but a
//! first load of `/signin`.

fn main() {
    twofold_app::start(twofold_app::App);
}
