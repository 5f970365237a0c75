//! The token: cached while fresh, fetched by one call at a time (the others wait for it),
//! renewed once after a 401, and never asked for again once the credentials were refused.

use super::config::CallOptions;
use super::request::{Clock, Core};
use crate::api::auth::decode_token;
use crate::error::Error;
use crate::models::auth::{Auth, CachedToken, TokenInfo};
use crate::secret::Secret;
use crate::transport::Transport;

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
