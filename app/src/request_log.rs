//! The log of every call the page made, as sent and as answered (secrets
//! redacted), and what the page reads from it.

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

impl LogEntry {
    /// The request as text: request line, headers, body.
    pub fn request_text(&self) -> String {
        let mut text = format!("{} {}\n", self.method, self.url);
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        if !self.body.is_empty() {
            text.push('\n');
            text.push_str(&self.body);
        }
        text
    }
}

impl Outcome {
    /// The reply as text: status line (when one came), headers, body.
    pub fn response_text(&self) -> String {
        let mut text = match self.status {
            Some(status) => format!("HTTP {status}\n"),
            None => String::new(),
        };
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        if !self.body.is_empty() {
            text.push('\n');
            text.push_str(&self.body);
        }
        text
    }
}

/// Changes to the log.
pub enum LogAction {
    /// A call was sent.
    Started {
        /// The call (no outcome yet).
        entry: Box<LogEntry>,
    },
    /// A call ended.
    Finished {
        /// The call's [`LogEntry::id`].
        id: u32,
        /// How it ended.
        outcome: Outcome,
    },
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

    /// The steps with a call waiting for its reply, in step order.
    pub fn waiting_steps(&self) -> Vec<Step> {
        [Step::UserPool, Step::IdentityPool, Step::Aws]
            .into_iter()
            .filter(|step| self.pending(*step))
            .collect()
    }

    /// The step to light: the latest call still waiting, else the latest
    /// call, else the first step.
    pub fn active_step(&self) -> Step {
        self.entries
            .iter()
            .rev()
            .find(|e| e.outcome.is_none())
            .map(|e| e.step)
            .or_else(|| self.latest_step())
            .unwrap_or(Step::UserPool)
    }

    /// Whether a signed AWS call (step 3) got a 2xx reply.
    pub fn aws_succeeded(&self) -> bool {
        self.entries.iter().any(|e| {
            e.step == Step::Aws
                && e.outcome
                    .as_ref()
                    .and_then(|o| o.status)
                    .is_some_and(|status| (200..300).contains(&status))
        })
    }
}

impl Reducible for RequestLog {
    type Action = LogAction;

    fn reduce(self: Rc<Self>, action: LogAction) -> Rc<Self> {
        let mut log = Rc::unwrap_or_clone(self);
        match action {
            LogAction::Started { entry } => {
                log.entries.push(*entry);
                let excess = log.entries.len().saturating_sub(MAX_ENTRIES);
                log.entries.drain(..excess);
            }
            LogAction::Finished { id, outcome } => {
                if let Some(entry) = log.entries.iter_mut().find(|e| e.id == id) {
                    entry.outcome = Some(outcome);
                }
            }
            LogAction::Clear => log.entries.clear(),
        }
        Rc::new(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u32, step: Step) -> LogEntry {
        LogEntry {
            id,
            step,
            operation: "Op".to_owned(),
            method: "POST".to_owned(),
            url: "http://127.0.0.1/".to_owned(),
            headers: vec![("x-amz-target".to_owned(), "X.Op".to_owned())],
            body: "{}".to_owned(),
            signing: None,
            outcome: None,
        }
    }

    fn outcome(status: Option<u16>) -> Outcome {
        Outcome {
            status,
            headers: Vec::new(),
            body: String::new(),
            duration_ms: 1.0,
        }
    }

    fn apply(log: RequestLog, action: LogAction) -> RequestLog {
        Rc::unwrap_or_clone(Rc::new(log).reduce(action))
    }

    fn started(log: RequestLog, id: u32, step: Step) -> RequestLog {
        let entry = Box::new(entry(id, step));
        apply(log, LogAction::Started { entry })
    }

    fn finished(log: RequestLog, id: u32, status: Option<u16>) -> RequestLog {
        let outcome = outcome(status);
        apply(log, LogAction::Finished { id, outcome })
    }

    #[test]
    fn the_lit_step_follows_the_calls() {
        let log = RequestLog::default();
        assert_eq!(log.active_step(), Step::UserPool);
        assert!(log.waiting_steps().is_empty());
        let log = started(log, 1, Step::UserPool);
        let log = started(log, 2, Step::IdentityPool);
        assert_eq!(log.waiting_steps(), [Step::UserPool, Step::IdentityPool]);
        assert_eq!(log.active_step(), Step::IdentityPool);
        let log = finished(log, 2, Some(200));
        assert_eq!(
            log.active_step(),
            Step::UserPool,
            "a call still waiting wins over the latest"
        );
        let log = finished(log, 1, Some(200));
        assert_eq!(log.active_step(), Step::IdentityPool);
        assert!(log.waiting_steps().is_empty());
    }

    #[test]
    fn only_a_2xx_reply_completes_step_3() {
        let log = started(RequestLog::default(), 1, Step::Aws);
        assert!(!log.aws_succeeded());
        let log = finished(log, 1, Some(403));
        assert!(!log.aws_succeeded());
        let log = finished(started(log, 2, Step::Aws), 2, None);
        assert!(!log.aws_succeeded());
        let log = finished(started(log, 3, Step::IdentityPool), 3, Some(200));
        assert!(!log.aws_succeeded());
        let log = finished(started(log, 4, Step::Aws), 4, Some(204));
        assert!(log.aws_succeeded());
    }

    #[test]
    fn keeps_the_newest_calls_and_clears() {
        let mut log = RequestLog::default();
        for id in 1..=(MAX_ENTRIES as u32 + 5) {
            log = started(log, id, Step::Aws);
        }
        assert_eq!(log.entries.len(), MAX_ENTRIES);
        assert_eq!(log.entries[0].id, 6);
        let log = finished(log, 6, Some(200));
        assert_eq!(log.entries[0].outcome, Some(outcome(Some(200))));
        let log = finished(log, 1, Some(500));
        assert!(
            log.entries.iter().skip(1).all(|e| e.outcome.is_none()),
            "an unknown id changes nothing"
        );
        assert!(apply(log, LogAction::Clear).entries.is_empty());
    }

    #[test]
    fn request_and_reply_as_text() {
        let e = entry(1, Step::UserPool);
        assert_eq!(
            e.request_text(),
            "POST http://127.0.0.1/\nx-amz-target: X.Op\n\n{}"
        );
        let reply = Outcome {
            headers: vec![("content-type".to_owned(), "text/plain".to_owned())],
            body: "ok".to_owned(),
            ..outcome(Some(200))
        };
        assert_eq!(
            reply.response_text(),
            "HTTP 200\ncontent-type: text/plain\n\nok"
        );
        assert_eq!(outcome(None).response_text(), "");
    }
}
