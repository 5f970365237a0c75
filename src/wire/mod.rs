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
#[doc(hidden)]
pub mod schema;
// Used by the JS binding (`crate::wasm`); tested natively.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod transcode;

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

/// A successful answer, before its payload is read: the body and where its payload is in
/// it (the payload's text is not parsed until it is read into a type or for JS).
pub(crate) struct Answer {
    status: u16,
    body: String,
    /// The payload's place in `body`; `None`: the envelope has none (read as `null`).
    payload: Option<std::ops::Range<usize>>,
}

impl Answer {
    fn new(status: u16, body: String, payload: impl FnOnce(&str) -> Result<&str, Error>) -> Result<Answer, Error> {
        let range = {
            let text = payload(&body)?;
            // The payload is a slice of the body, or the literal `null` of an envelope without one.
            let start = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
            (start <= body.len() && body.get(start..start + text.len()) == Some(text)).then(|| start..start + text.len())
        };
        Ok(Answer { status, body, payload: range })
    }

    /// The payload's JSON text.
    fn payload(&self) -> &str {
        self.payload.clone().and_then(|r| self.body.get(r)).unwrap_or("null")
    }

    /// The one typed decode (the Rust API): the payload into `R`, naming the failing field's
    /// path on error.
    pub(crate) fn decode<R: DeserializeOwned>(self) -> Result<R, Error> {
        let value: Value = self.payload_value()?;
        envelope::decode_value(self.status, value, &self.body)
    }

    /// The payload as a `Value` (checked JSON when the envelope was split, so this does not
    /// fail; if it did, the answer is not JSON, never a `null` payload).
    fn payload_value(&self) -> Result<Value, Error> {
        serde_json::from_str(self.payload()).map_err(|e| Error::redacted_decode(self.status, format!("the response is not JSON: {e}"), &self.body))
    }

    /// The payload read by its table into the JSON handed to JS (no tree, no typed model:
    /// [`transcode`]); a payload that does not fit fails as [`Answer::decode`] would.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn transcode(&self, schema: schema::Schema) -> Result<transcode::Transcoded, Error> {
        transcode::transcode(self.payload(), schema).map_err(|e| match self.payload_value() {
            Ok(value) => envelope::decode_error(self.status, &e, &value, &self.body),
            Err(not_json) => not_json,
        })
    }
}

/// Maps an HTTP answer: 2xx through the envelope (a non-zero code is an `api` error),
/// 401/403 to `auth`, other statuses to `api` with the server's message. Kept free of the
/// answer type so that the request loop is compiled once, not once per endpoint.
pub(crate) fn open(response: HttpResponse, shape: Shape) -> Result<Answer, Error> {
    let HttpResponse { status, body, .. } = response;
    match status {
        200..=299 if shape == Shape::Lenient => Answer::new(status, body, |b| envelope::open_text_lenient(status, b)),
        200..=299 => Answer::new(status, body, |b| envelope::open_text(status, b)),
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
