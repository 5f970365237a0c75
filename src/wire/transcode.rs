//! Reads an answer's payload text by its table ([`crate::wire::schema`]) straight into the
//! JSON text handed to JavaScript: no `serde_json::Value` tree and no typed model on the way
//! (except three small answers read by a function over a `Value`, [`Schema::Read`], and a
//! payload that fails, parsed to word its error), and compiled once whatever the answer type
//! (the tables are data).
//!
//! Two readings, one result:
//! - the fast one ([`fast`]): one pass over the text with serde's visitor, each value written
//!   as it is read. It gives up, and leaves the answer to the exact one, on anything that needs
//!   judging: any error, a key sent twice.
//! - the exact one: each object is split into its entries as slices of the text
//!   (`&RawValue`), sorted by key and with a repeated key's last value kept, exactly as the
//!   typed reader sees an object (`crate::wire::de` over a `Value`); each value is then read
//!   from its slice. Its errors name the failing value's path and use the typed reader's
//!   words, so an answer fails the same way here and in the Rust API.
//!
//! Strings, and values kept as sent (`extra`, untyped fields), are copied as they are in the
//! text; numbers of typed fields are written as serde_json reads them (as the typed reader
//! did). Both readings are checked against the typed reader by
//! `tables_read_what_the_models_read` and `generated_answers_read_as_the_models_read`.

use super::de::{DeError, PathError, Problem, Step};
use super::schema::{Field, Kind, Need, Record, Schema, LABELED};
use serde::de::{Error as _, Unexpected};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt::Write as _;

/// An answer read for JS.
#[derive(Debug)]
pub(crate) struct Transcoded {
    /// The JSON text of the answer as the SDK hands it out.
    pub json: String,
    /// For a page: the total the server gave, the number of records, and where the records'
    /// array is in `json`.
    pub page: Option<PageInfo>,
}

/// What the page walker needs of a page read by [`transcode`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageInfo {
    pub records_count: Option<u64>,
    pub len: usize,
    pub data: std::ops::Range<usize>,
}

/// Reads `payload` (JSON text) by `schema`.
pub(crate) fn transcode(payload: &str, schema: Schema) -> Result<Transcoded, PathError> {
    read(payload, schema, true)
}

/// [`transcode`], with or without trying the fast reading first.
fn read(payload: &str, schema: Schema, try_fast: bool) -> Result<Transcoded, PathError> {
    let mut cx = Cx { out: String::with_capacity(payload.len() + 64), path: Vec::new(), fast: try_fast };
    let mut page = None;
    let read = match schema {
        Schema::Value(kind) => match cx.try_fast(kind, false, payload) {
            Some(_) => Ok(()),
            None => value(&mut cx, kind, false, payload).map(drop),
        },
        Schema::List(kind) => match cx.try_fast(kind, true, payload) {
            Some(_) => Ok(()),
            None => list(&mut cx, kind, payload).map(drop),
        },
        Schema::Page(kind) => self::page(&mut cx, kind, payload).map(|info| page = Some(info)),
        Schema::Read(read) => serde_json::from_str::<Value>(payload)
            .map_err(|e| DeError::custom(e.to_string()))
            .and_then(|parsed| read(&parsed).map(|json| cx.out = json).map_err(DeError::custom)),
    };
    match read {
        Ok(()) => Ok(Transcoded { json: cx.out, page }),
        Err(inner) => Err(PathError { path: cx.path.into_iter().map(Step::owned).collect(), inner }),
    }
}

/// The output and the path of the value being read (left as it was at an error).
struct Cx<'de> {
    out: String,
    path: Vec<Step<'de>>,
    /// Whether the fast reading is tried first.
    fast: bool,
}

impl Cx<'_> {
    /// The fast reading of `raw` into the output, when it is tried and succeeds: the number of
    /// items (see [`fast`]).
    fn try_fast(&mut self, kind: Kind, list: bool, raw: &str) -> Option<usize> {
        if self.fast {
            fast(&mut self.out, kind, list, raw)
        } else {
            None
        }
    }
}

type Read<T> = Result<T, DeError>;

/// An object key: borrowed from the text unless it has escapes.
#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

impl std::borrow::Borrow<str> for Key<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// An object's entries, sorted by key, a repeated key's last value kept (as a `Value` map
/// holds them).
pub(crate) struct Entries<'de>(Vec<(Key<'de>, &'de RawValue)>);

impl<'de> Entries<'de> {
    fn new() -> Self {
        Entries(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.0.as_ref().cmp(key))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'de RawValue> {
        self.find(key).ok().map(|i| self.0[i].1)
    }

    fn remove(&mut self, key: &str) -> Option<&'de RawValue> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
}

/// Collects an object's entries in the order sent.
struct Collect;

impl<'de> serde::de::Visitor<'de> for Collect {
    type Value = Vec<(Key<'de>, &'de RawValue)>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            out.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(out)
    }
}

pub(crate) fn entries(raw: &str) -> Read<Entries<'_>> {
    use serde::Deserializer as _;
    let mut de = serde_json::Deserializer::from_str(raw);
    let mut all = de.deserialize_map(Collect).and_then(|all| de.end().map(|()| all)).map_err(|e| DeError::custom(e.to_string()))?;
    // Sorted by key (stable: a repeated key's values stay in the order sent), then the last of
    // each repeated key kept.
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let mut kept: Vec<(Key<'_>, &RawValue)> = Vec::with_capacity(all.len());
    for entry in all {
        match kept.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => kept.push(entry),
        }
    }
    Ok(Entries(kept))
}

/// Checks that `text` is JSON that `serde_json::Value` would read (every string's escapes, no
/// number out of range, at most 128 levels), building nothing: the readings above copy parts
/// of the text as they are, so the whole answer is checked once, where its envelope is split.
pub(crate) fn check_json(text: &str) -> Result<(), serde_json::Error> {
    use serde::de::DeserializeSeed as _;
    let mut de = serde_json::Deserializer::from_str(text);
    Check.deserialize(&mut de)?;
    de.end()
}

/// [`check_json`]'s reader: every value read as serde_json reads it into a `Value`.
#[derive(Clone, Copy)]
struct Check;

impl<'de> serde::de::DeserializeSeed<'de> for Check {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Check {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Check)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Check)?.is_some() {
            map.next_value_seed(Check)?;
        }
        Ok(())
    }
}

/// The string under `key` in an object read for JS (`None`: absent, or not a string).
pub(crate) fn text_field(object: &str, key: &str) -> Option<String> {
    let raw = entries(object).ok()?.get(key)?;
    raw.get().starts_with('"').then(|| text_of(raw.get()).ok().map(Cow::into_owned)).flatten()
}

/// What a key of a record is: one of its fields, or one of its other spellings (or the SDK
/// spelling of a field that has others).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Field(u16),
    /// A spelling of field `field`, whose SDK spelling is `sdk`.
    Spelled {
        sdk: &'static str,
        field: u16,
    },
}

/// A table's keys, for finding a key with one hash and (usually) one comparison, made once
/// per table (a table is a static, so its address names it).
struct Index {
    /// Every key of the table with what it is.
    keys: Vec<(&'static str, Slot)>,
    /// Open addressing over `keys`: `(hash, position in keys)`, `u16::MAX` for an empty slot;
    /// a power of two at least twice as long as `keys`.
    slots: Vec<(u32, u16)>,
    /// The positions of the fields in key order (for the exact reading's walk).
    sorted: Vec<u16>,
}

impl Index {
    fn of(r: &'static Record) -> &'static Index {
        use std::sync::Mutex;
        static MADE: Mutex<Vec<(usize, &'static Index)>> = Mutex::new(Vec::new());
        let at = r as *const Record as usize;
        let mut made = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, index)) = made.iter().find(|(a, _)| *a == at) {
            return index;
        }
        // A spelling of no field is not one (no table has one: `every_table_is_well_formed`).
        let field_of = |sdk: &str| r.fields.iter().position(|f| f.key == sdk).map(|i| i as u16);
        let mut keys: Vec<(&'static str, Slot)> = r
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let field = i as u16;
                let spelled = r.spellings.iter().any(|&(_, sdk)| sdk == f.key);
                (f.key, if spelled { Slot::Spelled { sdk: f.key, field } } else { Slot::Field(field) })
            })
            .collect();
        keys.extend(r.spellings.iter().filter_map(|&(other, sdk)| Some((other, Slot::Spelled { sdk, field: field_of(sdk)? }))));
        keys.sort_by(|a, b| a.0.cmp(b.0));
        keys.dedup_by(|a, b| a.0 == b.0);
        let mut slots = vec![(0u32, u16::MAX); (keys.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for (at, (key, _)) in keys.iter().enumerate() {
            let h = Index::hash(key);
            let mut i = h as usize & mask;
            while slots[i].1 != u16::MAX {
                i = (i + 1) & mask;
            }
            slots[i] = (h, at as u16);
        }
        let mut sorted: Vec<u16> = (0..r.fields.len() as u16).collect();
        sorted.sort_by_key(|i| r.fields[usize::from(*i)].key);
        let index: &'static Index = Box::leak(Box::new(Index { keys, slots, sorted }));
        made.push((at, index));
        index
    }

    /// FNV-1a: short keys, no attacker to fear (a bad spread only costs comparisons).
    fn hash(key: &str) -> u32 {
        key.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
    }

    /// What `key` is in the table, `None` for a key it does not know.
    fn find(&self, key: &str) -> Option<Slot> {
        let h = Index::hash(key);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (hash, at) = self.slots[i];
            if at == u16::MAX {
                return None;
            }
            let (k, slot) = self.keys[usize::from(at)];
            if hash == h && k == key {
                return Some(slot);
            }
            i = (i + 1) & mask;
        }
    }
}

/// A JSON value's type, as far as choosing how to read it needs.
enum Json {
    Null,
    Bool(bool),
    Number(Number),
    /// A string (its text with quotes and escapes as sent).
    Text,
    Array,
    Object,
}

fn json_type(raw: &str) -> Read<Json> {
    Ok(match raw.as_bytes().first() {
        Some(b'n') => Json::Null,
        Some(b't') => Json::Bool(true),
        Some(b'f') => Json::Bool(false),
        Some(b'"') => Json::Text,
        Some(b'[') => Json::Array,
        Some(b'{') => Json::Object,
        _ => Json::Number(serde_json::from_str(raw).map_err(|e| DeError::custom(e.to_string()))?),
    })
}

/// A string's content.
fn text_of(raw: &str) -> Read<Cow<'_, str>> {
    if raw.contains('\\') {
        serde_json::from_str::<String>(raw).map(Cow::Owned).map_err(|e| DeError::custom(e.to_string()))
    } else {
        Ok(Cow::Borrowed(raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default()))
    }
}

/// serde's name of what `raw` is, as the typed reader reports it: numbers by their kind when
/// the type reads them (`integer `5``), or as the `Value` reader names them (`floating point
/// `5.0``) when a type with other spellings refuses one.
fn unexpected<'a>(raw: &'a str, json: &'a Json, text: &'a mut String, value_style: bool) -> Unexpected<'a> {
    match json {
        Json::Null => Unexpected::Unit,
        Json::Bool(b) => Unexpected::Bool(*b),
        Json::Number(n) if value_style => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        Json::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::Text => {
            *text = text_of(raw).map(Cow::into_owned).unwrap_or_default();
            Unexpected::Str(text)
        }
        Json::Array => Unexpected::Seq,
        Json::Object => Unexpected::Map,
    }
}

/// serde's "invalid type" error for `raw` where `expected` was wanted.
fn wrong(raw: &str, json: &Json, expected: &str, value_style: bool) -> DeError {
    let mut text = String::new();
    DeError::invalid_type(unexpected(raw, json, &mut text, value_style), &expected)
}

/// The value as `serde_json::Value` displays it (for messages that quote it; errors only).
fn shown(raw: &str) -> String {
    // Never the raw text: a value that cannot be read cannot be checked for secrets either.
    serde_json::from_str::<Value>(raw).map(|v| v.to_string()).unwrap_or_else(|_| "a value that is not JSON".to_owned())
}

/// Writes `key` as a JSON string (a `Cow`, not a `str`: whether it was borrowed tells whether
/// it needs escaping).
#[allow(clippy::ptr_arg)]
fn write_key(out: &mut String, key: &Cow<'_, str>) {
    match key {
        // Borrowed from the text: it had no escapes, so it needs none.
        Cow::Borrowed(k) => {
            out.push('"');
            out.push_str(k);
            out.push('"');
        }
        Cow::Owned(k) => out.push_str(&serde_json::to_string(k).unwrap_or_else(|_| "\"\"".to_owned())),
    }
}

/// Reads one value of `kind` from `raw` and writes it. `Ok(None)`: it was `null` and
/// `nullable` (nothing written); `Ok(Some(n))`: written, `n` the number of items of a list.
fn value<'de>(cx: &mut Cx<'de>, kind: Kind, nullable: bool, raw: &'de str) -> Read<Option<usize>> {
    let json = json_type(raw)?;
    if let Json::Null = json {
        if nullable {
            return Ok(None);
        }
    }
    match (kind, &json) {
        (Kind::Any, _) => cx.out.push_str(raw),
        (Kind::Text | Kind::Labeled, Json::Text) => cx.out.push_str(raw),
        (Kind::Text, _) => return Err(wrong(raw, &json, "a string", false)),
        (Kind::Bool, Json::Bool(_)) => cx.out.push_str(raw),
        (Kind::Bool, _) => return Err(wrong(raw, &json, "a boolean", false)),
        (Kind::Number | Kind::Count, _) => return number(cx, kind, nullable, raw, &json),
        (Kind::Id, Json::Text) => cx.out.push_str(raw),
        (Kind::Id, Json::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => {
                let _ = write!(cx.out, "{i}");
            }
            (None, Some(u)) => return Err(DeError::invalid_value(Unexpected::Unsigned(u), &"a whole number or a string")),
            _ => return Err(wrong(raw, &json, "a whole number or a string", false)),
        },
        (Kind::Id, _) => return Err(wrong(raw, &json, "a whole number or a string", false)),
        (Kind::IdText, Json::Text) => cx.out.push_str(raw),
        (Kind::IdText, Json::Number(n)) if n.is_u64() || n.is_i64() => {
            let _ = write!(cx.out, "\"{n}\"");
        }
        (Kind::IdText, _) => return Err(DeError::custom(format!("expected an id (string or whole number), got {}", shown(raw)))),
        (Kind::Labeled, Json::Object) => record(cx, &LABELED, raw)?,
        (Kind::Labeled, _) => return Err(wrong(raw, &json, "a code or an object with name and label", false)),
        (Kind::Record(r), Json::Object) => record(cx, r, raw)?,
        (Kind::Record(r), _) => return Err(wrong(raw, &json, r.expecting, !r.spellings.is_empty())),
        (Kind::List(item), Json::Array) => return list(cx, *item, raw).map(Some),
        (Kind::List(_), _) => return Err(wrong(raw, &json, "a sequence", false)),
        (Kind::Map(item), Json::Object) => map(cx, *item, raw)?,
        (Kind::Map(_), _) => return Err(wrong(raw, &json, "a map", false)),
    }
    Ok(Some(0))
}

/// A number or a numeric string (`lenient_number`), or a whole count (`lenient_count`).
fn number<'de>(cx: &mut Cx<'de>, kind: Kind, nullable: bool, raw: &'de str, json: &Json) -> Read<Option<usize>> {
    let n = match json {
        Json::Null => None,
        Json::Number(n) => n.as_f64(),
        Json::Text => {
            let text = text_of(raw)?;
            match text.trim() {
                "" => None,
                t => Some(t.parse::<f64>().map_err(|_| DeError::custom(format!("expected a number, got {:?}", text.as_ref())))?),
            }
        }
        _ => return Err(DeError::custom(format!("expected a number, got {}", shown(raw)))),
    };
    let Some(n) = n else {
        return if nullable { Ok(None) } else { Err(DeError::custom("expected a number, got nothing")) };
    };
    if let Kind::Count = kind {
        if !(n >= 0.0 && n.fract() == 0.0 && n <= 9.0e15) {
            return Err(DeError::custom(format!("expected a whole count, got {n}")));
        }
        let _ = write!(cx.out, "{}", n as u64);
    } else {
        // Written as the fast reading writes it: a whole number as its digits, any other as
        // serde_json read it.
        match json {
            Json::Number(whole) if whole.is_i64() || whole.is_u64() => {
                let _ = write!(cx.out, "{whole}");
            }
            _ => write_f64(&mut cx.out, n),
        }
    }
    Ok(Some(0))
}

/// A number as serde_json writes an `f64` (`null` when not finite).
fn write_f64(out: &mut String, n: f64) {
    match Number::from_f64(n) {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    }
}

/// An array of `item`s; the number of items.
fn list<'de>(cx: &mut Cx<'de>, item: Kind, raw: &'de str) -> Read<usize> {
    let json = json_type(raw)?;
    if !matches!(json, Json::Array) {
        return Err(wrong(raw, &json, "a sequence", false));
    }
    let items: Vec<&'de RawValue> = serde_json::from_str(raw).map_err(|e| DeError::custom(e.to_string()))?;
    cx.out.push('[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            cx.out.push(',');
        }
        cx.path.push(Step::Index(i));
        value(cx, item, false, v.get())?;
        cx.path.pop();
    }
    cx.out.push(']');
    Ok(items.len())
}

/// An object whose values are all `item`s.
fn map<'de>(cx: &mut Cx<'de>, item: Kind, raw: &'de str) -> Read<()> {
    cx.out.push('{');
    for (i, (key, v)) in entries(raw)?.0.into_iter().enumerate() {
        if i > 0 {
            cx.out.push(',');
        }
        write_key(&mut cx.out, &key.0);
        cx.out.push(':');
        cx.path.push(Step::Key(key.0));
        value(cx, item, false, v.get())?;
        cx.path.pop();
    }
    cx.out.push('}');
    Ok(())
}

/// The key whose value fills `sdk` (see `crate::spell`): the SDK's spelling when it holds a
/// value, else the first other spelling holding one, else whichever is present (`get`: the
/// object's value under a key). Both readings ask it.
fn source<'t, 'v>(r: &'t Record, sdk: &'t str, get: impl Fn(&str) -> Option<&'v RawValue>) -> Option<&'t str> {
    let spellings = || std::iter::once(sdk).chain(r.spellings.iter().filter(move |(_, s)| *s == sdk).map(|(o, _)| *o));
    spellings().find(|k| get(k).is_some_and(|v| v.get() != "null")).or_else(|| spellings().find(|k| get(k).is_some()))
}

/// Appends `"key":raw` to `out`, after a comma unless it is the `first` entry (`key` a `Cow`:
/// see [`write_key`]).
#[allow(clippy::ptr_arg)]
fn push_entry(out: &mut String, first: bool, key: &Cow<'_, str>, raw: &str) {
    if !first {
        out.push(',');
    }
    write_key(out, key);
    out.push(':');
    out.push_str(raw);
}

/// What stands in for a field left out or sent as `null`: `Ok(None)` nothing (optional),
/// `Ok(Some(text))` the text to write, `Err(())` when it is required. `written` holds each
/// field's number of items once written.
fn stand_in(field: &Field, written: &[Option<usize>]) -> Result<Option<String>, ()> {
    Ok(Some(match field.need {
        Need::Optional => return Ok(None),
        Need::Required => return Err(()),
        Need::DefaultEmpty | Need::NullEmpty => match field.kind {
            Kind::Map(_) => "{}".to_owned(),
            _ => "[]".to_owned(),
        },
        Need::LengthOf(of) => of.iter().map(|j| written.get(*j).copied().flatten().unwrap_or(0)).sum::<usize>().to_string(),
    }))
}

/// An object read by its table: its fields in key order (as the typed reader reads them),
/// then what stands in for the absent ones, then `extra`.
fn record<'de>(cx: &mut Cx<'de>, r: &'static Record, raw: &'de str) -> Read<()> {
    let entries = entries(raw)?;
    let start = cx.out.len();
    cx.out.push('{');
    // Per field: `Some(items)` once written.
    let mut written: Vec<Option<usize>> = vec![None; r.fields.len()];
    let mut extra: Vec<(&Cow<'de, str>, &'de RawValue)> = Vec::new();
    let index = Index::of(r);
    let order = &index.sorted;
    let mut next = 0;
    for (key, v) in &entries.0 {
        let k: &str = &key.0;
        // The field this key fills, if any: another spelling fills its SDK field only when it
        // is the source; otherwise it is skipped (a null) or kept as is.
        let found = match index.find(k) {
            Some(Slot::Spelled { sdk, field }) if source(r, sdk, |k| entries.get(k)) == Some(k) => Some(usize::from(field)),
            Some(Slot::Spelled { .. }) if v.get() == "null" => continue,
            Some(Slot::Spelled { .. }) => None,
            // Keys and fields both in key order: one walk over the two.
            _ => {
                while next < order.len() && r.fields[usize::from(order[next])].key < k {
                    next += 1;
                }
                order.get(next).map(|i| usize::from(*i)).filter(|i| r.fields[*i].key == k)
            }
        };
        let Some(i) = found else {
            if r.extra {
                extra.push((&key.0, *v));
            }
            continue;
        };
        let field = &r.fields[i];
        let mark = cx.out.len();
        if mark > start + 1 {
            cx.out.push(',');
        }
        write_field(&mut cx.out, field.key);
        let nullable = !matches!(field.need, Need::Required | Need::DefaultEmpty);
        cx.path.push(Step::Key(key.0.clone()));
        match value(cx, field.kind, nullable, v.get())? {
            Some(n) => written[i] = Some(n),
            None => cx.out.truncate(mark),
        }
        cx.path.pop();
    }
    for (field, done) in r.fields.iter().zip(&written) {
        let text = match (done, stand_in(field, &written)) {
            (Some(_), _) | (None, Ok(None)) => continue,
            (None, Ok(Some(text))) => text,
            (None, Err(())) => return Err(DeError::new(Problem::Missing { field: field.key }, format!("missing field `{}`", field.key))),
        };
        if cx.out.len() > start + 1 {
            cx.out.push(',');
        }
        write_field(&mut cx.out, field.key);
        cx.out.push_str(&text);
    }
    if r.extra {
        if cx.out.len() > start + 1 {
            cx.out.push(',');
        }
        cx.out.push_str("\"extra\":{");
        for (i, (key, v)) in extra.iter().enumerate() {
            push_entry(&mut cx.out, i == 0, key, v.get());
        }
        cx.out.push('}');
    }
    cx.out.push('}');
    Ok(())
}

/// A page ([`crate::wire::paging::Page`]): `null`, a bare array, or an object with its list
/// under one of several keys and maybe a total.
fn page<'de>(cx: &mut Cx<'de>, item: Kind, raw: &'de str) -> Read<PageInfo> {
    use crate::wire::paging::{COUNT_KEYS, LIST_KEYS};
    let json = json_type(raw)?;
    let (items, records_count, rest) = match json {
        Json::Null => (None, None, Entries::new()),
        Json::Array => (Some(raw), None, Entries::new()),
        Json::Object => {
            let mut entries = entries(raw)?;
            let list = LIST_KEYS.iter().find(|k| entries.get(k).is_some_and(|v| v.get().starts_with(['[', 'n'])));
            let items = list.and_then(|k| entries.remove(k)).map(RawValue::get).filter(|v| v.starts_with('['));
            let mut count = None;
            for k in COUNT_KEYS {
                if let Some(v) = entries.get(k) {
                    let n = match json_type(v.get())? {
                        Json::Number(n) => n.as_u64(),
                        Json::Text => text_of(v.get())?.trim().parse().ok(),
                        _ => None,
                    };
                    if n.is_some() {
                        count = n;
                        entries.remove(k);
                        break;
                    }
                }
            }
            (items, count, entries)
        }
        _ => return Err(DeError::custom(format!("expected a page of records, got {}", shown(raw)))),
    };
    cx.out.push('{');
    if let Some(n) = records_count {
        let _ = write!(cx.out, "\"recordsCount\":{n},");
    }
    cx.out.push_str("\"data\":");
    let start = cx.out.len();
    let len = match items {
        None => {
            cx.out.push_str("[]");
            0
        }
        Some(items) => {
            // Each record is read on its own path; an error is named from the page down.
            let outer = std::mem::take(&mut cx.path);
            let read = match cx.try_fast(item, true, items) {
                Some(n) => Ok(n),
                None => list(cx, item, items),
            };
            let inner = std::mem::replace(&mut cx.path, outer);
            match read {
                Ok(n) => n,
                Err(e) => {
                    let (i, rest) = match inner.split_first() {
                        Some((Step::Index(i), rest)) => (*i, rest.iter().cloned().map(Step::owned).collect()),
                        _ => (0, Vec::new()),
                    };
                    return Err(crate::wire::paging::item_error(i, &PathError { path: rest, inner: e }));
                }
            }
        }
    };
    let data = start..cx.out.len();
    cx.out.push_str(",\"extra\":{");
    for (i, (key, v)) in rest.0.iter().enumerate() {
        push_entry(&mut cx.out, i == 0, &key.0, v.get());
    }
    cx.out.push_str("}}");
    Ok(PageInfo { records_count, len, data })
}

// ---------------------------------------------------------------------------------------
// The fast reading

/// Reads `raw` (a value of `kind`, or with `list` an array of them) in one pass, appending to
/// `out`: `Some(n)` when it could (`n` items for a list), `None` (and `out` as it was) when the
/// exact reading must judge.
fn fast(out: &mut String, kind: Kind, list: bool, raw: &str) -> Option<usize> {
    use serde::de::DeserializeSeed as _;
    let start = out.len();
    let mut de = serde_json::Deserializer::from_str(raw);
    let read = Fast { out: &mut *out, kind, list, nullable: false }.deserialize(&mut de).and_then(|n| de.end().map(|()| n));
    match read {
        Ok(n) => Some(n.unwrap_or(0)),
        Err(_) => {
            out.truncate(start);
            None
        }
    }
}

/// One value read by the fast reading (see [`fast`]); the same answer as [`value`] or an error.
struct Fast<'o> {
    out: &'o mut String,
    kind: Kind,
    /// An array of `kind` rather than one.
    list: bool,
    nullable: bool,
}

type FastRead = Option<usize>;

/// Gives up: the exact reading will read this answer (its message is never shown).
fn give_up<E: serde::de::Error>() -> Result<FastRead, E> {
    Err(E::custom("read exactly"))
}

impl<'de> serde::de::DeserializeSeed<'de> for Fast<'_> {
    type Value = FastRead;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<FastRead, D::Error> {
        d.deserialize_any(self)
    }
}

impl Fast<'_> {
    fn number<E: serde::de::Error>(self, n: f64, text: impl FnOnce(&mut String)) -> Result<FastRead, E> {
        match self.kind {
            _ if self.list => give_up(),
            Kind::Number if n.is_finite() => {
                text(self.out);
                Ok(Some(0))
            }
            Kind::Count if n >= 0.0 && n.fract() == 0.0 && n <= 9.0e15 => {
                let _ = write!(self.out, "{}", n as u64);
                Ok(Some(0))
            }
            _ => give_up(),
        }
    }

    fn integer<E: serde::de::Error>(self, n: i128) -> Result<FastRead, E> {
        // Written as i64 or u64 (i128's printing is slower); every JSON integer is one of them.
        let print = |out: &mut String| {
            let _ = match i64::try_from(n) {
                Ok(i) => write!(out, "{i}"),
                Err(_) => write!(out, "{}", n as u64),
            };
        };
        match self.kind {
            _ if self.list => give_up(),
            Kind::Id if i64::try_from(n).is_ok() => {
                print(self.out);
                Ok(Some(0))
            }
            Kind::IdText => {
                self.out.push('"');
                print(self.out);
                self.out.push('"');
                Ok(Some(0))
            }
            _ => self.number(n as f64, print),
        }
    }

    /// A string: `escaped` when it is to be written as JSON again (it had escapes).
    fn text<E: serde::de::Error>(self, s: &str, borrowed: bool) -> Result<FastRead, E> {
        match self.kind {
            _ if self.list => give_up(),
            Kind::Text | Kind::Labeled | Kind::Id | Kind::IdText => {
                write_key(self.out, &if borrowed { Cow::Borrowed(s) } else { Cow::Owned(s.to_owned()) });
                Ok(Some(0))
            }
            Kind::Number | Kind::Count => match s.trim() {
                "" if self.nullable => Ok(None),
                "" => give_up(),
                t => match t.parse::<f64>() {
                    Ok(n) => self.number(n, |out| write_f64(out, n)),
                    Err(_) => give_up(),
                },
            },
            _ => give_up(),
        }
    }
}

/// Writes `"key":` (a table's key: plain text, no escapes).
fn write_field(out: &mut String, key: &str) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

/// Reads a value the fast reading copies as sent (`Any`), or reads it by its kind.
fn fast_value<'de, A: serde::de::MapAccess<'de>>(map: &mut A, out: &mut String, kind: Kind, nullable: bool) -> Result<FastRead, A::Error> {
    if let Kind::Any = kind {
        let raw: &'de RawValue = map.next_value()?;
        if nullable && raw.get() == "null" {
            return Ok(None);
        }
        out.push_str(raw.get());
        return Ok(Some(0));
    }
    map.next_value_seed(Fast { out, kind, list: false, nullable })
}

impl<'de> serde::de::Visitor<'de> for Fast<'_> {
    type Value = FastRead;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value of the answer's table")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<FastRead, E> {
        if self.nullable {
            Ok(None)
        } else {
            give_up()
        }
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<FastRead, E> {
        match self.kind {
            Kind::Bool if !self.list => {
                self.out.push_str(if b { "true" } else { "false" });
                Ok(Some(0))
            }
            _ => give_up(),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<FastRead, E> {
        self.integer(i128::from(n))
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<FastRead, E> {
        self.integer(i128::from(n))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<FastRead, E> {
        self.number(n, |out| write_f64(out, n))
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<FastRead, E> {
        self.text(s, true)
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<FastRead, E> {
        self.text(s, false)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<FastRead, A::Error> {
        let item = match (self.list, self.kind) {
            (true, kind) => kind,
            (false, Kind::List(kind)) => *kind,
            _ => return give_up(),
        };
        self.out.push('[');
        let mut n = 0;
        loop {
            if n > 0 {
                self.out.push(',');
            }
            let more = if let Kind::Any = item {
                seq.next_element::<&'de RawValue>()?.map(|raw| self.out.push_str(raw.get())).is_some()
            } else {
                seq.next_element_seed(Fast { out: &mut *self.out, kind: item, list: false, nullable: false })?.is_some()
            };
            if !more {
                if n > 0 {
                    self.out.pop();
                }
                break;
            }
            n += 1;
        }
        self.out.push(']');
        Ok(Some(n))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FastRead, A::Error> {
        let r: &'static Record = match (self.list, self.kind) {
            (false, Kind::Record(r)) => r,
            (false, Kind::Labeled) => &LABELED,
            (false, Kind::Map(item)) => {
                self.out.push('{');
                let mut first = true;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if !first {
                        self.out.push(',');
                    }
                    first = false;
                    write_key(self.out, &key.0);
                    self.out.push(':');
                    fast_value(&mut map, self.out, *item, false)?;
                }
                self.out.push('}');
                return Ok(Some(0));
            }
            _ => return give_up(),
        };
        let out = self.out;
        let start = out.len();
        out.push('{');
        let index = Index::of(r);
        // Per field: `Some(items)` once written.
        let mut written: Vec<Option<usize>> = vec![None; r.fields.len()];
        let mut spelled: Vec<(Key<'de>, &'de RawValue, &'static str, u16)> = Vec::new();
        let mut extra = String::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let k: &str = &key.0;
            let i = match index.find(k) {
                Some(Slot::Field(i)) => usize::from(i),
                Some(Slot::Spelled { sdk, field }) => {
                    if spelled.iter().any(|(seen, ..)| seen.0 == k) {
                        return give_up();
                    }
                    spelled.push((key, map.next_value()?, sdk, field));
                    continue;
                }
                None => {
                    if r.extra {
                        let raw: &'de RawValue = map.next_value()?;
                        let first = extra.is_empty();
                        push_entry(&mut extra, first, &key.0, raw.get());
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                    continue;
                }
            };
            let (Some(field), Some(None)) = (r.fields.get(i), written.get(i)) else {
                // Sent twice: the exact reading keeps the last, as a `Value` does.
                return give_up();
            };
            let mark = out.len();
            if mark > start + 1 {
                out.push(',');
            }
            write_field(out, field.key);
            let nullable = !matches!(field.need, Need::Required | Need::DefaultEmpty);
            match fast_value(&mut map, out, field.kind, nullable)? {
                Some(n) => written[i] = Some(n),
                None => out.truncate(mark),
            }
        }
        // The other spellings: the one that fills the SDK's field, the rest skipped or kept.
        for (key, raw, sdk, i) in &spelled {
            let k: &str = &key.0;
            let present = |name: &str| spelled.iter().find(|(other, ..)| other.0 == name).map(|(_, raw, ..)| *raw);
            if source(r, sdk, present) != Some(k) {
                if raw.get() != "null" && r.extra {
                    let first = extra.is_empty();
                    push_entry(&mut extra, first, &key.0, raw.get());
                }
                continue;
            }
            let i = usize::from(*i);
            let Some(field) = r.fields.get(i) else { return give_up() };
            let mark = out.len();
            if mark > start + 1 {
                out.push(',');
            }
            write_field(out, field.key);
            let nullable = !matches!(field.need, Need::Required | Need::DefaultEmpty);
            let read = if let Kind::Any = field.kind {
                (!(nullable && raw.get() == "null")).then(|| out.push_str(raw.get())).map(|()| 0)
            } else {
                match fast(out, field.kind, false, raw.get()) {
                    Some(n) => Some(n),
                    _ if nullable && raw.get() == "null" => None,
                    _ => return give_up(),
                }
            };
            match read {
                Some(n) => written[i] = Some(n),
                None => out.truncate(mark),
            }
        }
        for (field, done) in r.fields.iter().zip(&written) {
            let text = match (done, stand_in(field, &written)) {
                (Some(_), _) | (None, Ok(None)) => continue,
                (None, Ok(Some(text))) => text,
                (None, Err(())) => return give_up(),
            };
            if out.len() > start + 1 {
                out.push(',');
            }
            write_field(out, field.key);
            out.push_str(&text);
        }
        if r.extra {
            if out.len() > start + 1 {
                out.push(',');
            }
            out.push_str("\"extra\":{");
            out.push_str(&extra);
            out.push('}');
        }
        out.push('}');
        Ok(Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{account::*, allocation::*, coins::*, redemption::*};
    use crate::wire::paging::Page;
    use crate::wire::schema::Described;
    use serde::{de::DeserializeOwned, Serialize};
    use serde_json::json;

    type Outcome = Result<Value, (String, String)>;

    /// Numbers compared as numbers (`5` and `5.0` are the same number to JS).
    fn norm(v: Value) -> Value {
        match v {
            Value::Number(n) => json!(n.as_f64()),
            Value::Array(items) => Value::Array(items.into_iter().map(norm).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, norm(v))).collect()),
            other => other,
        }
    }

    /// The typed reader and serde's writer: what JS got before the tables (from the same
    /// text the table reads).
    fn typed<T: DeserializeOwned + Serialize>(value: &Value) -> Outcome {
        let value: Value = serde_json::from_str(&value.to_string()).unwrap();
        match crate::wire::de::from_value::<T>(&value) {
            Ok(t) => Ok(norm(serde_json::to_value(&t).unwrap())),
            Err(e) => Err((e.path_text(), e.inner.to_string())),
        }
    }

    /// The table's reading; the fast and the exact reading must agree.
    fn tabled<T: Described>(value: &Value) -> Outcome {
        tabled_as(value, T::schema())
    }

    fn tabled_as(value: &Value, schema: Schema) -> Outcome {
        let both = tabled_by(value, schema, true);
        assert_eq!(both, tabled_by(value, schema, false), "fast and exact readings differ on {value}");
        both
    }

    fn tabled_by(value: &Value, schema: Schema, try_fast: bool) -> Outcome {
        match read(&value.to_string(), schema, try_fast) {
            Ok(t) => {
                let json: Value = serde_json::from_str(&t.json).unwrap_or_else(|e| panic!("not JSON ({e}): {}", t.json));
                if let Some(page) = &t.page {
                    let data: Value = serde_json::from_str(&t.json[page.data.clone()]).unwrap();
                    assert_eq!(data.as_array().map(Vec::len), Some(page.len));
                    assert_eq!(json.get("recordsCount").and_then(Value::as_u64), page.records_count);
                }
                Ok(norm(json))
            }
            Err(e) => Err((e.path_text(), e.inner.to_string())),
        }
    }

    /// What each value of a sample is replaced with.
    fn replacements() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(5),
            json!(-3),
            json!(1.5),
            json!(u64::MAX),
            json!("x"),
            json!("12.5"),
            json!(" 7 "),
            json!(""),
            json!([]),
            json!([1]),
            json!({}),
            json!({"name": "A"}),
        ]
    }

    /// Keys added to every object: every other spelling the tables know, and an unknown key.
    const ADDED: &[&str] = &[
        "enkashCardId",
        "enKashCardId",
        "id",
        "cartId",
        "ekUserId",
        "userId",
        "enkashCardTxnId",
        "enKashCardTxnId",
        "enKashTransactionId",
        "uniqueReferenceNumber",
        "uniqueReferenceNum",
        "pgReferenceNumber",
        "partnerOrderReferenceId",
        "orderReferenceId",
        "coinConfigId",
        "data",
        "content",
        "totalElements",
        "recordsCount",
        "unknownKey",
    ];

    /// `value` and every variant of it with one change: a value replaced, a key removed, a
    /// key added.
    fn variants(value: &Value) -> Vec<Value> {
        let mut out = vec![value.clone()];
        for r in replacements() {
            out.push(r);
        }
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut removed = map.clone();
                    removed.remove(k);
                    out.push(Value::Object(removed));
                    for inner in variants(v) {
                        let mut changed = map.clone();
                        changed.insert(k.clone(), inner);
                        out.push(Value::Object(changed));
                    }
                }
                for k in ADDED {
                    for v in [json!("W"), json!(null), json!(7), json!([])] {
                        let mut added = map.clone();
                        added.insert((*k).to_owned(), v);
                        out.push(Value::Object(added));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    for inner in variants(v).into_iter().take(40) {
                        let mut changed = items.clone();
                        changed[i] = inner;
                        out.push(Value::Array(changed));
                    }
                }
            }
            _ => {}
        }
        out
    }

    fn same<T: DeserializeOwned + Serialize + Described>(samples: &[Value]) -> usize {
        same_as::<T>(T::schema(), samples)
    }

    /// [`same`] for `T` read by `schema` (a record that answers hold only inside others, read
    /// here alone so that every change of it is tried, not only the first of each item).
    fn same_as<T: DeserializeOwned + Serialize>(schema: Schema, samples: &[Value]) -> usize {
        let mut n = 0;
        for sample in samples {
            for v in variants(sample) {
                assert_eq!(tabled_as(&v, schema), typed::<T>(&v), "{} from {v}", std::any::type_name::<T>());
                n += 1;
            }
        }
        n
    }

    fn seed_card() -> Value {
        let text = include_str!("../../tests/fixtures/seed000-response.json");
        let mut card = serde_json::from_str::<Value>(text).unwrap()["payload"].take();
        card["cardStatus"] = json!({"name": "UL", "label": "UnLocked", "x": [1]});
        card["kycStatus"] = json!("VERIFIED");
        card["loadAmount"] = json!("12.50");
        card["totalRewardsReceived"] = json!("3");
        card["zz"] = json!([1, {"a": null}]);
        card
    }

    /// For every answer type, the table gives what the typed reader and serde's writer gave,
    /// and fails where they failed, with the same path and words: on seed-like samples and
    /// on every change of one value, one key removed or one key added.
    #[test]
    fn tables_read_what_the_models_read() {
        let card = seed_card();
        let transaction = json!({"enkashCardTxnId": "T", "uniqueReferenceNumber": "R", "amount": 5, "zz": 1, "enkashCardId": "E"});
        let order = json!({"orderId": 12, "paymentStatus": "PAID", "totalQuantity": 1, "totalAmount": "100", "partnerOrderReferenceId": "R",
            "voucherDetailsList": [{"cardNumber": "1234", "pin": "99", "expiryDate": "2025", "x": 1}], "zz": 1});
        let cart = json!({"id": 7, "ekUserId": "U", "productCatalogId": "P", "items": {"9": {"productConfigId": 9, "mrp": "100", "quantity": 2, "x": 1}},
            "totalQuantity": 2, "productConfigs": [{"a": 1}, null], "zz": true});
        let mut n = 0;
        n += same::<Card>(&[card.clone(), json!({"enKashCardId": "E", "enkashCardId": "W", "ekUserId": 5})]);
        n += same::<AccountDetails>(&[json!({"availableBalance": "100.5", "totalCards": 3, "companyId": "C", "cardAccountId": "A",
            "primaryEnKashCard": {"enkashCardId": "E", "cardStatus": {"name": "UL"}, "x": 1}, "foo": "bar"})]);
        n += same::<Page<Transaction>>(&[
            json!({"recordsCount": "2", "data": [transaction.clone(), {"enKashTransactionId": "T2", "amount": "1.5"}], "other": 1}),
            json!([transaction.clone()]),
            json!({"content": [transaction.clone()], "totalElements": 3, "data": null}),
        ]);
        n += same::<Page<Card>>(&[json!({"recordsCount": 1, "data": [{"enKashCardId": "E", "cardStatus": "UL"}]})]);
        n += same::<Page<Order>>(&[json!({"data": [order.clone()]})]);
        n += same::<Order>(&[order]);
        n += same::<BulkResult>(&[json!({"successBulkEnKashCardCreateDTOs": [{"name": "A", "loadAmount": 10, "enkashCardId": "E", "enkashCardTxnId": "T"}],
            "failureBulkEnKashCardCreateDTOs": [{"uniqueReferenceNumber": "R", "failureReason": "dup"}], "successCount": 1, "x": 2})]);
        n += same::<Cart>(std::slice::from_ref(&cart));
        n += same::<Vec<Cart>>(&[json!([cart, {"cartId": "C", "productCatalogId": 1}])]);
        n += same::<Product>(&[json!({"productCatalogId": 5, "brand": "B", "category": {"c": 1}, "images": {"LOGO_IMAGE": "u"},
            "configResponses": [{"productConfigId": "9", "mrp": 100, "maxQuantity": "3", "customAmountEnabled": true, "x": 1}],
            "enabled": true, "rank": "2", "expiryPeriod": 12, "zz": null})]);
        n += same::<CoinEvent>(&[json!({"id": 5, "configuration": "c", "event": "e", "amount": "3", "companyId": "C", "x": 1})]);
        n += same::<CoinBalance>(&[json!(5), json!("7.5"), json!({"balance": 3}), json!({"coins": "2"})]);
        n += same::<CoinAllocationMessage>(&[json!("ok"), json!({"a": 1}), json!(null)]);
        n += same::<crate::models::auth::SsoToken>(&[json!("tok"), json!({"access_token": "t", "x": 1}), json!({"token": ""})]);
        n += same::<Page<Product>>(&[json!({"content": [{"productCatalogId": "5", "brand": "B", "rank": 1}], "totalElements": "1"})]);
        // The records answers hold only inside lists or other records, each read alone.
        let record = |r: &'static Record| Schema::Value(Kind::Record(r));
        n += same_as::<Transaction>(record(&TRANSACTION), std::slice::from_ref(&transaction));
        n += same_as::<Voucher>(record(&VOUCHER), &[json!({"cardNumber": "1234", "pin": "99", "expiryDate": "2025", "x": 1})]);
        n += same_as::<BulkResultRow>(
            record(&BULK_RESULT_ROW),
            &[
                json!({"name": "A", "loadAmount": "10", "enkashCardId": "E", "enkashCardTxnId": "T", "uniqueReferenceNum": "R", "failureReason": "dup", "x": [1]}),
            ],
        );
        n += same_as::<ProductConfig>(
            record(&PRODUCT_CONFIG),
            &[json!({"productConfigId": "9", "mrp": 100, "maxQuantity": "3", "customAmountEnabled": true, "x": 1})],
        );
        n += same_as::<CartItem>(record(&CART_ITEM), &[json!({"productConfigId": 9, "mrp": "100", "sellRate": 95.5, "quantity": 2, "x": 1})]);
        n += same_as::<PrimaryCard>(record(&PRIMARY_CARD), &[json!({"enkashCardId": "E", "cardStatus": {"name": "UL"}, "x": 1})]);
        assert!(n > 5000, "{n} answers compared");
        // The fast reading does read them (it is not always left to the exact one).
        for (text, schema) in [(card.to_string(), Card::schema()), (json!([transaction]).to_string(), Page::<Transaction>::schema())] {
            let mut out = String::new();
            let (kind, list) = match schema {
                Schema::Value(kind) => (kind, false),
                Schema::Page(kind) => (kind, true),
                _ => unreachable!(),
            };
            assert!(fast(&mut out, kind, list, &text).is_some(), "{text}");
        }
        eprintln!("{n} answers compared");
    }

    /// A key sent twice: the last value counts, as in the `Value` the typed reader reads
    /// (serde_json keeps the last), whichever reading is used.
    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        for text in [
            r#"{"enKashCardId":"A","loadAmount":"x","loadAmount":5}"#,
            r#"{"enKashCardId":"A","userId":"u","userId":null}"#,
            r#"{"enKashCardId":"A","enkashCardId":"B","enkashCardId":null,"zz":1,"zz":2}"#,
            r#"{"enKashCardId":5,"enKashCardId":"A","cardStatus":{"name":"X","name":"Y"}}"#,
        ] {
            let typed = typed::<Card>(&serde_json::from_str(text).unwrap());
            for try_fast in [true, false] {
                let out = read(text, Card::schema(), try_fast).map(|t| norm(serde_json::from_str(&t.json).unwrap()));
                assert_eq!(out.map_err(|e| e.path_text()), typed.clone().map_err(|e| e.0), "{text}");
            }
        }
    }

    /// Any JSON value, nested a few levels, its object keys drawn from the tables' keys.
    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let mut keys: Vec<&'static str> = ADDED.to_vec();
        for r in [&CARD, &ACCOUNT_DETAILS, &TRANSACTION, &ORDER, &CART, &PRODUCT, &COIN_EVENT, &BULK_RESULT, &BULK_RESULT_ROW, &LABELED, &VOUCHER] {
            keys.extend(r.fields.iter().map(|f| f.key));
        }
        keys.extend(["balance", "coins", "access_token", "token", "name", "label", "9"]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
            prop::sample::select(vec!["12.5", " 7 ", "", "1e400", "-0", "UL", "\"", "\\u0000"]).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(prop::sample::select(keys.clone()).prop_map(str::to_owned), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// On generated answers, every table reads what its type reads (the same JSON, or the
        /// same error), and the fast and exact readings agree.
        #[test]
        fn generated_answers_read_as_the_models_read(v in any_json()) {
            assert_eq!(tabled::<Card>(&v), typed::<Card>(&v), "Card from {v}");
            assert_eq!(tabled::<AccountDetails>(&v), typed::<AccountDetails>(&v), "AccountDetails from {v}");
            assert_eq!(tabled::<Page<Transaction>>(&v), typed::<Page<Transaction>>(&v), "Page<Transaction> from {v}");
            assert_eq!(tabled::<Page<Order>>(&v), typed::<Page<Order>>(&v), "Page<Order> from {v}");
            assert_eq!(tabled::<BulkResult>(&v), typed::<BulkResult>(&v), "BulkResult from {v}");
            assert_eq!(tabled::<Vec<Cart>>(&v), typed::<Vec<Cart>>(&v), "Vec<Cart> from {v}");
            assert_eq!(tabled::<Product>(&v), typed::<Product>(&v), "Product from {v}");
            assert_eq!(tabled::<CoinEvent>(&v), typed::<CoinEvent>(&v), "CoinEvent from {v}");
            assert_eq!(tabled::<CoinBalance>(&v), typed::<CoinBalance>(&v), "CoinBalance from {v}");
        }

        /// Any text at all (the reader is only ever given JSON, but it must not panic on
        /// anything): an answer or an error, never a panic.
        #[test]
        fn any_text_reads_without_panicking(text in ".{0,64}") {
            for schema in [Card::schema(), Page::<Order>::schema(), BulkResult::schema(), Vec::<Cart>::schema(), CoinBalance::schema()] {
                for try_fast in [true, false] {
                    let _ = read(&text, schema, try_fast);
                }
            }
        }
    }

    /// Every table: its keys are unique, and each other spelling names one of its fields.
    #[test]
    fn every_table_is_well_formed() {
        let all = [
            &CARD,
            &ACCOUNT_DETAILS,
            &PRIMARY_CARD,
            &TRANSACTION,
            &BULK_RESULT,
            &BULK_RESULT_ROW,
            &CART,
            &CART_ITEM,
            &PRODUCT,
            &PRODUCT_CONFIG,
            &ORDER,
            &VOUCHER,
            &COIN_EVENT,
            &LABELED,
        ];
        for r in all {
            let mut keys: Vec<&str> = r.fields.iter().map(|f| f.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), r.fields.len(), "a key twice in {}", r.expecting);
            for (other, sdk) in r.spellings {
                assert!(r.fields.iter().any(|f| f.key == *sdk), "{other} -> {sdk}: not a field of {}", r.expecting);
                assert!(!r.fields.iter().any(|f| f.key == *other), "{other} is a field of {} and another spelling", r.expecting);
            }
        }
    }

    /// JSON that a `Value` cannot hold (a lone surrogate escape, a number out of range,
    /// nesting past 128 levels) is "not JSON" where the envelope is split, as it was when the
    /// whole body was parsed: never read as an empty or `null` payload, in Rust or for JS.
    #[test]
    fn what_a_value_refuses_is_not_json() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        for bad in [r#""Asha \ud83d""#.to_owned(), "1e400".to_owned(), deep, r#"{"\ud800":0}"#.to_owned()] {
            let body = format!(r#"{{"code":0,"payload":{{"recordsCount":1,"data":[{{"pgReferenceNumber":"R1","x":{bad}}}]}}}}"#);
            let response = |b: &str| crate::transport::HttpResponse { status: 200, body: b.to_owned(), retry_after: None };
            let typed =
                crate::wire::open(response(&body), crate::wire::Shape::Envelope, crate::wire::Reading::Typed).and_then(|a| a.decode::<Page<Transaction>>());
            assert!(matches!(&typed, Err(crate::error::Error::Decode { message, .. }) if message.contains("not JSON")), "{bad}: {typed:?}");
            let tabled = crate::wire::open(response(&body), crate::wire::Shape::Envelope, crate::wire::Reading::Table)
                .and_then(|a| a.transcode(Page::<Transaction>::schema()));
            assert!(matches!(&tabled, Err(crate::error::Error::Decode { message, .. }) if message.contains("not JSON")), "{bad}: {tabled:?}");
            let refused = format!(r#"{{"code":1,"message":"Insufficient coins",{bad}:0}}"#);
            for reading in [crate::wire::Reading::Typed, crate::wire::Reading::Table] {
                let lenient = crate::wire::open(response(&refused), crate::wire::Shape::Lenient, reading).and_then(|a| a.decode::<CoinAllocationMessage>());
                assert!(lenient.is_err(), "a refusal read as a success: {lenient:?}");
            }
        }
        // A voucher's PIN of the wrong type beside such a value: never in the message.
        let body = r#"{"code":0,"payload":{"data":[{"orderId":1,"voucherDetailsList":[{"cardNumber":"4111","pin":4321}]}],"x":"\ud800"}}"#;
        let response = crate::transport::HttpResponse { status: 200, body: body.to_owned(), retry_after: None };
        let e = crate::wire::open(response, crate::wire::Shape::Envelope, crate::wire::Reading::Table)
            .and_then(|a| a.transcode(Page::<Order>::schema()))
            .unwrap_err();
        assert!(!e.to_string().contains("4321") && !format!("{e:?}").contains("4321"), "{e}");
    }
}
