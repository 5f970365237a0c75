//! Bulk allocation that never loses or doubles a row: [`allocate_rewards`].
//!
//! The bulk endpoint takes one JSON array and answers with success and failure lists; it
//! knows nothing of batching, progress, partial failure or re-runs. This module does:
//!
//! - **Every row is sent with a reference.** A row without `uniqueReferenceNumber` gets
//!   `{runId}-{position}-{hash of its content}`, so running the same file again with the same
//!   `runId` sends the same references, and the server refuses to pay a reference twice.
//!   Re-run the file unchanged (or only appended to): moving, inserting or editing a row
//!   gives it a new reference, and an edited row that was already paid would be paid again.
//! - **Batches** of `batch_size` rows (default 100: no maximum is published, and a smaller
//!   batch limits what one failed request leaves unsettled) are sent `concurrency` at a time
//!   (default 2: it hides one request's latency without pressing the server). One person
//!   never appears twice in a batch, because the server's success items carry no reference
//!   and are matched by (email, mobile).
//! - **Faults.** A batch that fails as a whole on a network fault, a timeout, an unreadable
//!   answer, 429 or 5xx is sent again with jittered exponential backoff (safe: every row
//!   carries its reference). A row refused as a duplicate reference is `alreadyAllocated`.
//!   A refusal that concerns the whole account (the documented 404 and 422 cases, or auth)
//!   stops the run and marks every remaining row with that reason. Other whole-request
//!   refusals fail only their batch.
//! - **Matching** uses the reference, never the position in the server's lists; a row the
//!   answer does not mention is `failed` with a reason saying so. Of each answer the engine
//!   reads only the two lists and, per row, the fields it matches and reports, so a
//!   malformed field it does not use cannot make a paid row look unsettled. Every row ends with exactly
//!   one outcome, and the totals add up to the number of rows read.
//! - **Cancelling** stops new batches; batches already sent are waited for, so every row sent
//!   has its real outcome, and the rest are `notAttempted`.

use crate::allocation::{self, BulkRequest, BulkRow, BulkSettlement, SettledRow};
use crate::client::{CallOptions, Client};
use crate::error::{Error, FieldError, FieldErrorCode as C};
use crate::http::Transport;
use crate::types::to_paise;
use futures_util::future::{select, Either};
use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::pin::pin;

/// Default rows per request.
pub const DEFAULT_BATCH_SIZE: u32 = 100;
/// Largest rows per request accepted.
pub const MAX_BATCH_SIZE: u32 = 1000;
/// Default requests in flight.
pub const DEFAULT_CONCURRENCY: u32 = 2;
/// Largest requests in flight accepted.
pub const MAX_CONCURRENCY: u32 = 16;
/// Attempts per batch (the first and up to three retries).
pub const MAX_ATTEMPTS: u32 = 4;

/// What a run needs besides the rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RunOptions {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// `true`: existing and new users get points; `false`: only new users are created and funded.
    pub is_points_allocation: bool,
    /// Rows per request, 1 to 1000 (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<u32>,
    /// Requests in flight, 1 to 16 (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Validate, assign references and plan, but send nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Names the run: rows without a reference get one derived from it. Required when any
    /// row has no `uniqueReferenceNumber`; reuse it to re-run or resume the same file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

impl RunOptions {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = crate::validate::Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        if let Some(b) = self.batch_size {
            if !(1..=MAX_BATCH_SIZE).contains(&b) || b as usize > allocation::MAX_ROWS_PER_REQUEST {
                c.push("batchSize", C::OutOfRange, format!("batchSize must be from 1 to {MAX_BATCH_SIZE}, got {b}"));
            }
        }
        if let Some(n) = self.concurrency {
            if !(1..=MAX_CONCURRENCY).contains(&n) {
                c.push("concurrency", C::OutOfRange, format!("concurrency must be from 1 to {MAX_CONCURRENCY}, got {n}"));
            }
        }
        if let Some(id) = &self.run_id {
            if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                c.push("runId", C::InvalidFormat, format!("runId must be 1 to 32 letters, digits, - or _, got {id:?}"));
            }
        }
        c.errors
    }
}

/// How one row ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum RowStatus {
    /// Paid in this run.
    Allocated,
    /// Its reference was already paid (an earlier run, or an attempt whose answer was lost).
    AlreadyAllocated,
    /// Not paid, or not known to be paid: see `reason`.
    Failed,
    /// Refused by validation; never sent.
    Invalid,
    /// Not sent: the run was cancelled first (or a dry run).
    NotAttempted,
}

/// The outcome of one input row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RowOutcome {
    /// The row's position in the input (0-based).
    pub index: usize,
    /// How it ended.
    pub status: RowStatus,
    /// The reference it was (or would be) sent with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Why, for every status but `allocated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The card credited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enkash_card_id: Option<String>,
    /// The transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The card's balance after the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<f64>,
}

/// Counts by status. They add up to `total`, the number of rows read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RunTotals {
    /// Rows read.
    pub total: usize,
    /// Paid in this run.
    pub allocated: usize,
    /// Paid before.
    pub already_allocated: usize,
    /// Failed.
    pub failed: usize,
    /// Invalid.
    pub invalid: usize,
    /// Not attempted.
    pub not_attempted: usize,
}

impl RunTotals {
    fn add(&mut self, status: RowStatus) {
        match status {
            RowStatus::Allocated => self.allocated += 1,
            RowStatus::AlreadyAllocated => self.already_allocated += 1,
            RowStatus::Failed => self.failed += 1,
            RowStatus::Invalid => self.invalid += 1,
            RowStatus::NotAttempted => self.not_attempted += 1,
        }
    }
}

/// Progress after each batch, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Rows with a final outcome.
    pub done: usize,
    /// Rows in all, when known (an array); rows read so far otherwise.
    pub total: usize,
    /// Allocated (including already allocated).
    pub allocated: usize,
    /// Failed.
    pub failed: usize,
    /// Invalid.
    pub invalid: usize,
}

/// The result of a run: one outcome per input row, in input order, and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// One per row read, in input order.
    pub outcomes: Vec<RowOutcome>,
    /// Counts by status.
    pub totals: RunTotals,
    /// The run id used (given, or none when every row had its own reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// Requests sent (retries included).
    pub requests: u32,
    /// Retries among them.
    pub retries: u32,
    /// Whether the run was cancelled.
    pub cancelled: bool,
    /// Why the run stopped early, when a refusal concerned the whole account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// The most rows held at once (waiting or in flight): bounded by batch size and
    /// concurrency, whatever the input's size.
    pub peak_buffered_rows: usize,
}

/// Derives a row's reference from the run id, its position and its content.
pub fn derive_reference(run_id: &str, index: usize, row: &BulkRow) -> String {
    let mut h = Sha256::new();
    let title = serde_json::to_string(&row.title).unwrap_or_default();
    let paise = to_paise(row.load_amount).unwrap_or(0).to_string();
    for part in
        [run_id, &index.to_string(), &title, row.name.trim(), &row.email.trim().to_lowercase(), row.mobile.trim(), &paise, row.remarks.as_deref().unwrap_or("")]
    {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{run_id}-{index}-{hex}")
}

fn person(row: &BulkRow) -> (String, String) {
    (row.email.trim().to_lowercase(), row.mobile.trim().to_owned())
}

fn person_of(item: &SettledRow) -> Option<(String, String)> {
    Some((item.email.as_deref()?.trim().to_lowercase(), item.mobile.as_deref()?.trim().to_owned()))
}

fn is_duplicate_reason(reason: &str) -> bool {
    let r = reason.to_lowercase();
    r.contains("unique reference") && r.contains("already exists")
}

struct Planned {
    index: usize,
    row: BulkRow,
    reference: String,
}

#[derive(Default)]
struct Batch {
    rows: Vec<Planned>,
    persons: HashSet<(String, String)>,
}

/// Groups rows into batches in which no person appears twice, keeping input order as far
/// as that allows, and never holding more than `max_open` batches.
struct Batcher {
    open: VecDeque<Batch>,
    ready: VecDeque<Batch>,
    size: usize,
    max_open: usize,
}

impl Batcher {
    fn push(&mut self, planned: Planned) {
        let who = person(&planned.row);
        let slot = self.open.iter().position(|b| b.rows.len() < self.size && !b.persons.contains(&who));
        let batch = match slot {
            Some(i) => &mut self.open[i],
            None => {
                self.open.push_back(Batch::default());
                self.open.back_mut().expect("just pushed")
            }
        };
        batch.persons.insert(who);
        batch.rows.push(planned);
        while self.open.front().is_some_and(|b| b.rows.len() >= self.size) || self.open.len() > self.max_open {
            if let Some(b) = self.open.pop_front() {
                self.ready.push_back(b);
            }
        }
    }

    fn flush(&mut self) {
        self.ready.extend(self.open.drain(..));
    }

    fn buffered(&self) -> usize {
        self.open.iter().chain(self.ready.iter()).map(|b| b.rows.len()).sum()
    }

    fn drain_all(&mut self) -> Vec<Planned> {
        self.flush();
        self.ready.drain(..).flat_map(|b| b.rows).collect()
    }
}

enum BatchEnd {
    /// Outcomes of the batch's rows.
    Done(Vec<RowOutcome>),
    /// A refusal that concerns every row of the run: these outcomes, and stop.
    Fatal(Vec<RowOutcome>, String),
}

fn fail_all(rows: &[Planned], reason: &str) -> Vec<RowOutcome> {
    rows.iter().map(|p| outcome(p, RowStatus::Failed, Some(reason.to_owned()))).collect()
}

fn outcome(p: &Planned, status: RowStatus, reason: Option<String>) -> RowOutcome {
    RowOutcome { index: p.index, status, reference: Some(p.reference.clone()), reason, enkash_card_id: None, transaction_id: None, balance: None }
}

fn retryable(e: &Error) -> bool {
    match e {
        Error::Network { .. } | Error::Timeout { .. } | Error::Decode { .. } => true,
        // The access token was refused even after one renewal (tokens expiring early, again):
        // the next attempt fetches another. Rejected credentials are not this case.
        Error::Auth { status: Some(401), message, .. } => message.starts_with("the server refused the access token"),
        Error::Api { status, .. } => *status == 429 || *status >= 500,
        _ => false,
    }
}

/// Whether a refusal concerns the whole account rather than this batch.
fn account_level(e: &Error) -> bool {
    match e {
        Error::Auth { .. } | Error::Config { .. } => true,
        Error::Api { status: 404, .. } => true,
        Error::Api { status: 422, message, .. } => {
            let m = message.to_lowercase();
            ["card account", "primary enkash card", "kyc", "bin type", "company id"].iter().any(|k| m.contains(k))
        }
        _ => false,
    }
}

/// Matches the server's answer to the batch's rows by reference, else by (email, mobile).
fn match_results(rows: &[Planned], result: BulkSettlement) -> Vec<RowOutcome> {
    let mut by_ref: HashMap<String, (bool, SettledRow)> = HashMap::default();
    let mut by_person: HashMap<(String, String), (bool, SettledRow)> = HashMap::default();
    for (ok, item) in result.successes.into_iter().map(|i| (true, i)).chain(result.failures.into_iter().map(|i| (false, i))) {
        if let Some(r) = item.unique_reference_number.clone().filter(|r| !r.trim().is_empty()) {
            if let Some((other_ok, _)) = by_ref.get(&r) {
                if *other_ok != ok {
                    // Named in both lists: keep it as a conflict (the failure wins, with a note).
                    let mut item = item;
                    item.failure_reason =
                        Some(format!("the answer lists this row both as paid and as failed ({})", item.failure_reason.clone().unwrap_or_default()));
                    by_ref.insert(r, (false, item));
                    continue;
                }
            }
            by_ref.insert(r, (ok, item));
        } else if let Some(who) = person_of(&item) {
            by_person.entry(who).or_insert((ok, item));
        }
    }
    rows.iter()
        .map(|p| {
            let found = by_ref.remove(&p.reference).or_else(|| by_person.remove(&person(&p.row)));
            match found {
                Some((true, item)) => RowOutcome {
                    index: p.index,
                    status: RowStatus::Allocated,
                    reference: Some(p.reference.clone()),
                    reason: None,
                    enkash_card_id: item.enkash_card_id,
                    transaction_id: item.enkash_card_txn_id,
                    balance: item.otb_balance,
                },
                Some((false, item)) => {
                    let reason = item.failure_reason.unwrap_or_else(|| "refused by the server without a reason".to_owned());
                    if is_duplicate_reason(&reason) {
                        outcome(p, RowStatus::AlreadyAllocated, Some(format!("already paid under this reference (an earlier run or attempt): {reason}")))
                    } else {
                        outcome(p, RowStatus::Failed, Some(reason))
                    }
                }
                None => outcome(
                    p,
                    RowStatus::Failed,
                    Some("the server's answer did not mention this row: it may or may not have been paid; re-run with the same runId to settle it".to_owned()),
                ),
            }
        })
        .collect()
}

/// A little pseudo-random jitter without a dependency: xorshift over the clock.
pub(crate) fn jitter(seed: f64, attempt: u32) -> f64 {
    let mut x = (seed as u64) ^ (u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 1000) as f64 / 1000.0
}

/// Backoff before attempt `attempt + 1`: 500 ms doubling, capped at 8 s, with jitter (50 to 100 %).
pub fn backoff_ms(attempt: u32, random: f64) -> u32 {
    let base = (500u64 << attempt.saturating_sub(1).min(10)).min(8_000) as f64;
    (base * (0.5 + 0.5 * random.clamp(0.0, 1.0))) as u32
}

async fn run_batch<T: Transport>(
    client: &Client<T>,
    options: &RunOptions,
    call: &CallOptions,
    rows: Vec<Planned>,
    stats: &std::cell::Cell<(u32, u32)>,
) -> BatchEnd {
    let request = BulkRequest {
        company_id: options.company_id.clone(),
        card_account_id: options.card_account_id.clone(),
        is_points_allocation: options.is_points_allocation,
        rows: rows.iter().map(|p| BulkRow { unique_reference_number: Some(p.reference.clone()), ..p.row.clone() }).collect(),
    };
    let mut attempt = 1;
    loop {
        let (requests, retries) = stats.get();
        stats.set((requests + 1, retries));
        // The engine has its own retry policy per batch: the client's is switched off here.
        let once = CallOptions { max_retries: Some(0), ..*call };
        match client.bulk_settle(&request, &once).await {
            Ok(result) => return BatchEnd::Done(match_results(&rows, result)),
            Err(e) if retryable(&e) && attempt < MAX_ATTEMPTS => {
                let (requests, retries) = stats.get();
                stats.set((requests, retries + 1));
                let wait = backoff_ms(attempt, jitter(client.transport().now_ms(), attempt));
                if client.transport().sleep(wait).await.is_err() {
                    return BatchEnd::Done(fail_all(
                        &rows,
                        "the run was aborted while waiting to retry: the rows may have been paid; re-run with the same runId to settle them",
                    ));
                }
                attempt += 1;
            }
            Err(e) if retryable(&e) => {
                return BatchEnd::Done(fail_all(
                    &rows,
                    &format!("no usable answer after {MAX_ATTEMPTS} attempts ({e}): the rows may have been paid; re-run with the same runId to settle them"),
                ))
            }
            Err(e) if account_level(&e) => {
                let reason = format!("the run stopped: {e}");
                return BatchEnd::Fatal(fail_all(&rows, &reason), reason);
            }
            Err(e) => return BatchEnd::Done(fail_all(&rows, &format!("the server refused this batch: {e}"))),
        }
    }
}

/// One input row of [`allocate_rewards`]: a loose JSON value (as from JS, a file or a
/// CSV), or a row already read and checked by [`ReadRow::from_json_text`].
pub trait RowSource {
    /// The row, checked on its own (errors tagged with `index`).
    fn into_row(self, index: usize) -> Result<BulkRow, Vec<FieldError>>;
}

impl RowSource for Value {
    fn into_row(self, index: usize) -> Result<BulkRow, Vec<FieldError>> {
        allocation::parse_row(self, index)
    }
}

/// A row read ahead from JSON text (see [`ReadRow::from_json_text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow(Result<BulkRow, Vec<FieldError>>);

impl ReadRow {
    /// Reads the rows of a JSON array text whose first row has position `first`, each
    /// exactly as a [`Value`] row would be read, in one typed pass when every row is well
    /// typed (measured faster than a value per row: bench/README.md). `None` when the text is
    /// not a JSON array.
    pub fn from_json_text(text: &str, first: usize) -> Option<Vec<ReadRow>> {
        let rows = allocation::parse_rows_text(text, first)?;
        Some(rows.into_iter().map(ReadRow).collect())
    }

    /// Reads one loose row at position `index`.
    pub fn from_value(value: Value, index: usize) -> ReadRow {
        ReadRow(value.into_row(index))
    }
}

impl RowSource for ReadRow {
    fn into_row(self, _index: usize) -> Result<BulkRow, Vec<FieldError>> {
        self.0
    }
}

/// Reads one input row: the row, its reference, or why it is invalid.
fn plan_row(index: usize, value: impl RowSource, run_id: Option<&str>, seen: &mut HashMap<String, usize>) -> Result<Planned, Box<RowOutcome>> {
    let invalid = |reference: Option<String>, reason: String| {
        Box::new(RowOutcome { index, status: RowStatus::Invalid, reference, reason: Some(reason), enkash_card_id: None, transaction_id: None, balance: None })
    };
    let row =
        value.into_row(index).map_err(|errors| invalid(None, errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")))?;
    let reference = match (row.unique_reference_number.as_deref().map(str::trim), run_id) {
        (Some(r), _) => r.to_owned(),
        (None, Some(run)) => derive_reference(run, index, &row),
        (None, None) => {
            return Err(invalid(
                None,
                "this row has no uniqueReferenceNumber and the run has no runId: give one or the other, so that a re-run cannot pay it twice".to_owned(),
            ))
        }
    };
    if let Some(first) = seen.get(&reference) {
        return Err(invalid(Some(reference.clone()), format!("uniqueReferenceNumber {reference:?} is already used by row {first}")));
    }
    seen.insert(reference.clone(), index);
    Ok(Planned { index, row, reference })
}

/// Pays `rows` (loose JSON objects, as from JS or a CSV) in batches; see the module docs.
///
/// `total_hint` is the number of rows when known (for progress). `cancelled` is asked before
/// each batch is sent. Errors only when `options` are invalid; every row problem is an
/// outcome.
pub async fn allocate_rewards<T, S>(
    client: &Client<T>,
    rows: S,
    total_hint: Option<usize>,
    options: &RunOptions,
    call: &CallOptions,
    on_progress: &mut dyn FnMut(Progress),
    cancelled: &dyn Fn() -> bool,
) -> Result<RunReport, Error>
where
    T: Transport,
    S: Stream,
    S::Item: RowSource,
{
    let mut outcomes: Vec<Option<RowOutcome>> = Vec::with_capacity(total_hint.unwrap_or(0).min(1_000_000));
    let mut report = {
        let mut sink = |o: RowOutcome| {
            let i = o.index;
            if outcomes.len() <= i {
                outcomes.resize(i + 1, None);
            }
            outcomes[i] = Some(o);
        };
        allocate_rewards_with(client, rows, total_hint, options, call, on_progress, cancelled, &mut sink).await?
    };
    outcomes.resize(report.totals.total.max(outcomes.len()), None);
    report.outcomes = outcomes.into_iter().enumerate().map(|(i, o)| o.unwrap_or_else(|| unrecorded(i))).collect();
    Ok(report)
}

/// The outcome of a row the engine read but never settled: never expected, reported rather
/// than lost.
pub fn unrecorded(index: usize) -> RowOutcome {
    RowOutcome {
        index,
        status: RowStatus::Failed,
        reference: None,
        reason: Some("internal: no outcome recorded".to_owned()),
        enkash_card_id: None,
        transaction_id: None,
        balance: None,
    }
}

/// [`allocate_rewards`], handing each outcome to `sink` as soon as it is known (in the order
/// rows settle, not input order; each index once) instead of collecting them: the report's
/// `outcomes` is left empty. For callers that pass outcomes on while the run goes (the JS
/// binding builds its array batch by batch, during network waits) or stream them to a file.
#[allow(clippy::too_many_arguments)]
pub async fn allocate_rewards_with<T, S>(
    client: &Client<T>,
    rows: S,
    total_hint: Option<usize>,
    options: &RunOptions,
    call: &CallOptions,
    on_progress: &mut dyn FnMut(Progress),
    cancelled: &dyn Fn() -> bool,
    sink: &mut dyn FnMut(RowOutcome),
) -> Result<RunReport, Error>
where
    T: Transport,
    S: Stream,
    S::Item: RowSource,
{
    let errors = options.validate();
    if !errors.is_empty() {
        return Err(Error::validation(errors));
    }
    let size = options.batch_size.unwrap_or(DEFAULT_BATCH_SIZE) as usize;
    let concurrency = options.concurrency.unwrap_or(DEFAULT_CONCURRENCY) as usize;
    let mut rows = pin!(rows.fuse());
    let mut batcher = Batcher { open: VecDeque::new(), ready: VecDeque::new(), size, max_open: concurrency + 2 };
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut totals = RunTotals::default();
    // Declared before the futures that borrow it.
    let stats = std::cell::Cell::new((0u32, 0u32));
    let stats_ref = &stats;
    let mut in_flight = FuturesUnordered::new();
    let mut in_flight_rows = 0usize;
    let mut read = 0usize;
    let mut input_done = false;
    let mut stopped: Option<String> = None;
    let mut was_cancelled = false;
    let mut peak = 0usize;

    let record = |o: RowOutcome, sink: &mut dyn FnMut(RowOutcome), totals: &mut RunTotals| {
        totals.add(o.status);
        sink(o);
    };
    let progress = |totals: &RunTotals, read: usize| Progress {
        done: totals.allocated + totals.already_allocated + totals.failed + totals.invalid + totals.not_attempted,
        total: total_hint.unwrap_or(read).max(read),
        allocated: totals.allocated + totals.already_allocated,
        failed: totals.failed,
        invalid: totals.invalid,
    };

    loop {
        if !was_cancelled && stopped.is_none() && cancelled() {
            was_cancelled = true;
        }
        let halted = was_cancelled || stopped.is_some();
        // Launch what is ready, up to the concurrency.
        while !halted && !options.dry_run && in_flight.len() < concurrency {
            let Some(batch) = batcher.ready.pop_front() else { break };
            in_flight_rows += batch.rows.len();
            let n = batch.rows.len();
            let rows = batch.rows;
            in_flight.push(async move { (n, run_batch(client, options, call, rows, stats_ref).await) });
        }
        if options.dry_run {
            for p in batcher.ready.drain(..).flat_map(|b| b.rows) {
                record(outcome(&p, RowStatus::NotAttempted, Some("dry run: not sent".to_owned())), sink, &mut totals);
            }
        }
        peak = peak.max(batcher.buffered() + in_flight_rows);
        if input_done && in_flight.is_empty() {
            if halted || batcher.open.is_empty() && batcher.ready.is_empty() {
                break;
            }
            batcher.flush();
            continue;
        }
        // Read ahead until one batch waits for a free slot; otherwise wait for a batch to finish.
        let want_rows = !input_done && (halted || batcher.ready.is_empty());
        let next = if want_rows && !in_flight.is_empty() {
            match select(rows.next(), in_flight.next()).await {
                Either::Left((row, _)) => Either::Left(row),
                Either::Right((done, _)) => Either::Right(done),
            }
        } else if want_rows {
            Either::Left(rows.next().await)
        } else {
            Either::Right(in_flight.next().await)
        };
        match next {
            Either::Left(Some(value)) => {
                let index = read;
                read += 1;
                match plan_row(index, value, options.run_id.as_deref(), &mut seen) {
                    Err(invalid) => record(*invalid, sink, &mut totals),
                    Ok(p) if halted => {
                        let reason = stopped.clone().unwrap_or_else(|| "the run was cancelled before this row was sent".to_owned());
                        let status = if stopped.is_some() { RowStatus::Failed } else { RowStatus::NotAttempted };
                        record(outcome(&p, status, Some(reason)), sink, &mut totals);
                    }
                    Ok(p) => batcher.push(p),
                }
            }
            Either::Left(None) => {
                input_done = true;
                batcher.flush();
            }
            Either::Right(Some((n, end))) => {
                in_flight_rows -= n;
                let list = match end {
                    BatchEnd::Done(list) => list,
                    BatchEnd::Fatal(list, reason) => {
                        stopped.get_or_insert(reason);
                        list
                    }
                };
                for o in list {
                    record(o, sink, &mut totals);
                }
                on_progress(progress(&totals, read));
            }
            Either::Right(None) => {}
        }
        // Once halted, nothing waiting is sent: settle it now.
        if was_cancelled || stopped.is_some() {
            let reason = stopped.clone();
            for p in batcher.drain_all() {
                let (status, why) = match &reason {
                    Some(r) => (RowStatus::Failed, r.clone()),
                    None => (RowStatus::NotAttempted, "the run was cancelled before this row was sent".to_owned()),
                };
                record(outcome(&p, status, Some(why)), sink, &mut totals);
            }
        }
    }
    on_progress(progress(&totals, read));
    totals.total = read;
    let (requests, retries) = stats.get();
    Ok(RunReport {
        outcomes: Vec::new(),
        totals,
        run_id: options.run_id.clone(),
        requests,
        retries,
        cancelled: was_cancelled,
        stopped,
        peak_buffered_rows: peak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(email: &str) -> BulkRow {
        BulkRow {
            title: allocation::Title::Mr,
            name: "A".into(),
            email: email.into(),
            mobile: "9876543210".into(),
            load_amount: 10.0,
            remarks: None,
            unique_reference_number: None,
        }
    }

    #[test]
    fn derived_references_are_stable_and_depend_on_position_and_content() {
        let a = derive_reference("run1", 0, &row("a@b.co"));
        assert_eq!(a, derive_reference("run1", 0, &row("A@B.co ")));
        assert!(a.starts_with("run1-0-") && a.len() == "run1-0-".len() + 12);
        assert_ne!(a, derive_reference("run1", 1, &row("a@b.co")));
        assert_ne!(a, derive_reference("run2", 0, &row("a@b.co")));
        assert_ne!(a, derive_reference("run1", 0, &row("c@b.co")));
    }

    #[test]
    fn one_person_never_twice_in_a_batch() {
        let mut b = Batcher { open: VecDeque::new(), ready: VecDeque::new(), size: 3, max_open: 4 };
        for (i, e) in ["a@x.co", "a@x.co", "b@x.co", "c@x.co", "a@x.co", "d@x.co"].iter().enumerate() {
            b.push(Planned { index: i, row: row(e), reference: format!("r{i}") });
        }
        b.flush();
        let batches: Vec<Vec<usize>> = b.ready.iter().map(|x| x.rows.iter().map(|p| p.index).collect()).collect();
        assert_eq!(batches, vec![vec![0, 2, 3], vec![1, 5], vec![4]]);
        for batch in &b.ready {
            let persons: HashSet<_> = batch.rows.iter().map(|p| person(&p.row)).collect();
            assert_eq!(persons.len(), batch.rows.len());
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 1.0), 500);
        assert_eq!(backoff_ms(2, 1.0), 1000);
        assert_eq!(backoff_ms(3, 0.0), 1000);
        assert_eq!(backoff_ms(9, 1.0), 8000);
        assert!((0.0..1.0).contains(&jitter(1234.0, 2)));
    }
}
