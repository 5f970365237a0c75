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
//!   duplicate reference ([`crate::wire::answer`]) is `alreadyAllocated`.
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

mod plan;
pub mod reference;
mod run;
mod settle;

use crate::error::{Error, FieldError, FieldErrorCode as C};
use crate::models::allocation::{self, BulkRequest, BulkSettlement};
use serde::{Deserialize, Serialize};
use std::future::Future;

pub use plan::{ReadRow, RowSource};
pub use run::{allocate_rewards, allocate_rewards_with, unrecorded};

/// What the engine needs of a client: one bulk request sent as one call (by the client's one
/// request path: token, retries by the one policy, the call's time limit and signal). The
/// partner [`crate::Client`] implements it; the engine knows nothing else of the client.
pub trait BatchSender {
    /// The options of one call (time limit, retries, ...), passed through untouched.
    type Call;

    /// Sends `request` as one call and reads what the engine needs of the answer; `attempts`
    /// counts the requests sent (retries included).
    fn send_batch(&self, request: &BulkRequest, call: &Self::Call, attempts: &std::cell::Cell<u32>) -> impl Future<Output = Result<BulkSettlement, Error>>;

    /// Whether the token endpoint has refused the credentials (reported when a run stops).
    fn credentials_rejected(&self) -> bool;
}

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
