//! Turning loose input (a JS object, a JSON value) into typed requests with field errors
//! instead of a single deserializer message.
//!
//! Order: every missing required key is reported at once; then the first value of the
//! wrong type (or an enum value outside its set); then the request's own validation.

use crate::error::{FieldError, FieldErrorCode as C};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A required key and its accepted spellings (the first is the wire name).
pub(crate) type Required = &'static [&'static str];

/// Reports each required key that is missing or null.
pub(crate) fn missing(value: &Value, required: &[Required], row: Option<usize>) -> Vec<FieldError> {
    let Value::Object(map) = value else {
        let what = row.map_or("the request".to_owned(), |r| format!("row {r}"));
        let e = FieldError::new(row.map_or("request", |_| "row"), C::InvalidType, format!("{what} must be an object, got {}", type_name(value)));
        return vec![with_row(e, row)];
    };
    required
        .iter()
        .filter(|names| names.iter().all(|n| matches!(map.get(*n), None | Some(Value::Null))))
        .map(|names| with_row(FieldError::new(names[0], C::Required, format!("{} is required", names[0])), row))
        .collect()
}

/// Deserializes `value` into `T`; on failure, one field error naming the failing key.
pub(crate) fn typed<T: DeserializeOwned>(value: Value, row: Option<usize>) -> Result<T, FieldError> {
    crate::wire::de::from_value::<T>(&value).map_err(|e| field_error(e, &value, row))
}

/// The field error of a failed [`typed`] read (not generic: compiled once, whatever the type).
fn field_error(e: crate::wire::de::PathError, value: &Value, row: Option<usize>) -> FieldError {
    use crate::wire::de::Problem;
    let code = match &e.inner.problem {
        // A key the type does not know (`deny_unknown_fields`): named with the closest one.
        Problem::Unknown { key, expected } => return with_row(crate::keys::unknown_field(key, expected, &e.path_text()), row),
        Problem::Both { sdk, other } => {
            let message = format!("{sdk} and {other} are two spellings of one field, given with different values: give one ({sdk})");
            return with_row(FieldError::new(*sdk, C::Mismatch, message), row);
        }
        Problem::Variant => C::InvalidValue,
        Problem::Missing { .. } => C::Required,
        Problem::Other => C::InvalidType,
    };
    let raw = e.inner.to_string();
    let field = e.last_key().map_or("request".to_owned(), crate::keys::shown);
    // Masked: the deserializer's words may quote a mobile number, an email or a secret.
    let inner = crate::redact::scrub_inner(&e.path_text(), &raw, value);
    let message = match code {
        C::InvalidValue => format!("{field} has a value that is not allowed: {}", inner.replace("unknown variant", "got")),
        C::Required => format!("{field}: {inner}"),
        _ => format!("{field} has the wrong type: {inner}"),
    };
    with_row(FieldError::new(field, code, message), row)
}

/// Longest text accepted in any field.
pub const MAX_STRING: usize = 4096;
/// Most items accepted in any list inside a request.
pub const MAX_ITEMS: usize = 10_000;

/// Refuses absurd sizes before anything else: a 10 MB id or a million-item filter is a
/// mistake or an attack, and must never reach the server.
pub(crate) fn oversized(value: &Value, row: Option<usize>) -> Vec<FieldError> {
    fn walk(v: &Value, key: &str, out: &mut Vec<FieldError>, depth: usize) {
        if out.len() >= 20 {
            return;
        }
        match v {
            Value::String(s) if s.chars().count() > MAX_STRING => {
                out.push(FieldError::new(key, C::OutOfRange, format!("{key} is too long ({} characters; at most {MAX_STRING})", s.chars().count())))
            }
            Value::Array(items) if items.len() > MAX_ITEMS => {
                out.push(FieldError::new(key, C::OutOfRange, format!("{key} has too many items ({}; at most {MAX_ITEMS})", items.len())))
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, key, out, depth + 1)),
            Value::Object(map) if depth < 32 => map.iter().for_each(|(k, i)| walk(i, k, out, depth + 1)),
            Value::Object(_) => out.push(FieldError::new(key, C::InvalidType, format!("{key} is nested too deeply"))),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "request", &mut out, 0);
    out.into_iter().map(|e| with_row(e, row)).collect()
}

/// Required-key check, then typed deserialization: the first step of every loose input.
pub(crate) fn parse<T: DeserializeOwned>(value: Value, required: &[Required], row: Option<usize>) -> Result<T, Vec<FieldError>> {
    precheck(&value, required, row)?;
    typed(value, row).map_err(|e| vec![e])
}

/// The checks of [`parse`] before the typed read: sizes, then required keys.
fn precheck(value: &Value, required: &[Required], row: Option<usize>) -> Result<(), Vec<FieldError>> {
    let too_big = oversized(value, row);
    if !too_big.is_empty() {
        return Err(too_big);
    }
    let missing = missing(value, required, row);
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(())
}

fn with_row(e: FieldError, row: Option<usize>) -> FieldError {
    match row {
        Some(r) => e.in_row(r),
        None => e,
    }
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
