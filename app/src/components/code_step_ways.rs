//! The ways on from sign-in's code step other than what it shows.

use leptos::prelude::*;

use super::sign_in_key_step::focus_key_button;
use crate::logic::code::CodeKind;
use crate::logic::messages;
use crate::logic::sign_in::{SignInFlow, Way, Ways};

/// On the key step: "Use a code from your app instead" (when the account
/// has the app) and "Use a recovery code". On a code: "Use a recovery code
/// instead" (or back to the app's code, when the account has the app) and
/// "Use your security key instead" (when it has a key). Then the tip on a
/// lost key or phone, and "Back to login and password". What the step
/// shows and what the account has do not change while it is shown (the
/// page draws the step anew when they do); the kind of code does.
#[component]
pub fn CodeStepWays(
    /// What the step shows and what the account has.
    ways: Ways,
    /// The kind of code asked for.
    kind: Signal<CodeKind>,
    /// The sign-in flow, which each way moves on.
    flow: RwSignal<SignInFlow>,
) -> impl IntoView {
    let take = move |way: Way| {
        flow.update(|f| f.take_way(way));
        if way == Way::Key {
            focus_key_button();
        }
    };
    let way = move |on: Way, testid: &'static str, words: &'static str| {
        view! {
            <p class="switch">
                <button
                    type="button"
                    class="link-button"
                    data-testid=testid
                    aria-describedby="code-lock"
                    on:click=move |_| take(on)
                >
                    {words}
                </button>
            </p>
        }
        .into_any()
    };
    // On a code, with the app: the other kind of code.
    let switch = move || {
        view! {
            <p class="switch">
                <button
                    type="button"
                    class="link-button"
                    data-testid="switch-code-kind"
                    aria-describedby="code-lock"
                    on:click=move |_| take(Way::Code(kind.get_untracked().other()))
                >
                    {move || messages::use_other_code_kind(kind.get())}
                </button>
            </p>
        }
        .into_any()
    };
    let [first, second] = match ways.key_step {
        true => [
            ways.app.then(|| {
                way(
                    Way::Code(CodeKind::Totp),
                    "use-app-code",
                    messages::USE_APP_CODE_INSTEAD,
                )
            }),
            Some(way(
                Way::Code(CodeKind::Recovery),
                "use-recovery-code",
                messages::USE_RECOVERY_CODE,
            )),
        ],
        false => [
            ways.app.then(switch),
            ways.key
                .then(|| way(Way::Key, "use-key-instead", messages::USE_KEY_INSTEAD)),
        ],
    };
    view! {
        {first}
        {second}
        <aside class="tip" role="note" data-testid="device-loss-tip">
            <strong class="callout-title">{messages::TIP}</strong>
            <p>{ways.tip()}</p>
        </aside>
        <p class="switch">
            <button type="button" class="link-button" on:click=move |_| flow.update(SignInFlow::start_over)>
                {messages::BACK_TO_PASSWORD}
            </button>
        </p>
    }
}
