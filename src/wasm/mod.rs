//! The JavaScript binding: conversions, `EnKashError`, callbacks and AbortSignal. Every rule
//! (ranges, defaults, validation, retries) is in the plain-Rust core; what is here is what only
//! JS needs: reading JS values safely (getters that throw, revoked proxies, depth and size
//! limits, NaN and Infinity, which JSON would turn into null, reported as such), and turning
//! results and errors back into JS values.

mod bulk;
mod client;
pub(crate) mod fetch;
mod iter;
mod redemption;

pub use bulk::{outcomes_to_csv, parse_recipients_csv};
pub use client::JsClient;
pub use iter::PageIterator;
pub use redemption::JsRedemptionClient;

use crate::allocation::{self, AllocationRequest, BulkRequest};
use crate::auth::{Auth, Credentials, TokenInfo, TokenProvider};
use crate::client::{CallOptions, ClientConfig};
use crate::error::{Error, FieldError, FieldErrorCode, ServerCode};
use crate::models::Request;
use crate::secret::Secret;
use crate::types::Id;
use futures_util::future::LocalBoxFuture;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

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

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called once by the package entry with the `EnKashError` class, so that errors thrown from
/// Rust are instances of it.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// Hands a value to JS as one JSON text and a native `JSON.parse` (measured faster than
/// building the object property by property across the boundary: see bench/README.md).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let failed = |message: String| {
        error_to_js(Error::Decode {
            status: 0,
            message: format!("could not convert the answer: {message}"),
            body: String::new(),
            earlier_attempt_uncertain: false,
        })
    };
    let text = serde_json::to_string(value).map_err(|e| failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| failed(thrown_text(&e)))
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Builds the JS error: an `EnKashError` (or a plain `Error` named so) with `kind`,
/// `status`, `code`, `fieldErrors` and `body`.
pub(crate) fn error_to_js(error: Error) -> JsValue {
    let fields = Object::new();
    set(&fields, "kind", &JsValue::from_str(error.kind()));
    set(&fields, "status", &error.status().map_or(JsValue::UNDEFINED, JsValue::from));
    let code = match error.server_code() {
        Some(ServerCode::Number(n)) => JsValue::from_f64(*n as f64),
        Some(ServerCode::Text(t)) => JsValue::from_str(t),
        None => JsValue::UNDEFINED,
    };
    set(&fields, "code", &code);
    let field_errors = field_errors_to_js(error.field_errors());
    set(&fields, "fieldErrors", &field_errors);
    set(&fields, "body", &error.body().map_or(JsValue::UNDEFINED, JsValue::from_str));
    set(&fields, "mayHaveBeenApplied", &JsValue::from_bool(error.may_have_been_applied()));
    if let Error::DuplicateReference { already_applied, .. } = &error {
        set(&fields, "alreadyApplied", &JsValue::from_bool(*already_applied));
    }
    let message = JsValue::from_str(&error.to_string());
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        if let Ok(e) = Reflect::construct(&class, &Array::of2(&message, &fields)) {
            return e;
        }
    }
    let e = js_sys::Error::new(&error.to_string());
    e.set_name("EnKashError");
    let _ = Object::assign(&e, &fields);
    e.into()
}

/// Deepest nesting accepted in any input (also what stops a circular object).
const MAX_DEPTH: usize = 64;
/// Most values (objects, arrays and leaves together) accepted in one input.
const MAX_NODES: usize = 20_000_000;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy (js-sys' own import does not catch).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.assign`, which runs the source's getters and traps (js-sys' own import does
    /// not catch what they throw).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn object_assign(target: &Object, source: &JsValue) -> Result<Object, JsValue>;
}

/// What a JS `throw` threw, as text, without converting the value itself (an object's
/// `toString` or `Symbol.toPrimitive` may throw again): an Error's message, a string, or
/// "it threw 42" / "it threw null" / "it threw undefined" / "it threw a symbol".
pub(crate) fn thrown_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    if value.is_undefined() {
        return "it threw undefined".to_owned();
    }
    if value.is_null() {
        return "it threw null".to_owned();
    }
    if let Some(b) = value.as_bool() {
        return format!("it threw {b}");
    }
    if let Some(n) = value.as_f64() {
        return format!("it threw {n}");
    }
    if value.is_symbol() {
        return "it threw a symbol".to_owned();
    }
    if value.is_bigint() {
        return "it threw a BigInt".to_owned();
    }
    // The message is read as a property (a Proxy's trap may throw) and only kept when it is
    // text. It is read from any object, not only this realm's `Error`s: an error made in another
    // realm (jsdom's, a `vm` context's, Next's edge sandbox) fails `instanceof Error` here.
    if let Some(message) = Reflect::get(value, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()) {
        return message;
    }
    if value.dyn_ref::<js_sys::Error>().is_some() {
        return "it threw an Error".to_owned();
    }
    "it threw an object that is not an Error".to_owned()
}

/// The array behind a JS value, if it is one: `Err` with the reason when the value cannot be
/// inspected at all (a revoked Proxy).
pub(crate) fn array_of(value: &JsValue) -> Result<Option<&Array>, String> {
    if !value.is_object() {
        return Ok(None);
    }
    match array_is_array(value) {
        Ok(true) => Ok(Some(value.unchecked_ref::<Array>())),
        Ok(false) => Ok(None),
        Err(_) => Err("it is a revoked Proxy".to_owned()),
    }
}

/// An array's length, read as a property (a Proxy's trap may throw or answer nonsense).
pub(crate) fn length_of(array: &Array) -> Result<u32, String> {
    let length = Reflect::get(array, &JsValue::from_str("length")).map_err(|e| thrown_text(&e))?;
    match length.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as u32),
        _ => Err("its length is not a whole number".to_owned()),
    }
}

/// The field error of an input that could not be read (a revoked Proxy, a getter or trap that
/// throws, text that is not JSON): `why` says what happened.
pub(crate) fn unreadable(field: &str, why: impl std::fmt::Display) -> FieldError {
    FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} could not be read: {why}"))
}

/// Refuses a value that cannot be read at all (a revoked Proxy), naming it.
pub(crate) fn readable(value: &JsValue, field: &str) -> Result<(), Error> {
    array_of(value).map(|_| ()).map_err(|why| Error::validation(vec![unreadable(field, why)]))
}

/// A shallow copy of a JS object's own properties (an empty object for anything else), or a
/// validation error naming `field` when a getter or trap throws.
pub(crate) fn copy_object(value: &JsValue, field: &str) -> Result<Object, Error> {
    if !value.is_object() {
        return Ok(Object::new());
    }
    object_assign(&Object::new(), value).map_err(|e| Error::validation(vec![unreadable(field, thrown_text(&e))]))
}

/// One property of a JS object, or a validation error naming `field` when reading it throws.
fn property(value: &JsValue, key: &str, field: &str) -> Result<JsValue, Error> {
    Reflect::get(value, &JsValue::from_str(key)).map_err(|e| Error::validation(vec![unreadable(field, thrown_text(&e))]))
}

/// Walks a JS value without recursion before anything converts it: too deep (or circular)
/// or too large an input, or a getter that throws, becomes an error here instead of
/// overflowing the wasm stack (which has no guard page) or unwinding through Rust.
pub(crate) fn guard(value: &JsValue, field: &str) -> Result<(), FieldError> {
    let bad = |name: &str, why: String| FieldError::new(name, FieldErrorCode::InvalidType, format!("{name} {why}"));
    // Each entry: the value, its depth, and the name of the field it sits in.
    let mut stack = vec![(value.clone(), 0usize, field.to_owned())];
    let mut nodes = 0usize;
    while let Some((v, depth, name)) = stack.pop() {
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(bad(field, format!("is too large (more than {MAX_NODES} values)")));
        }
        if !v.is_object() || v.is_function() {
            continue;
        }
        if depth >= MAX_DEPTH {
            return Err(bad(&name, format!("is nested more than {MAX_DEPTH} levels deep (or refers to itself)")));
        }
        if let Some(array) = array_of(&v).map_err(|why| bad(&name, format!("could not be read: {why}")))? {
            let n = length_of(array).map_err(|why| bad(&name, format!("could not be read: {why}")))?;
            if n as usize > crate::input::MAX_ITEMS {
                return Err(FieldError::new(
                    &name,
                    FieldErrorCode::OutOfRange,
                    format!("{name} has too many items ({n}; at most {} at once; allocateRewards takes any number of rows)", crate::input::MAX_ITEMS),
                ));
            }
            for i in 0..n {
                let item = Reflect::get_u32(array, i).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
                stack.push((item, depth + 1, name.clone()));
            }
            continue;
        }
        let keys = Reflect::own_keys(&v).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
        for key in keys.iter() {
            let item = Reflect::get(&v, &key).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
            stack.push((item, depth + 1, key.as_string().unwrap_or_else(|| name.clone())));
        }
    }
    Ok(())
}

/// Reads loose input into a JSON value. JS `NaN`/`Infinity` become `null` there, so their
/// fields are re-checked to report "out of range" instead of "required".
fn to_json(value: &JsValue) -> Result<serde_json::Value, Vec<FieldError>> {
    to_json_named(value, "request")
}

/// Reads a JS value as JSON through one native `JSON.stringify` and `serde_json` (measured
/// faster than walking the value and converting it piece by piece: see bench/README.md).
/// Cycles, throwing getters and BigInts become errors in `JSON.stringify`; nesting deeper
/// than `serde_json`'s limit (128) is refused by the parser: neither can overflow the stack.
pub(crate) fn to_json_named(value: &JsValue, field: &str) -> Result<serde_json::Value, Vec<FieldError>> {
    let Some(text) = to_json_text(value, field)? else { return Ok(serde_json::Value::Null) };
    serde_json::from_str(&text).map_err(|e| vec![unreadable(field, e)])
}

/// The JSON text of a JS value (`None` for undefined, a function or a symbol), after the
/// length check of [`too_many_items`].
fn to_json_text(value: &JsValue, field: &str) -> Result<Option<String>, Vec<FieldError>> {
    too_many_items(value, field).map_err(|e| vec![e])?;
    match js_sys::JSON::stringify(value) {
        Ok(t) if t.is_string() => Ok(Some(utf8_of(&t))),
        Ok(_) => Ok(None),
        Err(e) => Err(vec![unreadable(field, thrown_text(&e))]),
    }
}

#[wasm_bindgen]
extern "C" {
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_name = encode)]
    fn encode_value(this: &Utf8Encoder, text: &JsValue) -> js_sys::Uint8Array;
}

thread_local! {
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// A JS string's text. A large one goes through the native `TextEncoder` and one copy into
/// wasm memory: for megabytes of rows this is measured faster than the glue's
/// character-by-character copy, which is faster for small texts (bench/README.md).
/// `JSON.stringify` output is well-formed, so the lossy fallback never changes it.
pub(crate) fn utf8_of(text: &JsValue) -> String {
    // Small texts (one request) cross faster through the glue's own copy.
    if text.unchecked_ref::<js_sys::JsString>().length() < 16_384 {
        return text.as_string().unwrap_or_default();
    }
    let bytes = ENCODER.with(|e| e.encode_value(text)).to_vec();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A list too long to read at all is refused by its length, before being serialized: the
/// value itself, or one of its own properties (such as `rows`).
fn too_many_items(value: &JsValue, field: &str) -> Result<(), FieldError> {
    let check = |v: &JsValue, name: &str| -> Result<bool, FieldError> {
        let Some(a) = array_of(v).map_err(|why| unreadable(name, why))? else { return Ok(false) };
        let n = length_of(a).map_err(|why| unreadable(name, why))?;
        if n as usize > crate::input::MAX_ITEMS {
            return Err(FieldError::new(
                name,
                FieldErrorCode::OutOfRange,
                format!("{name} has too many items ({n}; at most {} at once; allocateRewards takes any number of rows)", crate::input::MAX_ITEMS),
            ));
        }
        Ok(true)
    };
    let is_array = check(value, field)?;
    if value.is_object() && !is_array {
        if let Ok(keys) = Reflect::own_keys(value) {
            for key in keys.iter() {
                if let (Some(name), Ok(v)) = (key.as_string(), Reflect::get(value, &key)) {
                    check(&v, &name)?;
                }
            }
        }
    }
    Ok(())
}

fn refine_non_finite(source: &JsValue, errors: Vec<FieldError>, rows_key: Option<&str>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| {
            if e.code != FieldErrorCode::Required {
                return e;
            }
            let mut holder = source.clone();
            if let Some(row) = e.row {
                if let Some(key) = rows_key {
                    holder = Reflect::get(&holder, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
                }
                holder = Reflect::get(&holder, &JsValue::from_f64(row as f64)).unwrap_or(JsValue::UNDEFINED);
            }
            if !holder.is_object() {
                return e;
            }
            match Reflect::get(&holder, &JsValue::from_str(&e.field)).ok().and_then(|v| v.as_f64()) {
                Some(n) if !n.is_finite() => {
                    FieldError { code: FieldErrorCode::OutOfRange, message: format!("{} must be a finite number, got {n}", e.field), ..e }
                }
                _ => e,
            }
        })
        .collect()
}

pub(crate) fn allocation_from_js(value: &JsValue) -> Result<AllocationRequest, Vec<FieldError>> {
    AllocationRequest::from_json(to_json(value)?).map_err(|e| refine_non_finite(value, e, None))
}

pub(crate) fn bulk_from_js(value: &JsValue) -> Result<BulkRequest, Vec<FieldError>> {
    BulkRequest::from_json(to_json(value)?).map_err(|e| refine_non_finite(value, e, Some("rows")))
}

fn field_errors_to_js(errors: &[FieldError]) -> JsValue {
    let text = serde_json::to_string(errors).unwrap_or_else(|_| "[]".to_owned());
    js_sys::JSON::parse(&text).unwrap_or_else(|_| Array::new().into())
}

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

/// A string argument, or a validation error naming it (a `&str` parameter would trust the
/// caller, and a non-string from JS would corrupt the module's memory).
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| error_to_js(Error::validation(vec![FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} must be a string"))])))
}

/// The SDK's version.
#[wasm_bindgen(js_name = sdkVersion)]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

struct JsTokenProvider(Function);

impl TokenProvider for JsTokenProvider {
    fn fetch_token(&self) -> LocalBoxFuture<'static, Result<TokenInfo, Error>> {
        let f = self.0.clone();
        Box::pin(async move {
            let failed =
                |what: String| Error::Auth { status: None, message: format!("tokenProvider failed: {what}"), body: None, earlier_attempt_uncertain: false };
            let returned = f.call0(&JsValue::UNDEFINED).map_err(|e| failed(thrown_text(&e)))?;
            let value = JsFuture::from(Promise::resolve(&returned)).await.map_err(|e| failed(thrown_text(&e)))?;
            guard(&value, "token").map_err(|e| failed(e.message))?;
            let shape = |why: String| failed(format!("it must resolve to {{ accessToken: string, expiresIn?: number }} ({why})"));
            let json = to_json_named(&value, "token").map_err(|e| shape(e.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; ")))?;
            let info: TokenInfo = crate::wire::de::from_value(&json).map_err(|e| shape(format!("{}: {}", e.path_text(), e.inner)))?;
            if info.access_token.is_blank() {
                return Err(failed("it returned a blank accessToken".to_owned()));
            }
            Ok(info)
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsConfig {
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    partner_id: String,
    credentials: Option<Credentials>,
    access_token: Option<Secret>,
    /// Read from the JS object itself (see `number_option`): JSON would turn NaN into null.
    #[serde(default, skip_deserializing)]
    timeout_ms: Option<f64>,
    redemption_base_url: Option<String>,
    sso_host: Option<String>,
    #[serde(default)]
    paths: BTreeMap<String, String>,
    #[serde(default)]
    encrypt_payloads: bool,
    #[serde(default)]
    legacy_order_info: bool,
    #[serde(default, skip_deserializing)]
    max_retries: Option<f64>,
}

/// Reads a settings object from JS (through JSON, like every input), naming the failing
/// field on error.
fn typed_from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, Error> {
    guard(value, what).map_err(|e| Error::validation(vec![e]))?;
    let json = to_json_named(value, what).map_err(Error::validation)?;
    crate::wire::de::from_value(&json).map_err(|e| {
        let field = e.path_text();
        Error::validation(vec![FieldError::new(field.clone(), FieldErrorCode::InvalidType, format!("{what}: {field}: {}", e.inner))])
    })
}

/// A number field read from the JS object itself, so that NaN and Infinity are seen (JSON
/// would turn them into null).
fn number_option(value: &JsValue, key: &str) -> Result<Option<f64>, Error> {
    let v = property(value, key, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| Error::validation(vec![FieldError::new(key, FieldErrorCode::InvalidType, format!("{key} must be a number"))]))
}

/// Converts a number option; its rule lives in [`crate::client::config`].
fn timeout_from(value: Option<f64>, field: &str) -> Result<Option<u32>, Error> {
    value.map(|ms| crate::client::config::timeout_ms(ms, field)).transpose().map_err(|e| Error::validation(vec![e]))
}

/// Converts a number option; its rule lives in [`crate::client::config`].
fn retries_from(value: Option<f64>, field: &str) -> Result<u32, Error> {
    crate::client::config::max_retries(value, field).map_err(|e| Error::validation(vec![e]))
}

/// Calls the JS hook functions; a hook that throws is ignored (it must not break a call).
struct JsHooks {
    on_request: Option<Function>,
    on_response: Option<Function>,
    on_retry: Option<Function>,
    bodies: bool,
}

impl JsHooks {
    fn call<T: Serialize>(f: &Option<Function>, event: &T) {
        if let (Some(f), Ok(v)) = (f, to_js(event)) {
            let _ = f.call1(&JsValue::UNDEFINED, &v);
        }
    }
}

impl crate::hooks::Observer for JsHooks {
    fn on_request(&self, e: &crate::hooks::RequestEvent) {
        Self::call(&self.on_request, e);
    }
    fn on_response(&self, e: &crate::hooks::ResponseEvent) {
        Self::call(&self.on_response, e);
    }
    fn on_retry(&self, e: &crate::hooks::RetryEvent) {
        Self::call(&self.on_retry, e);
    }
    fn include_bodies(&self) -> bool {
        self.bodies
    }
}

fn hooks_from_js(value: JsValue) -> Result<Option<crate::client::Hooks>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    readable(&value, "hooks")?;
    let func = |k: &str| -> Result<Option<Function>, Error> {
        let v = property(&value, k, &format!("hooks.{k}"))?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.dyn_into::<Function>().map(Some).map_err(|_| Error::config(format!("hooks.{k} must be a function")))
    };
    let hooks = JsHooks {
        on_request: func("onRequest")?,
        on_response: func("onResponse")?,
        on_retry: func("onRetry")?,
        bodies: property(&value, "includeBodies", "hooks.includeBodies")?.is_truthy(),
    };
    Ok(Some(crate::client::Hooks(Rc::new(hooks))))
}

/// Keys of every client's configuration.
const COMMON_CONFIG_KEYS: [&str; 10] =
    ["baseUrl", "redemptionBaseUrl", "timeoutMs", "paths", "encryptPayloads", "maxRetries", "hooks", "credentials", "accessToken", "tokenProvider"];
/// Known mistakes in a configuration: options that belong inside `hooks` or `credentials`.
const CONFIG_HINTS: &[(&str, &str)] = &[
    ("onRequest", "hooks.onRequest"),
    ("onResponse", "hooks.onResponse"),
    ("onRetry", "hooks.onRetry"),
    ("includeBodies", "hooks.includeBodies"),
    ("clientId", "credentials.clientId"),
    ("clientSecret", "credentials.clientSecret"),
    ("username", "credentials.username"),
    ("password", "credentials.password"),
    ("token", "accessToken"),
];
/// Keys of `hooks`.
const HOOK_KEYS: &[&str] = &["onRequest", "onResponse", "onRetry", "includeBodies"];
/// Keys of `credentials`.
const CREDENTIAL_KEYS: &[&str] = &["clientId", "clientSecret", "username", "password"];
/// Keys of a call's options.
pub(crate) const CALL_OPTION_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries"];
/// Keys of an iterator's options.
pub(crate) const ITERATE_OPTION_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries", "pageSize", "offset"];
/// Keys of a page argument.
const PAGE_KEYS: &[&str] = &["pageSize", "offset"];

/// Refuses every own key of `value` (an object, called `what` if it cannot be read) that `known` does not list, naming the
/// closest valid key. Anything else (undefined, null, a primitive) passes: the caller
/// refuses it with its own words.
pub(crate) fn check_keys(value: &JsValue, what: &str, known: &crate::keys::Known<'_>) -> Result<(), Error> {
    if !value.is_object() || value.is_function() {
        return Ok(());
    }
    let field = what;
    readable(value, field)?;
    let keys = Reflect::own_keys(value).map_err(|e| Error::validation(vec![unreadable(field, thrown_text(&e))]))?;
    let names: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    let errors = crate::keys::check(names.iter().map(String::as_str), known);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errors))
    }
}

/// [`check_keys`] for the options of one call (`{ signal, timeoutMs, maxRetries }`).
pub(crate) fn check_call_options(options: &JsValue) -> Result<(), Error> {
    check_keys(options, "options", &crate::keys::Known { keys: CALL_OPTION_KEYS, hints: &[], prefix: "", kind: crate::keys::Kind::Option })
}

/// Which client a configuration is for: each knows a few keys of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConfigFor {
    /// `EnKashClient`: `partnerId`, `ssoHost`.
    Partner,
    /// `RedemptionClient`: `legacyOrderInfo`.
    Redemption,
}

fn check_config_keys(config: &JsValue, which: ConfigFor) -> Result<(), Error> {
    use crate::keys::{Kind, Known};
    let own: &[&str] = match which {
        ConfigFor::Partner => &["partnerId", "ssoHost"],
        ConfigFor::Redemption => &["legacyOrderInfo"],
    };
    let keys: Vec<&str> = COMMON_CONFIG_KEYS.iter().chain(own).copied().collect();
    let mut errors = Vec::new();
    for (value, what, known) in [
        (config.clone(), "config", Known { keys: &keys, hints: CONFIG_HINTS, prefix: "", kind: Kind::Option }),
        (property(config, "hooks", "hooks")?, "hooks", Known { keys: HOOK_KEYS, hints: &[], prefix: "hooks.", kind: Kind::Option }),
        (
            property(config, "credentials", "credentials")?,
            "credentials",
            Known { keys: CREDENTIAL_KEYS, hints: &[], prefix: "credentials.", kind: Kind::Option },
        ),
    ] {
        if let Err(e) = check_keys(&value, what, &known) {
            errors.extend(e.field_errors().iter().cloned());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errors))
    }
}

pub(crate) fn config_from_js(config: &JsValue, which: ConfigFor) -> Result<ClientConfig, Error> {
    if !config.is_object() {
        return Err(Error::config("new EnKashClient(config): config must be an object"));
    }
    readable(config, "config")?;
    guard(config, "config").map_err(|e| Error::validation(vec![e]))?;
    check_config_keys(config, which)?;
    // Getters run again below: one that throws only now is refused the same way.
    let provider = property(config, "tokenProvider", "tokenProvider")?;
    let hooks = hooks_from_js(property(config, "hooks", "hooks")?)?;
    let copy = copy_object(config, "config")?;
    let _ = Reflect::delete_property(&copy, &JsValue::from_str("tokenProvider"));
    let _ = Reflect::delete_property(&copy, &JsValue::from_str("hooks"));
    let mut raw: JsConfig = typed_from_js(&copy, "config")?;
    raw.timeout_ms = number_option(config, "timeoutMs")?;
    raw.max_retries = number_option(config, "maxRetries")?;
    let provider = if provider.is_undefined() || provider.is_null() {
        None
    } else {
        Some(provider.dyn_into::<Function>().map_err(|_| Error::config("tokenProvider must be a function returning { accessToken, expiresIn? }"))?)
    };
    let auth = match (raw.credentials, raw.access_token, provider) {
        (Some(c), None, None) => Auth::Credentials(c),
        (None, Some(t), None) => Auth::AccessToken(t),
        (None, None, Some(p)) => Auth::Provider(Rc::new(JsTokenProvider(p))),
        (None, None, None) => return Err(Error::config("config needs one of credentials, accessToken or tokenProvider")),
        _ => return Err(Error::config("config must have exactly one of credentials, accessToken or tokenProvider")),
    };
    let mut out = ClientConfig::new(raw.base_url, raw.partner_id, auth);
    if let Some(ms) = timeout_from(raw.timeout_ms, "timeoutMs")? {
        out.timeout_ms = ms;
    }
    out.redemption_base_url = raw.redemption_base_url;
    out.sso_host = raw.sso_host;
    out.paths = raw.paths;
    out.encrypt_payloads = raw.encrypt_payloads;
    out.legacy_order_info = raw.legacy_order_info;
    if let Some(n) = raw.max_retries {
        out.max_retries = retries_from(Some(n), "maxRetries")?;
    }
    out.hooks = hooks;
    Ok(out)
}

pub(crate) fn options_from_js(options: &JsValue) -> Result<(CallOptions, Option<AbortSignal>), Error> {
    if options.is_undefined() || options.is_null() {
        return Ok((CallOptions::default(), None));
    }
    if !options.is_object() {
        return Err(Error::config("options must be an object { signal?, timeoutMs? }"));
    }
    readable(options, "options")?;
    let signal = property(options, "signal", "signal")?;
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::validation(vec![FieldError::new("signal", FieldErrorCode::InvalidType, "options.signal must be an AbortSignal")]))?,
        )
    };
    let retries = property(options, "maxRetries", "maxRetries")?;
    let max_retries = if retries.is_undefined() || retries.is_null() { None } else { Some(retries_from(retries.as_f64(), "maxRetries")?) };
    let timeout = property(options, "timeoutMs", "timeoutMs")?;
    let timeout = if timeout.is_undefined() || timeout.is_null() {
        None
    } else {
        let ms = timeout
            .as_f64()
            .ok_or_else(|| Error::validation(vec![FieldError::new("timeoutMs", FieldErrorCode::InvalidType, "options.timeoutMs must be a number")]))?;
        timeout_from(Some(ms), "timeoutMs")?
    };
    Ok((CallOptions { timeout_ms: timeout, max_retries }, signal))
}

/// Reads a request type from JS and checks its rules at once: for the few readers whose
/// request is not checked again by the endpoint that follows (iterators, which report a bad
/// filter when created, and the calls that read another argument after it).
pub(crate) fn input<R: Request>(value: &JsValue) -> Result<R, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    R::from_json(json).map_err(|e| Error::validation(refine_non_finite(value, e, None)))
}

/// Reads a request type from JS: missing and wrong-typed fields only. Its own rules are
/// checked once, by the endpoint that sends it (`to_endpoint` in [`crate::api`]); pass that
/// call's error through [`refined`] so that they are worded for JS input.
pub(crate) fn read<R: Request>(value: &JsValue) -> Result<R, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    R::read_json(json).map_err(|e| Error::validation(refine_non_finite(value, e, None)))
}

/// A call's validation errors about the JS input `source` worded as [`input`] words them: a
/// field given NaN or Infinity (which JSON turns into null) is "out of range", not "required".
pub(crate) fn refined(source: &JsValue, error: Error) -> Error {
    match error {
        Error::Validation { field_errors, .. } => Error::validation(refine_non_finite(source, field_errors, None)),
        other => other,
    }
}

/// Reads a value that needs no validation of its own (filters checked later, page options).
pub(crate) fn loose<T: DeserializeOwned + Default>(value: &JsValue, what: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json = to_json(value).map_err(Error::validation)?;
    crate::input::typed(json, None).map_err(|mut e| {
        e.message = format!("{what}: {}", e.message);
        Error::validation(vec![e])
    })
}

/// Reads an id given as a non-blank string or a whole number.
pub(crate) fn id_arg(value: &JsValue, field: &str) -> Result<Id, Error> {
    let bad = |why: &str| Error::validation(vec![FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} {why}"))]);
    if let Some(s) = value.as_string() {
        return if s.trim().is_empty() {
            Err(Error::validation(vec![FieldError::new(field, FieldErrorCode::Required, format!("{field} is required"))]))
        } else {
            Ok(Id::Text(s))
        };
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9.0e15).contains(&n) => Ok(Id::Number(n as i64)),
        Some(_) => Err(bad("must be a whole number of 0 or more, or a string")),
        None if value.is_undefined() || value.is_null() => {
            Err(Error::validation(vec![FieldError::new(field, FieldErrorCode::Required, format!("{field} is required"))]))
        }
        None => Err(bad("must be a string or a number")),
    }
}

/// Page options `{pageSize, offset}` from JS (any other key is refused, naming the closest:
/// `limit` → `pageSize`).
pub(crate) fn page_arg(value: &JsValue) -> Result<crate::wire::paging::PageRequest, Error> {
    use crate::keys::{Kind, Known, PAGING_HINTS};
    check_keys(value, "page", &Known { keys: PAGE_KEYS, hints: PAGING_HINTS, prefix: "", kind: Kind::Option })?;
    loose(value, "page")
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
    let parsed: crate::auth::SsoRedirect = input(&request).map_err(error_to_js)?;
    crate::auth::sso_redirect_url(&parsed).map_err(error_to_js)
}

/// Reads options whose required fields are checked by serde (missing ones named).
pub(crate) fn input_loose_required<T: DeserializeOwned>(value: &JsValue) -> Result<T, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    crate::input::typed(json, None).map_err(|e| Error::validation(vec![e]))
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
