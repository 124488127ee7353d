//! The sign-in bundle's entry point Trunk builds (`app/signin.html`): what
//! a load of `/signin` runs, the sign-in page alone.

fn main() {
    twofold_app::start(twofold_app::pages::sign_in::SignInAlone);
}
