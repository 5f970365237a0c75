//! Pages of search results and the logic that walks them.
//!
//! The portal documents one page shape, `{recordsCount, data: [...]}` (user card details);
//! the searches whose answers are UNKNOWN (transactions, orders) are read with the same type,
//! which also accepts `content`/`items`/`records`/`orders`/`transactions` for the list,
//! `totalElements`/`totalCount`/`total`/`count` for the total, and a bare array.

use crate::error::{FieldError, FieldErrorCode as C};
use crate::types::Extra;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Total number of records across all pages, when the server says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_count: Option<u64>,
    /// The records of this page.
    pub data: Vec<T>,
    /// Other keys of the page object, kept.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { records_count: None, data: Vec::new(), extra: Extra::new() }
    }
}

pub(crate) const LIST_KEYS: &[&str] = &["data", "content", "items", "records", "orders", "transactions", "list", "result"];
pub(crate) const COUNT_KEYS: &[&str] = &["recordsCount", "totalElements", "totalCount", "totalRecords", "total", "count"];

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (items, records_count, extra) = match Value::deserialize(deserializer)? {
            Value::Null => (Vec::new(), None, Extra::new()),
            Value::Array(items) => (items, None, Extra::new()),
            Value::Object(mut map) => {
                let key = LIST_KEYS.iter().find(|k| matches!(map.get(**k), Some(Value::Array(_)) | Some(Value::Null)));
                let items = match key.and_then(|k| map.remove(*k)) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                };
                let mut count = None;
                for k in COUNT_KEYS {
                    if let Some(v) = map.get(*k) {
                        let n = v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
                        if n.is_some() {
                            count = n;
                            map.remove(*k);
                            break;
                        }
                    }
                }
                (items, count, map)
            }
            other => return Err(D::Error::custom(format!("expected a page of records, got {other}"))),
        };
        let data = items
            .into_iter()
            .enumerate()
            .map(|(i, v)| crate::wire::de::from_value(&v).map_err(|e| D::Error::custom(item_error(i, &e))))
            .collect::<Result<Vec<T>, D::Error>>()?;
        Ok(Page { records_count, data, extra })
    }
}

/// The error of a page's record `i` that failed as `e` (its path from the record down): a
/// required field left out is named by its whole path, as for any answer.
pub(crate) fn item_error(i: usize, e: &crate::wire::de::PathError) -> crate::wire::de::DeError {
    use crate::wire::de::{DeError, Problem};
    let at = e.path_text();
    let at = if at == "." {
        String::new()
    } else if at.starts_with('[') {
        at
    } else {
        format!(".{at}")
    };
    match e.inner.problem {
        Problem::Missing { field } => DeError::new(Problem::Other, format!("missing field `data[{i}]{at}.{field}`")),
        _ => DeError::new(Problem::Other, format!("data[{i}]{at}: {}", e.inner)),
    }
}

/// Which page to fetch: `pageSize` records from `offset`.
///
/// The SDK's paging words are `pageSize` and `offset` everywhere (page arguments, iterator
/// options); the wire's query parameters are `limit` and `offset`, which the SDK fills in.
/// Any other key is refused, naming the closest (`limit` → `pageSize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageRequest {
    /// Records per page, 1 to 1000 (default 50); sent as the wire's `limit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Records to skip, 0 or more (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
}

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size accepted.
pub const MAX_LIMIT: u32 = 1000;
/// Largest offset accepted.
pub const MAX_OFFSET: u32 = 1_000_000_000;

impl PageRequest {
    /// Field errors for out-of-range values.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(l) = self.page_size {
            if !(1..=i64::from(MAX_LIMIT)).contains(&l) {
                errors.push(FieldError::new("pageSize", C::OutOfRange, format!("pageSize must be from 1 to {MAX_LIMIT}, got {l}")));
            }
        }
        if let Some(o) = self.offset {
            if !(0..=i64::from(MAX_OFFSET)).contains(&o) {
                errors.push(FieldError::new("offset", C::OutOfRange, format!("offset must be from 0 to {MAX_OFFSET}, got {o}")));
            }
        }
        errors
    }

    /// `(pageSize, offset)` with defaults, clamped to range (validate first to report errors).
    pub fn resolved(&self) -> (u32, u32) {
        let limit = self.page_size.unwrap_or(i64::from(DEFAULT_LIMIT)).clamp(1, i64::from(MAX_LIMIT)) as u32;
        let offset = self.offset.unwrap_or(0).clamp(0, i64::from(MAX_OFFSET)) as u32;
        (limit, offset)
    }
}

/// Walks pages: says which page to fetch next and when to stop.
///
/// It stops after a short page, once `offset` reaches the total the server gave (no extra
/// empty request), and, as a guard against a server that ignores paging, after a page
/// longer than asked for or a page identical to the one before.
#[derive(Debug, Clone)]
pub struct Pager {
    limit: u32,
    offset: u32,
    done: bool,
    previous: Option<String>,
}

impl Pager {
    /// Starts at `request`'s offset with its limit.
    pub fn new(request: PageRequest) -> Self {
        let (limit, offset) = request.resolved();
        Pager { limit, offset, done: false, previous: None }
    }

    /// The next page to fetch, `None` when the walk is over.
    pub fn next(&self) -> Option<PageRequest> {
        (!self.done).then_some(PageRequest { page_size: Some(i64::from(self.limit)), offset: Some(i64::from(self.offset)) })
    }

    /// Records a fetched page. Returns how many of its records to hand out (0 when the page
    /// repeats the previous one).
    pub fn advance<T: Serialize>(&mut self, page: &Page<T>) -> usize {
        self.advance_by(page.data.len(), page.records_count, serde_json::to_string(&page.data).ok())
    }

    /// [`Pager::advance`] told a page's number of records, the total the server gave, and the
    /// records' JSON text (what tells a repeated page).
    pub(crate) fn advance_by(&mut self, len: usize, records_count: Option<u64>, fingerprint: Option<String>) -> usize {
        if len > 0 && fingerprint.is_some() && fingerprint == self.previous {
            self.done = true;
            return 0;
        }
        self.previous = fingerprint;
        self.offset = self.offset.saturating_add(len as u32);
        let reached_total = records_count.is_some_and(|total| u64::from(self.offset) >= total);
        if len == 0 || len < self.limit as usize || len > self.limit as usize || reached_total {
            self.done = true;
        }
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(v: Value) -> Page<Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn page_shapes() {
        let p = page(json!({"recordsCount": 3, "data": [1, 2], "x": true}));
        assert_eq!((p.records_count, p.data.len(), p.extra.get("x")), (Some(3), 2, Some(&json!(true))));
        let p = page(json!({"content": [1], "totalElements": "9"}));
        assert_eq!((p.records_count, p.data.len()), (Some(9), 1));
        let p = page(json!([1, 2, 3]));
        assert_eq!((p.records_count, p.data.len()), (None, 3));
        assert!(page(json!(null)).data.is_empty());
        assert!(serde_json::from_value::<Page<Value>>(json!("nope")).is_err());
        let e = serde_json::from_value::<Page<u8>>(json!({"data": [1, "x"]})).unwrap_err();
        assert!(e.to_string().contains("data[1]"), "{e}");
    }

    #[test]
    fn the_pager_stops_at_the_total_without_an_empty_request() {
        let mut p = Pager::new(PageRequest { page_size: Some(2), offset: None });
        assert_eq!(p.next(), Some(PageRequest { page_size: Some(2), offset: Some(0) }));
        assert_eq!(p.advance(&page(json!({"recordsCount": 4, "data": [1, 2]}))), 2);
        assert_eq!(p.next().unwrap().offset, Some(2));
        assert_eq!(p.advance(&page(json!({"recordsCount": 4, "data": [3, 4]}))), 2);
        assert_eq!(p.next(), None, "total reached: no extra request");
    }

    #[test]
    fn the_pager_stops_on_short_empty_oversized_or_repeated_pages() {
        let mut p = Pager::new(PageRequest { page_size: Some(2), offset: None });
        p.advance(&page(json!([1])));
        assert_eq!(p.next(), None);
        let mut p = Pager::new(PageRequest { page_size: Some(2), offset: None });
        p.advance(&page(json!([])));
        assert_eq!(p.next(), None);
        let mut p = Pager::new(PageRequest { page_size: Some(2), offset: None });
        assert_eq!(p.advance(&page(json!([1, 2, 3]))), 3);
        assert_eq!(p.next(), None, "server ignored the limit");
        let mut p = Pager::new(PageRequest { page_size: Some(2), offset: None });
        assert_eq!(p.advance(&page(json!([1, 2]))), 2);
        assert!(p.next().is_some());
        assert_eq!(p.advance(&page(json!([1, 2]))), 0, "same page again: server ignores offset");
        assert_eq!(p.next(), None);
    }

    #[test]
    fn page_request_ranges() {
        assert!(PageRequest { page_size: Some(1), offset: Some(0) }.validate().is_empty());
        assert_eq!(PageRequest { page_size: Some(0), offset: None }.validate()[0].field, "pageSize");
        assert_eq!(PageRequest { page_size: Some(1001), offset: None }.validate()[0].field, "pageSize");
        assert_eq!(PageRequest { page_size: None, offset: Some(-1) }.validate()[0].field, "offset");
        assert_eq!(PageRequest::default().resolved(), (50, 0));
    }
}
