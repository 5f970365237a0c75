//! Shared by the native test suites: a fake transport and fixtures.
#![allow(dead_code)]

use enkash_rewards::*;
use serde_json::json;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The base URL of the fake server.
pub const BASE: &str = "http://sandbox.test";

/// Test credentials (their secrets must never show in any output).
pub fn credentials() -> Credentials {
    Credentials {
        client_id: "client-1".into(),
        client_secret: Secret::new("top-secret-client"),
        username: "hr@example.com".into(),
        password: Secret::new("pass-word-42"),
    }
}

/// A partner client with [`credentials`] over `fake`.
pub fn client(fake: &Fake) -> Client<Fake> {
    Client::new(ClientConfig::new(BASE, "CRMXWB3ZM", Auth::Credentials(credentials())), fake.clone()).unwrap()
}

// ------------------------------------------------------------------------------------
// A fake transport: answers from a script, records every request, has its own clock.

pub type Reply = Result<HttpResponse, TransportError>;
pub type Responder = Box<dyn FnOnce(&HttpRequest) -> Reply>;

#[derive(Default)]
pub struct FakeState {
    pub replies: VecDeque<Responder>,
    pub log: Vec<HttpRequest>,
    pub now_ms: f64,
    pub sleeps: Vec<u32>,
}

#[derive(Clone, Default)]
pub struct Fake(pub Rc<RefCell<FakeState>>);

impl Fake {
    pub fn reply(&self, f: impl FnOnce(&HttpRequest) -> Reply + 'static) -> &Self {
        self.0.borrow_mut().replies.push_back(Box::new(f));
        self
    }
    pub fn ok(&self, status: u16, body: impl Into<String>) -> &Self {
        let body = body.into();
        self.reply(move |_| Ok(HttpResponse::new(status, body)))
    }
    /// A 429 with `Retry-After: {retry_after}`.
    pub fn busy(&self, retry_after: &str) -> &Self {
        let retry_after = retry_after.to_owned();
        self.reply(move |_| {
            let mut r = HttpResponse::new(429, r#"{"message":"Too many requests"}"#);
            r.retry_after = Some(retry_after);
            Ok(r)
        })
    }
    pub fn token(&self, token: &str, expires_in: u64) -> &Self {
        self.ok(
            200,
            json!({"access_token": token, "token_type": "bearer", "refresh_token": "r", "expires_in": expires_in, "scope": "read write trust"}).to_string(),
        )
    }
    pub fn log(&self) -> Vec<HttpRequest> {
        self.0.borrow().log.clone()
    }
    pub fn count(&self, path: &str) -> usize {
        self.log().iter().filter(|r| r.url.contains(path)).count()
    }
    pub fn advance(&self, ms: f64) {
        self.0.borrow_mut().now_ms += ms;
    }
}

/// Yields once, so that concurrent calls really interleave.
pub struct YieldOnce(pub bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Transport for Fake {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        YieldOnce(false).await;
        let reply = {
            let mut s = self.0.borrow_mut();
            s.log.push(request.clone());
            s.replies.pop_front()
        };
        match reply {
            Some(f) => f(&request),
            None => panic!("unexpected request: {request:?}"),
        }
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        let mut s = self.0.borrow_mut();
        s.sleeps.push(ms);
        s.now_ms += f64::from(ms);
        Ok(())
    }

    async fn deadline(&self, _ms: u32) -> Result<(), TransportError> {
        // Virtual time: a deadline never passes (sleeps return at once here).
        std::future::pending().await
    }

    fn now_ms(&self) -> f64 {
        1_700_000_000_000.0 + self.0.borrow().now_ms
    }
}
