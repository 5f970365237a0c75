//! One attempt: the HTTP request built from an endpoint (host, path overrides, headers, the
//! auth header, optional encryption), sent with the hooks told about it, transport failures
//! mapped to errors, and the answer decrypted.

use super::request::Core;
use crate::error::Error;
use crate::secret::Secret;
use crate::transport::{join_url, HttpRequest, HttpResponse, Transport, TransportError};
use crate::wire::endpoint::{Endpoint, Host};

impl<T: Transport> Core<T> {
    pub(super) fn data_request(&self, endpoint: &Endpoint, token: &Secret, timeout_ms: u32) -> HttpRequest {
        let config = &self.shared.config;
        let base = match endpoint.host {
            Host::Api => &config.base_url,
            Host::Redemption => config.redemption_base_url.as_ref().unwrap_or(&config.base_url),
        };
        let mut headers = vec![("Authorization".to_owned(), format!("Bearer {}", token.expose())), ("Accept".to_owned(), "application/json".to_owned())];
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
    pub(super) fn decrypt(&self, response: HttpResponse) -> Result<HttpResponse, Error> {
        #[cfg(feature = "encryption")]
        if let Some(cipher) = &self.shared.cipher {
            let body = cipher.unwrap_response(response.status, &response.body)?;
            return Ok(HttpResponse { body, ..response });
        }
        Ok(response)
    }

    pub(super) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let timeout_ms = request.timeout_ms;
        self.transport.send(request).await.map_err(|e| match e {
            TransportError::Network(message) => Error::Network { message, sent: true },
            TransportError::Connect(message) => Error::Network { message, sent: false },
            TransportError::Timeout => Error::Timeout { timeout_ms, sent: true },
            TransportError::Aborted => Error::Aborted { sent: true },
            TransportError::AbortedBeforeSend => Error::Aborted { sent: false },
        })
    }
}
