//! A transport for Rust programs outside the browser (feature `native`): reqwest over
//! rustls. Run its futures on a tokio runtime (current-thread or a `LocalSet`: the SDK's
//! futures are not `Send`).
//!
//! ```no_run
//! # async fn run() -> Result<(), enkash_rewards::Error> {
//! use enkash_rewards::{native::ReqwestTransport, *};
//! let client = Client::new(
//!     ClientConfig::new("https://your-enkash-host", "CRMXWB3ZM", Auth::AccessToken(Secret::new("token"))),
//!     ReqwestTransport::new(),
//! )?;
//! let account = client
//!     .get_reward_account_details(
//!         &AccountDetailsRequest { company_id: "CEK1PU9AOO".into(), card_account_id: "CAQL8YCV3".into() },
//!         &CallOptions::default(),
//!     )
//!     .await?;
//! # Ok(()) }
//! ```

use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// reqwest-based transport. Cheap to clone (connections are pooled and shared).
#[derive(Clone, Debug, Default)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with reqwest's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport over your own reqwest client (proxy, TLS roots, ...).
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

fn failure(e: reqwest::Error) -> TransportError {
    if e.is_timeout() {
        TransportError::Timeout
    } else if e.is_connect() {
        // The connection was never made: nothing was sent.
        TransportError::Connect(e.without_url().to_string())
    } else {
        // Without the URL: the message stays about the connection.
        TransportError::Network(e.without_url().to_string())
    }
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
        };
        // The timeout covers the whole call, reading the body included.
        let mut builder = self.client.request(method, &request.url).timeout(Duration::from_millis(u64::from(request.timeout_ms)));
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(failure)?;
        let status = response.status().as_u16();
        // Not read on a 2xx, where HTTP gives it no meaning (as in the fetch transport).
        let retry_after = if (200..300).contains(&status) {
            None
        } else {
            response.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        let body = response.text().await.map_err(failure)?;
        Ok(HttpResponse { status, body, retry_after })
    }

    fn now_ms(&self) -> f64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
        Ok(())
    }
}
