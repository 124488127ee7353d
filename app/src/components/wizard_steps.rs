//! Where the set-up wizard is: step 1 or step 2, both named.

use leptos::prelude::*;

use crate::logic::messages;

/// Steps in the wizard.
const STEPS: u8 = messages::WIZARD_STEP_NAMES.len() as u8;

/// "Step 1 of 2" and "Step 2 of 2", with both names.
#[component]
pub fn WizardSteps(
    /// 1 or 2.
    current: u8,
) -> impl IntoView {
    let step = |n: u8, label: &'static str| {
        view! {
            <li class:current=current == n aria-current=(current == n).then_some("step")>
                <span class="step-number">{n}</span>
                {label}
            </li>
        }
    };
    view! {
        <ol class="steps" aria-label=messages::wizard_step(current, STEPS)>
            {step(1, messages::WIZARD_STEP_NAMES[0])}
            {step(2, messages::WIZARD_STEP_NAMES[1])}
        </ol>
    }
}
