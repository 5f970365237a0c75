//! The response envelope, in every variant the portal shows:
//! `{code, message, payload}` and `{response_code, response_message, payload}`, the code as a
//! number or a string, and the payload key misspelt `paylod` in one sample.

use crate::error::{Error, ServerCode};
use crate::wire::transcode::{entries, Entries};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// An envelope taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `code` or `response_code`.
    pub code: Option<ServerCode>,
    /// `message` or `response_message`.
    pub message: Option<String>,
    /// `payload` or `paylod` (`Null` when absent).
    pub payload: Value,
}

fn code_of(value: &Value) -> Option<ServerCode> {
    match value {
        Value::Number(n) => Some(match n.as_i64() {
            Some(i) => ServerCode::Number(i),
            None => ServerCode::Text(n.to_string()),
        }),
        Value::String(s) => Some(match s.trim().parse::<i64>() {
            Ok(i) => ServerCode::Number(i),
            Err(_) => ServerCode::Text(s.clone()),
        }),
        _ => None,
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Reads an envelope from a parsed body. `None` when the value has neither code key.
pub fn split(value: Value) -> Option<Envelope> {
    let Value::Object(mut map) = value else { return None };
    let code = map.get("code").or_else(|| map.get("response_code")).or_else(|| map.get("responseCode"));
    let code = code_of(code?)?;
    let message = text_of(map.get("message")).or_else(|| text_of(map.get("response_message"))).or_else(|| text_of(map.get("responseMessage")));
    let payload = map.remove("payload").or_else(|| map.remove("paylod")).unwrap_or(Value::Null);
    Some(Envelope { code: Some(code), message, payload })
}

/// The best human message in an error body: `message`, `response_message`,
/// `error_description`, `error`, or a string payload; `None` when the body has none.
pub fn error_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let map = value.as_object()?;
    ["message", "response_message", "responseMessage", "error_description", "error", "payload", "paylod"].iter().find_map(|key| text_of(map.get(*key)))
}

/// Decodes a successful HTTP response whose body is an envelope into its typed payload.
///
/// A non-zero code is an [`Error::Api`] carrying the server's message; a body that is not
/// JSON, not an envelope, or whose payload does not fit `T` is an [`Error::Decode`] that
/// names the failing field's path.
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, Error> {
    let payload = open(status, body)?;
    decode_value(status, payload, body)
}

/// Like [`decode`], but a body without an envelope is taken as the payload itself: for
/// endpoints whose answer the portal does not document.
pub fn decode_lenient<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, Error> {
    let payload = open_lenient(status, body)?;
    decode_value(status, payload, body)
}

fn parse(status: u16, body: &str) -> Result<Value, Error> {
    serde_json::from_str(body).map_err(|e| Error::redacted_decode(status, format!("the response is not JSON: {e}"), body))
}

/// The untyped first half of [`decode`]: the payload of a successful envelope, or the
/// error it carries, the body parsed once into a `Value`. Not generic, so the request path is
/// compiled once, not per answer type.
pub(crate) fn open(status: u16, body: &str) -> Result<Value, Error> {
    open_parsed(status, parse(status, body)?, body)
}

/// [`open`] of a body already parsed into `value`.
fn open_parsed(status: u16, value: Value, body: &str) -> Result<Value, Error> {
    let envelope =
        split(value).ok_or_else(|| Error::redacted_decode(status, "the response is not an EnKash envelope (no `code` or `response_code`)".to_owned(), body))?;
    let code = envelope.code.clone().unwrap_or(ServerCode::Number(0));
    if !code.is_success() {
        let message = envelope
            .message
            .clone()
            .or_else(|| envelope.payload.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("the server refused the request (code {code})"));
        return Err(Error::redacted_api(status, Some(code), message, body));
    }
    Ok(envelope.payload)
}

/// The untyped first half of [`decode_lenient`].
pub(crate) fn open_lenient(status: u16, body: &str) -> Result<Value, Error> {
    let value = parse(status, body)?;
    let has_code = value.as_object().is_some_and(|m| CODE_KEYS.iter().any(|k| m.contains_key(*k)));
    if has_code {
        open_parsed(status, value, body)
    } else {
        Ok(value)
    }
}

fn raw_parts(status: u16, body: &str) -> Result<(&str, Option<Entries<'_>>), Error> {
    // JSON as a `Value` would read it (the readers copy parts of it as they are), checked
    // once here, building nothing.
    let not_json = |e: String| Error::redacted_decode(status, format!("the response is not JSON: {e}"), body);
    crate::wire::transcode::check_json(body).map_err(|e| not_json(e.to_string()))?;
    let text = body.trim_matches([' ', '\t', '\n', '\r']);
    if !text.starts_with('{') {
        return Ok((text, None));
    }
    // An object (the usual body): its top-level entries as slices of the text (no tree).
    let entries = entries(text).map_err(|e| not_json(e.to_string()))?;
    Ok((text, Some(entries)))
}

fn small(raw: Option<&serde_json::value::RawValue>) -> Option<Value> {
    raw.and_then(|r| serde_json::from_str(r.get()).ok())
}

/// The payload's text of a successful envelope (`null` when it has none), or the error it
/// carries; the payload itself is not parsed here.
pub(crate) fn open_text(status: u16, body: &str) -> Result<&str, Error> {
    let (_, entries) = raw_parts(status, body)?;
    open_entries(status, entries.as_ref(), body)
}

/// Like [`open_text`], but a body without an envelope is the payload itself.
pub(crate) fn open_text_lenient(status: u16, body: &str) -> Result<&str, Error> {
    let (text, entries) = raw_parts(status, body)?;
    match &entries {
        Some(map) if CODE_KEYS.iter().any(|k| map.get(k).is_some()) => open_entries(status, entries.as_ref(), body),
        _ => Ok(text),
    }
}

const CODE_KEYS: [&str; 3] = ["code", "response_code", "responseCode"];

/// [`split`] and [`open_parsed`] over entries that are slices of the body: the same keys, the
/// same rules (checked against them by `text_and_value_envelopes_agree`).
fn open_entries<'a>(status: u16, map: Option<&Entries<'a>>, body: &str) -> Result<&'a str, Error> {
    let code = map.and_then(|m| CODE_KEYS.iter().find_map(|k| m.get(k))).and_then(|raw| code_of(&small(Some(raw))?));
    let (Some(map), Some(code)) = (map, code) else {
        return Err(Error::redacted_decode(status, "the response is not an EnKash envelope (no `code` or `response_code`)".to_owned(), body));
    };
    let payload = map.get("payload").or_else(|| map.get("paylod")).map_or("null", |raw| raw.get());
    if !code.is_success() {
        let message = ["message", "response_message", "responseMessage"]
            .iter()
            .find_map(|k| text_of(small(map.get(k)).as_ref()))
            .or_else(|| serde_json::from_str::<Value>(payload).ok().and_then(|p| p.as_str().map(str::to_owned)))
            .unwrap_or_else(|| format!("the server refused the request (code {code})"));
        return Err(Error::redacted_api(status, Some(code), message, body));
    }
    Ok(payload)
}

/// Decodes a JSON value into `T`, naming the failing field's path on error.
pub(crate) fn decode_value<T: DeserializeOwned>(status: u16, value: Value, body: &str) -> Result<T, Error> {
    crate::wire::de::from_value(&value).map_err(|e| decode_error(status, &e, &value, body))
}

/// The error of a payload that does not fit its type (not generic: compiled once).
pub(crate) fn decode_error(status: u16, e: &crate::wire::de::PathError, value: &Value, body: &str) -> Error {
    // The deserializer's words may quote the failing value: not when it is a secret.
    let message = crate::redact::decode_message(&e.path_text(), &e.inner.to_string(), value);
    Error::redacted_decode(status, message, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct P {
        a: i32,
    }

    #[test]
    fn both_styles_and_string_codes_and_the_paylod_typo() {
        for body in [
            r#"{"code":0,"message":"Success","payload":{"a":1}}"#,
            r#"{"response_code":0,"response_message":"Success","payload":{"a":1}}"#,
            r#"{"response_code":"0","response_message":"Success","payload":{"a":1}}"#,
            r#"{"code":"0","message":"Success","payload":{"a":1}}"#,
            r#"{"response_code":0,"response_message":"Success","paylod":{"a":1}}"#,
        ] {
            assert_eq!(decode::<P>(200, body).unwrap(), P { a: 1 }, "{body}");
        }
    }

    /// An undocumented answer: read through its envelope when it has one (a refusal inside
    /// it is still an `Api` error), else taken as the payload itself.
    #[test]
    fn lenient_answers_with_and_without_an_envelope() {
        assert_eq!(decode_lenient::<P>(200, r#"{"code":0,"message":"Success","payload":{"a":1}}"#).unwrap(), P { a: 1 });
        assert_eq!(decode_lenient::<P>(200, r#"{"a":2}"#).unwrap(), P { a: 2 });
        let refused = decode_lenient::<P>(200, r#"{"response_code":1,"response_message":"Duplicate requestId"}"#).unwrap_err();
        assert!(matches!(&refused, Error::Api { message, .. } if message == "Duplicate requestId"), "{refused:?}");
        assert_eq!(decode_lenient::<P>(200, "not json").unwrap_err().kind(), "decode");
    }

    #[test]
    fn nonzero_code_is_an_api_error_with_the_server_message() {
        let body = r#"{"response_code":1,"response_message":"Insufficient balance in card account","payload":"Insufficient balance in card account"}"#;
        match decode::<P>(200, body).unwrap_err() {
            Error::Api { status, code, message, body: raw, .. } => {
                assert_eq!(status, 200);
                assert_eq!(code, Some(ServerCode::Number(1)));
                assert_eq!(message, "Insufficient balance in card account");
                assert_eq!(raw, body);
            }
            other => panic!("{other:?}"),
        }
        // string code "1", message only in the payload
        match decode::<P>(200, r#"{"response_code":"1","payload":"No money"}"#).unwrap_err() {
            Error::Api { code, message, .. } => {
                assert_eq!(code, Some(ServerCode::Number(1)));
                assert_eq!(message, "No money");
            }
            other => panic!("{other:?}"),
        }
        // non-numeric code text is kept
        match decode::<P>(200, r#"{"code":"E42","message":"nope"}"#).unwrap_err() {
            Error::Api { code, .. } => assert_eq!(code, Some(ServerCode::Text("E42".into()))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_is_a_decode_error_naming_the_field() {
        assert_eq!(decode::<P>(200, "<html>").unwrap_err().kind(), "decode");
        assert_eq!(decode::<P>(200, r#"{"payload":{"a":1}}"#).unwrap_err().kind(), "decode");
        assert_eq!(decode::<P>(200, "[]").unwrap_err().kind(), "decode");
        let e = decode::<P>(200, r#"{"code":0,"payload":{"a":"x"}}"#).unwrap_err();
        assert_eq!(e.kind(), "decode");
        assert!(e.to_string().contains("`a`"), "{e}");
    }

    #[test]
    fn error_message_reads_every_documented_key() {
        assert_eq!(error_message(r#"{"message":"m"}"#).as_deref(), Some("m"));
        assert_eq!(error_message(r#"{"response_message":"r"}"#).as_deref(), Some("r"));
        assert_eq!(error_message(r#"{"error":"invalid_grant","error_description":"Bad credentials"}"#).as_deref(), Some("Bad credentials"));
        assert_eq!(error_message(r#"{"error":"e"}"#).as_deref(), Some("e"));
        assert_eq!(error_message("not json"), None);
        assert_eq!(error_message(r#"{"other":1}"#), None);
    }
}
