//! The clients: [`Client`] for the partner APIs (allocation, account, incentive, coins, SSO)
//! and [`RedemptionClient`] for an end user's store. Both share the configuration checks, the
//! token cache and the one private request path that every endpoint goes through (host,
//! path overrides, headers, auth, 401 renewal, optional encryption, error mapping).

use crate::account::{AccountDetails, AccountDetailsRequest, CardPage, TransactionFilter, TransactionPage, UserCardDetailsRequest, UserDetailsRequest};
use crate::allocation::{AllocationRequest, BulkRequest, BulkResult, Card};
use crate::auth::{decode_token, sso_redirect_url, Auth, CachedToken, SsoRedirect, SsoRequest, SsoToken, TokenInfo};
use crate::coins::{self, AllocateCoinsRequest, CoinAllocationMessage, CoinBalance, CoinEvent, CoinEventPatch, CoinEventRequest};
use crate::endpoint::{Endpoint, Host, ENDPOINT_NAMES};
use crate::envelope;
use crate::error::Error;
use crate::http::{join_url, HttpRequest, HttpResponse, Transport, TransportError};
use crate::incentive::{incentive_allocation_endpoint, IncentiveUserDetailsRequest};
use crate::paging::PageRequest;
use crate::redemption::{self, AddToCartRequest, Cart, CartQuery, CatalogQuery, CreateOrderRequest, Order, OrderFilter, OrderPage, Product, UpdateCartRequest};
use crate::secret::Secret;
use crate::types::Id;
use futures_util::lock::Mutex;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
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
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(['?', '#', ' ']) {
        return Err(Error::config(format!("{field} must be an http(s) URL without query or fragment, got {u:?}")));
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
        let timeout = self.timeout(options)?;
        let mut slot = self.shared.tokens.lock().await;
        self.renew(&mut slot, timeout).await.map(|c| c.info)
    }

    /// The one request path: token, headers, send, 401 renewal, decryption, envelope.
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
            let response = self.decrypt(response)?;
            return decode_data(response, endpoint.lenient);
        }
    }

    fn data_request(&self, endpoint: &Endpoint, token: &Secret, timeout_ms: u32) -> HttpRequest {
        let config = &self.shared.config;
        let base = match endpoint.host {
            Host::Api => &config.base_url,
            Host::Redemption => config.redemption_base_url.as_ref().unwrap_or(&config.base_url),
        };
        let mut headers = vec![
            ("Authorization".to_owned(), format!("Bearer {}", token.expose())),
            ("Accept".to_owned(), "application/json".to_owned()),
        ];
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
            return Ok(HttpResponse { status: response.status, body });
        }
        Ok(response)
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
                let request = credentials.token_request(self.token_base(), timeout_ms);
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
fn decode_data<R: DeserializeOwned>(response: HttpResponse, lenient: bool) -> Result<R, Error> {
    let HttpResponse { status, body } = response;
    match status {
        200..=299 if lenient => envelope::decode_lenient(status, &body),
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
    pub async fn allocate_rewards<S: futures_util::Stream<Item = serde_json::Value>>(
        &self,
        rows: S,
        total_hint: Option<usize>,
        options: &crate::bulk::RunOptions,
        call: &CallOptions,
        on_progress: &mut dyn FnMut(crate::bulk::Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<crate::bulk::RunReport, Error> {
        crate::bulk::allocate_rewards(self, rows, total_hint, options, call, on_progress, cancelled).await
    }

    /// Fetches a new token now (normally automatic) and caches it.
    pub async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        self.0.authenticate(options).await
    }

    /// Create And Allocate Points: credits (or debits) one person's reward card.
    pub async fn create_and_allocate_points(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Bulk Create And Allocate Rewards: one request with many rows. The answer lists the
    /// rows that were paid and the rows that failed with their reasons.
    pub async fn bulk_create_and_allocate_rewards(&self, request: &BulkRequest, options: &CallOptions) -> Result<BulkResult, Error> {
        self.0.call(request.to_endpoint()?, options).await
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
    pub async fn get_reward_transaction_details(&self, filter: &TransactionFilter, page: &PageRequest, options: &CallOptions) -> Result<TransactionPage, Error> {
        self.0.call(filter.to_endpoint("getRewardTransactionDetails", page)?, options).await
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
    pub async fn get_incentive_transaction_details(&self, filter: &TransactionFilter, page: &PageRequest, options: &CallOptions) -> Result<TransactionPage, Error> {
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
