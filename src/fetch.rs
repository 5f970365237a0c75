//! The wasm32 transport: `fetch` through gloo-net, with a time limit and the caller's
//! AbortSignal both feeding one AbortController that covers the whole call, body included.

use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// `fetch` with an optional caller AbortSignal.
#[derive(Clone, Default)]
pub(crate) struct FetchTransport {
    signal: Option<AbortSignal>,
}

impl FetchTransport {
    pub(crate) fn new(signal: Option<AbortSignal>) -> Self {
        FetchTransport { signal }
    }
}

/// Cleans up the timer and the listener on every exit path.
struct Guard {
    timer: JsValue,
    caller: Option<(AbortSignal, js_sys::Function)>,
    _on_timeout: Closure<dyn FnMut()>,
    _on_abort: Option<Closure<dyn FnMut()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, f)) = &self.caller {
            let _ = signal.remove_event_listener_with_callback("abort", f);
        }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(TransportError::AbortedBeforeSend);
        }
        let controller = AbortController::new().map_err(|e| TransportError::Network(describe(&e)))?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), f64::from(request.timeout_ms));
        let (caller, on_abort) = match &self.signal {
            Some(signal) => {
                let c = controller.clone();
                let closure = Closure::<dyn FnMut()>::new(move || c.abort());
                let f: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
                let _ = signal.add_event_listener_with_callback("abort", &f);
                (Some((signal.clone(), f)), Some(closure))
            }
            None => (None, None),
        };
        let _guard = Guard { timer, caller, _on_timeout: on_timeout, _on_abort: on_abort };

        let failure = |e: gloo_net::Error| {
            if timed_out.get() {
                TransportError::Timeout
            } else if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
                TransportError::Aborted
            } else {
                TransportError::Network(e.to_string())
            }
        };
        let method = match request.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
            Method::Patch => GlooMethod::PATCH,
        };
        let mut builder = RequestBuilder::new(&request.url).method(method).abort_signal(Some(&controller.signal()));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(failure)?;
        let response = built.send().await.map_err(failure)?;
        let status = response.status();
        // Readable cross-origin only when the server exposes it (Access-Control-Expose-Headers).
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.map_err(failure)?;
        Ok(HttpResponse { status, body, retry_after })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(TransportError::AbortedBeforeSend);
        }
        // Resolves after `ms`, or at once when the caller's signal aborts.
        let signal = self.signal.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let timer = set_timeout(&resolve, f64::from(ms));
            if let Some(signal) = &signal {
                let resolve = resolve.clone();
                let on_abort = Closure::once_into_js(move || {
                    clear_timeout(&timer);
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                });
                let _ = signal.add_event_listener_with_callback("abort", on_abort.unchecked_ref());
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(TransportError::AbortedBeforeSend);
        }
        Ok(())
    }
}

pub(crate) fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown JavaScript error".to_owned())
}
