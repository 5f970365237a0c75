//! Keeping secrets and personal data out of everything the SDK prints, logs or returns in an
//! error: one redaction of bodies used by hooks and by every error that keeps a response body,
//! a scrubbed decode message, masks for emails and mobile numbers, and the check that refuses
//! a URL holding a user name or password.
//!
//! **Which keys are secret.** A key is secret when, lower-cased and with everything but letters
//! and digits removed (`X-Access-Token` -> `xaccesstoken`), it *contains* one of `token`,
//! `secret`, `password`, `passwd`, `apikey`, `cardnumber`, `authorization`, `cvv` or `pin`
//! anywhere (`refresh_token`, `voucherPin`, `clientSecretKey`, `userPassword`). One exception
//! keeps useful fields visible: a `pin` that is the start of `ping` (`shipping`, `mapping`,
//! `typing`, `pinging`) does not count, unless the original key marks `Pin` as a word of its
//! own (`voucherPinGenerated`). A postal PIN code (`pincode`, `pinCode`, `PIN_CODE`) *is*
//! redacted, deliberately: the same names are used for voucher PINs by gift-card APIs, and
//! a postal code is personal data that a log or an error body does not need either.

use crate::error::{Error, ServerCode};
use serde_json::Value;

/// The parts of a normalized key that make it secret (see the module documentation).
const SECRET_PARTS: &[&str] = &["token", "secret", "password", "passwd", "apikey", "cardnumber", "authorization", "cvv"];

/// Whether a field or parameter name names a secret: by pattern, case and `_`/`-` ignored
/// (see the module documentation for the rule and its one exception).
pub fn is_secret_key(key: &str) -> bool {
    let norm: String = key.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if SECRET_PARTS.iter().any(|part| norm.contains(part)) {
        return true;
    }
    norm.contains("pin") && has_secret_pin(key)
}

/// Whether `key` holds a `pin` that is not the start of a `ping` word part. Works on the
/// original key, so that a word boundary after `pin` (`pin_generated`, `PinGenerated`) still
/// makes it a PIN.
fn has_secret_pin(key: &str) -> bool {
    let chars: Vec<char> = key.chars().collect();
    (0..chars.len()).any(|i| {
        let Some(&[p, i_, n]) = chars.get(i..i + 3) else { return false };
        if !(p.eq_ignore_ascii_case(&'p') && i_.eq_ignore_ascii_case(&'i') && n.eq_ignore_ascii_case(&'n')) {
            return false;
        }
        match chars.get(i + 3) {
            // `...ping`: a PIN only when `G` starts a new word after a lower-case `n`.
            Some(&g) if g.eq_ignore_ascii_case(&'g') => n == 'n' && g == 'G',
            _ => true,
        }
    })
}

/// Replaces the value of every secret key (at any depth) by `"***"`, and redacts JSON text held
/// in a string value the same way. Returns whether anything changed.
fn redact_value(v: &mut Value, depth: usize) -> bool {
    let mut changed = false;
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_key(k) && !val.is_null() {
                    if val.as_str() != Some("***") {
                        *val = Value::from("***");
                        changed = true;
                    }
                } else {
                    changed |= redact_value(val, depth);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                changed |= redact_value(item, depth);
            }
        }
        // JSON inside a string (`"payload": "{\"pin\":\"1234\"}"`): redacted too, a few levels deep.
        Value::String(s) if depth < 4 && s.trim_start().starts_with(['{', '[']) => {
            if let Ok(mut inner) = serde_json::from_str::<Value>(s) {
                if redact_value(&mut inner, depth + 1) {
                    *s = inner.to_string();
                    changed = true;
                }
            }
        }
        _ => {}
    }
    changed
}

/// A body with its secret fields replaced by `***`, the one redaction used by hooks and by
/// every error that keeps a response body:
///
/// - JSON: every secret key (see [`is_secret_key`]) at any depth, also JSON inside a string;
///   a body with no secret key is returned exactly as it came;
/// - a form body (`a=1&password=x`): by parameter name;
/// - anything else (HTML, plain text, encrypted text): its length only,
///   `<N bytes, not shown>`, because nothing in it can be told apart from a secret.
pub fn redact_body(body: &str) -> String {
    if let Ok(mut v) = serde_json::from_str::<Value>(body) {
        return if redact_value(&mut v, 0) { v.to_string() } else { body.to_owned() };
    }
    if !body.is_empty() && body.contains('=') && !body.contains(['{', ' ', '\n']) {
        return form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| if is_secret_key(&k) { format!("{k}=***") } else { format!("{k}={v}") })
            .collect::<Vec<_>>()
            .join("&");
    }
    format!("<{} bytes, not shown>", body.len())
}

/// The values of every secret key in `v` (strings as they are, numbers as written), to tell
/// whether a deserializer's message quotes one.
fn secret_values(v: &Value, under_secret: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => map.iter().for_each(|(k, val)| secret_values(val, under_secret || is_secret_key(k), out)),
        Value::Array(items) => items.iter().for_each(|item| secret_values(item, under_secret, out)),
        Value::String(s) if under_secret && !s.is_empty() => out.push(s.clone()),
        Value::Number(n) if under_secret => out.push(n.to_string()),
        _ => {}
    }
}

/// The message of a failed typed read of `value` at `path` (`voucherDetailsList[0].pin`). When
/// a key of the path is secret, or the deserializer's words quote the value of any secret key
/// in `value` (serde's `invalid type: integer `123456``; with `#[serde(flatten)]` the path
/// stops at the parent), those words are replaced by ones that cannot quote it; emails and
/// long digit runs are masked in any case.
pub(crate) fn decode_message(path: &str, inner: &str, value: &Value) -> String {
    // A required field left out: serde names it after the path of its parent; name it whole.
    if let Some(field) = inner.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(f, _)| f) {
        let full = if path == "." || path.is_empty() { field.to_owned() } else { format!("{path}.{field}") };
        return format!("unexpected response payload: `{full}` is missing (the SDK requires it)");
    }
    let inner = scrub_inner(path, inner, value);
    if path == "." || path.is_empty() {
        format!("unexpected response payload: {inner}")
    } else {
        format!("unexpected response payload at `{path}`: {inner}")
    }
}

/// A deserializer's message about `value` at `path`, safe to show: see [`decode_message`].
pub(crate) fn scrub_inner(path: &str, inner: &str, value: &Value) -> String {
    let mut secret = path.split(['.', '[', ']']).any(|part| !part.is_empty() && is_secret_key(part));
    if !secret {
        let mut values = Vec::new();
        secret_values(value, false, &mut values);
        secret = values.iter().any(|v| inner.contains(v.as_str()));
    }
    if secret {
        // serde's messages end with `, expected <what the type wants>`: words from the type, not the value.
        match inner.rsplit_once(", expected ") {
            Some((_, expected)) => format!("a value (not shown: it may be a secret) is not what was expected: {}", mask_pii(expected)),
            None => "a value (not shown: it may be a secret) could not be read".to_owned(),
        }
    } else {
        mask_pii(inner)
    }
}

/// Masks an email address for a message: the first character of the local part, `***`, and
/// the domain (`asha@example.com` -> `a***@example.com`). Text without a local part and a
/// domain keeps its first character only (`a***`). Never the whole input; never panics.
pub fn mask_email(email: &str) -> String {
    let out = match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let first = local.chars().next().unwrap_or('*');
            // A long domain (only an invalid address has one) is cut: a message stays short.
            let domain: String = if domain.chars().count() > 64 { domain.chars().take(64).chain(['…']).collect() } else { domain.to_owned() };
            let out = format!("{first}***@{domain}");
            // Only when the local part already was `x***`: then show none of it.
            if out == email {
                format!("***@{domain}")
            } else {
                out
            }
        }
        _ => match email.chars().next() {
            Some(first) => format!("{first}***"),
            None => "***".to_owned(),
        },
    };
    if out == email {
        "***".to_owned()
    } else {
        out
    }
}

/// Masks a mobile number (or any short identifier) for a message: the first two and last two
/// characters of 8 or more (`9600098867` -> `96******67`; at most 12 stars between, so a long
/// value gives a short mask), stars only for fewer. Never panics.
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    let n = chars.len();
    if n >= 8 {
        let mut out: String = chars[..2].iter().collect();
        out.extend(std::iter::repeat_n('*', (n - 4).min(12)));
        out.extend(&chars[n - 2..]);
        out
    } else {
        "*".repeat(n)
    }
}

/// Characters of an email's local part, as [`mask_pii`] looks for them in free text.
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

/// Characters of an email's domain.
fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// Masks every email-like word (`x@y.z`) and every run of 10 or more digits (a mobile number,
/// also with its `91` prefix) in free text, such as a server's failure reason, leaving the
/// rest as it is: `no card for asha@example.com / 9600098867` ->
/// `no card for a***@example.com / 96******67`. Never panics.
pub fn mask_pii(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // `done` is how far `out` has been written.
    let mut done = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = i;
            while start > done && is_local_char(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && is_domain_char(chars[end]) {
                end += 1;
            }
            // A sentence's full stop or a hyphen is not part of the domain.
            while end > i + 1 && matches!(chars[end - 1], '.' | '-') {
                end -= 1;
            }
            let domain: String = chars[i + 1..end].iter().collect();
            if start < i && domain.contains('.') {
                out.extend(&chars[done..start]);
                let email: String = chars[start..end].iter().collect();
                out.push_str(&mask_email(&email));
                done = end;
                i = end;
                continue;
            }
        } else if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut end = i;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
            if end - i >= 10 {
                out.extend(&chars[done..i]);
                let digits: String = chars[i..end].iter().collect();
                out.push_str(&mask_mobile(&digits));
                done = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    out.extend(&chars[done..]);
    out
}

/// Whether a URL holds a user name or password (`https://user:pass@host`): anything with an `@`
/// before the end of the authority (the first `/`, `\`, `?` or `#` after `scheme://`).
pub(crate) fn has_userinfo(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    authority.contains('@')
}

/// Constructors of the errors that keep a response body: the body is always redacted with
/// [`redact_body`], the one redaction hooks use too.
impl Error {
    /// An [`Error::Api`] with its body redacted.
    pub(crate) fn redacted_api(status: u16, code: Option<ServerCode>, message: String, body: &str) -> Self {
        Error::Api { status, code, message, body: redact_body(body), earlier_attempt_uncertain: false }
    }

    /// An [`Error::Auth`] with its body (when any) redacted.
    pub(crate) fn redacted_auth(status: Option<u16>, message: String, body: Option<&str>) -> Self {
        Error::Auth { status, message, body: body.map(redact_body), earlier_attempt_uncertain: false }
    }

    /// An [`Error::Decode`] with its body redacted and emails and long digit runs masked in its message.
    pub(crate) fn redacted_decode(status: u16, message: String, body: &str) -> Self {
        Error::Decode { status, message: mask_pii(&message), body: redact_body(body), earlier_attempt_uncertain: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_by_pattern() {
        for key in [
            "refresh_token",
            "X-Access-Token",
            "voucherPin",
            "PIN_CODE",
            "pincode",
            "clientSecretKey",
            "userPassword",
            "pin",
            "PIN",
            "cardNumber",
            "card-number",
            "CVV2",
            "Authorization",
            "sso-token",
            "voucherPinGenerated",
            "voucher_pin_generated",
            "api_key",
        ] {
            assert!(is_secret_key(key), "{key} should be secret");
        }
        for key in ["shipping", "shippingAddress", "mapping", "typing", "email", "mobile", "expiryDate", "name", "PING", "", "п"] {
            assert!(!is_secret_key(key), "{key} should not be secret");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_email("asha@example.com"), "a***@example.com");
        assert_eq!(mask_email("a***@example.com"), "***@example.com");
        assert_eq!(mask_email("bad"), "b***");
        assert_eq!(mask_email(""), "***");
        assert_eq!(mask_mobile("9600098867"), "96******67");
        assert_eq!(mask_mobile("123"), "***");
        assert_eq!(mask_pii("no card for asha@example.com / 9600098867."), "no card for a***@example.com / 96******67.");
        assert_eq!(mask_pii("ref 123456789 at a@b"), "ref 123456789 at a@b");
        assert_eq!(mask_pii("+919600098867@"), "+91********67@");
    }

    #[test]
    fn userinfo() {
        for url in ["https://u:p@host", "http://u@host/x", "u:p@host", "https://u:p@host?x#y"] {
            assert!(has_userinfo(url), "{url}");
        }
        for url in ["https://host", "https://host/a@b", "https://host?x=a@b", "https://host#a@b", "https://host\\a@b"] {
            assert!(!has_userinfo(url), "{url}");
        }
    }
}
