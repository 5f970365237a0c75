//! Client configuration and call options from JS: the known keys (a misspelt one is refused,
//! naming the closest), the token provider and hooks as callbacks, and the AbortSignal.
//! Ranges and defaults are the core's ([`crate::client::config`]).

use super::errors::to_js;
use super::read::{copy_object, guard, property, readable, thrown_text, to_json_named, unreadable};
use crate::auth::{Auth, Credentials, TokenInfo, TokenProvider};
use crate::client::{CallOptions, ClientConfig};
use crate::error::{Error, FieldError, FieldErrorCode};
use crate::secret::Secret;
use futures_util::future::LocalBoxFuture;
use js_sys::{Function, Promise, Reflect};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

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
const CALL_OPTION_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries"];
/// Keys of an iterator's options.
pub(crate) const ITERATE_OPTION_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries", "pageSize", "offset"];
/// Keys of a page argument.
pub(crate) const PAGE_KEYS: &[&str] = &["pageSize", "offset"];

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
