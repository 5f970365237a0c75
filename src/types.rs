//! Small shared model types: labeled codes, amounts, unknown-field maps and portal dates.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Response fields the SDK does not model, kept as they came (wire names as keys).
pub type Extra = Map<String, Value>;

/// A status-like value that the portal documents as a string but sends as
/// `{name, label}` (`cardStatus`, `kycStatus`, `binType`, `accountType`). Both are accepted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Labeled {
    /// The documented form: a plain code such as `"UL"`.
    Code(String),
    /// The form seen in samples: `{"name": "UL", "label": "UnLocked"}`.
    Object(LabeledObject),
}

/// The object form of [`Labeled`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LabeledObject {
    /// Machine code, e.g. `UL`, `VERIFIED`, `REWARD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Human label, e.g. `UnLocked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Longer text, seen on `accountType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other keys, kept.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// Read by its JSON type (a string or an object), without the buffering and failed first
/// attempt of `#[serde(untagged)]` (measured: a third of an answer's decode time).
impl<'de> Deserialize<'de> for Labeled {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Labeled;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a code or an object with name and label")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Labeled, E> {
                Ok(Labeled::Code(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Labeled, A::Error> {
                LabeledObject::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Labeled::Object)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Labeled {
    /// The machine code in either form.
    pub fn code(&self) -> Option<&str> {
        match self {
            Labeled::Code(c) => Some(c),
            Labeled::Object(o) => o.name.as_deref(),
        }
    }

    /// The human label when there is one, else the code.
    pub fn label(&self) -> Option<&str> {
        match self {
            Labeled::Code(c) => Some(c),
            Labeled::Object(o) => o.label.as_deref().or(o.name.as_deref()),
        }
    }
}

/// Largest amount the SDK sends: beyond 2^53 paise a JS number cannot hold every paisa.
pub const MAX_AMOUNT: f64 = 90_071_992_547_409.0;

/// Rounds an amount to whole paise. `None` when it has more than two decimals.
pub fn to_paise(amount: f64) -> Option<i64> {
    if !amount.is_finite() || amount.abs() > MAX_AMOUNT {
        return None;
    }
    let scaled = amount * 100.0;
    let rounded = scaled.round();
    // Tolerate binary noise (0.1 + 0.2) but not a real third decimal (10.005).
    if (scaled - rounded).abs() > 1e-6 * rounded.abs().max(1.0) {
        return None;
    }
    Some(rounded as i64)
}

/// Serializes an amount as the API expects: a whole amount as an integer (`100`), otherwise
/// a number with at most two decimals (`10.5`).
pub(crate) fn serialize_amount<S: Serializer>(amount: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    match to_paise(*amount) {
        Some(paise) if paise % 100 == 0 => serializer.serialize_i64(paise / 100),
        Some(paise) => serializer.serialize_f64(paise as f64 / 100.0),
        None => serializer.serialize_f64(*amount),
    }
}

/// Deserializes an optional number sent as a number or a numeric string.
pub(crate) fn lenient_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse::<f64>().map(Some).map_err(|_| serde::de::Error::custom(format!("expected a number, got {s:?}"))),
        Some(other) => Err(serde::de::Error::custom(format!("expected a number, got {other}"))),
    }
}

/// Deserializes a required number sent as a number or a numeric string (use without
/// `default`: a missing field is then serde's "missing field" error, which names it).
pub(crate) fn required_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    lenient_number(deserializer)?.ok_or_else(|| serde::de::Error::custom("expected a number, got nothing"))
}

/// Deserializes an optional whole count sent as a number or a numeric string.
pub(crate) fn lenient_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match lenient_number(deserializer)? {
        None => Ok(None),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9.0e15 => Ok(Some(n as u64)),
        Some(n) => Err(serde::de::Error::custom(format!("expected a whole count, got {n}"))),
    }
}

/// Reads a date as the portal sends it, `"Jun 20, 2024 2:56:47 PM"`, or an ISO date-time
/// (`2024-06-20T14:56:47`, optionally with fraction and offset, which are dropped), and
/// returns `YYYY-MM-DDTHH:MM:SS` (no time zone: the portal gives none).
/// `None` when the text is in neither form.
pub fn parse_portal_date(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() >= 19 && t.as_bytes().get(10) == Some(&b'T') {
        let (date, time) = (t.get(0..10)?, t.get(11..19)?);
        let d: Vec<&str> = date.split('-').collect();
        let h: Vec<&str> = time.split(':').collect();
        if d.len() == 3 && h.len() == 3 {
            return format_date(d[0].parse().ok()?, d[1].parse().ok()?, d[2].parse().ok()?, h[0].parse().ok()?, h[1].parse().ok()?, h[2].parse().ok()?);
        }
        return None;
    }
    // "Jun 20, 2024 2:56:47 PM"
    let mut parts = t.split_whitespace();
    let month = match parts.next()?.get(0..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let day: u32 = parts.next()?.trim_end_matches(',').parse().ok()?;
    let year: u32 = parts.next()?.parse().ok()?;
    let clock: Vec<&str> = parts.next()?.split(':').collect();
    let meridiem = parts.next()?.to_ascii_uppercase();
    if parts.next().is_some() || clock.len() != 3 {
        return None;
    }
    let (h12, minute, second): (u32, u32, u32) = (clock[0].parse().ok()?, clock[1].parse().ok()?, clock[2].parse().ok()?);
    if !(1..=12).contains(&h12) {
        return None;
    }
    let hour = match meridiem.as_str() {
        "AM" => h12 % 12,
        "PM" => h12 % 12 + 12,
        _ => return None,
    };
    format_date(year, month, day, hour, minute, second)
}

fn format_date(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<String> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let valid =
        (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days[(month - 1) as usize] && hour < 24 && minute < 60 && second < 60;
    valid.then(|| format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written readers accept and refuse exactly what serde's untagged derive did.
    #[test]
    fn labeled_and_id_read_what_the_untagged_derive_read() {
        use serde_json::json;
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum OldLabeled {
            Code(String),
            Object(LabeledObject),
        }
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum OldId {
            Number(i64),
            Text(String),
        }
        let values = [
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(5.0),
            json!(1.5),
            json!(-0.0),
            json!(""),
            json!("UL"),
            json!("12"),
            json!([]),
            json!(["UL"]),
            json!({}),
            json!({"name": "UL"}),
            json!({"name": "UL", "label": "UnLocked", "description": "d", "x": [1, {"y": null}]}),
            json!({"name": 5}),
            json!({"label": null}),
            json!({"name": "A", "name2": "B"}),
        ];
        for v in values {
            let new = crate::wire::de::from_value::<Labeled>(&v).ok().map(|l| serde_json::to_value(l).unwrap());
            let old = crate::wire::de::from_value::<OldLabeled>(&v).ok().map(|l| match l {
                OldLabeled::Code(c) => serde_json::to_value(Labeled::Code(c)).unwrap(),
                OldLabeled::Object(o) => serde_json::to_value(Labeled::Object(o)).unwrap(),
            });
            assert_eq!(new, old, "Labeled from {v}");
            let new = crate::wire::de::from_value::<Id>(&v).ok();
            let old = crate::wire::de::from_value::<OldId>(&v).ok().map(|i| match i {
                OldId::Number(n) => Id::Number(n),
                OldId::Text(t) => Id::Text(t),
            });
            assert_eq!(new, old, "Id from {v}");
        }
    }

    #[test]
    fn labeled_and_id_read_by_json_type() {
        use serde_json::json;
        let read = |v: Value| crate::wire::de::from_value::<Labeled>(&v);
        assert_eq!(read(json!("UL")).unwrap(), Labeled::Code("UL".into()));
        let o = read(json!({"name": "UL", "label": "UnLocked", "x": 1})).unwrap();
        assert_eq!((o.code(), o.label()), (Some("UL"), Some("UnLocked")));
        assert!(matches!(o, Labeled::Object(ref l) if l.extra.get("x") == Some(&json!(1))));
        assert!(read(json!(5)).is_err());
        assert!(serde_json::from_str::<Labeled>(r#"{"name":"A"}"#).is_ok());
        let id = |v: Value| crate::wire::de::from_value::<Id>(&v);
        assert_eq!(id(json!(5)).unwrap(), Id::Number(5));
        assert_eq!(id(json!(-5)).unwrap(), Id::Number(-5));
        assert_eq!(id(json!("A7")).unwrap(), Id::Text("A7".into()));
        assert!(id(json!(u64::MAX)).is_err());
        assert!(id(json!(1.5)).is_err());
        assert!(id(json!(null)).is_err());
        // Written back as given.
        assert_eq!(serde_json::to_string(&Id::Number(5)).unwrap(), "5");
        assert_eq!(serde_json::to_string(&Labeled::Code("UL".into())).unwrap(), r#""UL""#);
    }

    #[test]
    fn paise_rules() {
        assert_eq!(to_paise(11.0), Some(1100));
        assert_eq!(to_paise(10.5), Some(1050));
        assert_eq!(to_paise(0.1 + 0.2), Some(30));
        assert_eq!(to_paise(19.99), Some(1999));
        assert_eq!(to_paise(10.005), None);
        assert_eq!(to_paise(f64::NAN), None);
        assert_eq!(to_paise(f64::INFINITY), None);
        assert_eq!(to_paise(1e20), None);
    }

    #[test]
    fn amounts_go_out_as_integers_when_whole() {
        #[derive(Serialize)]
        struct A {
            #[serde(serialize_with = "serialize_amount")]
            a: f64,
        }
        assert_eq!(serde_json::to_string(&A { a: 100.0 }).unwrap(), r#"{"a":100}"#);
        assert_eq!(serde_json::to_string(&A { a: 10.5 }).unwrap(), r#"{"a":10.5}"#);
        assert_eq!(serde_json::to_string(&A { a: 0.1 + 0.2 }).unwrap(), r#"{"a":0.3}"#);
    }

    #[test]
    fn labeled_accepts_both_forms() {
        let a: Labeled = serde_json::from_str(r#""UL""#).unwrap();
        let b: Labeled = serde_json::from_str(r#"{"name":"UL","label":"UnLocked","x":1}"#).unwrap();
        assert_eq!(a.code(), Some("UL"));
        assert_eq!(b.code(), Some("UL"));
        assert_eq!(b.label(), Some("UnLocked"));
        let Labeled::Object(o) = b else { panic!() };
        assert_eq!(o.extra.get("x"), Some(&Value::from(1)));
    }

    #[test]
    fn portal_dates() {
        assert_eq!(parse_portal_date("Jun 20, 2024 2:56:47 PM").as_deref(), Some("2024-06-20T14:56:47"));
        assert_eq!(parse_portal_date("Jan 1, 2025 12:00:01 AM").as_deref(), Some("2025-01-01T00:00:01"));
        assert_eq!(parse_portal_date("Dec 31, 2024 12:30:00 PM").as_deref(), Some("2024-12-31T12:30:00"));
        assert_eq!(parse_portal_date("2024-06-20T14:56:47.123+05:30").as_deref(), Some("2024-06-20T14:56:47"));
        assert_eq!(parse_portal_date("Feb 30, 2024 1:00:00 PM"), None);
        assert_eq!(parse_portal_date("Jun 20, 2024 13:56:47 PM"), None);
        assert_eq!(parse_portal_date("yesterday"), None);
        assert_eq!(parse_portal_date(""), None);
        assert_eq!(parse_portal_date("2024-06-20Tab:cd:ef"), None);
        assert_eq!(parse_portal_date("€€€€€€€€€€T€€€€€€€€"), None);
    }
}

/// Deserializes an id sent as a string or a whole number into a string.
pub(crate) fn id_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("expected an id (string or whole number), got {other}"))),
    }
}

/// Like [`id_string`], for an optional id.
pub(crate) fn opt_id_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => id_string(v).map(Some).map_err(serde::de::Error::custom),
    }
}

/// Reads any JSON value as text: a string as is, anything else as its JSON.
pub(crate) fn any_as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(text_of_any(&Value::deserialize(deserializer)?))
}

/// A JSON value as text: a string as is, `null` as nothing, anything else as its JSON.
pub(crate) fn text_of_any(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An id that the wire may carry as a number or a string; kept as given, so it goes back
/// out in the same form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Id {
    /// A numeric id.
    Number(i64),
    /// A text id.
    Text(String),
}

/// Read by its JSON type, without the buffering of `#[serde(untagged)]`: a whole number
/// that fits an `i64`, or a string.
impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Id;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id::Number(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Id, E> {
                i64::try_from(v).map(Id::Number).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Id {
    /// Whether the id is usable: non-blank text or a number of 0 or more.
    pub fn is_valid(&self) -> bool {
        match self {
            Id::Number(n) => *n >= 0,
            Id::Text(t) => !t.trim().is_empty(),
        }
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Number(n) => write!(f, "{n}"),
            Id::Text(t) => f.write_str(t),
        }
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id::Text(s.to_owned())
    }
}

impl From<i64> for Id {
    fn from(n: i64) -> Self {
        Id::Number(n)
    }
}

/// Serializes a response's unknown fields under one key, `extra` (used with
/// `#[serde(flatten, serialize_with = "nest_extra")]`): the wire's unknown fields are read
/// into the map, and the SDK's own output keeps them in one named place instead of mixing
/// them with the modelled fields. `extra` is always present (an empty object when the
/// server sent nothing else).
pub(crate) fn nest_extra<S: Serializer>(extra: &Extra, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry("extra", extra)?;
    map.end()
}
