//! A request as an API area describes it: which endpoint, method, path template and its
//! parameters, query, JSON body, which host and how strictly to read the answer. The client
//! adds base URL, headers, auth and (optionally) encryption.

use crate::error::Error;
use crate::transport::{encode_form, Method};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every endpoint's name, as accepted in the client's `paths` overrides.
pub const ENDPOINT_NAMES: &[&str] = &[
    "createAndAllocatePoints",
    "bulkCreateAndAllocateRewards",
    "ssoToken",
    "getRewardAccountDetails",
    "getRewardTransactionDetails",
    "getUserDetails",
    "getUserCardDetails",
    "incentiveCreateAndAllocate",
    "getIncentiveTransactionDetails",
    "getIncentiveUserDetails",
    "getCart",
    "searchCatalog",
    "getProductCatalogDetails",
    "getProductConfigs",
    "addToCart",
    "updateCart",
    "createOrder",
    "searchOrders",
    "fetchOrderInfo",
    "fetchOrderInfoLegacy",
    "createCoinEvent",
    "getCoinEvent",
    "updateCoinEvent",
    "allocateCoins",
    "getCoinBalance",
];

/// Which configured host an endpoint lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `baseUrl`: token, allocation, account, incentive, coins, SSO token.
    Api,
    /// `redemptionBaseUrl` (falls back to `baseUrl`): the end user's store.
    Redemption,
}

/// An [`Endpoint`] and the type its answer is read into: what every `to_endpoint` (and
/// `*_endpoint`) in [`crate::api`] returns, so that the area file names the answer type
/// once: the Rust client decodes that type, the JS layer reads the answer by that type's
/// table ([`crate::wire::schema::Described`]). Derefs to the endpoint.
pub struct Typed<R> {
    endpoint: Endpoint,
    answer: std::marker::PhantomData<fn() -> R>,
}

impl<R> Typed<R> {
    /// The endpoint alone (for a caller that reads the answer into another type, such as the
    /// bulk engine's `BulkSettlement`).
    pub fn into_endpoint(self) -> Endpoint {
        self.endpoint
    }
}

impl<R> std::ops::Deref for Typed<R> {
    type Target = Endpoint;
    fn deref(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl<R> Clone for Typed<R> {
    fn clone(&self) -> Self {
        self.endpoint.clone().answers()
    }
}

impl<R> PartialEq for Typed<R> {
    fn eq(&self, other: &Self) -> bool {
        self.endpoint == other.endpoint
    }
}

impl<R> std::fmt::Debug for Typed<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.endpoint.fmt(f)
    }
}

/// One request, before base URL and auth are added.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint's name, as used in the `paths` override map (e.g. `getCoinEvent`).
    pub name: &'static str,
    /// Method.
    pub method: Method,
    /// Default path template, with `{param}` placeholders.
    pub path: &'static str,
    /// Values for the placeholders (percent-encoded when substituted).
    pub params: Vec<(&'static str, String)>,
    /// Query pairs.
    pub query: Vec<(&'static str, String)>,
    /// JSON body text.
    pub body: Option<String>,
    /// Host.
    pub host: Host,
    /// Whether a bare JSON answer (no envelope) is accepted as the payload: for endpoints
    /// whose answer the portal does not document.
    pub lenient: bool,
    /// Whether sending it again cannot change anything twice: reads (GET, and POST searches),
    /// setting operations, and writes that carry the caller's idempotency key. Only these
    /// are retried after a fault that may have reached the server.
    pub retry_safe: bool,
    /// The idempotency key its body carries, for a keyed write: a refusal of that key as
    /// already used is a [`crate::Error::DuplicateReference`] (read by `wire::answer::classify`).
    pub key: Option<IdempotencyKey>,
}

/// The idempotency key a write carries, so that the server applies it at most once. Which
/// words name it in the server's refusals is known in one place, `wire::answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdempotencyKey {
    /// `uniqueReferenceNumber` (allocations, incentives, and each bulk row).
    UniqueReference,
    /// `requestId` (coin allocations).
    RequestId,
    /// `orderReferenceId` (orders).
    OrderReference,
}

impl Endpoint {
    /// This endpoint with the type of its answer (see [`Typed`]).
    pub fn answers<R>(self) -> Typed<R> {
        Typed { endpoint: self, answer: std::marker::PhantomData }
    }

    /// An endpoint with no parameters, query or body, on the API host.
    pub fn new(name: &'static str, method: Method, path: &'static str) -> Self {
        Endpoint {
            name,
            method,
            path,
            params: Vec::new(),
            query: Vec::new(),
            body: None,
            host: Host::Api,
            lenient: false,
            retry_safe: method == Method::Get,
            key: None,
        }
    }

    /// Marks a keyed write: its body carries `key` (see [`Endpoint::key`]).
    pub fn keyed_by(mut self, key: IdempotencyKey) -> Self {
        self.key = Some(key);
        self
    }

    /// Sets a path parameter.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    /// Adds a query pair.
    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        self.body = Some(serde_json::to_string(body).map_err(|e| Error::config(format!("could not serialize the request: {e}")))?);
        Ok(self)
    }

    /// Moves the endpoint to the redemption host.
    pub fn redemption(mut self) -> Self {
        self.host = Host::Redemption;
        self
    }

    /// Marks the endpoint safe to send again (see [`Endpoint::retry_safe`]).
    pub fn retry_safe(mut self) -> Self {
        self.retry_safe = true;
        self
    }

    /// Accepts a bare JSON answer as the payload.
    pub fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }

    /// The path with parameters substituted and the query appended, using `overrides`
    /// (endpoint name -> path template) where it names this endpoint.
    pub fn path_and_query(&self, overrides: &BTreeMap<String, String>) -> String {
        let mut path = overrides.get(self.name).map_or(self.path, String::as_str).to_owned();
        for (name, value) in &self.params {
            path = path.replace(&format!("{{{name}}}"), &encode_segment(value));
        }
        if !self.query.is_empty() {
            path.push(if path.contains('?') { '&' } else { '?' });
            path.push_str(&encode_form(self.query.iter().map(|(k, v)| (*k, v.as_str()))));
        }
        path
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every endpoint name the area files build (a literal after `Endpoint::new(` or after
    /// `to_endpoint(` for the two transaction searches) is in `ENDPOINT_NAMES`, and nothing
    /// else is: a new endpoint cannot be left out of the names that `paths` accepts.
    #[test]
    fn the_name_list_is_the_area_files_endpoints() {
        let areas = [
            include_str!("../api/account.rs"),
            include_str!("../api/allocation.rs"),
            include_str!("../api/auth.rs"),
            include_str!("../api/coins.rs"),
            include_str!("../api/incentive.rs"),
            include_str!("../api/redemption.rs"),
        ];
        let mut built: Vec<&str> = areas
            .iter()
            .flat_map(|text| ["Endpoint::new(\"", "to_endpoint(\""].into_iter().flat_map(move |opening| text.split(opening).skip(1)))
            .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
            .collect();
        built.sort_unstable();
        built.dedup();
        let mut listed = ENDPOINT_NAMES.to_vec();
        listed.sort_unstable();
        assert_eq!(built, listed);
    }

    #[test]
    fn paths_take_parameters_overrides_and_queries() {
        let ep = Endpoint::new("getCoinEvent", Method::Get, "/api/v0/enkash-coins/{coinConfigId}").param("coinConfigId", "a b/c").query("x", "1&2");
        assert_eq!(ep.path_and_query(&BTreeMap::new()), "/api/v0/enkash-coins/a%20b%2Fc?x=1%262");
        let mut o = BTreeMap::new();
        o.insert("getCoinEvent".to_owned(), "/v2/coins/{coinConfigId}?v=2".to_owned());
        assert_eq!(ep.path_and_query(&o), "/v2/coins/a%20b%2Fc?v=2&x=1%262");
    }
}
