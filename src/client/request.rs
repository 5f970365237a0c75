//! The one request path: endpoint -> token -> attempt -> answer -> retry decision, all
//! within the call's time limit, counted from its start.

use super::config::{check_retries, check_timeout, CallOptions, ClientConfig};
use super::retry;
use super::token::TokenSlot;
use crate::error::Error;
#[cfg(feature = "encryption")]
use crate::models::auth::Auth;
use crate::transport::Transport;
use crate::wire::endpoint::{Endpoint, Typed};
use crate::wire::{self, Answer, Reading, Shape};
use futures_util::future::{select, Either};
use futures_util::lock::Mutex;
use serde::de::DeserializeOwned;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

pub(super) struct Shared {
    pub(super) config: ClientConfig,
    pub(super) tokens: Mutex<TokenSlot>,
    /// Set when the credentials were refused: they are never sent again. Outside the token
    /// lock, so that it can be read while another call holds it.
    pub(super) rejected: std::cell::RefCell<Option<Error>>,
    pub(super) next_request: std::cell::Cell<u64>,
    #[cfg(feature = "encryption")]
    pub(super) cipher: Option<crate::crypto::PayloadCipher>,
}

/// What both clients share: configuration, token cache, transport and the request path.
pub(crate) struct Core<T> {
    pub(super) shared: Rc<Shared>,
    pub(super) transport: T,
}

impl<T: Transport> Core<T> {
    pub(super) fn new(config: ClientConfig, transport: T, needs_partner: bool) -> Result<Self, Error> {
        config.check(needs_partner)?;
        #[cfg(feature = "encryption")]
        let cipher = match (&config.auth, config.encrypt_payloads) {
            (Auth::Credentials(c), true) => Some(crate::crypto::PayloadCipher::from_secret(&c.client_secret)),
            _ => None,
        };
        Ok(Core {
            shared: Rc::new(Shared {
                config,
                tokens: Mutex::new(TokenSlot::default()),
                rejected: std::cell::RefCell::new(None),
                next_request: std::cell::Cell::new(1),
                #[cfg(feature = "encryption")]
                cipher,
            }),
            transport,
        })
    }

    pub(crate) fn with_transport<U: Transport>(&self, transport: U) -> Core<U> {
        Core { shared: self.shared.clone(), transport }
    }

    pub(super) fn config(&self) -> &ClientConfig {
        &self.shared.config
    }

    pub(super) fn timeout(&self, options: &CallOptions) -> Result<u32, Error> {
        let ms = options.timeout_ms.unwrap_or(self.shared.config.timeout_ms);
        check_timeout(ms)?;
        Ok(ms)
    }

    /// The one request path: token, headers, send, 401 renewal, decryption, envelope, the
    /// classification of the answer ([`crate::wire::answer`]) and retries by the one policy
    /// ([`crate::retry`]), all within the call's time limit, counted from its start.
    pub(crate) async fn call<R: DeserializeOwned>(&self, endpoint: Typed<R>, options: &CallOptions) -> Result<R, Error> {
        self.call_untyped(endpoint.into_endpoint(), options, &std::cell::Cell::new(0), Reading::Typed).await?.decode()
    }

    /// [`Self::call`] up to the typed decode: status, payload and body. Kept free of the
    /// answer type so that this loop is compiled once, not once per endpoint (bench/README.md).
    ///
    /// Every error that follows an attempt that may have been applied says so
    /// ([`Error::may_have_been_applied`]), whatever the last attempt's answer was.
    ///
    /// `attempts` counts the requests sent; `reading` says who will read the answer (how its
    /// envelope is split: [`Reading`]).
    pub(crate) async fn call_untyped(
        &self,
        endpoint: Endpoint,
        options: &CallOptions,
        attempts: &std::cell::Cell<u32>,
        reading: Reading,
    ) -> Result<Answer, Error> {
        let clock = Clock::start(self.timeout(options)?, self.transport.now_ms());
        let max_retries = options.max_retries.unwrap_or(self.shared.config.max_retries);
        check_retries(max_retries)?;
        let request_id = self.request_id();
        let mut uncertain = false;
        let mark = |e: Error, uncertain: bool| if uncertain { e.after_uncertain_attempt() } else { e };
        let mut token = self.token(&clock, &request_id).await?;
        let mut renewed = false;
        let mut attempt = 1;
        loop {
            let remaining = clock.remaining(self.transport.now_ms());
            if remaining == 0 {
                return Err(mark(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false }, uncertain));
            }
            let request = self.data_request(&endpoint, &token, remaining as u32);
            let (method, url) = (request.method, request.url.clone());
            attempts.set(attempts.get() + 1);
            let outcome = match self.send_observed(endpoint.name, request, &request_id, attempt).await {
                // The limit is the call's, whatever was left of it for this attempt.
                Err(Error::Timeout { sent, .. }) => Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent }),
                other => other,
            };
            if let Ok(response) = &outcome {
                // The token was refused before anything was done: renew it and repeat. The
                // first renewal is free; later ones (tokens revoked again) count as retries.
                if response.status == 401 && (!renewed || attempt <= max_retries) {
                    let fresh = match self.renew_after_refusal(&token, &clock, &request_id).await {
                        Ok(fresh) => fresh,
                        Err(e) => return Err(mark(e, uncertain)),
                    };
                    if let Some(fresh) = fresh {
                        token = fresh;
                        if renewed {
                            attempt += 1;
                        }
                        renewed = true;
                        continue;
                    }
                }
            }
            let mut retry_after = None;
            let result = outcome.and_then(|response| {
                retry_after = response.retry_after.clone();
                let response = self.decrypt(response)?;
                let shape = if endpoint.lenient { Shape::Lenient } else { Shape::Envelope };
                wire::open(response, shape, reading)
            });
            let error = match result {
                Ok(value) => return Ok(value),
                Err(e) => crate::wire::answer::classify(endpoint.key, e),
            };
            let now = self.transport.now_ms();
            let decision = retry::decide(&error, endpoint.retry_safe, attempt, max_retries, retry_after.as_deref(), now, clock.remaining(now));
            let delay = match decision {
                retry::Decision::Wait(ms) => ms,
                retry::Decision::GiveUp(why) => return Err(mark(with_note(error, why), uncertain)),
            };
            uncertain |= error.may_have_been_applied();
            self.notify_retry(|| super::hooks::RetryEvent {
                request_id: request_id.clone(),
                endpoint: endpoint.name.to_owned(),
                method: method.as_str().to_owned(),
                url: url.clone(),
                attempt: attempt + 1,
                delay_ms: delay,
                reason: error.to_string(),
            });
            if self.transport.sleep(delay).await.is_err() {
                return Err(Error::Aborted { sent: uncertain });
            }
            attempt += 1;
        }
    }

    /// Waits for `future`, but no longer than the call's deadline or its signal: the token
    /// provider and the token lock are waits that no request timeout covers.
    pub(super) async fn bounded<F: std::future::Future>(&self, future: F, clock: &Clock) -> Result<F::Output, Error> {
        // Most waits are over at once (a free lock, a cached token): no timer for those.
        let mut future = pin!(future);
        if let Poll::Ready(value) = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await {
            return Ok(value);
        }
        let remaining = clock.remaining(self.transport.now_ms());
        if remaining == 0 {
            return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false });
        }
        let limit = self.transport.deadline(u32::try_from(remaining).unwrap_or(u32::MAX));
        match select(future, pin!(limit)).await {
            Either::Left((value, _)) => Ok(value),
            Either::Right((Ok(()), _)) => Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: false }),
            Either::Right((Err(_), _)) => Err(Error::Aborted { sent: false }),
        }
    }

    pub(super) fn request_id(&self) -> String {
        let n = self.shared.next_request.get();
        self.shared.next_request.set(n + 1);
        format!("req-{n}")
    }
}

/// A call's time limit, counted from its start: every attempt, wait and token fetch of the
/// call fits in it.
pub(super) struct Clock {
    pub(super) timeout_ms: u32,
    pub(super) deadline_ms: f64,
}

impl Clock {
    pub(super) fn start(timeout_ms: u32, now_ms: f64) -> Clock {
        Clock { timeout_ms, deadline_ms: now_ms + f64::from(timeout_ms) }
    }

    /// Whole ms left (0 when the deadline has passed), never more than the time limit.
    pub(super) fn remaining(&self, now_ms: f64) -> u64 {
        let left = (self.deadline_ms - now_ms).clamp(0.0, f64::from(self.timeout_ms));
        left as u64
    }
}

/// The error with a note on why it was not retried, where that is not obvious.
pub(super) fn with_note(error: Error, note: Option<String>) -> Error {
    let Some(note) = note else { return error };
    match error {
        Error::Api { status, code, message, body, earlier_attempt_uncertain } => {
            Error::Api { status, code, message: format!("{message} ({note})"), body, earlier_attempt_uncertain }
        }
        other => other,
    }
}
