//! One permission of the token form's checklist.

use leptos::prelude::*;
use twofold_api::Method;

use super::next_id;
use crate::logic::messages;

/// A checkbox labelled with what the permission is called, and below,
/// what it lets the token do and the method's name for developers.
#[component]
pub fn MethodOption(
    /// The method.
    method: Method,
    /// The ticked methods; ticking adds `method`, unticking removes it.
    checked: RwSignal<Vec<Method>>,
) -> impl IntoView {
    let hint_id = next_id("permission-hint");
    view! {
        <li class="method-option">
            <label class="check">
                <input
                    type="checkbox"
                    data-method=method.name()
                    aria-describedby=hint_id.clone()
                    prop:checked=move || checked.with(|c| c.contains(&method))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        checked
                            .update(|c| {
                                c.retain(|&m| m != method);
                                if on {
                                    c.push(method);
                                }
                            });
                    }
                />
                <span>{messages::permission_name(method)}</span>
            </label>
            <p class="hint" id=hint_id>
                {messages::method_purpose(method)} " "
                <code class="method-name">{method.name()}</code>
            </p>
        </li>
    }
}
