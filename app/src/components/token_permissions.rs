//! What a token may do, for people: each permission's name and sentence.

use leptos::prelude::*;

use crate::logic::messages;

/// The token's permissions as a list: "Read your account — See your login
/// and …", a platform method by its own name; each method's name for
/// developers after its sentence.
#[component]
pub fn TokenPermissions(
    /// The method names of the token's list.
    #[prop(into)]
    names: Signal<Vec<String>>,
) -> impl IntoView {
    let item = |name: String| {
        let (title, sentence) = messages::permission(&name);
        let developer =
            (title != name).then(|| view! { " " <code class="method-name">{name.clone()}</code> });
        view! {
            <li>
                <span class="permission-name">{title}</span>
                <span class="permission-purpose">{sentence} {developer}</span>
            </li>
        }
    };
    view! {
        <ul class="permissions" data-testid="token-api-list">
            {move || names.get().into_iter().map(item).collect_view()}
        </ul>
    }
}
