//! Every check of a client's configuration and of one call's options, in one place: the
//! Rust constructors and the JS layer (which only converts) both use these rules.

use crate::error::{Error, FieldError, FieldErrorCode};
use crate::models::auth::Auth;
use crate::wire::endpoint::ENDPOINT_NAMES;
use std::collections::BTreeMap;

/// Default time limit of one call, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Largest accepted time limit (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// Default retries of one call (after the first attempt).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Most retries accepted.
pub const MAX_RETRIES: u32 = 10;
pub use super::retry::MAX_RETRY_WAIT_MS;

pub use super::hooks::Hooks;

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
    /// Host of the SSO landing page, used by [`Client::sso_redirect_url`](crate::client::Client::sso_redirect_url).
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
    /// cannot apply anything twice (see [`Client`](crate::client::Client)).
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

    pub(crate) fn check(&self, needs_partner: bool) -> Result<(), Error> {
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

/// The rule of `maxRetries` (client option and per call): a whole number from 0 to
/// [`MAX_RETRIES`]. Takes the number as JS gives it (NaN, infinities and fractions included);
/// Rust callers' `u32` goes through it too, so the rule is written once. `None`: the value
/// given is not a number at all.
pub fn max_retries(n: Option<f64>, field: &str) -> Result<u32, FieldError> {
    match n {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES)).contains(&n) => Ok(n as u32),
        other => Err(FieldError::new(
            field,
            FieldErrorCode::OutOfRange,
            format!("{field} must be a whole number from 0 to {MAX_RETRIES}, got {}", other.map_or_else(|| "nothing".to_owned(), |n| n.to_string())),
        )),
    }
}

/// The rule of `timeoutMs` (client option and per call): a whole number of milliseconds
/// from 1 to [`MAX_TIMEOUT_MS`].
pub fn timeout_ms(ms: f64, field: &str) -> Result<u32, FieldError> {
    if ms.is_finite() && ms.fract() == 0.0 && ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MS) {
        return Ok(ms as u32);
    }
    Err(FieldError::new(field, FieldErrorCode::OutOfRange, format!("{field} must be a whole number of milliseconds from 1 to {MAX_TIMEOUT_MS}, got {ms}")))
}

/// [`max_retries`] for a value set in Rust (a configuration error: the program is wrong).
pub(crate) fn check_retries(n: u32) -> Result<(), Error> {
    max_retries(Some(f64::from(n)), "maxRetries").map(drop).map_err(|e| Error::config(e.message))
}

/// [`timeout_ms`] for a value set in Rust.
pub(crate) fn check_timeout(ms: u32) -> Result<(), Error> {
    timeout_ms(f64::from(ms), "timeoutMs").map(drop).map_err(|e| Error::config(e.message))
}

/// Options of one call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// This call's time limit, instead of the client's.
    pub timeout_ms: Option<u32>,
    /// This call's retries, instead of the client's.
    pub max_retries: Option<u32>,
}
