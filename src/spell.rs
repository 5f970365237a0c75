//! Other spellings of a field (`enkashCardId` for `enKashCardId`, `id` for a cart's
//! `cartId`): read without serde's `alias`, which refuses an object holding a field under
//! both spellings ("duplicate field"), turning a paid answer into a decode error.
//!
//! A type lists its other spellings with [`respelled!`]. When the typed
//! reader ([`crate::wire::de::from_value`]) reads such a type's object:
//!
//! - one spelling present: it fills the SDK's field;
//! - both present, in an answer: the SDK's spelling fills the field and the other is kept
//!   as is (in `extra`, for types that keep unknown fields), never dropped and never an
//!   error (a `null` under the SDK's spelling does not hide a value under the other);
//! - both present, in an input (a request the user wrote): read once when the values are
//!   the same; otherwise a [`Problem::Both`] error naming both spellings.
//!
//! The list travels to the reader in the name of a newtype request (an internal protocol
//! between [`respelled!`] and [`crate::wire::de`]): other deserializers see a
//! plain newtype and read the SDK's spellings only.

use crate::wire::de::{DeError, Problem};
use serde_json::{Map, Value};

/// Start of the newtype name carrying a spelling table: `<PREFIX>answer;other=sdk;...`.
pub(crate) const PREFIX: &str = "\u{1}enkash-respell;";

/// The spelling table in a newtype `name`, when it carries one.
pub(crate) fn table(name: &'static str) -> Option<&'static str> {
    name.strip_prefix(PREFIX)
}

/// A spelling table, read once per table (not per object): whether it is an input's, and its
/// `(other, sdk)` pairs (at most a handful).
#[derive(Clone, Copy)]
pub(crate) struct Spelling {
    input: bool,
    pairs: &'static [(&'static str, &'static str)],
}

/// The tables read so far, by the address and length of their text (a table is a literal,
/// so these name it): one entry per type with other spellings, about a dozen in the whole
/// program, each read once and kept for the life of the process, whatever the threads.
static READ: std::sync::Mutex<Vec<((usize, usize), Spelling)>> = std::sync::Mutex::new(Vec::new());

impl Spelling {
    pub(crate) fn new(table: &'static str) -> Spelling {
        let key = (table.as_ptr() as usize, table.len());
        // A poisoned lock (a panic elsewhere while holding it) still holds valid entries.
        let mut read = READ.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, found)) = read.iter().find(|(k, _)| *k == key) {
            return *found;
        }
        let pairs: Vec<(&'static str, &'static str)> = table.split(';').skip(1).filter_map(|p| p.split_once('=')).collect();
        let spelling = Spelling { input: table.starts_with("input;"), pairs: Box::leak(pairs.into_boxed_slice()) };
        read.push((key, spelling));
        spelling
    }

    /// The key whose value fills `sdk`: the SDK's spelling when it holds a value, else the
    /// first other spelling (in the table's order) holding one, else whichever is present.
    fn source(&self, map: &Map<String, Value>, sdk: &'static str) -> Option<&'static str> {
        let spellings = || std::iter::once(sdk).chain(self.pairs.iter().filter(move |(_, s)| *s == sdk).map(|(o, _)| *o));
        spellings().find(|k| map.get(*k).is_some_and(|v| !v.is_null())).or_else(|| spellings().find(|k| map.contains_key(*k)))
    }

    /// The key the type is shown for `key` of `map`: `Some(sdk)` when `key` fills the SDK's
    /// field, `Some(key)` when it is kept as is, `None` when it is skipped (a `null` or, in an
    /// input, a repeat of the same value under another spelling).
    pub(crate) fn respell<'k>(&self, map: &Map<String, Value>, key: &'k str, value: &Value) -> Result<Option<&'k str>, DeError> {
        // `key` as a spelling of some SDK field, as the table's own (static) text.
        let Some((spelled, sdk)) = self.pairs.iter().find_map(|&(o, s)| (key == o).then_some((o, s)).or_else(|| (key == s).then_some((s, s)))) else {
            return Ok(Some(key));
        };
        let Some(from) = self.source(map, sdk) else { return Ok(Some(key)) };
        if from == spelled {
            return Ok(Some(sdk));
        }
        if value.is_null() {
            return Ok(None);
        }
        if !self.input {
            return Ok(Some(key));
        }
        if map.get(from) == Some(value) {
            return Ok(None);
        }
        let other = if from == sdk { spelled } else { from };
        let message = format!("both {sdk} and {other} are given, with different values");
        Err(DeError::new(Problem::Both { sdk, other }, message))
    }
}

/// Declares the other spellings of a type's fields. The type must carry
/// `#[serde(remote = "Self")]` (so that its derived code becomes inherent functions) and no
/// serde `alias`; this macro writes its `Deserialize` (and with `ser`, a `Serialize` that
/// forwards to the derived one). Mode `"answer"` (a server's answer) or `"input"`.
macro_rules! respelled {
    (ser $ty:ident, $mode:literal, $($other:literal => $sdk:literal),+ $(,)?) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }
        $crate::spell::respelled!($ty, $mode, $($other => $sdk),+);
    };
    ($ty:ident, $mode:literal, $($other:literal => $sdk:literal),+ $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Seen;
                impl<'de> serde::de::Visitor<'de> for Seen {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }
                    // The typed reader (crate::wire::de): the object's entries, respelled as they are read.
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                    // Any other deserializer: read whole, then through the typed reader.
                    fn visit_newtype_struct<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<$ty, D2::Error> {
                        $crate::spell::reread(&<serde_json::Value as serde::Deserialize>::deserialize(d)?)
                    }
                }
                deserializer.deserialize_newtype_struct(concat!("\u{1}enkash-respell;", $mode $(, ";", $other, "=", $sdk)+), Seen)
            }
        }
    };
}

pub(crate) use respelled;

/// `value` read as `T` by the typed reader, for a deserializer that is not it (serde_json's
/// own, as a Rust caller may use directly, and tests), so that other spellings are read the same.
pub(crate) fn reread<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: &Value) -> Result<T, E> {
    crate::wire::de::from_value(value).map_err(|e| E::custom(located(&e)))
}

/// A read error's words, after its path unless at the top (not generic: compiled once).
fn located(e: &crate::wire::de::PathError) -> String {
    match e.path_text().as_str() {
        "." => e.inner.to_string(),
        path => format!("{path}: {}", e.inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(remote = "Self", rename_all = "camelCase")]
    struct Answer {
        en_kash_card_id: String,
        #[serde(default)]
        txn: Option<String>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }
    crate::spell::respelled!(ser Answer, "answer", "enkashCardId" => "enKashCardId", "a" => "txn", "b" => "txn");

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
    struct Input {
        en_kash_card_id: String,
    }
    crate::spell::respelled!(Input, "input", "enkashCardId" => "enKashCardId");

    fn answer(v: Value) -> Answer {
        crate::wire::de::from_value(&v).unwrap()
    }

    #[test]
    fn answers_with_both_spellings_decode_and_keep_the_other() {
        let a = answer(json!({"enkashCardId": "W", "enKashCardId": "S", "z": 1}));
        assert_eq!(a.en_kash_card_id, "S");
        assert_eq!(a.extra, json!({"enkashCardId": "W", "z": 1}).as_object().unwrap().clone());
        let a = answer(json!({"enkashCardId": "W"}));
        assert_eq!((a.en_kash_card_id.as_str(), a.extra.len()), ("W", 0));
        // A null under the SDK's spelling does not hide a value under the other.
        let a = answer(json!({"enKashCardId": null, "enkashCardId": "W"}));
        assert_eq!(a.en_kash_card_id, "W");
        // Two other spellings: the first in the table's order fills the field.
        let a = answer(json!({"enKashCardId": "S", "b": "B", "a": "A"}));
        assert_eq!((a.txn.as_deref(), a.extra.get("b")), (Some("A"), Some(&json!("B"))));
        let e = crate::wire::de::from_value::<Answer>(&json!({"enkashCardId": 5})).unwrap_err();
        assert_eq!(e.path_text(), "enkashCardId");
        assert_eq!(crate::wire::de::from_value::<Answer>(&json!({"z": 1})).unwrap_err().inner.problem, Problem::Missing { field: "enKashCardId" });
        assert_eq!(serde_json::to_value(answer(json!({"enKashCardId": "S"}))).unwrap(), json!({"enKashCardId": "S", "txn": null}));
        // Through serde_json's own deserializers too (a Rust caller's `serde_json::from_str`).
        let a: Answer = serde_json::from_str(r#"{"enkashCardId": "W", "enKashCardId": "S", "a": "A"}"#).unwrap();
        assert_eq!((a.en_kash_card_id.as_str(), a.txn.as_deref(), a.extra.len()), ("S", Some("A"), 1));
        let e = serde_json::from_str::<Answer>(r#"{"enKashCardId": "S", "a": 5}"#).unwrap_err();
        assert!(e.to_string().starts_with("a: invalid type"), "{e}");
        assert!(crate::wire::de::from_value::<Answer>(&json!("x")).is_err());
    }

    #[test]
    fn inputs_with_both_spellings_are_one_value_or_an_error() {
        let i: Input = crate::wire::de::from_value(&json!({"enkashCardId": "C", "enKashCardId": "C"})).unwrap();
        assert_eq!(i.en_kash_card_id, "C");
        let i: Input = crate::wire::de::from_value(&json!({"enkashCardId": "C"})).unwrap();
        assert_eq!(i.en_kash_card_id, "C");
        let e = crate::wire::de::from_value::<Input>(&json!({"enkashCardId": "C", "enKashCardId": "D"})).unwrap_err();
        assert_eq!(e.inner.problem, Problem::Both { sdk: "enKashCardId", other: "enkashCardId" });
        let e = crate::wire::de::from_value::<Input>(&json!({"enKashCardId": "C", "x": 1})).unwrap_err();
        assert!(matches!(e.inner.problem, Problem::Unknown { ref key, expected: &["enKashCardId"] } if key == "x"), "{e:?}");
    }
}
