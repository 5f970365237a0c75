//! Authentication: the token request (`POST /oauth/token`) and its answer, and the SSO token.
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::auth`].

use crate::api::endpoint::encode_segment;
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::auth::*;
use crate::models::Request;
use crate::transport::{encode_form, join_url, HttpRequest, HttpResponse, Method, Transport};
use crate::wire::envelope;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;

/// Path of the token call.
pub const TOKEN_PATH: &str = "/oauth/token";

/// Path of the SSO token call.
pub const SSO_TOKEN_PATH: &str = "/api/v0/partner/enKashCard/sso-token";

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

/// [`SsoRequest`] as the wire wants it: the card id spelt `enkashCardId`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SsoWire<'a> {
    card_account_id: &'a str,
    company_id: &'a str,
    #[serde(rename = "enkashCardId")]
    en_kash_card_id: &'a str,
}

impl<'a> From<&'a SsoRequest> for SsoWire<'a> {
    fn from(r: &'a SsoRequest) -> Self {
        SsoWire { card_account_id: &r.card_account_id, company_id: &r.company_id, en_kash_card_id: &r.en_kash_card_id }
    }
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

impl SsoRequest {
    /// Validates and builds the SSO token call.
    pub fn to_endpoint(&self) -> Result<crate::api::endpoint::Endpoint, Error> {
        use crate::api::endpoint::Request as _;
        self.check()?;
        Ok(crate::api::endpoint::Endpoint::new("ssoToken", Method::Post, SSO_TOKEN_PATH).retry_safe().json(&SsoWire::from(self))?.lenient())
    }
}

impl<T: Transport> Client<T> {
    /// Single Sign On: a token for the EnKash rewards pages of one card.
    pub async fn sso_token(&self, request: &SsoRequest, options: &CallOptions) -> Result<SsoToken, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }
}

/// Builds the SSO landing URL: `{ssoHost}/sso/{token}/{audience}/{partner}`, with the token
/// and partner percent-encoded.
pub fn sso_redirect_url(input: &SsoRedirect) -> Result<String, Error> {
    input.check()?;
    let audience = match input.audience {
        SsoAudience::EmployeeRewards => "employee_rewards",
        SsoAudience::RewardAccount => "reward_account",
    };
    Ok(format!(
        "{}/sso/{}/{}/{}",
        input.sso_host.trim().trim_end_matches('/'),
        encode_segment(input.access_token.expose()),
        audience,
        encode_segment(input.partner.trim())
    ))
}
