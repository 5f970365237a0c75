//! Authentication: the token call (`POST /oauth/token`), its answer in both spellings, and
//! the rules for keeping a token.
//!
//! - The token is cached and renewed shortly before `expires_in` runs out (the portal says
//!   tokens live 5 minutes while a sample shows 86399 s: the SDK trusts `expires_in`).
//! - Concurrent calls share one token request.
//! - A rejected credential (HTTP 400 or 401 at `/oauth/token`) is an `auth` error that the
//!   client remembers: it never sends those credentials again, because three consecutive
//!   failures lock the account. Create a new client with corrected credentials.

use crate::error::{Error, FieldError, FieldErrorCode as C};
use crate::secret::Secret;
use futures_util::future::LocalBoxFuture;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// Partner credentials for the password grant. Keep them on a server: never in a browser.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credentials {
    /// OAuth client id.
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: Secret,
    /// User name.
    pub username: String,
    /// Password.
    pub password: Secret,
}

impl Credentials {
    /// Field errors for blank values.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, blank) in [
            ("credentials.clientId", self.client_id.trim().is_empty()),
            ("credentials.clientSecret", self.client_secret.is_blank()),
            ("credentials.username", self.username.trim().is_empty()),
            ("credentials.password", self.password.is_blank()),
        ] {
            if blank {
                errors.push(FieldError::new(field, C::Required, format!("{field} is required")));
            }
        }
        errors
    }
}

/// A token, as the token call or a token provider hands it over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The bearer token.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub access_token: Secret,
    /// Usually `bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Lifetime in seconds from when it was issued; absent: the SDK keeps it until a 401.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<f64>,
    /// Scope, e.g. `read write trust`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// The token call's answer in both spellings (`access_token` and `accessToken`, ...),
/// bare or inside an envelope's payload.
#[derive(Deserialize)]
#[serde(remote = "Self")]
pub(crate) struct RawToken {
    pub(crate) access_token: Option<Secret>,
    #[serde(default)]
    pub(crate) token_type: Option<String>,
    #[serde(default, deserialize_with = "crate::types::lenient_number")]
    pub(crate) expires_in: Option<f64>,
    #[serde(default)]
    pub(crate) scope: Option<String>,
}
crate::spell::respelled!(RawToken, "answer", "accessToken" => "access_token", "tokenType" => "token_type", "expiresIn" => "expires_in");

/// Supplies tokens minted elsewhere, e.g. by a dashboard's own backend: the way to use the
/// SDK in a browser without putting credentials there.
pub trait TokenProvider {
    /// Fetches a fresh token.
    fn fetch_token(&self) -> LocalBoxFuture<'static, Result<TokenInfo, Error>>;
}

/// How the client authenticates.
#[derive(Clone)]
pub enum Auth {
    /// Password grant at `/oauth/token` (server side only).
    Credentials(Credentials),
    /// A fixed token: used until the server refuses it (then calls fail with `auth`).
    AccessToken(Secret),
    /// Tokens from a callback.
    Provider(std::rc::Rc<dyn TokenProvider>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Credentials(c) => f.debug_tuple("Credentials").field(c).finish(),
            Auth::AccessToken(t) => f.debug_tuple("AccessToken").field(t).finish(),
            Auth::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// A cached token and when to stop using it.
#[derive(Debug, Clone)]
pub(crate) struct CachedToken {
    pub(crate) info: TokenInfo,
    pub(crate) renew_at_ms: Option<f64>,
}

impl CachedToken {
    /// Renews early: 10 % of the lifetime before the end, at most 60 s early.
    pub(crate) fn new(info: TokenInfo, now_ms: f64) -> Self {
        let renew_at_ms = info.expires_in.filter(|s| s.is_finite() && *s > 0.0).map(|secs| {
            let margin = (secs * 0.1).min(60.0);
            now_ms + (secs - margin) * 1000.0
        });
        CachedToken { info, renew_at_ms }
    }

    pub(crate) fn is_fresh(&self, now_ms: f64) -> bool {
        self.renew_at_ms.is_none_or(|at| now_ms < at)
    }
}

/// Body of Single Sign On: whose session to open. The SDK spells the card id `enKashCardId`
/// (`enkashCardId` is accepted too); it is sent as the portal spells it for this call,
/// `enkashCardId` (lower-case `k`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct SsoRequest {
    /// Reward account id.
    pub card_account_id: String,
    /// Company id.
    pub company_id: String,
    /// The card: an employee's for `employee_rewards`, the HR admin's for `reward_account`.
    pub en_kash_card_id: String,
}
crate::spell::respelled!(ser SsoRequest, "input", "enkashCardId" => "enKashCardId");

impl crate::models::Request for SsoRequest {
    const REQUIRED: &'static [crate::input::Required] = &[&["cardAccountId"], &["companyId"], &["enKashCardId", "enkashCardId"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = crate::validate::Checker::new();
        c.required("cardAccountId", Some(&self.card_account_id));
        c.required("companyId", Some(&self.company_id));
        c.required("enKashCardId", Some(&self.en_kash_card_id));
        c.errors
    }
}

/// The SSO token. UNKNOWN in the portal: read from `access_token`, `accessToken`, `token`
/// or `ssoToken`, or a bare string payload; other fields kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SsoToken {
    /// The token to put in the redirect URL.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub access_token: Secret,
    /// Other fields, kept.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: crate::types::Extra,
}

impl<'de> Deserialize<'de> for SsoToken {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        SsoToken::read(Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

impl SsoToken {
    /// The token in an answer: a bare string, or the first of `access_token`, `accessToken`,
    /// `token` or `ssoToken` holding a non-blank string (the other keys kept).
    fn read(value: Value) -> Result<SsoToken, String> {
        match value {
            Value::String(s) if !s.trim().is_empty() => Ok(SsoToken { access_token: Secret::new(s), extra: Default::default() }),
            Value::Object(mut map) => {
                let token = ["access_token", "accessToken", "token", "ssoToken"]
                    .iter()
                    .find_map(|k| match map.get(*k) {
                        Some(Value::String(s)) if !s.trim().is_empty() => Some((*k, s.clone())),
                        _ => None,
                    })
                    .ok_or_else(|| "the SSO answer has no token (access_token, accessToken, token or ssoToken)".to_owned())?;
                map.remove(token.0);
                Ok(SsoToken { access_token: Secret::new(token.1), extra: map })
            }
            other => Err(format!("expected an SSO token, got {other}")),
        }
    }
}

impl crate::wire::schema::Described for SsoToken {
    fn schema() -> crate::wire::schema::Schema {
        crate::wire::schema::Schema::Read(|v| {
            let token = SsoToken::read(v.clone())?;
            let mut out = serde_json::Map::new();
            out.insert("accessToken".to_owned(), Value::String(token.access_token.expose().to_owned()));
            out.insert("extra".to_owned(), Value::Object(token.extra));
            Ok(Value::Object(out).to_string())
        })
    }
}

/// Who the SSO redirect is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SsoAudience {
    /// An employee's rewards page.
    EmployeeRewards,
    /// The HR admin's reward account page (pass the admin's card to the SSO call).
    RewardAccount,
}

/// Input of [`crate::api::auth::sso_redirect_url`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SsoRedirect {
    /// The SSO landing host, e.g. `https://invoice-uat.enkash.in` (production: `https://home.enkash.com`).
    pub sso_host: String,
    /// The token from the SSO call.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub access_token: Secret,
    /// `employee_rewards` or `reward_account`.
    pub audience: SsoAudience,
    /// Partner name in the URL, e.g. `hrms`.
    pub partner: String,
}

impl crate::models::Request for SsoRedirect {
    const REQUIRED: &'static [crate::input::Required] = &[&["ssoHost"], &["accessToken"], &["audience"], &["partner"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = crate::validate::Checker::new();
        if let Some(host) = c.required("ssoHost", Some(&self.sso_host)) {
            if !(host.starts_with("https://") || host.starts_with("http://")) || host.contains(['?', '#', ' ']) {
                c.push("ssoHost", C::InvalidFormat, format!("ssoHost must be an http(s) URL without query or fragment, got {host:?}"));
            }
        }
        if self.access_token.is_blank() {
            c.push("accessToken", C::Required, "accessToken is required");
        }
        c.required("partner", Some(&self.partner));
        c.errors
    }
}
