//! Async iteration over paged searches: `for await (const order of client.iterateOrders(filter))`.
//! The walking rules (when to stop, no extra empty request) are the core's [`Pager`].

use super::error_to_js;
use crate::client::{CallOptions, Core};
use crate::error::Error;
use crate::wasm::fetch::FetchTransport;
use crate::wire::endpoint::Typed;
use crate::wire::paging::{PageRequest, Pager};
use crate::wire::schema::{Described, Schema};
use crate::wire::transcode::Transcoded;
use futures_util::future::LocalBoxFuture;
use futures_util::lock::Mutex;
use js_sys::{Object, Promise, Reflect};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Fetches one page, read for JS by its table ([`fetch_page`]).
pub(crate) type FetchPage = Rc<dyn Fn(PageRequest) -> LocalBoxFuture<'static, Result<Transcoded, Error>>>;

/// Sends a page's endpoint through the one request path and reads the answer by the page's
/// table: what a [`FetchPage`] does.
pub(crate) async fn fetch_page<R: Described>(core: &Core<FetchTransport>, endpoint: Typed<R>, options: &CallOptions) -> Result<Transcoded, Error> {
    fetch_untyped(core, endpoint.into_endpoint(), options, R::schema()).await
}

async fn fetch_untyped(
    core: &Core<FetchTransport>,
    endpoint: crate::wire::endpoint::Endpoint,
    options: &CallOptions,
    schema: Schema,
) -> Result<Transcoded, Error> {
    core.call_untyped(endpoint, options, &std::cell::Cell::new(0), crate::wire::Reading::Table).await?.transcode(schema)
}

/// A page's table read something other than a page (a wrong table: a bug, not an answer).
fn not_a_page() -> Error {
    Error::Decode { status: 0, message: "the answer was not read as a page".to_owned(), body: String::new(), earlier_attempt_uncertain: false }
}

struct State {
    pager: Pager,
    buffer: VecDeque<JsValue>,
    fetch: FetchPage,
    /// An input error, reported by the first `next()`.
    error: Option<Error>,
}

/// An async iterator over the records of a paged search. Pages are fetched one at a time,
/// as the loop asks for more; breaking out of the loop stops it.
#[wasm_bindgen]
pub struct PageIterator {
    state: Rc<Mutex<State>>,
}

impl PageIterator {
    pub(crate) fn new(start: Result<(PageRequest, FetchPage), Error>) -> PageIterator {
        let (pager, fetch, error) = match start {
            Ok((page, fetch)) => (Pager::new(page), fetch, None),
            Err(e) => {
                // Never called: the first next() reports the error and ends the walk.
                let never: FetchPage = Rc::new(|_| Box::pin(async { Err(not_a_page()) }));
                (Pager::new(PageRequest::default()), never, Some(e))
            }
        };
        PageIterator { state: Rc::new(Mutex::new(State { pager, buffer: VecDeque::new(), fetch, error })) }
    }
}

fn result(value: &JsValue, done: bool) -> JsValue {
    let r = Object::new();
    let _ = Reflect::set(&r, &"value".into(), value);
    let _ = Reflect::set(&r, &"done".into(), &JsValue::from_bool(done));
    r.into()
}

#[wasm_bindgen]
impl PageIterator {
    /// The next record: `{ value, done }`. Rejects with an `EnKashError` when a page fails.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<any>>")]
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        super::promise(Box::pin(async move {
            // Held across the fetch: concurrent next() calls wait instead of fetching twice.
            let mut s = state.lock().await;
            if let Some(e) = s.error.take() {
                s.pager = Pager::new(PageRequest { page_size: Some(1), offset: Some(0) });
                s.pager.advance_by(0, None, None);
                return Err(error_to_js(e));
            }
            loop {
                if let Some(v) = s.buffer.pop_front() {
                    return Ok(result(&v, false));
                }
                let Some(request) = s.pager.next() else { return Ok(result(&JsValue::UNDEFINED, true)) };
                let fetch = s.fetch.clone();
                let page = fetch(request).await.map_err(error_to_js)?;
                let Some(info) = page.page else { return Err(error_to_js(not_a_page())) };
                let records = page.json.get(info.data.clone()).unwrap_or("[]");
                let n = s.pager.advance_by(info.len, info.records_count, Some(records.to_owned()));
                let records = super::json_to_js(Ok(records))?;
                s.buffer.extend(js_sys::Array::from(&records).iter().take(n));
            }
        }))
    }

    /// Ends the iteration early (called by `break` in a `for await` loop).
    #[wasm_bindgen(js_name = "return", unchecked_return_type = "Promise<IteratorResult<any>>")]
    pub fn finish(&self) -> Promise {
        let state = self.state.clone();
        super::promise(Box::pin(async move {
            let mut s = state.lock().await;
            s.buffer.clear();
            s.pager.advance_by(0, None, None);
            Ok(result(&JsValue::UNDEFINED, true))
        }))
    }
}
