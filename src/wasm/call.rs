//! The one path of every JS method that sends one request, compiled once (not once per
//! method, and not once per answer type): the call's options read, the endpoint sent through
//! the client's one request path ([`Core::call_untyped`]), the answer's text read by the
//! table of the type its endpoint names ([`Described`], `crate::wire::transcode`) and handed
//! to JS as one JSON text. A method only builds its endpoint (synchronously, validation
//! included); the area file (`crate::api`) names the answer type, in the endpoint's type
//! ([`Typed`]):
//!
//! ```ignore
//! call::send(&self.inner.0, &options, call::endpoint(&request, AllocationRequest::to_endpoint))
//! ```

use super::{check_call_options, error_to_js, json_to_js, options_from_js, read, refined};
use crate::client::Core;
use crate::error::Error;
use crate::models::Request;
use crate::wasm::fetch::FetchTransport;
use crate::wire::endpoint::{Endpoint, Typed};
use crate::wire::schema::{Described, Schema};
use js_sys::Promise;
use wasm_bindgen::JsValue;

/// The endpoint of a request read from JS: its fields read (missing, wrong types), then its
/// rules checked once by `build` (the area's `to_endpoint`, or a closure that reads the
/// call's other arguments and calls it); errors worded for JS input.
pub(crate) fn endpoint<Q: Request, R>(source: &JsValue, build: impl FnOnce(&Q) -> Result<Typed<R>, Error>) -> Result<Typed<R>, Error> {
    read::<Q>(source).and_then(|request| build(&request)).map_err(|e| refined(source, e))
}

/// Sends `endpoint` with the call's `options` through `core`'s request path and resolves to
/// its answer, read by the table of the type the endpoint names. Rejects with the options' error first,
/// then the request's, then the call's.
pub(crate) fn send<R: Described>(core: &Core<FetchTransport>, options: &JsValue, endpoint: Result<Typed<R>, Error>) -> Promise {
    send_untyped(core, options, endpoint.map(Typed::into_endpoint), R::schema())
}

/// [`send`] without the answer type: compiled once, whatever the endpoint.
fn send_untyped(core: &Core<FetchTransport>, options: &JsValue, endpoint: Result<Endpoint, Error>, schema: Schema) -> Promise {
    let prepared =
        check_call_options(options).and_then(|_| options_from_js(options)).map(|(opts, signal)| (core.with_transport(FetchTransport::new(signal)), opts));
    super::promise(Box::pin(async move {
        let (core, opts) = prepared.map_err(error_to_js)?;
        let endpoint = endpoint.map_err(error_to_js)?;
        let answer = core.call_untyped(endpoint, &opts, &std::cell::Cell::new(0), crate::wire::Reading::Table).await.map_err(error_to_js)?;
        let read = answer.transcode(schema).map_err(error_to_js)?;
        json_to_js(Ok(&read.json))
    }))
}
