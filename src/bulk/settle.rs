//! Settling one batch: sending it (through [`BatchSender`]), matching the answer to the rows,
//! and the outcome of every row whatever the answer (paid, already paid, failed, or the run
//! stopped).

use super::plan::{person_of, Planned};
use super::reference::PersonKey;
use super::{BatchSender, RowOutcome, RowStatus, RunOptions, StopCause};
use crate::error::Error;
use crate::models::allocation::{BulkRequest, BulkRow, BulkSettlement, SettledRow};
use crate::wire::answer;
use rustc_hash::FxHashMap as HashMap;

pub(super) enum BatchEnd {
    /// Outcomes of the batch's rows.
    Done(Vec<RowOutcome>),
    /// A refusal that concerns every row of the run: these outcomes, and stop.
    Fatal(Vec<RowOutcome>, String, StopCause),
}

fn fail_all(rows: &[Planned], reason: &str) -> Vec<RowOutcome> {
    rows.iter().map(|p| outcome(p, RowStatus::Failed, Some(reason.to_owned()))).collect()
}

pub(super) fn outcome(p: &Planned, status: RowStatus, reason: Option<String>) -> RowOutcome {
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
pub(super) async fn run_batch<B: BatchSender>(
    client: &B,
    options: &RunOptions,
    call: &B::Call,
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
async fn send<B: BatchSender>(
    client: &B,
    options: &RunOptions,
    call: &B::Call,
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
    let answer = client.send_batch(&request, call, &attempts).await;
    let (requests, retries) = stats.get();
    stats.set((requests + attempts.get(), retries + attempts.get().saturating_sub(1)));
    answer
}

/// The outcomes of rows whose request ended with `e` (after the retries).
fn settle_refused<B: BatchSender>(client: &B, rows: &[Planned], e: Error) -> BatchEnd {
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
