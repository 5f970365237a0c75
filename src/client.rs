//! The clients: [`Client`] for the partner APIs (allocation, account, incentive, coins, SSO)
//! and [`RedemptionClient`] for an end user's store. Both share the configuration checks, the
//! token cache and the one private request path that every endpoint goes through (host,
//! path overrides, headers, auth, 401 renewal, optional encryption, error mapping).

use crate::account::{AccountDetails, AccountDetailsRequest, CardPage, TransactionFilter, TransactionPage, UserCardDetailsRequest, UserDetailsRequest};
use crate::allocation::{AllocationRequest, BulkRequest, BulkResult, Card};
use crate::auth::{decode_token, sso_redirect_url, Auth, CachedToken, SsoRedirect, SsoRequest, SsoToken, TokenInfo};
use crate::coins::{self, AllocateCoinsRequest, CoinAllocationMessage, CoinBalance, CoinEvent, CoinEventPatch, CoinEventRequest};
use crate::endpoint::{Endpoint, Host, ENDPOINT_NAMES};
use crate::envelope::{self, Payload};
use crate::error::Error;
use crate::http::{join_url, HttpRequest, HttpResponse, Transport, TransportError};
use crate::incentive::{incentive_allocation_endpoint, IncentiveUserDetailsRequest};
use crate::paging::PageRequest;
use crate::redemption::{self, AddToCartRequest, Cart, CartQuery, CatalogQuery, CreateOrderRequest, Order, OrderFilter, OrderPage, Product, UpdateCartRequest};
use crate::retry;
use crate::secret::Secret;
use crate::types::Id;
use futures_util::future::{select, Either};
use futures_util::lock::Mutex;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

/// Default time limit of one call, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Largest accepted time limit (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// Default retries of one call (after the first attempt).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Most retries accepted.
pub const MAX_RETRIES: u32 = 10;
pub use crate::retry::MAX_RETRY_WAIT_MS;

/// The observer of a client's requests (see [`crate::hooks`]).
#[derive(Clone)]
pub struct Hooks(pub Rc<dyn crate::hooks::Observer>);

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hooks(..)")
    }
}

/// Client configuration.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL of the Reward APIs, e.g. `https://pay-en-uat.enkash.in`. There is no
    /// default: the SDK never talks to production unless told to.
    pub base_url: String,
    /// Partner id, sent as the `partnerId` header (partner client only; `None` for redemption).
    pub partner_id: Option<String>,
    /// How to authenticate.
    pub auth: Auth,
    /// Time limit of a call, in milliseconds (connect, send, whole body).
    pub timeout_ms: u32,
    /// Host of the redemption endpoints, when it differs from `base_url`.
    pub redemption_base_url: Option<String>,
    /// Host of the SSO landing page, used by [`Client::sso_redirect_url`].
    pub sso_host: Option<String>,
    /// Path templates by endpoint name, replacing the defaults (for paths the portal leaves
    /// uncertain), e.g. `incentiveCreateAndAllocate` -> `/api/v0/partner/enKashCard/points/allocate`.
    pub paths: BTreeMap<String, String>,
    /// Encrypt request bodies and decrypt answers (needs credentials and the `encryption`
    /// feature).
    pub encrypt_payloads: bool,
    /// Use the older `GET /api/v0/partner/fetch-order-details/{id}` for Fetch Order Info.
    pub legacy_order_info: bool,
    /// Retries of one call after the first attempt (default 2), for faults where repeating
    /// cannot apply anything twice (see [`Client`]).
    pub max_retries: u32,
    /// Receives request, response and retry events (secrets redacted).
    pub hooks: Option<Hooks>,
}

impl ClientConfig {
    /// A partner configuration with the default time limit.
    pub fn new(base_url: impl Into<String>, partner_id: impl Into<String>, auth: Auth) -> Self {
        let mut c = Self::redemption(base_url, auth);
        c.partner_id = Some(partner_id.into());
        c
    }

    /// An end-user (redemption) configuration: no partner id.
    pub fn redemption(base_url: impl Into<String>, auth: Auth) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            partner_id: None,
            auth,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            redemption_base_url: None,
            sso_host: None,
            paths: BTreeMap::new(),
            encrypt_payloads: false,
            legacy_order_info: false,
            max_retries: DEFAULT_MAX_RETRIES,
            hooks: None,
        }
    }

    fn check(&self, needs_partner: bool) -> Result<(), Error> {
        check_url("baseUrl", &self.base_url, "there is no default host: pass the UAT or production URL you were given")?;
        if let Some(url) = &self.redemption_base_url {
            check_url("redemptionBaseUrl", url, "or leave it out to use baseUrl")?;
        }
        if let Some(url) = &self.sso_host {
            check_url("ssoHost", url, "e.g. https://invoice-uat.enkash.in")?;
        }
        if needs_partner && self.partner_id.as_deref().is_none_or(|p| p.trim().is_empty()) {
            return Err(Error::config("partnerId is required (it is sent as the partnerId header)"));
        }
        check_timeout(self.timeout_ms)?;
        check_retries(self.max_retries)?;
        for (name, path) in &self.paths {
            if !ENDPOINT_NAMES.contains(&name.as_str()) {
                return Err(Error::config(format!("paths: unknown endpoint name {name:?} (known: {})", ENDPOINT_NAMES.join(", "))));
            }
            if !path.starts_with('/') || path.contains(['#', ' ']) {
                return Err(Error::config(format!("paths.{name} must be an absolute path starting with /, got {path:?}")));
            }
        }
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
        if self.encrypt_payloads {
            if !cfg!(feature = "encryption") {
                return Err(Error::config("encryptPayloads is not available in this build (the browser build leaves it out: it needs the client secret)"));
            }
            if !matches!(self.auth, Auth::Credentials(_)) {
                return Err(Error::config("encryptPayloads needs credentials: the key is derived from the client secret"));
            }
        }
        Ok(())
    }
}

fn check_url(field: &str, url: &str, hint: &str) -> Result<(), Error> {
    let u = url.trim();
    if u.is_empty() {
        return Err(Error::config(format!("{field} is required ({hint})")));
    }
    if crate::redact::has_userinfo(u) {
        // Not echoed: the text before the `@` is a user name and perhaps a password.
        return Err(Error::config(format!(
            "{field} must not hold a user name or password (user:password@host): give the host only, and the credentials as auth"
        )));
    }
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(['?', '#', ' ']) {
        // Echoed up to its query or fragment only: a query may hold a key or a token.
        let shown = u.split(['?', '#']).next().unwrap_or_default();
        let cut = if shown.len() < u.len() { " (its query or fragment not shown)" } else { "" };
        return Err(Error::config(format!("{field} must be an http(s) URL without query or fragment, got {shown:?}{cut}")));
    }
    Ok(())
}

fn check_retries(n: u32) -> Result<(), Error> {
    if n > MAX_RETRIES {
        return Err(Error::config(format!("maxRetries must be from 0 to {MAX_RETRIES}, got {n}")));
    }
    Ok(())
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
    /// This call's retries, instead of the client's.
    pub max_retries: Option<u32>,
}

#[derive(Default)]
struct TokenSlot {
    current: Option<CachedToken>,
}

struct Shared {
    config: ClientConfig,
    tokens: Mutex<TokenSlot>,
    /// Set when the credentials were refused: they are never sent again. Outside the token
    /// lock, so that it can be read while another call holds it.
    rejected: std::cell::RefCell<Option<Error>>,
    next_request: std::cell::Cell<u64>,
    #[cfg(feature = "encryption")]
    cipher: Option<crate::crypto::PayloadCipher>,
}

/// What both clients share: configuration, token cache, transport and the request path.
struct Core<T> {
    shared: Rc<Shared>,
    transport: T,
}

impl<T: Transport> Core<T> {
    fn new(config: ClientConfig, transport: T, needs_partner: bool) -> Result<Self, Error> {
        config.check(needs_partner)?;
        #[cfg(feature = "encryption")]
        let cipher = match (&config.auth, config.encrypt_payloads) {
            (Auth::Credentials(c), true) => Some(crate::crypto::PayloadCipher::from_secret(&c.client_secret)),
            _ => None,
        };
        Ok(Core {
            shared: Rc::new(Shared {
                config,
                tokens: Mutex::new(TokenSlot::default()),
                rejected: std::cell::RefCell::new(None),
                next_request: std::cell::Cell::new(1),
                #[cfg(feature = "encryption")]
                cipher,
            }),
            transport,
        })
    }

    fn with_transport<U: Transport>(&self, transport: U) -> Core<U> {
        Core { shared: self.shared.clone(), transport }
    }

    fn config(&self) -> &ClientConfig {
        &self.shared.config
    }

    fn timeout(&self, options: &CallOptions) -> Result<u32, Error> {
        let ms = options.timeout_ms.unwrap_or(self.shared.config.timeout_ms);
        check_timeout(ms)?;
        Ok(ms)
    }

    fn token_base(&self) -> &str {
        let c = &self.shared.config;
        match c.partner_id {
            Some(_) => &c.base_url,
            None => c.redemption_base_url.as_deref().unwrap_or(&c.base_url),
        }
    }

    async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        let clock = Clock::start(self.timeout(options)?, self.transport.now_ms());
        let id = self.request_id();
        let mut slot = self.bounded(self.shared.tokens.lock(), &clock).await?;
        self.renew(&mut slot, &clock, &id).await.map(|c| c.info)
    }

    /// The one request path: token, headers, send, 401 renewal, decryption, envelope, the
    /// classification of the answer ([`crate::answer`]) and retries by the one policy
    /// ([`crate::retry`]), all within the call's time limit, counted from its start.
    async fn call<R: DeserializeOwned>(&self, endpoint: Endpoint, options: &CallOptions) -> Result<R, Error> {
        let (status, payload, body) = self.call_untyped(endpoint, options, false, &std::cell::Cell::new(0)).await?;
        let payload = match payload {
            Payload::Value(v) => v,
            Payload::Text(t) => serde_json::from_str(&t).unwrap_or_default(),
        };
        envelope::decode_value(status, payload, &body)
    }

    /// [`Self::call`] reading the payload straight from the body's text into `R` (see
    /// [`envelope::decode_text`]): for large answers (a bulk result).
    async fn call_text<R: DeserializeOwned>(&self, endpoint: Endpoint, options: &CallOptions) -> Result<R, Error> {
        let (status, payload, body) = self.call_untyped(endpoint, options, true, &std::cell::Cell::new(0)).await?;
        envelope::decode_payload_text(status, payload, &body)
    }

    /// [`Self::call`] up to the typed decode: status, payload and body. Kept free of the
    /// answer type so that this loop is compiled once, not once per endpoint (bench/README.md).
    ///
    /// Every error that follows an attempt that may have been applied says so
    /// ([`Error::may_have_been_applied`]), whatever the last attempt's answer was.
    ///
    /// `attempts` counts the requests sent.
    async fn call_untyped(
        &self,
        endpoint: Endpoint,
        options: &CallOptions,
        text: bool,
        attempts: &std::cell::Cell<u32>,
    ) -> Result<(u16, Payload, String), Error> {
        let clock = Clock::start(self.timeout(options)?, self.transport.now_ms());
        let max_retries = options.max_retries.unwrap_or(self.shared.config.max_retries);
        check_retries(max_retries)?;
        let request_id = self.request_id();
        let mut uncertain = false;
        let mark = |e: Error, uncertain: bool| if uncertain { e.after_uncertain_attempt() } else { e };
        let mut token = self.token(&clock, &request_id).await?;
        let mut renewed = false;
        let mut attempt = 1;
        loop {
            let remaining = clock.remaining(self.transport.now_ms());
            if remaining == 0 {
                return Err(mark(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false }, uncertain));
            }
            let request = self.data_request(&endpoint, &token, remaining as u32);
            let (method, url) = (request.method, request.url.clone());
            attempts.set(attempts.get() + 1);
            let outcome = match self.send_observed(endpoint.name, request, &request_id, attempt).await {
                // The limit is the call's, whatever was left of it for this attempt.
                Err(Error::Timeout { sent, .. }) => Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent }),
                other => other,
            };
            if let Ok(response) = &outcome {
                // The token was refused before anything was done: renew it and repeat. The
                // first renewal is free; later ones (tokens revoked again) count as retries.
                if response.status == 401 && (!renewed || attempt <= max_retries) {
                    let fresh = match self.renew_after_refusal(&token, &clock, &request_id).await {
                        Ok(fresh) => fresh,
                        Err(e) => return Err(mark(e, uncertain)),
                    };
                    if let Some(fresh) = fresh {
                        token = fresh;
                        if renewed {
                            attempt += 1;
                        }
                        renewed = true;
                        continue;
                    }
                }
            }
            let mut retry_after = None;
            let result = outcome.and_then(|response| {
                retry_after = response.retry_after.clone();
                let response = self.decrypt(response)?;
                let status = response.status;
                open_data(response, endpoint.lenient, text).map(|(payload, body)| (status, payload, body))
            });
            let error = match result {
                Ok(value) => return Ok(value),
                Err(e) => crate::answer::classify(endpoint.name, e),
            };
            let now = self.transport.now_ms();
            let decision = retry::decide(&error, endpoint.retry_safe, attempt, max_retries, retry_after.as_deref(), now, clock.remaining(now));
            let delay = match decision {
                retry::Decision::Wait(ms) => ms,
                retry::Decision::GiveUp(why) => return Err(mark(with_note(error, why), uncertain)),
            };
            uncertain |= error.may_have_been_applied();
            if let Some(Hooks(o)) = &self.shared.config.hooks {
                o.on_retry(&crate::hooks::RetryEvent {
                    request_id: request_id.clone(),
                    endpoint: endpoint.name.to_owned(),
                    method: method.as_str().to_owned(),
                    url: url.clone(),
                    attempt: attempt + 1,
                    delay_ms: delay,
                    reason: error.to_string(),
                });
            }
            if self.transport.sleep(delay).await.is_err() {
                return Err(Error::Aborted { sent: uncertain });
            }
            attempt += 1;
        }
    }

    /// Waits for `future`, but no longer than the call's deadline or its signal: the token
    /// provider and the token lock are waits that no request timeout covers.
    async fn bounded<F: std::future::Future>(&self, future: F, clock: &Clock) -> Result<F::Output, Error> {
        // Most waits are over at once (a free lock, a cached token): no timer for those.
        let mut future = pin!(future);
        if let Poll::Ready(value) = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await {
            return Ok(value);
        }
        let remaining = clock.remaining(self.transport.now_ms());
        if remaining == 0 {
            return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false });
        }
        let limit = self.transport.deadline(u32::try_from(remaining).unwrap_or(u32::MAX));
        match select(future, pin!(limit)).await {
            Either::Left((value, _)) => Ok(value),
            Either::Right((Ok(()), _)) => Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false }),
            Either::Right((Err(_), _)) => Err(Error::Aborted { sent: false }),
        }
    }

    fn request_id(&self) -> String {
        let n = self.shared.next_request.get();
        self.shared.next_request.set(n + 1);
        format!("req-{n}")
    }

    /// Sends one attempt and tells the observer about it.
    async fn send_observed(&self, name: &str, request: HttpRequest, request_id: &str, attempt: u32) -> Result<HttpResponse, Error> {
        let hooks = self.shared.config.hooks.as_ref().map(|h| h.0.clone());
        let bodies = hooks.as_ref().is_some_and(|h| h.include_bodies());
        let (method, url) = (request.method.as_str().to_owned(), request.url.clone());
        if let Some(h) = &hooks {
            h.on_request(&crate::hooks::RequestEvent {
                request_id: request_id.to_owned(),
                endpoint: name.to_owned(),
                method: method.clone(),
                url: url.clone(),
                attempt,
                body: if bodies { request.body.as_deref().map(crate::hooks::redact_body) } else { None },
            });
        }
        let started = self.transport.now_ms();
        let result = self.send(request).await;
        if let Some(h) = &hooks {
            h.on_response(&crate::hooks::ResponseEvent {
                request_id: request_id.to_owned(),
                endpoint: name.to_owned(),
                method,
                url,
                attempt,
                status: result.as_ref().ok().map(|r| r.status),
                duration_ms: self.transport.now_ms() - started,
                error: result.as_ref().err().map(ToString::to_string),
                body: if bodies { result.as_ref().ok().map(|r| crate::hooks::redact_body(&r.body)) } else { None },
            });
        }
        result
    }

    fn data_request(&self, endpoint: &Endpoint, token: &Secret, timeout_ms: u32) -> HttpRequest {
        let config = &self.shared.config;
        let base = match endpoint.host {
            Host::Api => &config.base_url,
            Host::Redemption => config.redemption_base_url.as_ref().unwrap_or(&config.base_url),
        };
        let mut headers = vec![("Authorization".to_owned(), format!("Bearer {}", token.expose())), ("Accept".to_owned(), "application/json".to_owned())];
        if let (Some(partner), Host::Api) = (&config.partner_id, endpoint.host) {
            headers.push(("partnerId".to_owned(), partner.clone()));
        }
        #[cfg_attr(not(feature = "encryption"), allow(unused_mut))]
        let mut body = endpoint.body.clone();
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        #[cfg(feature = "encryption")]
        if let (Some(cipher), Some(plain)) = (&self.shared.cipher, &body) {
            body = Some(cipher.wrap_request(plain));
        }
        HttpRequest { method: endpoint.method, url: join_url(base, &endpoint.path_and_query(&config.paths)), headers, body, timeout_ms }
    }

    #[allow(clippy::unnecessary_wraps)]
    fn decrypt(&self, response: HttpResponse) -> Result<HttpResponse, Error> {
        #[cfg(feature = "encryption")]
        if let Some(cipher) = &self.shared.cipher {
            let body = cipher.unwrap_response(response.status, &response.body)?;
            return Ok(HttpResponse { body, ..response });
        }
        Ok(response)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let timeout_ms = request.timeout_ms;
        self.transport.send(request).await.map_err(|e| match e {
            TransportError::Network(message) => Error::Network { message, sent: true },
            TransportError::Connect(message) => Error::Network { message, sent: false },
            TransportError::Timeout => Error::Timeout { timeout_ms, sent: true },
            TransportError::Aborted => Error::Aborted { sent: true },
            TransportError::AbortedBeforeSend => Error::Aborted { sent: false },
        })
    }

    /// A usable token: the cached one while fresh, else a new one (one request at a time).
    async fn token(&self, clock: &Clock, request_id: &str) -> Result<Secret, Error> {
        let mut slot = self.bounded(self.shared.tokens.lock(), clock).await?;
        if let Some(cached) = &slot.current {
            if cached.is_fresh(self.transport.now_ms()) {
                return Ok(cached.info.access_token.clone());
            }
        }
        self.renew(&mut slot, clock, request_id).await.map(|c| c.info.access_token)
    }

    /// After a 401: drop `refused` (unless another call already replaced it) and get a new
    /// token. `None` when no new token can be had (a fixed access token).
    async fn renew_after_refusal(&self, refused: &Secret, clock: &Clock, request_id: &str) -> Result<Option<Secret>, Error> {
        if matches!(self.shared.config.auth, Auth::AccessToken(_)) {
            return Ok(None);
        }
        let mut slot = self.bounded(self.shared.tokens.lock(), clock).await?;
        if let Some(cached) = &slot.current {
            if &cached.info.access_token != refused && cached.is_fresh(self.transport.now_ms()) {
                return Ok(Some(cached.info.access_token.clone()));
            }
        }
        slot.current = None;
        self.renew(&mut slot, clock, request_id).await.map(|c| Some(c.info.access_token))
    }

    /// Gets a new token, with the slot locked so that concurrent callers wait for it. A token
    /// provider that never answers holds the slot only until this call's deadline: the call
    /// then ends, the slot is free, and the next call asks the provider again.
    async fn renew(&self, slot: &mut TokenSlot, clock: &Clock, request_id: &str) -> Result<CachedToken, Error> {
        if let Some(rejected) = self.shared.rejected.borrow().as_ref() {
            return Err(rejected.clone());
        }
        let info = match &self.shared.config.auth {
            Auth::AccessToken(token) => TokenInfo { access_token: token.clone(), token_type: Some("bearer".to_owned()), expires_in: None, scope: None },
            Auth::Provider(provider) => self.bounded(provider.fetch_token(), clock).await??,
            Auth::Credentials(credentials) => {
                let remaining = clock.remaining(self.transport.now_ms());
                if remaining == 0 {
                    return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false });
                }
                let request = credentials.token_request(self.token_base(), remaining as u32);
                let response = self.send_observed("token", request, request_id, 1).await?;
                match decode_token(&response) {
                    Ok(info) => info,
                    Err(e) => {
                        if matches!(e, Error::Auth { .. }) {
                            *self.shared.rejected.borrow_mut() = Some(e.clone());
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

/// A call's time limit, counted from its start: every attempt, wait and token fetch of the
/// call fits in it.
struct Clock {
    timeout_ms: u32,
    deadline_ms: f64,
}

impl Clock {
    fn start(timeout_ms: u32, now_ms: f64) -> Clock {
        Clock { timeout_ms, deadline_ms: now_ms + f64::from(timeout_ms) }
    }

    /// Whole ms left (0 when the deadline has passed), never more than the time limit.
    fn remaining(&self, now_ms: f64) -> u64 {
        let left = (self.deadline_ms - now_ms).clamp(0.0, f64::from(self.timeout_ms));
        left as u64
    }
}

/// The error with a note on why it was not retried, where that is not obvious.
fn with_note(error: Error, note: Option<String>) -> Error {
    let Some(note) = note else { return error };
    match error {
        Error::Api { status, code, message, body, earlier_attempt_uncertain } => {
            Error::Api { status, code, message: format!("{message} ({note})"), body, earlier_attempt_uncertain }
        }
        other => other,
    }
}

/// Maps a data call's response: 2xx through the envelope, 401/403 to `auth`, other
/// statuses to `api` with the server's message.
fn open_data(response: HttpResponse, lenient: bool, text: bool) -> Result<(Payload, String), Error> {
    let HttpResponse { status, body, .. } = response;
    match status {
        200..=299 if lenient => envelope::open_lenient(status, &body).map(|payload| (Payload::Value(payload), body)),
        200..=299 if text => envelope::open_text(status, &body).map(|payload| (payload, body)),
        200..=299 => envelope::open(status, &body).map(|payload| (Payload::Value(payload), body)),
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

macro_rules! client_common {
    ($name:ident) => {
        impl<T: Clone> Clone for $name<T> {
            fn clone(&self) -> Self {
                $name(Core { shared: self.0.shared.clone(), transport: self.0.transport.clone() })
            }
        }

        impl<T> std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).field("config", &self.0.shared.config).finish_non_exhaustive()
            }
        }
    };
}

/// The EnKash partner client: allocation, account reads, incentives, coins and SSO.
/// Cheap to clone: clones share configuration and token.
pub struct Client<T>(Core<T>);
client_common!(Client);

impl<T: Transport> Client<T> {
    /// Checks the configuration (a partner id is required) and builds a client. Nothing is
    /// sent yet.
    pub fn new(config: ClientConfig, transport: T) -> Result<Self, Error> {
        Core::new(config, transport, true).map(Client)
    }

    /// The same client (same configuration and token cache) over another transport: how the
    /// JS layer gives each call its own AbortSignal.
    pub fn with_transport<U: Transport>(&self, transport: U) -> Client<U> {
        Client(self.0.with_transport(transport))
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.0.config()
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.0.transport
    }

    /// Pays many rows through the bulk endpoint, in batches, safely re-runnable: see
    /// [`crate::bulk`]. One outcome per row, in input order.
    pub async fn allocate_rewards<S>(
        &self,
        rows: S,
        total_hint: Option<usize>,
        options: &crate::bulk::RunOptions,
        call: &CallOptions,
        on_progress: &mut dyn FnMut(crate::bulk::Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<crate::bulk::RunReport, Error>
    where
        S: futures_util::Stream,
        S::Item: crate::bulk::RowSource,
    {
        crate::bulk::allocate_rewards(self, rows, total_hint, options, call, on_progress, cancelled).await
    }

    /// Fetches a new token now (normally automatic) and caches it.
    pub async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        self.0.authenticate(options).await
    }

    /// Whether the token endpoint has rejected this client's credentials (they are never sent
    /// again: three rejected attempts lock the account).
    pub fn credentials_rejected(&self) -> bool {
        self.0.shared.rejected.borrow().is_some()
    }

    /// Create And Allocate Points: credits (or debits) one person's reward card.
    pub async fn create_and_allocate_points(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Bulk Create And Allocate Rewards: one request with many rows. The answer lists the
    /// rows that were paid and the rows that failed with their reasons.
    pub async fn bulk_create_and_allocate_rewards(&self, request: &BulkRequest, options: &CallOptions) -> Result<BulkResult, Error> {
        self.0.call_text(request.to_endpoint()?, options).await
    }

    /// The same request as [`Self::bulk_create_and_allocate_rewards`], reading only what the
    /// bulk engine needs of the answer.
    /// `attempts` counts the requests sent (retries included).
    pub(crate) async fn bulk_settle(
        &self,
        request: &BulkRequest,
        options: &CallOptions,
        attempts: &std::cell::Cell<u32>,
    ) -> Result<crate::allocation::BulkSettlement, Error> {
        let (status, payload, body) = self.0.call_untyped(request.to_endpoint()?, options, true, attempts).await?;
        envelope::decode_payload_text(status, payload, &body)
    }

    /// Single Sign On: a token for the EnKash rewards pages of one card.
    pub async fn sso_token(&self, request: &SsoRequest, options: &CallOptions) -> Result<SsoToken, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// The SSO landing URL, with `ssoHost` from the input or else from the configuration.
    pub fn sso_redirect_url(&self, input: &SsoRedirect) -> Result<String, Error> {
        let mut input = input.clone();
        if input.sso_host.trim().is_empty() {
            input.sso_host = self.config().sso_host.clone().unwrap_or_default();
        }
        sso_redirect_url(&input)
    }

    /// Get Reward Account Details.
    pub async fn get_reward_account_details(&self, request: &AccountDetailsRequest, options: &CallOptions) -> Result<AccountDetails, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get Reward Transaction Details: one page. Walk all pages with [`crate::paging::Pager`].
    pub async fn get_reward_transaction_details(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
        options: &CallOptions,
    ) -> Result<TransactionPage, Error> {
        self.0.call(filter.to_endpoint("getRewardTransactionDetails", page)?, options).await
    }

    /// Looks up the allocation paid under a reference, through the transaction search by
    /// `pgReferenceNumber`: `Some(transaction)` when the server lists a transaction with exactly
    /// that reference, `None` when the search (every page of it) lists none.
    ///
    /// What is known: a match proves the server recorded a transaction under the reference.
    /// What is not: the search's path and answer are inferred (the portal leaves them
    /// UNKNOWN), and a transaction may be listed with a delay, so `None` is not proof that
    /// nothing was paid; a `duplicateReference` refusal of the same reference is stronger
    /// evidence that it exists. Use it to confirm, not to decide to pay again.
    pub async fn find_allocation(
        &self,
        lookup: &crate::account::AllocationLookup,
        options: &CallOptions,
    ) -> Result<Option<crate::account::Transaction>, Error> {
        let filter = lookup.to_filter()?;
        let wanted = lookup.reference.trim();
        // One time limit for the whole lookup, however many pages it reads.
        let clock = Clock::start(self.0.timeout(options)?, self.0.transport.now_ms());
        let mut pager = crate::paging::Pager::new(PageRequest { page_size: Some(100), offset: None });
        while let Some(page_request) = pager.next() {
            let remaining = clock.remaining(self.0.transport.now_ms());
            if remaining == 0 {
                return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: true });
            }
            let page_options = CallOptions { timeout_ms: Some(remaining as u32), ..*options };
            let page = match self.get_reward_transaction_details(&filter, &page_request, &page_options).await {
                Err(Error::Timeout { sent, .. }) => return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent }),
                other => other?,
            };
            if let Some(found) = page.data.iter().find(|t| t.pg_reference_number.as_deref().map(str::trim) == Some(wanted)) {
                return Ok(Some(found.clone()));
            }
            pager.advance(&page);
        }
        Ok(None)
    }

    /// Get User Details: the cards of a reward account.
    pub async fn get_user_details(&self, request: &UserDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get User Card Details: the cards of a reward account, or one card.
    pub async fn get_user_card_details(&self, request: &UserCardDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Incentive Create And Allocation (same body as reward allocation).
    pub async fn incentive_create_and_allocate(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.0.call(incentive_allocation_endpoint(request)?, options).await
    }

    /// Get Incentive Transaction Details: one page.
    pub async fn get_incentive_transaction_details(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
        options: &CallOptions,
    ) -> Result<TransactionPage, Error> {
        self.0.call(filter.to_endpoint("getIncentiveTransactionDetails", page)?, options).await
    }

    /// Get User Details under incentive allocation (card id required).
    pub async fn get_incentive_user_details(&self, request: &IncentiveUserDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Create Event: a coin cashback rule.
    pub async fn create_coin_event(&self, request: &CoinEventRequest, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get Event.
    pub async fn get_coin_event(&self, coin_config_id: &str, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(coins::get_event_endpoint(coin_config_id)?, options).await
    }

    /// Update Event.
    pub async fn update_coin_event(&self, coin_config_id: &str, patch: &CoinEventPatch, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(coins::update_event_endpoint(coin_config_id, patch)?, options).await
    }

    /// Allocate Coins for an event, once per `requestId`. Returns the server's message.
    pub async fn allocate_coins(&self, request: &AllocateCoinsRequest, options: &CallOptions) -> Result<String, Error> {
        self.0.call::<CoinAllocationMessage>(request.to_endpoint()?, options).await.map(|m| m.0)
    }

    /// Get Balance: a user's coins.
    pub async fn get_coin_balance(&self, user_id: &str, options: &CallOptions) -> Result<f64, Error> {
        self.0.call::<CoinBalance>(coins::balance_endpoint(user_id)?, options).await.map(|b| b.0)
    }
}

/// The end user's redemption client (voucher store), with the end user's own token and no
/// partner id. Cheap to clone.
pub struct RedemptionClient<T>(Core<T>);
client_common!(RedemptionClient);

impl<T: Transport> RedemptionClient<T> {
    /// Checks the configuration and builds a client. Nothing is sent yet.
    pub fn new(mut config: ClientConfig, transport: T) -> Result<Self, Error> {
        config.partner_id = None;
        Core::new(config, transport, false).map(RedemptionClient)
    }

    /// The same client over another transport.
    pub fn with_transport<U: Transport>(&self, transport: U) -> RedemptionClient<U> {
        RedemptionClient(self.0.with_transport(transport))
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.0.config()
    }

    /// User Authentication: fetches the end user's token now (normally automatic).
    pub async fn authenticate_user(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        self.0.authenticate(options).await
    }

    /// Get Cart: the user's carts for a product.
    pub async fn get_cart(&self, query: &CartQuery, options: &CallOptions) -> Result<Vec<Cart>, Error> {
        self.0.call(query.to_endpoint()?, options).await
    }

    /// Search Catalog (UNKNOWN path and answer; see [`crate::redemption`]).
    pub async fn search_catalog(&self, query: &CatalogQuery, options: &CallOptions) -> Result<crate::paging::Page<Product>, Error> {
        self.0.call(query.to_endpoint()?, options).await
    }

    /// Get Product Catalog Details (UNKNOWN path; see [`crate::redemption`]).
    pub async fn get_product_catalog_details(&self, product_catalog_id: &str, options: &CallOptions) -> Result<Product, Error> {
        self.0.call(redemption::catalog_details_endpoint(product_catalog_id)?, options).await
    }

    /// Get Product Configs: a product's denominations.
    pub async fn get_product_configs(&self, product_catalog_id: &str, options: &CallOptions) -> Result<Product, Error> {
        self.0.call(redemption::product_configs_endpoint(product_catalog_id)?, options).await
    }

    /// Add to cart.
    pub async fn add_to_cart(&self, request: &AddToCartRequest, options: &CallOptions) -> Result<Cart, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Update Cart.
    pub async fn update_cart(&self, request: &UpdateCartRequest, options: &CallOptions) -> Result<Cart, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Create Order: buys vouchers, paid from the user's points.
    pub async fn create_order(&self, request: &CreateOrderRequest, options: &CallOptions) -> Result<Order, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Order Search: one page.
    pub async fn search_orders(&self, filter: &OrderFilter, page: &PageRequest, options: &CallOptions) -> Result<OrderPage, Error> {
        self.0.call(filter.to_endpoint(page)?, options).await
    }

    /// Fetch Order Info, vouchers included (their numbers and PINs are [`Secret`]s).
    pub async fn fetch_order_info(&self, order_id: &Id, options: &CallOptions) -> Result<Order, Error> {
        self.0.call(redemption::order_info_endpoint(order_id, self.config().legacy_order_info)?, options).await
    }
}

pub use crate::retry::parse_retry_after;
