//! Unknown keys: an option or field the SDK does not know is refused with an error naming
//! the key and the closest valid one (`unknown option "limit"; did you mean "pageSize"?`),
//! instead of being silently ignored.

use crate::error::{FieldError, FieldErrorCode as C};

/// The SDK's paging words are `pageSize` and `offset` everywhere; the other usual words.
pub(crate) const PAGING_HINTS: &[(&str, &str)] =
    &[("limit", "pageSize"), ("size", "pageSize"), ("perPage", "pageSize"), ("per_page", "pageSize"), ("page_size", "pageSize"), ("skip", "offset")];

/// What a set of keys is called in messages: `option` for settings (client config, call,
/// run and paging options, hooks), `field` for request bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Option,
    Field,
}

/// The keys an object may have, and hints for keys that are not close in spelling but are
/// known mistakes (`limit` for `pageSize`, `onRequest` at the top level for
/// `hooks.onRequest`).
pub(crate) struct Known<'a> {
    /// Accepted keys.
    pub keys: &'a [&'a str],
    /// `(wrong key, what to say instead)`.
    pub hints: &'a [(&'a str, &'a str)],
    /// Prefix of the field path in errors (`hooks.`, `credentials.`), empty at the top.
    pub prefix: &'a str,
    pub kind: Kind,
}

/// Keys longer than this get no suggestion and are shown shortened.
pub(crate) const MAX_KEY: usize = 64;
/// How much of a longer key is shown.
const SHOWN: usize = 32;

/// The closest of `candidates` to `key`: the same but for case, one containing the other,
/// or within a small edit distance. `None` for a key longer than [`MAX_KEY`] characters,
/// so that the work stays small whatever the key.
pub(crate) fn closest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if key.is_empty() || key.chars().nth(MAX_KEY).is_some() {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(key)) {
        return Some(c);
    }
    let (mut best, mut best_distance) = (None, usize::MAX);
    for c in candidates {
        let cl = c.to_ascii_lowercase();
        let distance = strsim::damerau_levenshtein(&lower, &cl);
        let limit = (cl.chars().count().max(lower.chars().count()) / 3).max(2);
        let contains = lower.len() >= 4 && (cl.contains(&lower) || lower.contains(&cl));
        if (distance <= limit || contains) && distance < best_distance {
            best = Some(*c);
            best_distance = distance;
        }
    }
    best
}

/// `key` as errors show it: at most [`SHOWN`] characters of a key longer than [`MAX_KEY`]
/// (then `…`), with email-like words and mobile numbers masked. Linear in the key's length.
pub(crate) fn shown(key: &str) -> String {
    let short = if key.chars().nth(MAX_KEY).is_some() { format!("{}…", key.chars().take(SHOWN).collect::<String>()) } else { key.to_owned() };
    crate::redact::mask_pii(&short)
}

/// The error for `key`, which is not one of `known.keys`.
pub(crate) fn unknown(key: &str, known: &Known<'_>) -> FieldError {
    let what = match known.kind {
        Kind::Option => "option",
        Kind::Field => "field",
    };
    let field = format!("{}{}", known.prefix, shown(key));
    let hint = known.hints.iter().find(|(k, _)| *k == key).map(|(_, h)| (*h).to_owned());
    let hint = hint.or_else(|| closest(key, known.keys).map(|c| format!("{}{c}", known.prefix)));
    let message = match hint {
        Some(h) => format!("unknown {what} \"{field}\"; did you mean \"{h}\"?"),
        None if known.keys.is_empty() => format!("unknown {what} \"{field}\": none are accepted here"),
        None => format!("unknown {what} \"{field}\"; known: {}", known.keys.join(", ")),
    };
    FieldError::new(field, C::UnknownField, message)
}

/// An error for each of `keys` that is not known.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn check<'k>(keys: impl IntoIterator<Item = &'k str>, known: &Known<'_>) -> Vec<FieldError> {
    keys.into_iter().filter(|k| !known.keys.contains(k)).map(|k| unknown(k, known)).collect()
}

/// The error for a key a request type does not know (serde's `unknown_field`, with the
/// type's own field list: the SDK's spellings only, other spellings are read by
/// [`crate::spell`]). `parent` is the path of the object holding the key.
pub(crate) fn unknown_field(key: &str, expected: &[&str], parent: &str) -> FieldError {
    let prefix = if parent.is_empty() || parent == "." { String::new() } else { format!("{parent}.") };
    // Known mistakes not close in spelling, offered when their target is a key here.
    let hints: Vec<(&str, &str)> = PAGING_HINTS.iter().copied().filter(|(_, to)| expected.contains(to)).collect();
    unknown(key, &Known { keys: expected, hints: &hints, prefix: &prefix, kind: Kind::Field })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Known<'static> = Known { keys: &["pageSize", "offset"], hints: &[("limit", "pageSize")], prefix: "", kind: Kind::Option };

    #[test]
    fn names_the_key_and_the_closest() {
        let e = unknown("limit", &PAGE);
        assert_eq!((e.field.as_str(), e.code), ("limit", C::UnknownField));
        assert_eq!(e.message, r#"unknown option "limit"; did you mean "pageSize"?"#);
        assert_eq!(unknown("pagesize", &PAGE).message, r#"unknown option "pagesize"; did you mean "pageSize"?"#);
        assert_eq!(unknown("ofset", &PAGE).message, r#"unknown option "ofset"; did you mean "offset"?"#);
        assert_eq!(unknown("zzz", &PAGE).message, r#"unknown option "zzz"; known: pageSize, offset"#);
        assert_eq!(closest("retries", &["maxRetries", "timeoutMs"]), Some("maxRetries"));
        assert_eq!(closest("timeout", &["maxRetries", "timeoutMs"]), Some("timeoutMs"));
        assert_eq!(closest("", &["a"]), None);
        assert!(check(["pageSize", "offset"], &PAGE).is_empty());
        assert_eq!(check(["pageSize", "limit"], &PAGE).len(), 1);
    }

    #[test]
    fn names_unknown_fields_of_a_type() {
        let e = unknown_field("emial", &["email", "mobile"], ".");
        assert_eq!(e.field, "emial");
        assert_eq!(e.message, r#"unknown field "emial"; did you mean "email"?"#);
        assert_eq!(unknown_field("qty", &["quantity", "description"], "items.5").field, "items.5.qty");
        assert_eq!(unknown_field("x", &[], ".").message, r#"unknown field "x": none are accepted here"#);
        assert_eq!(unknown_field("limit", &["pageSize", "offset"], ".").message, r#"unknown field "limit"; did you mean "pageSize"?"#);
    }

    #[test]
    fn long_and_personal_keys_are_shortened_and_masked() {
        let huge = "k".repeat(2_000_000);
        let e = unknown(&huge, &PAGE);
        assert_eq!(e.field, format!("{}…", "k".repeat(32)));
        assert!(e.message.len() < 200, "{}", e.message.len());
        // A key that differs from a known one only after the first 64 characters: no guess.
        assert_eq!(closest(&format!("pageSize{}", "x".repeat(80)), &["pageSize"]), None);
        let e = unknown("asha.secret@corp.com", &PAGE);
        assert!(!e.field.contains("asha.secret") && !e.message.contains("asha.secret"), "{e:?}");
        assert!(e.field.contains("@corp.com"), "{e:?}");
        let e = unknown("96000988671", &PAGE);
        assert!(!e.message.contains("96000988671"), "{e:?}");
    }
}
