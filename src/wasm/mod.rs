//! The JavaScript binding: conversions, `EnKashError`, callbacks and AbortSignal. Every rule
//! (ranges, defaults, validation, retries) is in the plain-Rust core; what is here is what only
//! JS needs: reading JS values safely (getters that throw, revoked proxies, depth and size
//! limits, NaN and Infinity, which JSON would turn into null, reported as such), and turning
//! results and errors back into JS values.
//!
//! - `call.rs`: the one path of every method that sends one request (options, send, answer to JS).
//! - `client.rs`, `redemption.rs`: the two JS classes; each method builds its endpoint and names
//!   its answer type. `bulk.rs`: `allocateRewards` and the CSV helpers. `iter.rs`: page iterators.
//! - `read.rs`: reading JS arguments safely. `config.rs`: configuration, options, hooks, token
//!   provider. `errors.rs`: answers and errors handed to JS. `fetch.rs`: the fetch transport.
//! - This file: the free functions (validators, dates, version, payload encryption) and the
//!   TypeScript declarations that no Rust type generates.

mod bulk;
mod call;
mod client;
mod config;
mod errors;
pub(crate) mod fetch;
mod iter;
mod read;
mod redemption;

pub use bulk::{outcomes_to_csv, parse_recipients_csv};
pub use client::JsClient;
pub use iter::PageIterator;
pub use redemption::JsRedemptionClient;

// What the JS classes and helpers use of the three files they share.
pub(crate) use config::{check_call_options, check_keys, config_from_js, options_from_js, ConfigFor, ITERATE_OPTION_KEYS};
pub(crate) use errors::{error_to_js, field_errors_to_js, json_to_js, to_js};
pub(crate) use read::{
    allocation_from_js, array_of, bulk_from_js, copy_object, guard, id_arg, input, input_loose_required, length_of, loose, page_arg, read, refine_non_finite,
    refined, string_arg, thrown_text, to_json_named, to_json_text, unreadable, utf8_of,
};

use crate::allocation;
use crate::client::CallOptions;
use crate::error::Error;
#[cfg(feature = "encryption")]
use crate::secret::Secret;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Partner credentials for the password grant. Server side only: never ship them to a browser. */
export interface Credentials {
    clientId: string;
    clientSecret: string;
    username: string;
    password: string;
}

interface CommonConfig {
    /** Base URL of the Reward APIs, e.g. "https://pay-en-uat.enkash.in". No default: the SDK never picks a host for you. */
    baseUrl: string;
    /** Host of the redemption endpoints, when it differs from baseUrl (e.g. "https://marketplace-uat.enkash.in"). */
    redemptionBaseUrl?: string;
    /** Time limit of one call in ms, whole body included (default 30000, at most 600000). */
    timeoutMs?: number;
    /** Path templates by endpoint name, replacing the defaults where the portal is uncertain,
     * e.g. { incentiveCreateAndAllocate: "/api/v0/partner/enKashCard/points/allocate" }. */
    paths?: Partial<Record<EndpointName, string>>;
    /** Encrypt request bodies and decrypt answers (AES-128-ECB, key from the client secret). Node only; needs credentials. */
    encryptPayloads?: boolean;
    /** Retries of one call (default 2, at most 10), only where repeating cannot apply anything twice. */
    maxRetries?: number;
    /** Observe every request, response and retry; secrets are redacted. */
    hooks?: Hooks;
}

/** Request, response and retry observers. Authorization, secrets, tokens, voucher numbers and PINs are never in an event. */
export interface Hooks {
    onRequest?: (event: RequestEvent) => void;
    onResponse?: (event: ResponseEvent) => void;
    onRetry?: (event: RetryEvent) => void;
    /** Include (redacted) bodies in events. */
    includeBodies?: boolean;
}

/** Names accepted in `paths`. */
export type EndpointName =
    | "createAndAllocatePoints" | "bulkCreateAndAllocateRewards" | "ssoToken" | "getRewardAccountDetails"
    | "getRewardTransactionDetails" | "getUserDetails" | "getUserCardDetails" | "incentiveCreateAndAllocate"
    | "getIncentiveTransactionDetails" | "getIncentiveUserDetails" | "getCart" | "searchCatalog"
    | "getProductCatalogDetails" | "getProductConfigs" | "addToCart" | "updateCart" | "createOrder"
    | "searchOrders" | "fetchOrderInfo" | "fetchOrderInfoLegacy" | "createCoinEvent" | "getCoinEvent"
    | "updateCoinEvent" | "allocateCoins" | "getCoinBalance";

interface ClientConfigBase extends CommonConfig {
    /** Partner id, sent as the `partnerId` header. */
    partnerId: string;
    /** SSO landing host, the default for ssoRedirectUrl (UAT "https://invoice-uat.enkash.in", production "https://home.enkash.com"). */
    ssoHost?: string;
}

interface RedemptionConfigBase extends CommonConfig {
    /** Use the older `GET /api/v0/partner/fetch-order-details/{id}` for fetchOrderInfo. */
    legacyOrderInfo?: boolean;
}

type AuthChoice =
    | { credentials: Credentials; accessToken?: never; tokenProvider?: never }
    | { accessToken: string; credentials?: never; tokenProvider?: never }
    | {
          /** Mints a token elsewhere (your backend): the browser-safe way. Called again when the token expires or is refused. */
          tokenProvider: () => Promise<TokenInfo> | TokenInfo;
          credentials?: never;
          accessToken?: never;
      };

/** Configuration of RedemptionClient (an end user's own credentials or token; no partnerId). */
export type RedemptionClientConfig = RedemptionConfigBase & AuthChoice;

/** Options of an iterator: records per request (1 to 1000, default 50) and where to start. */
export interface IterateOptions extends CallOptions {
    pageSize?: number;
    offset?: number;
}

/** Client configuration: exactly one of `credentials`, `accessToken` or `tokenProvider`. */
export type ClientConfig = ClientConfigBase & (
    | { credentials: Credentials; accessToken?: never; tokenProvider?: never }
    | { accessToken: string; credentials?: never; tokenProvider?: never }
    | {
          /** Mints a token elsewhere (your backend): the browser-safe way. Called again when the token expires or is refused. */
          tokenProvider: () => Promise<TokenInfo> | TokenInfo;
          credentials?: never;
          accessToken?: never;
      }
);

/** Options of one call. */
export interface CallOptions {
    /** Cancels the call at once; it then rejects with kind "aborted". */
    signal?: AbortSignal;
    /** This call's time limit in ms, instead of the client's. */
    timeoutMs?: number;
    /** This call's retries, instead of the client's. */
    maxRetries?: number;
}

/** What went wrong: see EnKashError. */
export type EnKashErrorKind = "validation" | "api" | "duplicateReference" | "auth" | "network" | "timeout" | "decode" | "aborted";
"#;

/// Checks a Create And Allocate Points request without sending anything. Returns every
/// problem as a field error; an empty array means the request may be sent.
///
/// Takes `unknown` (form values, parsed JSON): checking what it is, is its job.
#[wasm_bindgen(js_name = validateAllocation, unchecked_return_type = "FieldError[]")]
pub fn validate_allocation(#[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue) -> JsValue {
    field_errors_to_js(&allocation_from_js(&request).err().unwrap_or_default())
}

/// Checks bulk rows without sending anything: each row's fields, duplicate references and
/// an empty list. Each error carries its `row` index.
/// Takes `unknown`, like `validateAllocation`.
#[wasm_bindgen(js_name = validateBulkRows, unchecked_return_type = "FieldError[]")]
pub fn validate_bulk_rows(#[wasm_bindgen(unchecked_param_type = "unknown")] rows: JsValue) -> JsValue {
    let errors = match to_json_text(&rows, "rows") {
        Ok(Some(text)) => allocation::validate_rows_text(&text),
        Ok(None) => allocation::rows_from_json(serde_json::Value::Null).err().unwrap_or_default(),
        Err(errors) => errors,
    };
    field_errors_to_js(&refine_non_finite(&rows, errors, None))
}

/// Reads a portal date ("Jun 20, 2024 2:56:47 PM" or ISO) as "YYYY-MM-DDTHH:MM:SS" (no
/// time zone), or `undefined` when the text is in neither form.
#[wasm_bindgen(js_name = parsePortalDate)]
pub fn parse_portal_date(#[wasm_bindgen(unchecked_param_type = "unknown")] text: JsValue) -> Option<String> {
    crate::types::parse_portal_date(&text.as_string()?)
}

/// The SDK's version.
#[wasm_bindgen(js_name = sdkVersion)]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Encrypts text the way `encryptPayloads` does (AES-128-ECB, PKCS#7, key = first 16 bytes
/// of SHA-256(clientSecret)), to Base64. Node build only.
#[cfg(feature = "encryption")]
#[wasm_bindgen(js_name = encryptPayload)]
pub fn encrypt_payload(
    #[wasm_bindgen(unchecked_param_type = "string")] client_secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] plaintext: JsValue,
) -> Result<String, JsValue> {
    let (secret, text) = (string_arg(&client_secret, "clientSecret")?, string_arg(&plaintext, "plaintext")?);
    Ok(crate::crypto::PayloadCipher::from_secret(&Secret::new(secret)).encrypt(&text))
}

/// Decrypts what [`encrypt_payload`] produces. Throws an `EnKashError` (kind "decode") on a
/// wrong key or damaged text. Node build only.
#[cfg(feature = "encryption")]
#[wasm_bindgen(js_name = decryptPayload)]
pub fn decrypt_payload(
    #[wasm_bindgen(unchecked_param_type = "string")] client_secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] ciphertext: JsValue,
) -> Result<String, JsValue> {
    let (secret, text) = (string_arg(&client_secret, "clientSecret")?, string_arg(&ciphertext, "ciphertext")?);
    crate::crypto::PayloadCipher::from_secret(&Secret::new(secret)).decrypt(&text).map_err(|why| {
        error_to_js(Error::Decode { status: 0, message: format!("could not decrypt: {why}"), body: String::new(), earlier_attempt_uncertain: false })
    })
}

/// Builds the SSO landing URL `{ssoHost}/sso/{accessToken}/{audience}/{partner}` (audience
/// `employee_rewards` or `reward_account`). Pure: nothing is sent.
#[wasm_bindgen(js_name = ssoRedirectUrl)]
pub fn sso_redirect_url(#[wasm_bindgen(unchecked_param_type = "SsoRedirect")] request: JsValue) -> Result<String, JsValue> {
    // Read, then its rules checked once, by sso_redirect_url.
    let parsed: crate::auth::SsoRedirect = read(&request).map_err(error_to_js)?;
    crate::auth::sso_redirect_url(&parsed).map_err(|e| error_to_js(refined(&request, e)))
}

/// Runs one call as a Promise: the prepared client (or the input error), then the call,
/// then the answer converted to JS. Shared by both JS clients.
pub(crate) fn spawn<C, F, Fut, R>(prepared: Result<(C, CallOptions), Error>, f: F) -> js_sys::Promise
where
    C: 'static,
    F: FnOnce(C, CallOptions) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<R, Error>> + 'static,
    R: Serialize,
{
    promise(Box::pin(async move {
        let (client, opts) = prepared.map_err(error_to_js)?;
        let result = f(client, opts).await.map_err(error_to_js)?;
        to_js(&result)
    }))
}

/// One `future_to_promise` for every method: a boxed future instead of one instantiation of
/// the promise machinery per method (bench/README.md).
pub(crate) fn promise(future: futures_util::future::LocalBoxFuture<'static, Result<JsValue, JsValue>>) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(future)
}
