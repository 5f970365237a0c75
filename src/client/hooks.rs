//! Hooks: what the client tells an observer about each request, response and retry, with
//! secrets removed. The `Authorization` header is never part of an event; bodies are
//! included only when the observer asks, and then with every secret field replaced by
//! `***` (passwords, client secrets, tokens, voucher card numbers and PINs).

use super::request::Core;
use crate::error::Error;
use crate::transport::{HttpRequest, HttpResponse, Transport};
use serde::Serialize;
use std::rc::Rc;

/// A request about to be sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RequestEvent {
    /// Identifies the call across its attempts (client-side only; not sent).
    pub request_id: String,
    /// The endpoint's name (`createAndAllocatePoints`, `token`, ...).
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The body, redacted, when the observer asked for bodies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// A response received (or a transport failure).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ResponseEvent {
    /// As in the request event.
    pub request_id: String,
    /// The endpoint's name.
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Attempt number.
    pub attempt: u32,
    /// HTTP status, when there was a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Time from send to the whole body, in ms.
    pub duration_ms: f64,
    /// The transport failure, when there was no response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The body, redacted, when the observer asked for bodies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// A retry about to happen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RetryEvent {
    /// As in the request event.
    pub request_id: String,
    /// The endpoint's name.
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// The attempt that will follow.
    pub attempt: u32,
    /// The wait before it, in ms.
    pub delay_ms: u32,
    /// Why (the status or failure of the previous attempt).
    pub reason: String,
}

/// Receives events. All methods have empty defaults.
pub trait Observer {
    /// Before each attempt.
    fn on_request(&self, _event: &RequestEvent) {}
    /// After each attempt.
    fn on_response(&self, _event: &ResponseEvent) {}
    /// Before each retry's wait.
    fn on_retry(&self, _event: &RetryEvent) {}
    /// Whether events should carry (redacted) bodies.
    fn include_bodies(&self) -> bool {
        false
    }
}

/// The observer of a client's requests (the `hooks` of its configuration).
#[derive(Clone)]
pub struct Hooks(pub Rc<dyn Observer>);

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hooks(..)")
    }
}

impl<T: Transport> Core<T> {
    /// Sends one attempt and tells the observer about it.
    pub(super) async fn send_observed(&self, name: &str, request: HttpRequest, request_id: &str, attempt: u32) -> Result<HttpResponse, Error> {
        let hooks = self.shared.config.hooks.as_ref().map(|h| h.0.clone());
        let bodies = hooks.as_ref().is_some_and(|h| h.include_bodies());
        let (method, url) = (request.method.as_str().to_owned(), request.url.clone());
        if let Some(h) = &hooks {
            h.on_request(&RequestEvent {
                request_id: request_id.to_owned(),
                endpoint: name.to_owned(),
                method: method.clone(),
                url: url.clone(),
                attempt,
                body: if bodies { request.body.as_deref().map(redact_body) } else { None },
            });
        }
        let started = self.transport.now_ms();
        let result = self.send(request).await;
        if let Some(h) = &hooks {
            h.on_response(&ResponseEvent {
                request_id: request_id.to_owned(),
                endpoint: name.to_owned(),
                method,
                url,
                attempt,
                status: result.as_ref().ok().map(|r| r.status),
                duration_ms: self.transport.now_ms() - started,
                error: result.as_ref().err().map(ToString::to_string),
                body: if bodies { result.as_ref().ok().map(|r| redact_body(&r.body)) } else { None },
            });
        }
        result
    }

    /// Tells the observer that a retry follows.
    pub(super) fn notify_retry(&self, event: impl FnOnce() -> RetryEvent) {
        if let Some(Hooks(o)) = &self.shared.config.hooks {
            o.on_retry(&event());
        }
    }
}

/// The one redaction of bodies, shared with every error that keeps a response body: see
/// [`crate::redact`] for which keys are secret.
pub use crate::redact::{is_secret_key, redact_body};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth_and_in_forms() {
        let body = r#"{"access_token":"tok-123","payload":{"voucherDetailsList":[{"cardNumber":"4111222233334444","pin":"123456","expiryDate":"2027"}]},"email":"a@b.co"}"#;
        let out = redact_body(body);
        for secret in ["tok-123", "4111222233334444", "123456"] {
            assert!(!out.contains(secret), "{out}");
        }
        assert!(out.contains("a@b.co") && out.contains("2027"));
        let form = redact_body("username=hr%40x.in&password=p%40ss&grant_type=password&clientId=c");
        assert_eq!(form, "username=hr@x.in&password=***&grant_type=password&clientId=c");
        assert_eq!(redact_body("garbage that is not json"), "<24 bytes, not shown>");
        assert!(!redact_body(r#"{"Client-Secret":"s3","accessToken":"t"}"#).contains("s3"));
    }
}
