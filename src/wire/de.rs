//! Typed reading of a parsed JSON value that remembers where it failed.
//!
//! Every typed decode in the SDK (answers and loose input) goes through [`from_value`]. It
//! replaces `serde_path_to_error` over `serde_json::Value`: that wraps each type's visitor in a
//! second generic layer, which cost about 38 KB gzip of the browser build (bench/README.md).
//! Here the path is kept in one shared stack that the map and sequence readers push to and
//! pop from only on success, so after an error it still names the failing field.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::cell::RefCell;
use std::fmt::Write as _;

/// One step of a path: a key of an object or a position in an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// What went wrong, told by serde's own calls (never read back from a message's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A key the type does not know (a type with `deny_unknown_fields`), and the keys it does.
    Unknown { key: String, expected: &'static [&'static str] },
    /// An input gave both spellings of one field with different values.
    Both { sdk: &'static str, other: &'static str },
    /// A required field is missing.
    Missing { field: &'static str },
    /// A value outside an enum's set.
    Variant,
    /// Anything else (wrong type, a custom check).
    Other,
}

/// The error of [`from_value`]: a message (serde's usual words) and what kind of problem it is.
#[derive(Debug)]
pub(crate) struct DeError {
    pub problem: Problem,
    message: String,
}

impl DeError {
    pub(crate) fn new(problem: Problem, message: String) -> Self {
        DeError { problem, message }
    }
}

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError { problem: Problem::Other, message: msg.to_string() }
    }

    fn missing_field(field: &'static str) -> Self {
        DeError { problem: Problem::Missing { field }, message: format!("missing field `{field}`") }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let message = match expected {
            [] => format!("unknown variant `{variant}`, there are no variants"),
            _ => format!("unknown variant `{variant}`, expected one of `{}`", expected.join("`, `")),
        };
        DeError { problem: Problem::Variant, message }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        // The key is not quoted in the message: it may be huge or personal (see crate::keys).
        DeError { problem: Problem::Unknown { key: field.to_owned(), expected }, message: "unknown field".to_owned() }
    }
}

/// A decode failure and the path of the value that caused it.
#[derive(Debug)]
pub(crate) struct PathError {
    pub path: Vec<Segment>,
    pub inner: DeError,
}

impl PathError {
    /// The path as `a.b[2].c`, or `.` at the top.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// The innermost object key on the path.
    pub fn last_key(&self) -> Option<&str> {
        self.path.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }
}

/// Reads `T` from `value`; on failure, the error and the path of the failing value.
pub(crate) fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, PathError> {
    let path = RefCell::new(Vec::new());
    T::deserialize(Reader { value, path: &path }).map_err(|inner| failed(path, inner))
}

// The parts of the reader that do not depend on the type read are plain functions, compiled
// once rather than once per type (about 50 of them).

/// The error of [`from_value`], with the path as it stood when reading failed.
fn failed(path: Path<'_>, inner: DeError) -> PathError {
    PathError { path: path.into_inner().into_iter().map(Step::owned).collect(), inner }
}

fn enter<'v>(path: &Path<'v>, step: Step<'v>) {
    path.borrow_mut().push(step);
}

fn leave(path: &Path<'_>) {
    path.borrow_mut().pop();
}

type Error = DeError;
/// The path while reading: borrowed from the value (no allocation per key), made owned
/// only for an error.
type Path<'v> = RefCell<Vec<Step<'v>>>;

/// One step of the path while reading (also the table reader's, `crate::wire::transcode`):
/// a key borrowed from the input unless it had to be unescaped.
#[derive(Clone)]
pub(crate) enum Step<'v> {
    Key(std::borrow::Cow<'v, str>),
    Index(usize),
}

impl Step<'_> {
    pub(crate) fn owned(self) -> Segment {
        match self {
            Step::Key(k) => Segment::Key(k.into_owned()),
            Step::Index(i) => Segment::Index(i),
        }
    }
}

#[derive(Clone, Copy)]
struct Reader<'v, 'p> {
    value: &'v Value,
    path: &'p Path<'v>,
}

fn number<'de, V: Visitor<'de>>(n: &Number, visitor: V) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

impl<'de, 'v, 'p> Deserializer<'de> for Reader<'v, 'p> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => number(n, visitor),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter().enumerate(), path: self.path }),
            Value::Object(map) => visitor.visit_map(Entries::new(map, self.path, None)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        // A type with other spellings asks for its object through a newtype named after them
        // (see crate::spell): it is given the object's entries, read with those spellings.
        match (crate::spell::table(name), self.value) {
            (None, _) => visitor.visit_newtype_struct(self),
            (Some(spelling), Value::Object(map)) => visitor.visit_map(Entries::new(map, self.path, Some(crate::spell::Spelling::new(spelling)))),
            (Some(_), other) => Err(de::Error::invalid_type(unexpected(other), &"an object")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => visitor.visit_enum(de::value::MapAccessDeserializer::new(Entries::new(map, self.path, None))),
            other => Err(de::Error::invalid_type(unexpected(other), &"a string")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match n.as_f64() {
            Some(f) => de::Unexpected::Float(f),
            None => de::Unexpected::Other("a number"),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

struct Items<'v, 'p> {
    items: std::iter::Enumerate<std::slice::Iter<'v, Value>>,
    path: &'p Path<'v>,
}

impl<'de, 'v, 'p> SeqAccess<'de> for Items<'v, 'p> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        let Some((i, value)) = self.items.next() else { return Ok(None) };
        enter(self.path, Step::Index(i));
        // Left only on success: after an error the stack still names the failing value.
        let out = seed.deserialize(Reader { value, path: self.path })?;
        leave(self.path);
        Ok(Some(out))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'v, 'p> {
    map: &'v serde_json::Map<String, Value>,
    entries: serde_json::map::Iter<'v>,
    pending: Option<(&'v String, &'v Value)>,
    path: &'p Path<'v>,
    spelling: Option<crate::spell::Spelling>,
}

impl<'v, 'p> Entries<'v, 'p> {
    fn new(map: &'v serde_json::Map<String, Value>, path: &'p Path<'v>, spelling: Option<crate::spell::Spelling>) -> Self {
        Entries { map, entries: map.iter(), pending: None, path, spelling }
    }
}

impl<'v> Entries<'v, '_> {
    /// The next entry's key as the type is shown it (respelled), its entry kept for the value.
    fn next_shown(&mut self) -> Result<Option<&'v str>, Error> {
        loop {
            let Some((key, value)) = self.entries.next() else { return Ok(None) };
            let shown = match &self.spelling {
                None => key.as_str(),
                Some(spelling) => match spelling.respell(self.map, key, value)? {
                    Some(shown) => shown,
                    // The same value under both spellings of an input: read once.
                    None => continue,
                },
            };
            self.pending = Some((key, value));
            return Ok(Some(shown));
        }
    }
}

impl<'de, 'v, 'p> MapAccess<'de> for Entries<'v, 'p> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.next_shown()? {
            Some(shown) => seed.deserialize(de::value::StrDeserializer::<Error>::new(shown)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.pending.take() else { return Err(de::Error::custom("a value was asked for before its key")) };
        enter(self.path, Step::Key(std::borrow::Cow::Borrowed(key)));
        let out = seed.deserialize(Reader { value, path: self.path })?;
        leave(self.path);
        Ok(out)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{json, Map};

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        amount: f64,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    enum Kind {
        Cr,
        Dr,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        name: String,
        kind: Kind,
        #[serde(default)]
        maybe: Option<u32>,
        inner: Vec<Inner>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let v = json!({"name": "a", "kind": "dr", "maybe": null, "inner": [{"amount": 1.5, "tags": ["x"]}, {"amount": 2}], "other": {"k": [1, true]}});
        let ours: Outer = from_value(&v).unwrap();
        let theirs: Outer = serde_json::from_value(v).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.extra["other"], json!({"k": [1, true]}));
    }

    #[test]
    fn names_the_failing_path() {
        let v = json!({"name": "a", "kind": "cr", "inner": [{"amount": 1}, {"amount": "x"}]});
        let e = from_value::<Outer>(&v).unwrap_err();
        assert_eq!(e.path_text(), "inner[1].amount");
        assert_eq!(e.last_key(), Some("amount"));
        assert!(e.inner.to_string().contains("invalid type"), "{}", e.inner);

        let e = from_value::<Outer>(&json!({"name": "a", "kind": "up", "inner": []})).unwrap_err();
        assert_eq!(e.path_text(), "kind");
        assert!(e.inner.to_string().starts_with("unknown variant"), "{}", e.inner);

        let e = from_value::<Outer>(&json!({"name": "a", "kind": "cr"})).unwrap_err();
        assert_eq!(e.path_text(), ".");
        assert!(e.inner.to_string().contains("missing field `inner`"), "{}", e.inner);

        let e = from_value::<Outer>(&json!([1])).unwrap_err();
        assert_eq!(e.path_text(), ".");
    }

    #[test]
    fn big_and_negative_numbers() {
        assert_eq!(from_value::<i64>(&json!(-5)).unwrap(), -5);
        assert_eq!(from_value::<u64>(&json!(u64::MAX)).unwrap(), u64::MAX);
        assert_eq!(from_value::<f64>(&json!(0.25)).unwrap(), 0.25);
        assert!(from_value::<u8>(&json!(300)).is_err());
    }
}
