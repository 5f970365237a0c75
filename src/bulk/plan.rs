//! Reading rows: each row checked, given its reference (see [`super::reference`]) and its
//! shard, and grouped into batches in which no person appears twice.

use super::reference::{self, PersonKey};
use super::{RowOutcome, RowStatus, RunOptions};
use crate::error::{FieldError, FieldErrorCode as C};
use crate::models::allocation::{self, BulkRow, SettledRow};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::Value;
use std::collections::VecDeque;

pub(super) fn person(row: &BulkRow) -> PersonKey {
    PersonKey::of(&row.email, &row.mobile)
}

pub(super) fn person_of(item: &SettledRow) -> Option<PersonKey> {
    Some(PersonKey::of(item.email.as_deref()?, item.mobile.as_deref()?))
}

pub(super) struct Planned {
    pub(super) index: usize,
    pub(super) row: BulkRow,
    pub(super) person: PersonKey,
    pub(super) reference: String,
    /// The reference is the row's own (not derived).
    pub(super) own_reference: bool,
}

#[derive(Default)]
pub(super) struct Batch {
    pub(super) rows: Vec<Planned>,
    pub(super) persons: HashSet<PersonKey>,
}

/// Groups rows into batches in which no person appears twice, keeping input order as far
/// as that allows, and never holding more than `max_open` batches.
pub(super) struct Batcher {
    pub(super) open: VecDeque<Batch>,
    pub(super) ready: VecDeque<Batch>,
    pub(super) size: usize,
    pub(super) max_open: usize,
}

impl Batcher {
    pub(super) fn push(&mut self, planned: Planned) {
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

    pub(super) fn flush(&mut self) {
        self.ready.extend(self.open.drain(..));
    }

    pub(super) fn buffered(&self) -> usize {
        self.open.iter().chain(self.ready.iter()).map(|b| b.rows.len()).sum()
    }

    pub(super) fn drain_all(&mut self) -> Vec<Planned> {
        self.flush();
        self.ready.drain(..).flat_map(|b| b.rows).collect()
    }
}

/// One input row of [`allocate_rewards`](crate::bulk::allocate_rewards): a loose JSON value (as from JS, a file or a
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
pub(super) struct Seen {
    /// People seen exactly once (most of them).
    pub(super) once: HashSet<u64>,
    /// People seen more than once, and how often.
    pub(super) more: HashMap<u64, u32>,
    /// Own references (fingerprints) and the row that used each first.
    pub(super) own: HashMap<u64, usize>,
}

impl Seen {
    /// Counts one more row of `person` and returns its occurrence (1 for the first).
    pub(super) fn next_occurrence(&mut self, person: PersonKey) -> u32 {
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
pub(super) enum Plan {
    Send(Planned),
    Settled(RowOutcome),
}

/// Reads one input row: the row and its reference, or how it ends without being sent
/// (invalid, or another shard's). See [`crate::reference`] for why references do not depend
/// on positions.
pub(super) fn plan_row(index: usize, value: impl RowSource, options: &RunOptions, seen: &mut Seen) -> Plan {
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
