//! Reading JS values safely, before anything converts them: getters and traps that throw,
//! revoked proxies, depth and size limits, and NaN or Infinity (which JSON would turn into
//! null) reported as such; then the readers of each kind of argument (requests, ids, pages).
//! The rules themselves are in the core (`crate::models`, `crate::api`).

use super::config::{check_keys, PAGE_KEYS};
use super::errors::error_to_js;
use crate::allocation::{AllocationRequest, BulkRequest};
use crate::error::{Error, FieldError, FieldErrorCode};
use crate::models::Request;
use crate::types::Id;
use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Deepest nesting accepted in any input (also what stops a circular object).
const MAX_DEPTH: usize = 64;
/// Most values (objects, arrays and leaves together) accepted in one input.
const MAX_NODES: usize = 20_000_000;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy (js-sys' own import does not catch).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.assign`, which runs the source's getters and traps (js-sys' own import does
    /// not catch what they throw).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn object_assign(target: &Object, source: &JsValue) -> Result<Object, JsValue>;
}

/// What a JS `throw` threw, as text, without converting the value itself (an object's
/// `toString` or `Symbol.toPrimitive` may throw again): an Error's message, a string, or
/// "it threw 42" / "it threw null" / "it threw undefined" / "it threw a symbol".
pub(crate) fn thrown_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    if value.is_undefined() {
        return "it threw undefined".to_owned();
    }
    if value.is_null() {
        return "it threw null".to_owned();
    }
    if let Some(b) = value.as_bool() {
        return format!("it threw {b}");
    }
    if let Some(n) = value.as_f64() {
        return format!("it threw {n}");
    }
    if value.is_symbol() {
        return "it threw a symbol".to_owned();
    }
    if value.is_bigint() {
        return "it threw a BigInt".to_owned();
    }
    // The message is read as a property (a Proxy's trap may throw) and only kept when it is
    // text. It is read from any object, not only this realm's `Error`s: an error made in another
    // realm (jsdom's, a `vm` context's, Next's edge sandbox) fails `instanceof Error` here.
    if let Some(message) = Reflect::get(value, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()) {
        return message;
    }
    if value.dyn_ref::<js_sys::Error>().is_some() {
        return "it threw an Error".to_owned();
    }
    "it threw an object that is not an Error".to_owned()
}

/// The array behind a JS value, if it is one: `Err` with the reason when the value cannot be
/// inspected at all (a revoked Proxy).
pub(crate) fn array_of(value: &JsValue) -> Result<Option<&Array>, String> {
    if !value.is_object() {
        return Ok(None);
    }
    match array_is_array(value) {
        Ok(true) => Ok(Some(value.unchecked_ref::<Array>())),
        Ok(false) => Ok(None),
        Err(_) => Err("it is a revoked Proxy".to_owned()),
    }
}

/// An array's length, read as a property (a Proxy's trap may throw or answer nonsense).
pub(crate) fn length_of(array: &Array) -> Result<u32, String> {
    let length = Reflect::get(array, &JsValue::from_str("length")).map_err(|e| thrown_text(&e))?;
    match length.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as u32),
        _ => Err("its length is not a whole number".to_owned()),
    }
}

/// The field error of an input that could not be read (a revoked Proxy, a getter or trap that
/// throws, text that is not JSON): `why` says what happened.
pub(crate) fn unreadable(field: &str, why: impl std::fmt::Display) -> FieldError {
    FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} could not be read: {why}"))
}

/// Refuses a value that cannot be read at all (a revoked Proxy), naming it.
pub(crate) fn readable(value: &JsValue, field: &str) -> Result<(), Error> {
    array_of(value).map(|_| ()).map_err(|why| Error::validation(vec![unreadable(field, why)]))
}

/// A shallow copy of a JS object's own properties (an empty object for anything else), or a
/// validation error naming `field` when a getter or trap throws.
pub(crate) fn copy_object(value: &JsValue, field: &str) -> Result<Object, Error> {
    if !value.is_object() {
        return Ok(Object::new());
    }
    object_assign(&Object::new(), value).map_err(|e| Error::validation(vec![unreadable(field, thrown_text(&e))]))
}

/// One property of a JS object, or a validation error naming `field` when reading it throws.
pub(crate) fn property(value: &JsValue, key: &str, field: &str) -> Result<JsValue, Error> {
    Reflect::get(value, &JsValue::from_str(key)).map_err(|e| Error::validation(vec![unreadable(field, thrown_text(&e))]))
}

/// Walks a JS value without recursion before anything converts it: too deep (or circular)
/// or too large an input, or a getter that throws, becomes an error here instead of
/// overflowing the wasm stack (which has no guard page) or unwinding through Rust.
pub(crate) fn guard(value: &JsValue, field: &str) -> Result<(), FieldError> {
    let bad = |name: &str, why: String| FieldError::new(name, FieldErrorCode::InvalidType, format!("{name} {why}"));
    // Each entry: the value, its depth, and the name of the field it sits in.
    let mut stack = vec![(value.clone(), 0usize, field.to_owned())];
    let mut nodes = 0usize;
    while let Some((v, depth, name)) = stack.pop() {
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(bad(field, format!("is too large (more than {MAX_NODES} values)")));
        }
        if !v.is_object() || v.is_function() {
            continue;
        }
        if depth >= MAX_DEPTH {
            return Err(bad(&name, format!("is nested more than {MAX_DEPTH} levels deep (or refers to itself)")));
        }
        if let Some(array) = array_of(&v).map_err(|why| bad(&name, format!("could not be read: {why}")))? {
            let n = length_of(array).map_err(|why| bad(&name, format!("could not be read: {why}")))?;
            if n as usize > crate::input::MAX_ITEMS {
                return Err(FieldError::new(
                    &name,
                    FieldErrorCode::OutOfRange,
                    format!("{name} has too many items ({n}; at most {} at once; allocateRewards takes any number of rows)", crate::input::MAX_ITEMS),
                ));
            }
            for i in 0..n {
                let item = Reflect::get_u32(array, i).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
                stack.push((item, depth + 1, name.clone()));
            }
            continue;
        }
        let keys = Reflect::own_keys(&v).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
        for key in keys.iter() {
            let item = Reflect::get(&v, &key).map_err(|e| bad(&name, format!("could not be read: {}", thrown_text(&e))))?;
            stack.push((item, depth + 1, key.as_string().unwrap_or_else(|| name.clone())));
        }
    }
    Ok(())
}

/// Reads loose input into a JSON value. JS `NaN`/`Infinity` become `null` there, so their
/// fields are re-checked to report "out of range" instead of "required".
fn to_json(value: &JsValue) -> Result<serde_json::Value, Vec<FieldError>> {
    to_json_named(value, "request")
}

/// Reads a JS value as JSON through one native `JSON.stringify` and `serde_json` (measured
/// faster than walking the value and converting it piece by piece: see bench/README.md).
/// Cycles, throwing getters and BigInts become errors in `JSON.stringify`; nesting deeper
/// than `serde_json`'s limit (128) is refused by the parser: neither can overflow the stack.
pub(crate) fn to_json_named(value: &JsValue, field: &str) -> Result<serde_json::Value, Vec<FieldError>> {
    let Some(text) = to_json_text(value, field)? else { return Ok(serde_json::Value::Null) };
    serde_json::from_str(&text).map_err(|e| vec![unreadable(field, e)])
}

/// The JSON text of a JS value (`None` for undefined, a function or a symbol), after the
/// length check of [`too_many_items`].
pub(crate) fn to_json_text(value: &JsValue, field: &str) -> Result<Option<String>, Vec<FieldError>> {
    too_many_items(value, field).map_err(|e| vec![e])?;
    match js_sys::JSON::stringify(value) {
        Ok(t) if t.is_string() => Ok(Some(utf8_of(&t))),
        Ok(_) => Ok(None),
        Err(e) => Err(vec![unreadable(field, thrown_text(&e))]),
    }
}

#[wasm_bindgen]
extern "C" {
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_name = encode)]
    fn encode_value(this: &Utf8Encoder, text: &JsValue) -> js_sys::Uint8Array;
}

thread_local! {
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// A JS string's text. A large one goes through the native `TextEncoder` and one copy into
/// wasm memory: for megabytes of rows this is measured faster than the glue's
/// character-by-character copy, which is faster for small texts (bench/README.md).
/// `JSON.stringify` output is well-formed, so the lossy fallback never changes it.
pub(crate) fn utf8_of(text: &JsValue) -> String {
    // Small texts (one request) cross faster through the glue's own copy.
    if text.unchecked_ref::<js_sys::JsString>().length() < 16_384 {
        return text.as_string().unwrap_or_default();
    }
    let bytes = ENCODER.with(|e| e.encode_value(text)).to_vec();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[wasm_bindgen]
extern "C" {
    // Caught: a Proxy trap or a getter may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = values, catch)]
    fn object_values(object: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;
}

/// A list too long to read at all is refused by its length, before being serialized: the
/// value itself, or one of its own properties (such as `rows`).
fn too_many_items(value: &JsValue, field: &str) -> Result<(), FieldError> {
    // `name` is asked for only when there is an error to word (reading a key costs a call).
    let check = |v: &JsValue, name: &dyn Fn() -> String| -> Result<bool, FieldError> {
        let Some(a) = array_of(v).map_err(|why| unreadable(&name(), why))? else { return Ok(false) };
        let n = length_of(a).map_err(|why| unreadable(&name(), why))?;
        if n as usize > crate::input::MAX_ITEMS {
            let name = name();
            return Err(FieldError::new(
                &name,
                FieldErrorCode::OutOfRange,
                format!("{name} has too many items ({n}; at most {} at once; allocateRewards takes any number of rows)", crate::input::MAX_ITEMS),
            ));
        }
        Ok(true)
    };
    let is_array = check(value, &|| field.to_owned())?;
    if value.is_object() && !is_array {
        // Its enumerable own values (what JSON.stringify reads), taken in one call. (A getter
        // or Proxy trap that throws is left to JSON.stringify, which reports it.)
        if let Ok(values) = object_values(value) {
            for (i, v) in values.iter().enumerate() {
                if v.is_object() {
                    check(&v, &|| object_keys(value).ok().and_then(|keys| keys.get(i as u32).as_string()).unwrap_or_else(|| field.to_owned()))?;
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn refine_non_finite(source: &JsValue, errors: Vec<FieldError>, rows_key: Option<&str>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| {
            if e.code != FieldErrorCode::Required {
                return e;
            }
            let mut holder = source.clone();
            if let Some(row) = e.row {
                if let Some(key) = rows_key {
                    holder = Reflect::get(&holder, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
                }
                holder = Reflect::get(&holder, &JsValue::from_f64(row as f64)).unwrap_or(JsValue::UNDEFINED);
            }
            if !holder.is_object() {
                return e;
            }
            match Reflect::get(&holder, &JsValue::from_str(&e.field)).ok().and_then(|v| v.as_f64()) {
                Some(n) if !n.is_finite() => {
                    FieldError { code: FieldErrorCode::OutOfRange, message: format!("{} must be a finite number, got {n}", e.field), ..e }
                }
                _ => e,
            }
        })
        .collect()
}

pub(crate) fn allocation_from_js(value: &JsValue) -> Result<AllocationRequest, Vec<FieldError>> {
    AllocationRequest::from_json(to_json(value)?).map_err(|e| refine_non_finite(value, e, None))
}

pub(crate) fn bulk_from_js(value: &JsValue) -> Result<BulkRequest, Vec<FieldError>> {
    BulkRequest::from_json(to_json(value)?).map_err(|e| refine_non_finite(value, e, Some("rows")))
}

/// A string argument, or a validation error naming it (a `&str` parameter would trust the
/// caller, and a non-string from JS would corrupt the module's memory).
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| error_to_js(Error::validation(vec![FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} must be a string"))])))
}

/// Reads a request type from JS and checks its rules at once: for the iterators, whose
/// filter is not sent at once but must be refused when the iterator is created.
pub(crate) fn input<R: Request>(value: &JsValue) -> Result<R, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    R::from_json(json).map_err(|e| Error::validation(refine_non_finite(value, e, None)))
}

/// Reads a request type from JS: missing and wrong-typed fields only. Its own rules are
/// checked once, by the endpoint that sends it (`to_endpoint` in [`crate::api`]); pass that
/// call's error through [`refined`] so that they are worded for JS input.
pub(crate) fn read<R: Request>(value: &JsValue) -> Result<R, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    R::read_json(json).map_err(|e| Error::validation(refine_non_finite(value, e, None)))
}

/// A call's validation errors about the JS input `source` worded as [`input`] words them: a
/// field given NaN or Infinity (which JSON turns into null) is "out of range", not "required".
pub(crate) fn refined(source: &JsValue, error: Error) -> Error {
    match error {
        Error::Validation { field_errors, .. } => Error::validation(refine_non_finite(source, field_errors, None)),
        other => other,
    }
}

/// Reads a value that needs no validation of its own (filters checked later, page options).
pub(crate) fn loose<T: DeserializeOwned + Default>(value: &JsValue, what: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json = to_json(value).map_err(Error::validation)?;
    crate::input::typed(json, None).map_err(|mut e| {
        e.message = format!("{what}: {}", e.message);
        Error::validation(vec![e])
    })
}

/// Reads an id given as a non-blank string or a whole number.
pub(crate) fn id_arg(value: &JsValue, field: &str) -> Result<Id, Error> {
    let bad = |why: &str| Error::validation(vec![FieldError::new(field, FieldErrorCode::InvalidType, format!("{field} {why}"))]);
    if let Some(s) = value.as_string() {
        return if s.trim().is_empty() {
            Err(Error::validation(vec![FieldError::new(field, FieldErrorCode::Required, format!("{field} is required"))]))
        } else {
            Ok(Id::Text(s))
        };
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9.0e15).contains(&n) => Ok(Id::Number(n as i64)),
        Some(_) => Err(bad("must be a whole number of 0 or more, or a string")),
        None if value.is_undefined() || value.is_null() => {
            Err(Error::validation(vec![FieldError::new(field, FieldErrorCode::Required, format!("{field} is required"))]))
        }
        None => Err(bad("must be a string or a number")),
    }
}

/// Page options `{pageSize, offset}` from JS (any other key is refused, naming the closest:
/// `limit` → `pageSize`).
pub(crate) fn page_arg(value: &JsValue) -> Result<crate::wire::paging::PageRequest, Error> {
    use crate::keys::{Kind, Known, PAGING_HINTS};
    check_keys(value, "page", &Known { keys: PAGE_KEYS, hints: PAGING_HINTS, prefix: "", kind: Kind::Option })?;
    loose(value, "page")
}

/// Reads options whose required fields are checked by serde (missing ones named).
pub(crate) fn input_loose_required<T: DeserializeOwned>(value: &JsValue) -> Result<T, Error> {
    let json = to_json(value).map_err(Error::validation)?;
    crate::input::typed(json, None).map_err(|e| Error::validation(vec![e]))
}
