//! Plain request and response values, and the transport trait that moves them.
//!
//! The core builds an [`HttpRequest`] and decodes an [`HttpResponse`]; it never does I/O
//! itself. On wasm32 the transport is the global `fetch` (`wasm/fetch.rs`, with the call's AbortSignal); natively, reqwest
//! (`native.rs`, feature `native`); tests use a fake.

#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub mod native;

use std::fmt;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PATCH
    Patch,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// A request ready to send: absolute URL, headers and body.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL, query string included.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// Body text, when any.
    pub body: Option<String>,
    /// The whole call's time limit (connect, send, and reading the whole body).
    pub timeout_ms: u32,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// `Debug` hides the `Authorization` header and the body, which may hold credentials.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(k, v)| if k.eq_ignore_ascii_case("authorization") { (k.as_str(), "***") } else { (k.as_str(), v.as_str()) }).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// A response: status, the whole body as text, and the one header the SDK reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Body text.
    pub body: String,
    /// The `Retry-After` header, when present (seconds or an HTTP date).
    pub retry_after: Option<String>,
}

impl HttpResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse { status, body: body.into(), retry_after: None }
    }
}

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The connection failed after the request may have been sent (reset, broken pipe, or a
    /// browser `fetch` failure, which cannot say when it failed).
    Network(String),
    /// The connection could not be made: nothing was sent (refused, DNS failure).
    Connect(String),
    /// The request's `timeout_ms` ran out.
    Timeout,
    /// The caller aborted while the request was in flight.
    Aborted,
    /// The caller aborted before anything was sent.
    AbortedBeforeSend,
}

/// Moves requests. Implemented by the fetch transport on wasm32 and by test fakes.
///
/// Futures need not be `Send`: the SDK runs on a single-threaded executor (the browser's or
/// Node's event loop); native Rust users run it on a current-thread runtime or a `LocalSet`.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends one request and reads the whole response body.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Milliseconds since the Unix epoch, used for token expiry.
    fn now_ms(&self) -> f64;

    /// Waits `ms` milliseconds between retries. Ends early with
    /// [`TransportError::AbortedBeforeSend`] when the caller aborts meanwhile.
    async fn sleep(&self, ms: u32) -> Result<(), TransportError>;

    /// A deadline: resolves when `ms` have passed (or with
    /// [`TransportError::AbortedBeforeSend`] when the caller aborts). The client races every
    /// wait that is not a request of its own (the token provider, the token lock of concurrent
    /// calls) against it, so that no call outlives its time limit or its signal. The default
    /// is [`Self::sleep`]; a fake transport whose `sleep` returns at once overrides it with a
    /// wait that never ends.
    async fn deadline(&self, ms: u32) -> Result<(), TransportError> {
        self.sleep(ms).await
    }
}

/// Percent-encodes `pairs` as a query string or form body (`a=1&b=x%40y`).
pub fn encode_form<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

/// Joins a base URL (with or without a trailing slash) and an absolute path.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}
