//! The one path of every JS method that sends one request, compiled once (not once per
//! method): the call's options read, the endpoint sent through the client's one request path
//! ([`Core::call_untyped`]), the answer read into its type and handed to JS. A method only
//! builds its endpoint (synchronously, validation included) and names its answer type:
//!
//! ```ignore
//! call::send(&self.inner.0, &options, call::endpoint(&request, AllocationRequest::to_endpoint), call::answer::<Card>)
//! ```

use super::{check_call_options, error_to_js, options_from_js, read, refined, to_js};
use crate::client::Core;
use crate::error::Error;
use crate::models::Request;
use crate::wasm::fetch::FetchTransport;
use crate::wire::endpoint::Endpoint;
use crate::wire::Answer;
use js_sys::Promise;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Reads a successful answer into the method's answer type and hands it to JS.
pub(crate) type Decode = fn(Answer) -> Result<JsValue, JsValue>;

/// The [`Decode`] of answer type `R`.
pub(crate) fn answer<R: DeserializeOwned + Serialize>(answer: Answer) -> Result<JsValue, JsValue> {
    to_js(&answer.decode::<R>().map_err(error_to_js)?)
}

/// The endpoint of a request read from JS: its fields read (missing, wrong types), then its
/// rules checked once by `build` (the area's `to_endpoint`); errors worded for JS input.
pub(crate) fn endpoint<R: Request>(source: &JsValue, build: fn(&R) -> Result<Endpoint, Error>) -> Result<Endpoint, Error> {
    read::<R>(source).and_then(|request| build(&request)).map_err(|e| refined(source, e))
}

/// Sends `endpoint` with the call's `options` through `core`'s request path and resolves to
/// the decoded answer. Rejects with the options' error first, then the request's, then the
/// call's.
pub(crate) fn send(core: &Core<FetchTransport>, options: &JsValue, endpoint: Result<Endpoint, Error>, decode: Decode) -> Promise {
    let prepared =
        check_call_options(options).and_then(|_| options_from_js(options)).map(|(opts, signal)| (core.with_transport(FetchTransport::new(signal)), opts));
    super::promise(Box::pin(async move {
        let (core, opts) = prepared.map_err(error_to_js)?;
        let endpoint = endpoint.map_err(error_to_js)?;
        let answer = core.call_untyped(endpoint, &opts, &std::cell::Cell::new(0)).await.map_err(error_to_js)?;
        decode(answer)
    }))
}
