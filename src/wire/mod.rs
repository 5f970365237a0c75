//! The wire: what goes out ([`endpoint`]) and what comes back: the HTTP answer read into a payload or a typed error (one entry,
//! [`open`]), then the payload read into the answer type (one entry, [`Answer::decode`]).
//!
//! - [`endpoint`]: what goes out: one request as an endpoint describes it (name, method,
//!   path, query, body, host, retry safety), and the list of endpoint names.
//! - [`envelope`]: the EnKash envelope (`code`/`message`/`payload` in its several spellings).
//! - [`de`]: the decoder that names the failing field's path.
//! - [`paging`]: the page shape of list answers (and the page request and pager).
//! - [`answer`]: the one place that reads meaning into refusals (duplicate reference,
//!   account-level refusal).

pub mod answer;
pub(crate) mod de;
pub mod endpoint;
pub mod envelope;
pub mod paging;

use crate::error::Error;
use crate::transport::HttpResponse;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How an endpoint's answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An EnKash envelope.
    Envelope,
    /// An envelope, or a bare JSON answer taken as the payload (undocumented answers).
    Lenient,
}

/// A successful answer, before its payload is read into a type.
pub(crate) struct Answer {
    status: u16,
    payload: Value,
    body: String,
}

impl Answer {
    /// The one typed decode: the payload into `R`, naming the failing field's path on error.
    pub(crate) fn decode<R: DeserializeOwned>(self) -> Result<R, Error> {
        envelope::decode_value(self.status, self.payload, &self.body)
    }
}

/// Maps an HTTP answer: 2xx through the envelope (a non-zero code is an `api` error),
/// 401/403 to `auth`, other statuses to `api` with the server's message. Kept free of the
/// answer type so that the request loop is compiled once, not once per endpoint.
pub(crate) fn open(response: HttpResponse, shape: Shape) -> Result<Answer, Error> {
    let HttpResponse { status, body, .. } = response;
    match status {
        200..=299 if shape == Shape::Lenient => envelope::open_lenient(status, &body).map(|payload| Answer { status, payload, body }),
        200..=299 => envelope::open(status, &body).map(|payload| Answer { status, payload, body }),
        401 | 403 => Err(Error::Auth {
            status: Some(status),
            message: format!(
                "the server refused the access token (HTTP {status}{})",
                envelope::error_message(&body).map(|m| format!(": {m}")).unwrap_or_default()
            ),
            body: Some(crate::redact::redact_body(&body)),
            earlier_attempt_uncertain: false,
        }),
        _ => {
            let code = serde_json::from_str(&body).ok().and_then(envelope::split).and_then(|e| e.code);
            let message = envelope::error_message(&body).unwrap_or_else(|| format!("the server answered HTTP {status}"));
            Err(Error::redacted_api(status, code, message, &body))
        }
    }
}
