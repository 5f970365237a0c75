//! `client.allocateRewards(rows, options)`, `parseRecipientsCsv`, `outcomesToCsv` in JS.

use super::{error_to_js, options_from_js, to_js};
use crate::bulk::{Progress, ReadRow, RowOutcome, RunOptions};
use crate::client::{CallOptions, Client};
use crate::error::{Error, FieldError, FieldErrorCode};
use crate::recipients::{CsvLineError, OutcomesCsv, TextEncoding};
use crate::wasm::fetch::FetchTransport;
use futures_util::stream::{self, LocalBoxStream, StreamExt};
use js_sys::{Array, Function, Promise, Reflect, Symbol, Uint8Array};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(typescript_custom_section)]
const TS_BULK: &'static str = r#"
/** Options of allocateRewards: the run's settings plus progress and cancellation. */
export type AllocateRewardsOptions = RunOptions & {
    /** Called after each batch, for progress bars. */
    onProgress?: (progress: Progress) => void;
    /**
     * Called with the outcomes settled since the last call, in the order they settled (not
     * input order: see `index`), after each batch and before `onProgress`: every outcome is
     * handed over exactly once, so a results file written from here survives a crash.
     */
    onOutcomes?: (outcomes: RowOutcome[]) => void;
    /** Stops sending new batches; batches already sent finish, the rest end as "notAttempted". */
    signal?: AbortSignal;
    /** Time limit of each batch's call in ms, retries included (default: the client's). */
    timeoutMs?: number;
    /** Retries of each batch (default: the client's `maxRetries`, 2). */
    maxRetries?: number;
};

/** Rows for allocateRewards: an array, or any iterable or async iterable (read as needed, so memory stays bounded). */
export type RecipientRows = BulkRow[] | Iterable<BulkRow> | AsyncIterable<BulkRow>;
"#;

/// One row read through one native `JSON.stringify`; a row that cannot be read (a getter
/// that throws, a cycle, a BigInt) is reported invalid with what went wrong.
fn read_row(v: JsValue, index: usize) -> ReadRow {
    match js_sys::JSON::stringify(&v) {
        Ok(text) => match text.as_string() {
            Some(text) => ReadRow::from_value(serde_json::from_str(&text).unwrap_or(Value::Null), index),
            None => ReadRow::from_value(Value::Null, index),
        },
        Err(e) => ReadRow::unreadable(index, &format!("row {index} could not be read: {}", super::thrown_text(&e))),
    }
}

/// Rows read per `JSON.stringify` when the input is an array.
const CHUNK: u32 = 256;

/// Rows `start..end` of an array: one `JSON.stringify` and one typed pass for the chunk
/// (measured faster than a stringify per row: bench/README.md); a chunk that cannot be
/// stringified as a whole (a throwing getter in one row) is read row by row.
fn read_chunk(array: &Array, start: u32, end: u32) -> Vec<ReadRow> {
    let whole = js_sys::JSON::stringify(&array.slice(start, end)).ok().filter(|t| t.is_string()).map(|t| super::utf8_of(&t));
    if let Some(rows) = whole.and_then(|text| ReadRow::from_json_text(&text, start as usize)) {
        if rows.len() == (end - start) as usize {
            return rows;
        }
    }
    (start..end)
        .map(|i| match Reflect::get(array, &JsValue::from(i)) {
            Ok(v) => read_row(v, i as usize),
            Err(e) => ReadRow::unreadable(i as usize, &format!("row {i} could not be read: {}", super::thrown_text(&e))),
        })
        .collect()
}

/// Where an error of the input itself (a throwing iterator) is recorded.
type InputFailure = Rc<RefCell<Option<String>>>;

/// The rows as a stream, their number when known, and where an input error is recorded.
fn rows_stream(rows: &JsValue, signal: Option<AbortSignal>) -> Result<(LocalBoxStream<'static, ReadRow>, Option<usize>, InputFailure), Error> {
    let failure = Rc::new(RefCell::new(None));
    let unreadable = |why: String| Error::validation(vec![super::unreadable("rows", why)]);
    if let Some(array) = super::array_of(rows).map_err(unreadable)? {
        let array = array.clone();
        let len = super::length_of(&array).map_err(unreadable)?;
        let chunks = stream::iter((0..len).step_by(CHUNK as usize)).flat_map(move |start| stream::iter(read_chunk(&array, start, (start + CHUNK).min(len))));
        return Ok((chunks.boxed_local(), Some(len as usize), failure));
    }
    let get = |sym: Symbol| Reflect::get(rows, &sym.into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let (factory, is_async) = match (get(Symbol::async_iterator()), get(Symbol::iterator())) {
        (Some(f), _) => (f, true),
        (None, Some(f)) => (f, false),
        (None, None) => {
            return Err(Error::validation(vec![FieldError::new(
                "rows",
                FieldErrorCode::InvalidType,
                "rows must be an array, an iterable or an async iterable",
            )]))
        }
    };
    let iterator = factory.call0(rows).map_err(|e| {
        Error::validation(vec![FieldError::new("rows", FieldErrorCode::InvalidType, format!("rows could not be iterated: {}", super::thrown_text(&e)))])
    })?;
    let next = Reflect::get(&iterator, &"next".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| Error::validation(vec![FieldError::new("rows", FieldErrorCode::InvalidType, "rows' iterator has no next()")]))?;
    let fail = failure.clone();
    let s = stream::unfold((Some((iterator, next)), 0usize), move |(state, index)| {
        let fail = fail.clone();
        let signal = signal.clone();
        async move {
            let (iterator, next) = state?;
            let step = match next.call0(&iterator) {
                Ok(r) if is_async => next_or_abort(Promise::resolve(&r), signal.as_ref()).await,
                other => other,
            };
            if signal.as_ref().is_some_and(AbortSignal::aborted) {
                // Cancelled while waiting for a row: read no more (the run reports `cancelled`).
                return None;
            }
            match step {
                Ok(result) => {
                    let done = Reflect::get(&result, &"done".into()).map(|d| d.is_truthy()).unwrap_or(true);
                    if done {
                        return None;
                    }
                    let value = Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
                    Some((read_row(value, index), (Some((iterator, next)), index + 1)))
                }
                Err(e) => {
                    *fail.borrow_mut() = Some(format!("reading the rows failed: {}", super::thrown_text(&e)));
                    None
                }
            }
        }
    });
    Ok((s.boxed_local(), None, failure))
}

/// Waits for an async iterator's next step, or for `signal` to abort, whichever comes first
/// (an iterator that never answers must not keep a cancelled run pending). The abort listener
/// is removed afterwards, so a long run adds none per row.
async fn next_or_abort(step: Promise, signal: Option<&AbortSignal>) -> Result<JsValue, JsValue> {
    let Some(signal) = signal else { return JsFuture::from(step).await };
    if signal.aborted() {
        return Ok(JsValue::UNDEFINED);
    }
    let mut listener: Option<Function> = None;
    let aborted = Promise::new(&mut |resolve, _| {
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
        listener = Some(resolve);
    });
    let result = JsFuture::from(Promise::race(&Array::of2(&step, &aborted))).await;
    if let Some(f) = listener {
        let _ = signal.remove_event_listener_with_callback("abort", &f);
    }
    result
}

/// allocateRewards' `onProgress` and `onOutcomes`.
struct Callbacks {
    on_progress: Option<Function>,
    on_outcomes: Option<Function>,
}

/// Keys of allocateRewards' options.
const RUN_OPTION_KEYS: &[&str] = &[
    "companyId",
    "cardAccountId",
    "isPointsAllocation",
    "batchSize",
    "concurrency",
    "dryRun",
    "runId",
    "shard",
    "onProgress",
    "onOutcomes",
    "signal",
    "timeoutMs",
    "maxRetries",
];

pub(crate) fn allocate_rewards(client: &Client<FetchTransport>, rows: JsValue, options: JsValue) -> Promise {
    let prepared = (|| {
        if !options.is_object() {
            return Err(Error::validation(vec![FieldError::new(
                "options",
                FieldErrorCode::Required,
                "options { companyId, cardAccountId, isPointsAllocation, ... } are required",
            )]));
        }
        super::guard(&options, "options").map_err(|e| Error::validation(vec![e]))?;
        super::check_keys(&options, "options", &crate::keys::Known { keys: RUN_OPTION_KEYS, hints: &[], prefix: "", kind: crate::keys::Kind::Option })?;
        let on_progress = Reflect::get(&options, &"onProgress".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
        let on_outcomes = Reflect::get(&options, &"onOutcomes".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
        let (call, signal) = options_from_js(&options)?;
        let copy = super::copy_object(&options, "options")?;
        for k in ["onProgress", "onOutcomes", "signal", "timeoutMs", "maxRetries"] {
            let _ = Reflect::delete_property(&copy, &k.into());
        }
        let run: RunOptions = super::input_loose_required(&copy.into())?;
        let (stream, total, failure) = rows_stream(&rows, signal.clone())?;
        // In-flight batches are not aborted: every row sent gets its real outcome.
        Ok((
            client.with_transport(FetchTransport::waits_only(signal.clone())),
            call,
            signal,
            Callbacks { on_progress, on_outcomes },
            run,
            stream,
            total,
            failure,
        ))
    })();
    super::promise(Box::pin(async move {
        let (client, call, signal, Callbacks { on_progress, on_outcomes }, run, stream, total, failure): (
            Client<FetchTransport>,
            CallOptions,
            Option<AbortSignal>,
            Callbacks,
            RunOptions,
            _,
            _,
            _,
        ) = prepared.map_err(error_to_js)?;
        let outcomes = RefCell::new(JsOutcomes::new(total, on_outcomes));
        let mut progress = |p: Progress| {
            // The batch's outcomes first, so that what onProgress counts is already handed over.
            outcomes.borrow_mut().flush();
            if let (Some(f), Ok(v)) = (&on_progress, to_js(&p)) {
                let _ = f.call1(&JsValue::UNDEFINED, &v); // a throwing callback must not stop the run
            }
        };
        let cancelled = || signal.as_ref().is_some_and(AbortSignal::aborted);
        let mut report = {
            let mut sink = |o: RowOutcome| outcomes.borrow_mut().push(o);
            crate::bulk::allocate_rewards_with(&client, stream, total, &run, &call, &mut progress, &cancelled, &mut sink).await.map_err(error_to_js)?
        };
        if let Some(why) = failure.borrow_mut().take() {
            report.stopped.get_or_insert(why);
        }
        let js = to_js(&report)?;
        let _ = Reflect::set(&js, &"outcomes".into(), &outcomes.into_inner().finish(report.totals.total));
        Ok(js)
    }))
}

/// The report's `outcomes` array, built while the run goes: outcomes are handed to JS 256 at
/// a time and after each batch (one JSON text and `JSON.parse` each) and put at their row's
/// index, so the work happens while batches are in flight, not all at the end
/// (bench/README.md). Each handed-over group also goes to `onOutcomes`, in settle order.
struct JsOutcomes {
    array: Array,
    buffer: Vec<RowOutcome>,
    placed: Vec<bool>,
    on_outcomes: Option<Function>,
}

impl JsOutcomes {
    const FLUSH: usize = 256;

    fn new(total: Option<usize>, on_outcomes: Option<Function>) -> Self {
        let n = total.unwrap_or(0).min(u32::MAX as usize);
        JsOutcomes { array: Array::new_with_length(n as u32), buffer: Vec::new(), placed: Vec::with_capacity(n), on_outcomes }
    }

    /// Hands a group of outcomes (already JS values) to `onOutcomes`.
    fn hand_over(&self, parsed: &Array) {
        if let Some(f) = &self.on_outcomes {
            let _ = f.call1(&JsValue::UNDEFINED, parsed); // a throwing callback must not stop the run
        }
    }

    fn push(&mut self, o: RowOutcome) {
        self.buffer.push(o);
        if self.buffer.len() >= Self::FLUSH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        // On the (never seen) failure of this conversion, the rows stay unplaced and `finish`
        // reports them: an outcome is never silently dropped.
        if let Ok(parsed) = to_js(&self.buffer) {
            let parsed: Array = parsed.unchecked_into();
            for (k, o) in self.buffer.iter().enumerate() {
                self.array.set(o.index as u32, parsed.get(k as u32));
                if self.placed.len() <= o.index {
                    self.placed.resize(o.index + 1, false);
                }
                self.placed[o.index] = true;
            }
            self.hand_over(&parsed);
        }
        self.buffer.clear();
    }

    /// The array, every index below `total` filled.
    fn finish(mut self, total: usize) -> Array {
        self.flush();
        self.array.set_length(total.min(u32::MAX as usize) as u32);
        let missing: Vec<RowOutcome> = (0..total).filter(|i| !self.placed.get(*i).copied().unwrap_or(false)).map(crate::bulk::unrecorded).collect();
        if let Ok(parsed) = to_js(&missing) {
            let parsed: Array = parsed.unchecked_into();
            for (k, o) in missing.iter().enumerate() {
                self.array.set(o.index as u32, parsed.get(k as u32));
            }
            if !missing.is_empty() {
                self.hand_over(&parsed);
            }
        }
        self.array
    }
}

/// Reads recipients from CSV text: `{ rows, lines, errors }`. Header names are
/// case-insensitive; required columns title, name, email, mobile, loadAmount; optional
/// remarks, uniqueReferenceNumber. Lines with problems are left out of `rows` and listed in
/// `errors` with their line number (every problem of a line). Give the file's bytes (a
/// `Uint8Array`, e.g. Node's `readFileSync(path)`) rather than text decoded elsewhere: bytes
/// that are not UTF-8 are then refused with their line number (a `validation` error on
/// `text`) instead of becoming U+FFFD; `{ encoding: "latin1" }` reads ISO-8859-1 bytes.
/// `text` is typed `unknown` (it often comes from an upload): anything but a string or a
/// `Uint8Array` is refused with a validation error on `text`.
#[wasm_bindgen(js_name = parseRecipientsCsv, unchecked_return_type = "ParsedRecipients")]
pub fn parse_recipients_csv(
    #[wasm_bindgen(unchecked_param_type = "unknown")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ encoding?: TextEncoding }")] options: JsValue,
) -> Result<JsValue, JsValue> {
    super::check_keys(&options, "options", &crate::keys::Known { keys: &["encoding"], hints: &[], prefix: "", kind: crate::keys::Kind::Option })
        .map_err(error_to_js)?;
    let encoding = if options.is_undefined() || options.is_null() {
        TextEncoding::Utf8
    } else {
        let value = Reflect::get(&options, &"encoding".into()).unwrap_or(JsValue::UNDEFINED);
        match value.as_string().as_deref() {
            None if value.is_undefined() => TextEncoding::Utf8,
            Some("utf8" | "utf-8" | "UTF-8") => TextEncoding::Utf8,
            Some("latin1" | "latin-1" | "iso-8859-1" | "ISO-8859-1") => TextEncoding::Latin1,
            _ => {
                return Err(error_to_js(Error::validation(vec![FieldError::new(
                    "encoding",
                    FieldErrorCode::InvalidValue,
                    "encoding must be \"utf8\" or \"latin1\"",
                )])))
            }
        }
    };
    if let Some(bytes) = text.dyn_ref::<Uint8Array>() {
        return to_js(&crate::recipients::parse_recipients_csv_bytes(&bytes.to_vec(), encoding).map_err(error_to_js)?);
    }
    if !text.is_string() {
        return Err(invalid("text", "text must be a string or a Uint8Array of the file's bytes".to_owned()));
    }
    let text = super::string_arg(&text, "text")?;
    to_js(&crate::recipients::parse_recipients_csv(&text))
}

/// An input of `field` that could not be read, as a JS error.
fn unreadable(field: &str, why: impl std::fmt::Display) -> JsValue {
    error_to_js(Error::validation(vec![super::unreadable(field, why)]))
}

fn invalid(field: &str, message: String) -> JsValue {
    error_to_js(Error::validation(vec![FieldError::new(field, FieldErrorCode::InvalidType, message)]))
}

/// A list read from a JS array of any length, a slice at a time (each slice within the input
/// size limits): allocateRewards' outcomes or parseRecipientsCsv's errors.
fn read_list<T: serde::de::DeserializeOwned>(value: &JsValue, field: &str, what: &str) -> Result<Vec<T>, JsValue> {
    let array = super::array_of(value).map_err(|why| unreadable(field, why))?.ok_or_else(|| invalid(field, format!("{field} must be an array of {what}")))?;
    const SLICE: u32 = 4096;
    let length = super::length_of(array).map_err(|why| unreadable(field, why))?;
    let mut out = Vec::with_capacity(length.min(1 << 20) as usize);
    for start in (0..length).step_by(SLICE as usize) {
        let slice: JsValue = array.slice(start, start.saturating_add(SLICE)).into();
        super::guard(&slice, field).map_err(|e| error_to_js(Error::validation(vec![e])))?;
        let value = super::to_json_named(&slice, field).map_err(|e| error_to_js(Error::validation(e)))?;
        let part: Vec<T> = crate::wire::de::from_value(&value)
            .map_err(|e| invalid(field, format!("{field} must be {what}: in the items from {start} on, {}: {}", e.path_text(), e.inner)))?;
        out.extend(part);
    }
    Ok(out)
}

fn read_outcomes(outcomes: &JsValue) -> Result<Vec<RowOutcome>, JsValue> {
    read_list(outcomes, "outcomes", "allocateRewards' outcomes")
}

/// Line numbers (whole numbers) from a JS array of any length.
fn read_lines(lines: &JsValue) -> Result<Option<Vec<u64>>, JsValue> {
    if lines.is_undefined() || lines.is_null() {
        return Ok(None);
    }
    let array = super::array_of(lines)
        .map_err(|why| unreadable("lines", why))?
        .ok_or_else(|| invalid("lines", "lines must be an array of line numbers (parseRecipientsCsv's lines)".to_owned()))?;
    let length = super::length_of(array).map_err(|why| unreadable("lines", why))?;
    let mut out = Vec::with_capacity(length.min(1 << 20) as usize);
    for i in 0..length {
        let item = Reflect::get(array, &JsValue::from(i)).map_err(|_| invalid("lines", format!("lines[{i}] could not be read")))?;
        let n = item.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9e15);
        out.push(n.ok_or_else(|| invalid("lines", format!("lines[{i}] must be a whole number")))? as u64);
    }
    Ok(Some(out))
}

/// Writes outcomes as CSV text (`index,status,reference,reason,enKashCardId,enKashTransactionId,balance`),
/// with a leading `line` column when `lines` from parseRecipientsCsv is given. Any number of
/// outcomes. Text cells that a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) get a leading `'`; numbers stay numbers. To write a file while a run
/// goes, use `OutcomesCsvWriter` with allocateRewards' `onOutcomes`.
#[wasm_bindgen(js_name = outcomesToCsv)]
pub fn outcomes_to_csv(
    #[wasm_bindgen(unchecked_param_type = "RowOutcome[]")] outcomes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number[]")] lines: JsValue,
) -> Result<String, JsValue> {
    let outcomes = read_outcomes(&outcomes)?;
    let lines = read_lines(&lines)?;
    crate::recipients::outcomes_to_csv(&outcomes, lines.as_deref()).map_err(error_to_js)
}

/// Writes a results CSV a piece at a time, as outcomes arrive: `header()` once, then
/// `rows(outcomes)` for each group from allocateRewards' `onOutcomes` (rows are then in
/// settle order: sort by `line` or `index`), and `lineErrors(errors)` for the lines
/// parseRecipientsCsv refused. Same columns and cell rules as `outcomesToCsv`.
#[wasm_bindgen(js_name = OutcomesCsvWriter)]
pub struct OutcomesCsvWriter {
    inner: OutcomesCsv,
}

#[wasm_bindgen(js_class = OutcomesCsvWriter)]
impl OutcomesCsvWriter {
    /// A writer; with `lines` (parseRecipientsCsv's), the file gets a leading `line` column.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_optional_param_type = "number[]")] lines: JsValue) -> Result<OutcomesCsvWriter, JsValue> {
        Ok(OutcomesCsvWriter { inner: OutcomesCsv::new(read_lines(&lines)?) })
    }

    /// The header line (with its CRLF).
    pub fn header(&self) -> Result<String, JsValue> {
        self.inner.header().map_err(error_to_js)
    }

    /// One line per outcome, in the order given.
    pub fn rows(&self, #[wasm_bindgen(unchecked_param_type = "RowOutcome[]")] outcomes: JsValue) -> Result<String, JsValue> {
        self.inner.rows(&read_outcomes(&outcomes)?).map_err(error_to_js)
    }

    /// One `invalid` line per file line with problems, every problem of the line in its reason.
    #[wasm_bindgen(js_name = lineErrors)]
    pub fn line_errors(&self, #[wasm_bindgen(unchecked_param_type = "CsvLineError[]")] errors: JsValue) -> Result<String, JsValue> {
        let errors: Vec<CsvLineError> = read_list(&errors, "errors", "parseRecipientsCsv's errors")?;
        self.inner.line_errors(&errors).map_err(error_to_js)
    }
}
