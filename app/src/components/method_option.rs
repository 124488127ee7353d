//! One method of the token form's checklist.

use leptos::prelude::*;
use twofold_api::Method;

use crate::logic::messages;

/// A checkbox with the method's name and, below, what it lets the token do.
#[component]
pub fn MethodOption(
    /// The method.
    method: Method,
    /// The ticked methods; ticking adds `method`, unticking removes it.
    checked: RwSignal<Vec<Method>>,
) -> impl IntoView {
    view! {
        <li class="method-option">
            <label class="check">
                <input
                    type="checkbox"
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
                <code>{method.name()}</code>
            </label>
            <p class="hint">{messages::method_purpose(method)}</p>
        </li>
    }
}
