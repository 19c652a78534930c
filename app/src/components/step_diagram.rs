//! The three steps of the credential model as a diagram that lights up the
//! step in progress.

use yew::prelude::*;

use crate::request_log::Step;

/// Properties of [`StepDiagram`].
#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// The step being worked on (lit).
    pub active: Step,
    /// A user is signed in (step 1 done).
    pub signed_in: bool,
    /// The session is a guest's (step 1 skipped).
    pub guest: bool,
    /// Credentials are held (step 2 done).
    pub has_credentials: bool,
    /// A signed call succeeded (step 3 done).
    pub aws_done: bool,
    /// Which steps have a call waiting for its reply.
    pub waiting: Vec<Step>,
}

/// User pool → identity pool → S3, with the current step lit.
#[component]
pub fn StepDiagram(props: &DiagramProps) -> Html {
    let step = |step: Step, title: &str, service: &str, what: &str, done: bool, skipped: bool| {
        let active = props.active == step;
        let waiting = props.waiting.contains(&step);
        let state = if waiting {
            "working…"
        } else if skipped {
            "skipped (guest)"
        } else if done {
            "done"
        } else if active {
            "current"
        } else {
            "to do"
        };
        html! {
            <li class={classes!("step", step.class(), active.then_some("active"), done.then_some("done"), skipped.then_some("skipped"), waiting.then_some("waiting"))}
                aria-current={active.then_some("step")}>
                <span class="step-title">{ title }</span>
                <code class="step-service">{ service }</code>
                <span class="step-what">{ what }</span>
                <span class="step-state">{ state }</span>
            </li>
        }
    };
    html! {
        <nav class="diagram" aria-label="The three steps">
            <ol class="steps">
                { step(Step::UserPool, "1. User pool", "cognito-idp", "InitiateAuth (SRP) → ID, access, refresh tokens. No AWS signature.", props.signed_in, props.guest) }
                { step(Step::IdentityPool, "2. Identity pool", "cognito-identity", "GetId + GetCredentialsForIdentity: ID token (or nothing: guest) → temporary keys for an IAM role. No AWS signature.", props.has_credentials, false) }
                { step(Step::Aws, "3. AWS service", "s3 (SigV4)", "Each call signed in the page with the temporary keys; the role's policy decides.", props.aws_done, false) }
            </ol>
        </nav>
    }
}
