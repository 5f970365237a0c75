//! The token: cached while fresh, fetched by one call at a time (the others wait for it),
//! renewed once after a 401, and never asked for again once the credentials were refused.
//! The token endpoint itself (`POST /oauth/token`, its form body and its answer) is here too:
//! it is the client's own, not one of the partner API's endpoints.

use super::config::CallOptions;
use super::request::{Clock, Core};
use crate::error::Error;
use crate::models::auth::{Auth, CachedToken, Credentials, RawToken, TokenInfo};
use crate::secret::Secret;
use crate::transport::{encode_form, join_url, HttpRequest, HttpResponse, Method, Transport};
use crate::wire::envelope;
use base64::Engine;
use serde_json::Value;

#[derive(Default)]
pub(super) struct TokenSlot {
    pub(super) current: Option<CachedToken>,
}

impl<T: Transport> Core<T> {
    pub(super) fn token_base(&self) -> &str {
        let c = &self.shared.config;
        match c.partner_id {
            Some(_) => &c.base_url,
            None => c.redemption_base_url.as_deref().unwrap_or(&c.base_url),
        }
    }

    pub(super) async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        let clock = Clock::start(self.timeout(options)?, self.transport.now_ms());
        let id = self.request_id();
        let mut slot = self.bounded(self.shared.tokens.lock(), &clock).await?;
        self.renew(&mut slot, &clock, &id).await.map(|c| c.info)
    }

    /// A usable token: the cached one while fresh, else a new one (one request at a time).
    pub(super) async fn token(&self, clock: &Clock, request_id: &str) -> Result<Secret, Error> {
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
    pub(super) async fn renew_after_refusal(&self, refused: &Secret, clock: &Clock, request_id: &str) -> Result<Option<Secret>, Error> {
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
    pub(super) async fn renew(&self, slot: &mut TokenSlot, clock: &Clock, request_id: &str) -> Result<CachedToken, Error> {
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

/// Path of the token call.
pub const TOKEN_PATH: &str = "/oauth/token";

/// Decodes the token call's answer. 400 and 401 mean the credentials were rejected.
pub fn decode_token(response: &HttpResponse) -> Result<TokenInfo, Error> {
    let HttpResponse { status, body, .. } = response;
    let status = *status;
    if status == 400 || status == 401 {
        let detail = envelope::error_message(body).unwrap_or_else(|| format!("HTTP {status}"));
        return Err(Error::redacted_auth(
            Some(status),
            format!(
                "the credentials were rejected ({detail}); the SDK will not send them again, because three failed attempts lock the account: fix them and create a new client"
            ),
            Some(body),
        ));
    }
    if !(200..300).contains(&status) {
        let message = envelope::error_message(body).unwrap_or_else(|| format!("token request failed with HTTP {status}"));
        return Err(Error::redacted_api(status, None, message, body));
    }
    let value: Value = serde_json::from_str(body).map_err(|e| Error::redacted_decode(status, format!("the token response is not JSON: {e}"), body))?;
    let looks_enveloped =
        value.get("access_token").is_none() && value.get("accessToken").is_none() && (value.get("payload").is_some() || value.get("paylod").is_some());
    let raw: RawToken = if looks_enveloped { envelope::decode(status, body)? } else { envelope::decode_value(status, value, body)? };
    let access_token =
        raw.access_token.filter(|t| !t.is_blank()).ok_or_else(|| Error::redacted_decode(status, "the token response has no access_token".to_owned(), body))?;
    Ok(TokenInfo { access_token, token_type: raw.token_type, expires_in: raw.expires_in, scope: raw.scope })
}

impl Credentials {
    /// Builds the token request: Basic auth with `clientId:clientSecret`, and the form
    /// `username`, `password`, `grant_type=password`, `clientId`.
    pub fn token_request(&self, base_url: &str, timeout_ms: u32) -> HttpRequest {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", self.client_id, self.client_secret.expose()));
        let body = encode_form([
            ("username", self.username.as_str()),
            ("password", self.password.expose()),
            ("grant_type", "password"),
            ("clientId", self.client_id.as_str()),
        ]);
        HttpRequest {
            method: Method::Post,
            url: join_url(base_url, TOKEN_PATH),
            headers: vec![
                ("Authorization".to_owned(), format!("Basic {basic}")),
                ("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned()),
                ("Accept".to_owned(), "application/json".to_owned()),
            ],
            body: Some(body),
            timeout_ms,
        }
    }
}
