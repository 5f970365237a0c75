//! Authentication: the token request (`POST /oauth/token`) and its answer, and the SSO token.
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::auth`].

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::auth::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::wire::endpoint::{encode_segment, Endpoint, Typed};
use serde::Serialize;

/// Path of the SSO token call.
pub const SSO_TOKEN_PATH: &str = "/api/v0/partner/enKashCard/sso-token";

/// [`SsoRequest`] as the wire wants it: the card id spelt `enkashCardId`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SsoWire<'a> {
    card_account_id: &'a str,
    company_id: &'a str,
    #[serde(rename = "enkashCardId")]
    en_kash_card_id: &'a str,
}

/// The SSO body as sent (for tests).
#[cfg(test)]
pub(crate) fn sso_wire_body(r: &SsoRequest) -> serde_json::Value {
    serde_json::to_value(SsoWire::from(r)).unwrap_or_default()
}

impl<'a> From<&'a SsoRequest> for SsoWire<'a> {
    fn from(r: &'a SsoRequest) -> Self {
        // Every field named (no `..`): a field added to the request later does not compile
        // until it is sent here too.
        let SsoRequest { card_account_id, company_id, en_kash_card_id } = r;
        SsoWire { card_account_id, company_id, en_kash_card_id }
    }
}

impl SsoRequest {
    /// Validates and builds the SSO token call.
    pub fn to_endpoint(&self) -> Result<Typed<SsoToken>, Error> {
        use crate::models::Request as _;
        self.check()?;
        Ok(Endpoint::new("ssoToken", Method::Post, SSO_TOKEN_PATH).retry_safe().json(&SsoWire::from(self))?.lenient().answers())
    }
}

impl<T: Transport> Client<T> {
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
