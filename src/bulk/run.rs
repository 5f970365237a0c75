//! The run loop: reads rows as they come, keeps `concurrency` batches in flight, records each
//! outcome once, reports progress, and stops on cancel or an account-level refusal.

use super::plan::{plan_row, Batcher, Plan, Seen};
use super::settle::{outcome, run_batch, BatchEnd};
use super::{BatchSender, Progress, RowOutcome, RowSource, RowStatus, RunOptions, RunReport, RunTotals, StopCause, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY};
use crate::error::Error;
use futures_util::future::{select, Either};
use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use std::collections::VecDeque;
use std::pin::pin;

/// Pays `rows` (loose JSON objects, as from JS or a CSV) in batches; see the module docs.
///
/// `total_hint` is the number of rows when known (for progress). `cancelled` is asked before
/// each batch is sent. Errors only when `options` are invalid; every row problem is an
/// outcome.
pub async fn allocate_rewards<B, S>(
    client: &B,
    rows: S,
    total_hint: Option<usize>,
    options: &RunOptions,
    call: &B::Call,
    on_progress: &mut dyn FnMut(Progress),
    cancelled: &dyn Fn() -> bool,
) -> Result<RunReport, Error>
where
    B: BatchSender,
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
pub async fn allocate_rewards_with<B, S>(
    client: &B,
    rows: S,
    total_hint: Option<usize>,
    options: &RunOptions,
    call: &B::Call,
    on_progress: &mut dyn FnMut(Progress),
    cancelled: &dyn Fn() -> bool,
    sink: &mut dyn FnMut(RowOutcome),
) -> Result<RunReport, Error>
where
    B: BatchSender,
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
