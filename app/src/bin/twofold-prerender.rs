//! `twofold-prerender PAGE`: the build's step (scripts/build-app.sh) that
//! writes the sign-in page, rendered natively from the components the code
//! mounts, into PAGE (dist/signin.html as Trunk built it), so that the form
//! is on screen before the wasm arrives. See `twofold_app::prerender`.
//!
//! A tool for the build machine: in a wasm32 build it does nothing.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;

    let Some(page) = std::env::args_os().nth(1) else {
        eprintln!("usage: twofold-prerender PAGE (dist/signin.html)");
        return ExitCode::from(2);
    };
    let page = std::path::PathBuf::from(page);
    let filled = std::fs::read_to_string(&page)
        .map_err(|error| format!("reading {}: {error}", page.display()))
        .and_then(|html| {
            twofold_app::prerender::fill(&html, &twofold_app::prerender::render_sign_in())
        })
        .and_then(|html| {
            std::fs::write(&page, html)
                .map_err(|error| format!("writing {}: {error}", page.display()))
        });
    match filled {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("twofold-prerender: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
