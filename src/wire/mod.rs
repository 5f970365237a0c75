//! The wire: what goes out ([`endpoint`]) and what comes back: the HTTP answer read into a payload or a typed error (one entry,
//! [`open`]), then the payload read: into the answer type for Rust ([`Answer::decode`]), or by
//! the answer type's table into the JSON handed to JS ([`Answer::transcode`]).
//!
//! - [`endpoint`]: what goes out: one request as an endpoint describes it (name, method,
//!   path, query, body, host, retry safety), and the list of endpoint names.
//! - [`envelope`]: the EnKash envelope (`code`/`message`/`payload` in its several spellings).
//! - [`de`]: the decoder that names the failing field's path.
//! - [`paging`]: the page shape of list answers (and the page request and pager).
//! - [`answer`]: the one place that reads meaning into refusals (duplicate reference,
//!   account-level refusal).
//! - [`schema`]: the answer tables' vocabulary; [`transcode`]: the reader of them.

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

/// Who reads an answer: decides how its envelope is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Rust, into a type ([`Answer::decode`]): the body is parsed once into a `Value`.
    Typed,
    /// A table, for JS ([`Answer::transcode`]): the body is checked to be JSON and split into
    /// slices of it (two passes, no tree); the payload is then read from its text.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Table,
}

/// A successful answer, before its payload is read.
pub(crate) struct Answer {
    status: u16,
    body: String,
    payload: Payload,
}

enum Payload {
    /// Parsed ([`Reading::Typed`]).
    Parsed(Value),
    /// The payload's place in `body` ([`Reading::Table`]); `None`: the envelope has none
    /// (read as `null`).
    Text(Option<std::ops::Range<usize>>),
}

impl Answer {
    fn text(status: u16, body: String, payload: impl FnOnce(&str) -> Result<&str, Error>) -> Result<Answer, Error> {
        let range = {
            let text = payload(&body)?;
            // The payload is a slice of the body, or the literal `null` of an envelope without one.
            let start = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
            (start <= body.len() && body.get(start..start + text.len()) == Some(text)).then(|| start..start + text.len())
        };
        Ok(Answer { status, body, payload: Payload::Text(range) })
    }

    /// The one typed decode (the Rust API): the payload into `R`, naming the failing field's
    /// path on error.
    pub(crate) fn decode<R: DeserializeOwned>(self) -> Result<R, Error> {
        let value = match self.payload {
            Payload::Parsed(value) => value,
            Payload::Text(ref range) => serde_json::from_str(range.clone().and_then(|r| self.body.get(r)).unwrap_or("null"))
                .map_err(|e| Error::redacted_decode(self.status, format!("the response is not JSON: {e}"), &self.body))?,
        };
        envelope::decode_value(self.status, value, &self.body)
    }

    /// The payload read by its table into the JSON handed to JS (no tree, no typed model:
    /// [`transcode`]); a payload that does not fit fails as [`Answer::decode`] would.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn transcode(&self, schema: schema::Schema) -> Result<transcode::Transcoded, Error> {
        let owned;
        let payload = match &self.payload {
            Payload::Text(range) => range.clone().and_then(|r| self.body.get(r)).unwrap_or("null"),
            Payload::Parsed(value) => {
                owned = value.to_string();
                &owned
            }
        };
        transcode::transcode(payload, schema).map_err(|e| match serde_json::from_str::<Value>(payload) {
            Ok(value) => envelope::decode_error(self.status, &e, &value, &self.body),
            Err(not_json) => Error::redacted_decode(self.status, format!("the response is not JSON: {not_json}"), &self.body),
        })
    }
}

/// Maps an HTTP answer: 2xx through the envelope (a non-zero code is an `api` error),
/// 401/403 to `auth`, other statuses to `api` with the server's message. Kept free of the
/// answer type so that the request loop is compiled once, not once per endpoint.
pub(crate) fn open(response: HttpResponse, shape: Shape, reading: Reading) -> Result<Answer, Error> {
    let HttpResponse { status, body, .. } = response;
    let parsed = |payload: Value, body: String| Answer { status, body, payload: Payload::Parsed(payload) };
    match (status, reading) {
        (200..=299, Reading::Typed) if shape == Shape::Lenient => envelope::open_lenient(status, &body).map(|p| parsed(p, body)),
        (200..=299, Reading::Typed) => envelope::open(status, &body).map(|p| parsed(p, body)),
        (200..=299, Reading::Table) if shape == Shape::Lenient => Answer::text(status, body, |b| envelope::open_text_lenient(status, b)),
        (200..=299, Reading::Table) => Answer::text(status, body, |b| envelope::open_text(status, b)),
        (401 | 403, _) => Err(Error::Auth {
            status: Some(status),
            message: format!(
                "the server refused the access token (HTTP {status}{})",
                envelope::error_message(&body).map(|m| format!(": {m}")).unwrap_or_default()
            ),
            body: Some(crate::redact::redact_body(&body)),
            earlier_attempt_uncertain: false,
        }),
        (_, _) => {
            let code = serde_json::from_str(&body).ok().and_then(envelope::split).and_then(|e| e.code);
            let message = envelope::error_message(&body).unwrap_or_else(|| format!("the server answered HTTP {status}"));
            Err(Error::redacted_api(status, code, message, &body))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The envelope split as text (for tables) and parsed (for types) accept and refuse the
    /// same bodies, with the same payload and the same error.
    #[test]
    fn text_and_value_envelopes_agree() {
        let deep = format!(r#"{{"code":0,"payload":{}1{}}}"#, "[".repeat(200), "]".repeat(200));
        let bodies = [
            r#"{"code":0,"message":"Success","payload":{"a":1}}"#,
            r#"{"response_code":0,"response_message":"Success","payload":{"a":1}}"#,
            r#"{"response_code":"0","payload":[1,2]}"#,
            r#"{"responseCode":0,"paylod":{"a":1}}"#,
            r#"{"code":0}"#,
            r#"{"code":0,"payload":null}"#,
            r#"{"code":1,"message":"Insufficient balance"}"#,
            r#"{"code":"E12","message":"  ","payload":"refused as a payload"}"#,
            r#"{"code":1.5,"payload":{}}"#,
            r#"{"code":null,"response_code":0,"payload":{}}"#,
            r#"{"code":true,"payload":{}}"#,
            r#"{"code":0,"code":1,"message":"second wins"}"#,
            r#"{"code":0,"payload":{"a":1},"payload":{"b":2}}"#,
            "  \n{\"code\":0,\"payload\":{\"a\":\"\\u00e9\"}}\t ",
            r#"{"message":"no code"}"#,
            r#"[1,2,3]"#,
            r#""text""#,
            r#"42"#,
            r#"null"#,
            r#"{"code":0,"payload":{"a":1}} trailing"#,
            r#"{"code":0,"payload":"\ud800"}"#,
            r#"{"code":0,"payload":1e400}"#,
            r#"{"code":0,"junk":"\ud83d","payload":{}}"#,
            r#"{"\ud800":0,"code":1}"#,
            &deep,
            "",
            "not json",
        ];
        for body in bodies {
            for shape in [Shape::Envelope, Shape::Lenient] {
                let response = || HttpResponse { status: 200, body: body.to_owned(), retry_after: None };
                let typed = open(response(), shape, Reading::Typed).and_then(|a| a.decode::<Value>());
                let tabled = open(response(), shape, Reading::Table).and_then(|a| a.decode::<Value>());
                match (&typed, &tabled) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{body} ({shape:?})"),
                    (Err(a), Err(b)) => {
                        assert_eq!(a.kind(), b.kind(), "{body} ({shape:?})");
                        // serde_json names where it stopped; the first words say why.
                        let words = |e: &Error| e.to_string().split(" at line").next().unwrap_or_default().to_owned();
                        assert_eq!(words(a), words(b), "{body} ({shape:?})");
                    }
                    _ => panic!("{body} ({shape:?}): {typed:?} against {tabled:?}"),
                }
            }
        }
    }
}
