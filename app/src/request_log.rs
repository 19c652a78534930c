//! The log of every call the page made, as sent and as answered (secrets
//! redacted), and its view.

use std::rc::Rc;

use yew::prelude::*;

/// Which of the three steps of the credential model a call belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `cognito-idp`: sign-in, tokens (no AWS signature).
    UserPool,
    /// `cognito-identity`: identity id and credentials (no AWS signature).
    IdentityPool,
    /// Any AWS API signed with SigV4 using the temporary credentials.
    Aws,
}

impl Step {
    /// Short label of the step.
    pub fn label(self) -> &'static str {
        match self {
            Step::UserPool => "1 · user pool",
            Step::IdentityPool => "2 · identity pool",
            Step::Aws => "3 · AWS (SigV4)",
        }
    }

    /// CSS class of the step.
    pub fn class(self) -> &'static str {
        match self {
            Step::UserPool => "step-user-pool",
            Step::IdentityPool => "step-identity-pool",
            Step::Aws => "step-aws",
        }
    }
}

/// The SigV4 intermediate strings of a signed call (redacted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningNote {
    /// Canonical request (session token shortened).
    pub canonical_request: String,
    /// String to sign.
    pub string_to_sign: String,
}

/// How a call ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// HTTP status, or `None` when no reply came back.
    pub status: Option<u16>,
    /// Response headers the page can read.
    pub headers: Vec<(String, String)>,
    /// Response body (redacted) or the network error.
    pub body: String,
    /// Time from send to reply, ms.
    pub duration_ms: f64,
}

/// One call.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Unique id of the call.
    pub id: u32,
    /// The step it belongs to.
    pub step: Step,
    /// Operation (`InitiateAuth`, `ListObjectsV2`, …).
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// URL (presigned secrets shortened).
    pub url: String,
    /// Request headers (redacted).
    pub headers: Vec<(String, String)>,
    /// Request body (redacted).
    pub body: String,
    /// SigV4 strings, for signed calls.
    pub signing: Option<SigningNote>,
    /// The reply, once it came.
    pub outcome: Option<Outcome>,
}

/// Changes to the log.
pub enum LogAction {
    /// A call was sent.
    Started(Box<LogEntry>),
    /// A call ended.
    Finished(u32, Outcome),
    /// Forget every call.
    Clear,
}

/// Most calls kept (older ones are dropped).
const MAX_ENTRIES: usize = 200;

/// The calls made so far, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestLog {
    /// The calls.
    pub entries: Vec<LogEntry>,
}

impl RequestLog {
    /// The step of the latest call, if any.
    pub fn latest_step(&self) -> Option<Step> {
        self.entries.last().map(|e| e.step)
    }

    /// Whether a call of `step` is waiting for its reply.
    pub fn pending(&self, step: Step) -> bool {
        self.entries
            .iter()
            .any(|e| e.step == step && e.outcome.is_none())
    }
}

impl Reducible for RequestLog {
    type Action = LogAction;

    fn reduce(self: Rc<Self>, action: LogAction) -> Rc<Self> {
        let mut log = Rc::unwrap_or_clone(self);
        match action {
            LogAction::Started(entry) => {
                log.entries.push(*entry);
                let excess = log.entries.len().saturating_sub(MAX_ENTRIES);
                log.entries.drain(..excess);
            }
            LogAction::Finished(id, outcome) => {
                if let Some(entry) = log.entries.iter_mut().find(|e| e.id == id) {
                    entry.outcome = Some(outcome);
                }
            }
            LogAction::Clear => log.entries.clear(),
        }
        Rc::new(log)
    }
}

/// Properties of [`RequestLogView`].
#[derive(Properties, PartialEq)]
pub struct RequestLogProps {
    /// The log.
    pub log: UseReducerHandle<RequestLog>,
    /// Empties the log.
    pub on_clear: Callback<()>,
}

/// Every call, newest last, each expandable to its request and reply.
#[component]
pub fn RequestLogView(props: &RequestLogProps) -> Html {
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    let entries = &props.log.entries;
    html! {
        <div class="request-log">
            <div class="row">
                <h3>{ format!("Calls made ({})", entries.len()) }</h3>
                if !entries.is_empty() {
                    <button type="button" class="secondary small" onclick={on_clear}>{ "Clear" }</button>
                }
            </div>
            if entries.is_empty() {
                <p class="muted">{ "No calls yet: sign in or continue as a guest, then list the bucket." }</p>
            } else {
                <ol class="calls">
                    { for entries.iter().map(entry_view) }
                </ol>
            }
        </div>
    }
}

fn entry_view(entry: &LogEntry) -> Html {
    let status = match &entry.outcome {
        None => html! { <span class="status pending" aria-busy="true">{ "waiting…" }</span> },
        Some(Outcome {
            status: Some(s),
            duration_ms,
            ..
        }) => {
            let class = if (200..300).contains(s) {
                "status ok"
            } else {
                "status failed"
            };
            html! { <span class={class}>{ format!("{s} · {duration_ms:.0} ms") }</span> }
        }
        Some(Outcome { status: None, .. }) => {
            html! { <span class="status failed">{ "no reply" }</span> }
        }
    };
    html! {
        <li class={classes!("call", entry.step.class())}>
            <details>
                <summary>
                    <span class="call-step">{ entry.step.label() }</span>
                    <span class="call-op">{ &entry.operation }</span>
                    { status }
                </summary>
                <div class="call-body">
                    <h4>{ "Request" }</h4>
                    <pre class="wire">{ request_text(entry) }</pre>
                    if let Some(signing) = &entry.signing {
                        <h4>{ "SigV4 canonical request" }</h4>
                        <pre class="wire">{ &signing.canonical_request }</pre>
                        <h4>{ "SigV4 string to sign" }</h4>
                        <pre class="wire">{ &signing.string_to_sign }</pre>
                        <p class="muted small">{ "The signature is HMAC-SHA256 of the string to sign with a key derived from the secret access key, date, region and service; the secret key itself never leaves the page." }</p>
                    }
                    if let Some(outcome) = &entry.outcome {
                        <h4>{ "Response" }</h4>
                        <pre class="wire">{ response_text(outcome) }</pre>
                    }
                </div>
            </details>
        </li>
    }
}

fn request_text(entry: &LogEntry) -> String {
    let mut text = format!("{} {}\n", entry.method, entry.url);
    for (name, value) in &entry.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !entry.body.is_empty() {
        text.push('\n');
        text.push_str(&entry.body);
    }
    text
}

fn response_text(outcome: &Outcome) -> String {
    let mut text = match outcome.status {
        Some(status) => format!("HTTP {status}\n"),
        None => String::new(),
    };
    for (name, value) in &outcome.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !outcome.body.is_empty() {
        text.push('\n');
        text.push_str(&outcome.body);
    }
    text
}
