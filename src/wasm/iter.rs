//! Async iteration over paged searches: `for await (const order of client.iterateOrders(filter))`.
//! The walking rules (when to stop, no extra empty request) are the core's [`Pager`].

use super::{error_to_js, to_js};
use crate::error::Error;
use crate::wire::paging::{Page, PageRequest, Pager};
use futures_util::future::LocalBoxFuture;
use futures_util::lock::Mutex;
use js_sys::{Object, Promise, Reflect};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Fetches one page (already converted to JSON values with their wire names).
pub(crate) type FetchPage = Rc<dyn Fn(PageRequest) -> LocalBoxFuture<'static, Result<Page<serde_json::Value>, Error>>>;

struct State {
    pager: Pager,
    buffer: VecDeque<serde_json::Value>,
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
                let never: FetchPage = Rc::new(|_| Box::pin(async { Ok(Page::default()) }));
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
                s.pager.advance(&Page::<serde_json::Value>::default());
                return Err(error_to_js(e));
            }
            loop {
                if let Some(v) = s.buffer.pop_front() {
                    return Ok(result(&to_js(&v)?, false));
                }
                let Some(request) = s.pager.next() else { return Ok(result(&JsValue::UNDEFINED, true)) };
                let fetch = s.fetch.clone();
                let page = fetch(request).await.map_err(error_to_js)?;
                let n = s.pager.advance(&page);
                s.buffer.extend(page.data.into_iter().take(n));
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
            s.pager.advance(&Page::<serde_json::Value>::default());
            Ok(result(&JsValue::UNDEFINED, true))
        }))
    }
}

/// Converts a typed page to JSON values (wire names kept).
pub(crate) fn to_value_page<T: serde::Serialize>(page: Page<T>) -> Result<Page<serde_json::Value>, Error> {
    let data = page.data.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>().map_err(|e| Error::Decode {
        status: 200,
        message: format!("could not convert a record: {e}"),
        body: String::new(),
        earlier_attempt_uncertain: false,
    })?;
    Ok(Page { records_count: page.records_count, data, extra: page.extra })
}
