//! Results and errors handed to JS: answers as one JSON text and a native `JSON.parse`, and
//! every error as an `EnKashError` (the class the package entry registers).

use super::read::thrown_text;
use crate::error::{Error, FieldError, ServerCode};
use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called once by the package entry with the `EnKashError` class, so that errors thrown from
/// Rust are instances of it.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// Hands a value to JS as one JSON text and a native `JSON.parse` (measured faster than
/// building the object property by property across the boundary: see bench/README.md).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    json_to_js(serde_json::to_string(value).as_deref().map_err(|e| e.to_string()))
}

/// The JS value of an answer's JSON text (not generic: compiled once, whatever the type).
pub(crate) fn json_to_js(text: Result<&str, String>) -> Result<JsValue, JsValue> {
    let failed = |message: String| {
        error_to_js(Error::Decode {
            status: 0,
            message: format!("could not convert the answer: {message}"),
            body: String::new(),
            earlier_attempt_uncertain: false,
        })
    };
    js_sys::JSON::parse(text.map_err(failed)?).map_err(|e| failed(thrown_text(&e)))
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Builds the JS error: an `EnKashError` (or a plain `Error` named so) with `kind`,
/// `status`, `code`, `fieldErrors` and `body`.
pub(crate) fn error_to_js(error: Error) -> JsValue {
    let fields = Object::new();
    set(&fields, "kind", &JsValue::from_str(error.kind()));
    set(&fields, "status", &error.status().map_or(JsValue::UNDEFINED, JsValue::from));
    let code = match error.server_code() {
        Some(ServerCode::Number(n)) => JsValue::from_f64(*n as f64),
        Some(ServerCode::Text(t)) => JsValue::from_str(t),
        None => JsValue::UNDEFINED,
    };
    set(&fields, "code", &code);
    let field_errors = field_errors_to_js(error.field_errors());
    set(&fields, "fieldErrors", &field_errors);
    set(&fields, "body", &error.body().map_or(JsValue::UNDEFINED, JsValue::from_str));
    set(&fields, "mayHaveBeenApplied", &JsValue::from_bool(error.may_have_been_applied()));
    if let Error::DuplicateReference { already_applied, .. } = &error {
        set(&fields, "alreadyApplied", &JsValue::from_bool(*already_applied));
    }
    let message = JsValue::from_str(&error.to_string());
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        if let Ok(e) = Reflect::construct(&class, &Array::of2(&message, &fields)) {
            return e;
        }
    }
    let e = js_sys::Error::new(&error.to_string());
    e.set_name("EnKashError");
    let _ = Object::assign(&e, &fields);
    e.into()
}

pub(crate) fn field_errors_to_js(errors: &[FieldError]) -> JsValue {
    let text = serde_json::to_string(errors).unwrap_or_else(|_| "[]".to_owned());
    js_sys::JSON::parse(&text).unwrap_or_else(|_| Array::new().into())
}
