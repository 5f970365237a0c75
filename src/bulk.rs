//! Bulk allocation that never loses or doubles a row: [`allocate_rewards`].
//!
//! The bulk endpoint takes one JSON array and answers with success and failure lists; it
//! knows nothing of batching, progress, partial failure or re-runs. This module does:
//!
//! - **Every row is sent with a reference, and references do not depend on positions.** A
//!   row without `uniqueReferenceNumber` gets one derived from the run id, the person (email
//!   and mobile, normalised) and the occurrence of that person among the file's valid rows
//!   ([`crate::reference`]). So within one run id a person is never paid more times than they
//!   appear in the file being run, whatever rows were inserted, deleted, reordered, fixed or
//!   edited between runs: the server refuses a reference it has paid.
//! - **Shards** ([`RunOptions::shard`]) split a file by person, so that N processes can share
//!   one file and one run id.
//! - **Batches** of `batch_size` rows (default 100: no maximum is published, and a smaller
//!   batch limits what one failed request leaves unsettled) are sent `concurrency` at a time
//!   (default 2: it hides one request's latency without pressing the server). One person
//!   never appears twice in a batch, because the server's success items carry no reference
//!   and are matched by (email, mobile).
//! - **Faults.** A batch is one call of the client and follows its one retry policy
//!   ([`crate::retry`]: backoff, `Retry-After`, `maxRetries`, the call's time limit and
//!   signal); repeating it is safe because every row carries its reference. A row refused as a
//!   duplicate reference ([`crate::answer`]) is `alreadyAllocated`.
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
use crate::answer;
use crate::client::{CallOptions, Client};
use crate::error::{Error, FieldError, FieldErrorCode as C};
use crate::http::Transport;
use crate::reference::{self, PersonKey};
use futures_util::future::{select, Either};
use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use serde_json::Value;
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

/// What a run needs besides the rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
    /// Pay only the rows of one shard: the file is split by person (a person's rows are all
    /// in one shard), so that N processes can share one file and one run id, each with its
    /// own `index`, and never pay anyone twice. Rows of other shards end `otherShard`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// What stopped a run early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StopCause {
    /// The error's kind (`auth`, `api`, `validation`, ...).
    pub kind: String,
    /// Its HTTP status, when there was a response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The token endpoint rejected the credentials: they will not be sent again by this
    /// client, and running again before they are fixed risks locking the account (three
    /// rejected attempts lock it).
    pub credentials_rejected: bool,
}

/// One shard of a run: `index` from 0 to `count - 1` (a Kubernetes Indexed Job's
/// `JOB_COMPLETION_INDEX`), `count` from 1 to [`MAX_SHARDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Shard {
    /// This process's shard, 0-based.
    pub index: u32,
    /// How many shards share the file.
    pub count: u32,
}

/// Most shards accepted.
pub const MAX_SHARDS: u32 = 64;

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
        if let Some(Shard { index, count }) = self.shard {
            if !(1..=MAX_SHARDS).contains(&count) {
                c.push("shard.count", C::OutOfRange, format!("shard.count must be from 1 to {MAX_SHARDS}, got {count}"));
            } else if index >= count {
                c.push("shard.index", C::OutOfRange, format!("shard.index must be from 0 to {} (it is 0-based), got {index}", count - 1));
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
    /// Left to another shard of the run (see [`RunOptions::shard`]): not this process's row.
    OtherShard,
}

/// The outcome of one input row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
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
    /// The card credited (read from the bulk answer's `enkashCardId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
    /// The transaction id (read from the bulk answer's `enkashCardTxnId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_id: Option<String>,
    /// The card's balance after the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<f64>,
}
crate::spell::respelled!(ser RowOutcome, "answer", "enkashCardId" => "enKashCardId", "transactionId" => "enKashTransactionId", "enkashCardTxnId" => "enKashTransactionId");

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
    /// Left to other shards.
    pub other_shard: usize,
}

impl RunTotals {
    fn add(&mut self, status: RowStatus) {
        match status {
            RowStatus::Allocated => self.allocated += 1,
            RowStatus::AlreadyAllocated => self.already_allocated += 1,
            RowStatus::Failed => self.failed += 1,
            RowStatus::Invalid => self.invalid += 1,
            RowStatus::NotAttempted => self.not_attempted += 1,
            RowStatus::OtherShard => self.other_shard += 1,
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
    /// What stopped the run, as typed values (with `stopped`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<StopCause>,
    /// The most rows held at once (waiting or in flight): bounded by batch size and
    /// concurrency, whatever the input's size.
    pub peak_buffered_rows: usize,
}

fn person(row: &BulkRow) -> PersonKey {
    PersonKey::of(&row.email, &row.mobile)
}

fn person_of(item: &SettledRow) -> Option<PersonKey> {
    Some(PersonKey::of(item.email.as_deref()?, item.mobile.as_deref()?))
}

struct Planned {
    index: usize,
    row: BulkRow,
    person: PersonKey,
    reference: String,
    /// The reference is the row's own (not derived).
    own_reference: bool,
}

#[derive(Default)]
struct Batch {
    rows: Vec<Planned>,
    persons: HashSet<PersonKey>,
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
        let who = planned.person;
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
    Fatal(Vec<RowOutcome>, String, StopCause),
}

fn fail_all(rows: &[Planned], reason: &str) -> Vec<RowOutcome> {
    rows.iter().map(|p| outcome(p, RowStatus::Failed, Some(reason.to_owned()))).collect()
}

fn outcome(p: &Planned, status: RowStatus, reason: Option<String>) -> RowOutcome {
    RowOutcome { index: p.index, status, reference: Some(p.reference.clone()), reason, en_kash_card_id: None, en_kash_transaction_id: None, balance: None }
}

/// Matches the server's answer to the batch's rows by reference, else by person.
fn match_results(rows: &[Planned], result: BulkSettlement) -> Vec<RowOutcome> {
    let mut by_ref: HashMap<String, (bool, SettledRow)> = HashMap::default();
    let mut by_person: HashMap<PersonKey, (bool, SettledRow)> = HashMap::default();
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
            let found = by_ref.remove(&p.reference).or_else(|| by_person.remove(&p.person));
            match found {
                Some((true, item)) => RowOutcome {
                    index: p.index,
                    status: RowStatus::Allocated,
                    reference: Some(p.reference.clone()),
                    reason: None,
                    en_kash_card_id: item.en_kash_card_id,
                    en_kash_transaction_id: item.en_kash_transaction_id,
                    balance: item.otb_balance,
                },
                Some((false, item)) => {
                    let reason = item.failure_reason.unwrap_or_else(|| "refused by the server without a reason".to_owned());
                    if answer::is_duplicate_row_reason(&reason) {
                        already_paid(p)
                    } else {
                        outcome(p, RowStatus::Failed, Some(crate::redact::mask_pii(&reason)))
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

/// Sends one batch as one call: the client's request path retries it by the one policy
/// ([`crate::retry`]: backoff, `Retry-After`, `maxRetries`, the call's time limit and signal),
/// which is safe because every row carries its reference.
async fn run_batch<T: Transport>(
    client: &Client<T>,
    options: &RunOptions,
    call: &CallOptions,
    rows: Vec<Planned>,
    stats: &std::cell::Cell<(u32, u32)>,
) -> BatchEnd {
    match send(client, options, call, &rows, stats).await {
        Ok(result) => BatchEnd::Done(match_results(&rows, result)),
        // The whole request was refused because a reference in it was used before (not one
        // row of the answer): send the rows one by one, so that each is settled on its own
        // (paid, or already paid) instead of the batch failing on every re-run.
        Err(Error::DuplicateReference { .. }) if rows.len() > 1 => {
            let mut outcomes = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let one = std::slice::from_ref(row);
                match send(client, options, call, one, stats).await {
                    Ok(result) => outcomes.extend(match_results(one, result)),
                    Err(e) => match settle_refused(client, one, e) {
                        BatchEnd::Done(list) => outcomes.extend(list),
                        BatchEnd::Fatal(list, reason, cause) => {
                            outcomes.extend(list);
                            // The rest of this batch was not sent.
                            outcomes.extend(fail_all(&rows[i + 1..], &reason));
                            return BatchEnd::Fatal(outcomes, reason, cause);
                        }
                    },
                }
            }
            BatchEnd::Done(outcomes)
        }
        Err(e) => settle_refused(client, &rows, e),
    }
}

/// One request with `rows`, counting its attempts.
async fn send<T: Transport>(
    client: &Client<T>,
    options: &RunOptions,
    call: &CallOptions,
    rows: &[Planned],
    stats: &std::cell::Cell<(u32, u32)>,
) -> Result<BulkSettlement, Error> {
    let request = BulkRequest {
        company_id: options.company_id.clone(),
        card_account_id: options.card_account_id.clone(),
        is_points_allocation: options.is_points_allocation,
        rows: rows.iter().map(|p| BulkRow { unique_reference_number: Some(p.reference.clone()), ..p.row.clone() }).collect(),
    };
    let attempts = std::cell::Cell::new(0);
    let answer = client.bulk_settle(&request, call, &attempts).await;
    let (requests, retries) = stats.get();
    stats.set((requests + attempts.get(), retries + attempts.get().saturating_sub(1)));
    answer
}

/// The outcomes of rows whose request ended with `e` (after the retries).
fn settle_refused<T: Transport>(client: &Client<T>, rows: &[Planned], e: Error) -> BatchEnd {
    let uncertain = e.may_have_been_applied();
    let may_be_paid = |what: String| format!("{what}: the rows may have been paid; re-run with the same runId to settle them (nobody is paid twice)");
    match e {
        Error::DuplicateReference { .. } => {
            // A single row refused as a whole request: its reference was paid before.
            BatchEnd::Done(rows.iter().map(already_paid).collect())
        }
        e if answer::is_account_level(&e) => {
            let reason = format!("the run stopped: {e}");
            let cause = StopCause { kind: e.kind().to_owned(), status: e.status(), credentials_rejected: client.credentials_rejected() };
            // An earlier attempt of this batch may have been applied before the refusal.
            let mine = if uncertain { may_be_paid(reason.clone()) } else { reason.clone() };
            BatchEnd::Fatal(fail_all(rows, &mine), reason, cause)
        }
        e if uncertain => BatchEnd::Done(fail_all(rows, &may_be_paid(format!("no usable answer ({e})")))),
        e => BatchEnd::Done(fail_all(rows, &format!("this batch was not paid: {e}"))),
    }
}

/// The outcome of a row whose reference the server says it paid before.
fn already_paid(p: &Planned) -> RowOutcome {
    let reason = if p.own_reference {
        "already paid under this reference (by an earlier run of this file, or, if not, the reference was used before for another payment: check it with findAllocation); the amount paid then may differ from this row's amount"
    } else {
        "already paid under this reference (by an earlier run or attempt); the amount paid then may differ from this row's amount"
    };
    outcome(p, RowStatus::AlreadyAllocated, Some(reason.to_owned()))
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

    /// A row at position `index` that could not be read at all (`why` says what happened).
    pub fn unreadable(index: usize, why: &str) -> ReadRow {
        ReadRow(Err(vec![FieldError::new("row", C::InvalidType, why).in_row(index)]))
    }
}

impl RowSource for ReadRow {
    fn into_row(self, _index: usize) -> Result<BulkRow, Vec<FieldError>> {
        self.0
    }
}

/// What a run remembers of the rows it has read, to give each row its reference: how often
/// each person has appeared so far, and the rows' own references. Fixed-size fingerprints,
/// not strings, so that a run of a million rows stays small (bench: peak memory).
#[derive(Default)]
struct Seen {
    /// People seen exactly once (most of them).
    once: HashSet<u64>,
    /// People seen more than once, and how often.
    more: HashMap<u64, u32>,
    /// Own references (fingerprints) and the row that used each first.
    own: HashMap<u64, usize>,
}

impl Seen {
    /// Counts one more row of `person` and returns its occurrence (1 for the first).
    fn next_occurrence(&mut self, person: PersonKey) -> u32 {
        if let Some(n) = self.more.get_mut(&person.0) {
            *n = n.saturating_add(1);
            return *n;
        }
        if self.once.remove(&person.0) {
            self.more.insert(person.0, 2);
            return 2;
        }
        self.once.insert(person.0);
        1
    }
}

/// What a read row becomes.
enum Plan {
    Send(Planned),
    Settled(RowOutcome),
}

/// Reads one input row: the row and its reference, or how it ends without being sent
/// (invalid, or another shard's). See [`crate::reference`] for why references do not depend
/// on positions.
fn plan_row(index: usize, value: impl RowSource, options: &RunOptions, seen: &mut Seen) -> Plan {
    let settled = |status: RowStatus, reference: Option<String>, reason: String| {
        Plan::Settled(RowOutcome { index, status, reference, reason: Some(reason), en_kash_card_id: None, en_kash_transaction_id: None, balance: None })
    };
    let row = match value.into_row(index) {
        Ok(row) => row,
        Err(errors) => return settled(RowStatus::Invalid, None, errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")),
    };
    let run_id = options.run_id.as_deref();
    let own = row.unique_reference_number.as_deref().map(str::trim).map(str::to_owned);
    match (&own, run_id) {
        (Some(r), run) => {
            if let Some(run) = run.filter(|run| reference::looks_derived(run, r)) {
                let why = format!("uniqueReferenceNumber has the shape of the references run {run:?} derives ({run}- and 16 hex digits): choose another, so that it cannot collide with one");
                return settled(RowStatus::Invalid, Some(r.clone()), why);
            }
            let fingerprint = reference::fingerprint(r);
            if let Some(first) = seen.own.get(&fingerprint) {
                return settled(RowStatus::Invalid, Some(r.clone()), format!("uniqueReferenceNumber is already used by row {first}"));
            }
            seen.own.insert(fingerprint, index);
        }
        (None, None) => {
            let why = "this row has no uniqueReferenceNumber and the run has no runId: give one or the other, so that a re-run cannot pay it twice";
            return settled(RowStatus::Invalid, None, why.to_owned());
        }
        (None, Some(_)) => {}
    }
    let who = person(&row);
    if let Some(shard) = options.shard {
        let of = who.shard(shard.count);
        if of != shard.index {
            return settled(RowStatus::OtherShard, own, format!("left to shard {of} of {} (this process runs shard {})", shard.count, shard.index));
        }
    }
    // Occurrences count only the rows that get a derived reference: a row with its own
    // reference, moved or added between runs, must not renumber the person's other rows.
    let own_reference = own.is_some();
    let reference = match (own, run_id) {
        (Some(r), _) => r,
        (None, run) => reference::derive_reference(run.unwrap_or_default(), &row.email, &row.mobile, seen.next_occurrence(who)),
    };
    Plan::Send(Planned { index, row, person: who, reference, own_reference })
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
        en_kash_card_id: None,
        en_kash_transaction_id: None,
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
    let mut seen = Seen::default();
    let mut totals = RunTotals::default();
    // Declared before the futures that borrow it.
    let stats = std::cell::Cell::new((0u32, 0u32));
    let stats_ref = &stats;
    let mut in_flight = FuturesUnordered::new();
    let mut in_flight_rows = 0usize;
    let mut read = 0usize;
    let mut input_done = false;
    let mut stopped: Option<String> = None;
    let mut stopped_by: Option<StopCause> = None;
    let mut was_cancelled = false;
    let mut peak = 0usize;

    let record = |o: RowOutcome, sink: &mut dyn FnMut(RowOutcome), totals: &mut RunTotals| {
        totals.add(o.status);
        sink(o);
    };
    let progress = |totals: &RunTotals, read: usize| Progress {
        done: totals.allocated + totals.already_allocated + totals.failed + totals.invalid + totals.not_attempted + totals.other_shard,
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
                match plan_row(index, value, options, &mut seen) {
                    Plan::Settled(o) => record(o, sink, &mut totals),
                    Plan::Send(p) if halted => {
                        let reason = stopped.clone().unwrap_or_else(|| "the run was cancelled before this row was sent".to_owned());
                        let status = if stopped.is_some() { RowStatus::Failed } else { RowStatus::NotAttempted };
                        record(outcome(&p, status, Some(reason)), sink, &mut totals);
                    }
                    Plan::Send(p) => batcher.push(p),
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
                    BatchEnd::Fatal(list, reason, cause) => {
                        if stopped.is_none() {
                            stopped = Some(reason);
                            stopped_by = Some(cause);
                        }
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
        stopped_by,
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

    fn planned(index: usize, email: &str) -> Planned {
        let row = row(email);
        Planned { index, person: person(&row), row, reference: format!("r{index}"), own_reference: false }
    }

    #[test]
    fn one_person_never_twice_in_a_batch() {
        let mut b = Batcher { open: VecDeque::new(), ready: VecDeque::new(), size: 3, max_open: 4 };
        for (i, e) in ["a@x.co", "a@x.co", "b@x.co", "c@x.co", "a@x.co", "d@x.co"].iter().enumerate() {
            b.push(planned(i, e));
        }
        b.flush();
        let batches: Vec<Vec<usize>> = b.ready.iter().map(|x| x.rows.iter().map(|p| p.index).collect()).collect();
        assert_eq!(batches, vec![vec![0, 2, 3], vec![1, 5], vec![4]]);
        for batch in &b.ready {
            let persons: HashSet<_> = batch.rows.iter().map(|p| p.person).collect();
            assert_eq!(persons.len(), batch.rows.len());
        }
    }

    #[test]
    fn occurrences_count_per_person_whatever_the_position() {
        let mut seen = Seen::default();
        let (a, b) = (PersonKey::of("a@x.co", "9876543210"), PersonKey::of("b@x.co", "9876543210"));
        assert_eq!([seen.next_occurrence(a), seen.next_occurrence(b), seen.next_occurrence(a), seen.next_occurrence(a)], [1, 1, 2, 3]);
        assert_eq!(seen.next_occurrence(PersonKey::of(" A@X.CO", "98765-43210")), 4, "the same person, spelled differently");
    }

    #[test]
    fn references_do_not_depend_on_position() {
        let options = RunOptions { company_id: "C".into(), card_account_id: "A".into(), run_id: Some("run1".into()), ..RunOptions::default() };
        let reference_at = |index: usize, rows_before: &[&str]| {
            let mut seen = Seen::default();
            for (i, e) in rows_before.iter().enumerate() {
                let _ = plan_row(i, serde_json::to_value(row(e)).unwrap_or_default(), &options, &mut seen);
            }
            match plan_row(index, serde_json::to_value(row("z@x.co")).unwrap_or_default(), &options, &mut seen) {
                Plan::Send(p) => p.reference,
                Plan::Settled(o) => panic!("{o:?}"),
            }
        };
        let alone = reference_at(0, &[]);
        assert_eq!(alone, reference_at(7, &["a@x.co", "b@x.co", "not an email"]), "rows before it, valid or not, change nothing");
        assert_ne!(alone, reference_at(1, &["z@x.co"]), "the second row of a person has its own reference");
    }

    #[test]
    fn shards_split_by_person() {
        let mut counts = [0usize; 3];
        for i in 0..300 {
            let who = PersonKey::of(&format!("p{i}@x.co"), "9876543210");
            counts[who.shard(3) as usize] += 1;
            assert_eq!(who.shard(3), PersonKey::of(&format!("P{i}@X.co "), "98765 43210").shard(3));
        }
        assert!(counts.iter().all(|&c| c > 70), "{counts:?}");
    }
}
