//! The client: configuration, the token cache and the one private request path that every
//! endpoint goes through (base URL, headers, auth, 401 handling, error mapping).

use crate::allocation::{AllocationRequest, BulkRequest, BulkResult, Card, Endpoint};
use crate::auth::{decode_token, Auth, CachedToken, TokenInfo};
use crate::envelope;
use crate::error::Error;
use crate::http::{join_url, HttpRequest, HttpResponse, Transport, TransportError};
use crate::secret::Secret;
use futures_util::lock::Mutex;
use serde::de::DeserializeOwned;
use std::rc::Rc;

/// Default time limit of one call, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Largest accepted time limit (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// Client configuration.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL of the Reward APIs, e.g. `https://pay-en-uat.enkash.in`. There is no
    /// default: the SDK never talks to production unless told to.
    pub base_url: String,
    /// Partner id, sent as the `partnerId` header on partner endpoints.
    pub partner_id: String,
    /// How to authenticate.
    pub auth: Auth,
    /// Time limit of a call, in milliseconds (connect, send, whole body).
    pub timeout_ms: u32,
}

impl ClientConfig {
    /// A configuration with the default time limit.
    pub fn new(base_url: impl Into<String>, partner_id: impl Into<String>, auth: Auth) -> Self {
        ClientConfig { base_url: base_url.into(), partner_id: partner_id.into(), auth, timeout_ms: DEFAULT_TIMEOUT_MS }
    }

    fn check(&self) -> Result<(), Error> {
        let base = self.base_url.trim();
        if base.is_empty() {
            return Err(Error::config("baseUrl is required (there is no default host: pass the UAT or production URL you were given)"));
        }
        if !(base.starts_with("https://") || base.starts_with("http://")) || base.contains(['?', '#', ' ']) {
            return Err(Error::config(format!("baseUrl must be an http(s) URL without query or fragment, got {base:?}")));
        }
        if self.partner_id.trim().is_empty() {
            return Err(Error::config("partnerId is required (it is sent as the partnerId header)"));
        }
        check_timeout(self.timeout_ms)?;
        match &self.auth {
            Auth::Credentials(c) => {
                let errors = c.validate();
                if !errors.is_empty() {
                    return Err(Error::validation(errors));
                }
            }
            Auth::AccessToken(t) if t.is_blank() => return Err(Error::config("accessToken must not be blank")),
            _ => {}
        }
        Ok(())
    }
}

fn check_timeout(ms: u32) -> Result<(), Error> {
    if ms == 0 || ms > MAX_TIMEOUT_MS {
        return Err(Error::config(format!("timeoutMs must be between 1 and {MAX_TIMEOUT_MS}, got {ms}")));
    }
    Ok(())
}

/// Options of one call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// This call's time limit, instead of the client's.
    pub timeout_ms: Option<u32>,
}

#[derive(Default)]
struct TokenSlot {
    current: Option<CachedToken>,
    /// Set when the credentials were refused: they are never sent again.
    rejected: Option<Error>,
}

struct Shared {
    config: ClientConfig,
    tokens: Mutex<TokenSlot>,
}

/// The EnKash Reward API client. Cheap to clone: clones share configuration and token.
pub struct Client<T> {
    shared: Rc<Shared>,
    transport: T,
}

impl<T: Clone> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client { shared: self.shared.clone(), transport: self.transport.clone() }
    }
}

impl<T> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.shared.config).finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// Checks the configuration and builds a client. Nothing is sent yet.
    pub fn new(config: ClientConfig, transport: T) -> Result<Self, Error> {
        config.check()?;
        Ok(Client { shared: Rc::new(Shared { config, tokens: Mutex::new(TokenSlot::default()) }), transport })
    }

    /// The same client (same configuration and token cache) over another transport: how the
    /// JS layer gives each call its own AbortSignal.
    pub fn with_transport<U: Transport>(&self, transport: U) -> Client<U> {
        Client { shared: self.shared.clone(), transport }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.shared.config
    }

    /// Fetches a new token now (normally automatic) and caches it.
    pub async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        let timeout = self.timeout(options)?;
        let mut slot = self.shared.tokens.lock().await;
        self.renew(&mut slot, timeout).await.map(|c| c.info)
    }

    /// Create And Allocate Points: credits (or debits) one person's reward card.
    pub async fn create_and_allocate_points(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.call(request.to_endpoint()?, options).await
    }

    /// Bulk Create And Allocate Rewards: one request with many rows. The answer lists the
    /// rows that were paid and the rows that failed with their reasons.
    pub async fn bulk_create_and_allocate_rewards(&self, request: &BulkRequest, options: &CallOptions) -> Result<BulkResult, Error> {
        self.call(request.to_endpoint()?, options).await
    }

    fn timeout(&self, options: &CallOptions) -> Result<u32, Error> {
        let ms = options.timeout_ms.unwrap_or(self.shared.config.timeout_ms);
        check_timeout(ms)?;
        Ok(ms)
    }

    /// The one request path: token, headers, send, 401 renewal, envelope decoding.
    async fn call<R: DeserializeOwned>(&self, endpoint: Endpoint, options: &CallOptions) -> Result<R, Error> {
        let timeout = self.timeout(options)?;
        let mut token = self.token(timeout).await?;
        let mut renewed = false;
        loop {
            let response = self.send(self.data_request(&endpoint, &token, timeout)).await?;
            if response.status == 401 && !renewed {
                // The token was refused before anything was done: renew it once and repeat.
                renewed = true;
                if let Some(fresh) = self.renew_after_refusal(&token, timeout).await? {
                    token = fresh;
                    continue;
                }
            }
            return decode_data(response);
        }
    }

    fn data_request(&self, endpoint: &Endpoint, token: &Secret, timeout_ms: u32) -> HttpRequest {
        let config = &self.shared.config;
        let mut headers = vec![
            ("Authorization".to_owned(), format!("Bearer {}", token.expose())),
            ("Accept".to_owned(), "application/json".to_owned()),
        ];
        if endpoint.path.starts_with("/api/v0/partner/") {
            headers.push(("partnerId".to_owned(), config.partner_id.clone()));
        }
        if endpoint.body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        HttpRequest { method: endpoint.method, url: join_url(&config.base_url, &endpoint.path), headers, body: endpoint.body.clone(), timeout_ms }
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let timeout_ms = request.timeout_ms;
        self.transport.send(request).await.map_err(|e| match e {
            TransportError::Network(message) => Error::Network { message },
            TransportError::Timeout => Error::Timeout { timeout_ms },
            TransportError::Aborted => Error::Aborted,
        })
    }

    /// A usable token: the cached one while fresh, else a new one (one request at a time).
    async fn token(&self, timeout_ms: u32) -> Result<Secret, Error> {
        let mut slot = self.shared.tokens.lock().await;
        if let Some(cached) = &slot.current {
            if cached.is_fresh(self.transport.now_ms()) {
                return Ok(cached.info.access_token.clone());
            }
        }
        self.renew(&mut slot, timeout_ms).await.map(|c| c.info.access_token)
    }

    /// After a 401: drop `refused` (unless another call already replaced it) and get a new
    /// token. `None` when no new token can be had (a fixed access token).
    async fn renew_after_refusal(&self, refused: &Secret, timeout_ms: u32) -> Result<Option<Secret>, Error> {
        if matches!(self.shared.config.auth, Auth::AccessToken(_)) {
            return Ok(None);
        }
        let mut slot = self.shared.tokens.lock().await;
        if let Some(cached) = &slot.current {
            if &cached.info.access_token != refused && cached.is_fresh(self.transport.now_ms()) {
                return Ok(Some(cached.info.access_token.clone()));
            }
        }
        slot.current = None;
        self.renew(&mut slot, timeout_ms).await.map(|c| Some(c.info.access_token))
    }

    /// Gets a new token, with the slot locked so that concurrent callers wait for it.
    async fn renew(&self, slot: &mut TokenSlot, timeout_ms: u32) -> Result<CachedToken, Error> {
        if let Some(rejected) = &slot.rejected {
            return Err(rejected.clone());
        }
        let info = match &self.shared.config.auth {
            Auth::AccessToken(token) => TokenInfo { access_token: token.clone(), token_type: Some("bearer".to_owned()), expires_in: None, scope: None },
            Auth::Provider(provider) => provider.fetch_token().await?,
            Auth::Credentials(credentials) => {
                let request = credentials.token_request(&self.shared.config.base_url, timeout_ms);
                let response = self.send(request).await?;
                match decode_token(&response) {
                    Ok(info) => info,
                    Err(e) => {
                        if matches!(e, Error::Auth { .. }) {
                            slot.rejected = Some(e.clone());
                        }
                        return Err(e);
                    }
                }
            }
        };
        let cached = CachedToken::new(info, self.transport.now_ms());
        slot.current = Some(cached.clone());
        Ok(cached)
    }
}

/// Maps a data call's response: 2xx through the envelope, 401/403 to `auth`, other
/// statuses to `api` with the server's message.
fn decode_data<R: DeserializeOwned>(response: HttpResponse) -> Result<R, Error> {
    let HttpResponse { status, body } = response;
    match status {
        200..=299 => envelope::decode(status, &body),
        401 | 403 => Err(Error::Auth {
            status: Some(status),
            message: format!(
                "the server refused the access token (HTTP {status}{})",
                envelope::error_message(&body).map(|m| format!(": {m}")).unwrap_or_default()
            ),
            body: Some(body),
        }),
        _ => {
            let code = serde_json::from_str(&body).ok().and_then(envelope::split).and_then(|e| e.code);
            let message = envelope::error_message(&body).unwrap_or_else(|| format!("the server answered HTTP {status}"));
            Err(Error::Api { status, code, message, body })
        }
    }
}



