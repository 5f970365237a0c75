//! The bulk engine against a fake bulk server with a ledger and fault modes: every outcome
//! status, re-runs, lost answers, partial answers, account-level stops, cancel and resume,
//! bounded memory, dry runs.

mod common;

use common::YieldOnce;
use enkash_rewards::bulk::{allocate_rewards, RowStatus, RunOptions, RunReport};
use enkash_rewards::*;
use futures_executor::block_on;
use futures_util::stream;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const DUP: &str = "The transaction associated with the given Unique reference Number already exists";

#[derive(Default)]
struct Server {
    ledger: HashMap<String, f64>,
    balance: f64,
    requests: u32,
    /// Apply the batch, then answer 502 (the worst case: money moved, answer lost), for these request numbers.
    lose_answers: Vec<u32>,
    /// Answer 429 with `Retry-After: 2` (applying nothing), for these request numbers.
    busy: Vec<u32>,
    /// Answer this status without applying, for these request numbers.
    refuse: HashMap<u32, (u16, String)>,
    /// Leave rows whose name starts with this out of the answer (they are applied).
    omit_prefix: Option<String>,
    /// Always answer 503.
    down: bool,
    /// Put wrongly typed values in fields the engine does not use (title, name, loadAmount, counts).
    junk_fields: bool,
    /// Send each settled row's ids in both wire spellings (`enKashCardId` and `enkashCardId`, ...).
    both_spellings: bool,
    /// Name failure items only by their reference, under the other spelling
    /// (`uniqueReferenceNum`, with `uniqueReferenceNumber: null`): no email or mobile to fall back on.
    failures_by_other_spelling: bool,
    sleeps: Vec<u32>,
    /// Every payment applied: (email lower-cased, mobile) and the reference.
    paid_to: Vec<((String, String), String)>,
}

#[derive(Clone, Default)]
struct FakeBulk(Rc<RefCell<Server>>);

impl Transport for FakeBulk {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        YieldOnce(false).await;
        let mut s = self.0.borrow_mut();
        s.requests += 1;
        let n = s.requests;
        assert!(request.url.contains("bulk-create-allocate-points-json?companyId=C&cardAccountId=A&isPointsAllocation=true"), "{}", request.url);
        if s.down {
            return Ok(HttpResponse::new(503, "down"));
        }
        if s.busy.contains(&n) {
            let mut busy = HttpResponse::new(429, json!({"code": 1, "message": "Too many requests"}).to_string());
            busy.retry_after = Some("2".into());
            return Ok(busy);
        }
        if let Some((status, message)) = s.refuse.get(&n).cloned() {
            return Ok(HttpResponse::new(status, json!({"code": 1, "message": message}).to_string()));
        }
        let rows: Vec<Value> = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        let (mut ok, mut failed) = (vec![], vec![]);
        let mut emails = std::collections::HashSet::new();
        for row in rows {
            let reference = row["uniqueReferenceNumber"].as_str().expect("every row is sent with a reference").to_owned();
            assert!(emails.insert((row["email"].clone(), row["mobile"].clone())), "one person twice in a batch");
            let amount = row["loadAmount"].as_f64().unwrap();
            let mut echo = json!({"email": row["email"], "mobile": row["mobile"], "name": row["name"], "loadAmount": amount});
            if s.junk_fields {
                echo = json!({"email": row["email"], "mobile": row["mobile"], "name": 42, "title": {"x": 1}, "loadAmount": "lots", "accountBalance": [1]});
            }
            let omit = s.omit_prefix.as_deref().is_some_and(|p| row["name"].as_str().unwrap().starts_with(p));
            let failure = |reason: &str| {
                if s.failures_by_other_spelling {
                    json!({"uniqueReferenceNumber": null, "uniqueReferenceNum": reference, "failureReason": reason})
                } else {
                    let mut f = echo.clone();
                    f["uniqueReferenceNumber"] = json!(reference);
                    f["failureReason"] = json!(reason);
                    f
                }
            };
            if s.ledger.contains_key(&reference) {
                failed.push(failure(DUP));
            } else if s.balance < amount {
                failed.push(failure("Insufficient balance in card account"));
            } else {
                s.balance -= amount;
                s.ledger.insert(reference.clone(), amount);
                let who = (row["email"].as_str().unwrap_or_default().trim().to_lowercase(), row["mobile"].as_str().unwrap_or_default().to_owned());
                s.paid_to.push((who, reference.clone()));
                if !omit {
                    let mut o = echo.clone();
                    o["enkashCardId"] = json!(format!("EKC-{reference}"));
                    o["enkashCardTxnId"] = json!(format!("TXN-{reference}"));
                    o["otbBalance"] = json!(amount);
                    if s.both_spellings {
                        o["enKashCardId"] = json!(format!("SDK-{reference}"));
                        o["enKashTransactionId"] = json!(format!("STX-{reference}"));
                        o["enKashCardTxnId"] = json!(format!("OTHER-{reference}"));
                        o["uniqueReferenceNumber"] = json!(reference);
                        o["uniqueReferenceNum"] = json!(reference);
                    }
                    ok.push(o); // like the portal's sample: no reference on success items
                }
            }
        }
        if s.lose_answers.contains(&n) {
            return Ok(HttpResponse::new(502, "<html>Bad Gateway</html>"));
        }
        let counts = if s.junk_fields { json!("many") } else { json!(ok.len()) };
        let body = json!({"code": 0, "message": "Success", "payload": {
            "successBulkEnKashCardCreateDTOs": ok, "failureBulkEnKashCardCreateDTOs": failed,
            "successCount": counts, "failureCount": failed.len()}});
        Ok(HttpResponse::new(200, body.to_string()))
    }
    async fn deadline(&self, _ms: u32) -> Result<(), TransportError> {
        // Virtual time: a deadline never passes (sleeps return at once here).
        std::future::pending().await
    }

    fn now_ms(&self) -> f64 {
        1.7e12
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.0.borrow_mut().sleeps.push(ms);
        Ok(())
    }
}

fn server(balance: f64) -> (FakeBulk, Client<FakeBulk>) {
    let fake = FakeBulk::default();
    fake.0.borrow_mut().balance = balance;
    let client = Client::new(ClientConfig::new("http://x.test", "P", Auth::AccessToken(Secret::new("t"))), fake.clone()).unwrap();
    (fake, client)
}

fn rows(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"title": "Mr", "name": format!("Person {i}"), "email": format!("p{i}@example.com"), "mobile": format!("9{:09}", i), "loadAmount": 10}))
        .collect()
}

fn options(batch: u32, concurrency: u32) -> RunOptions {
    RunOptions {
        company_id: "C".into(),
        card_account_id: "A".into(),
        is_points_allocation: true,
        batch_size: Some(batch),
        concurrency: Some(concurrency),
        dry_run: false,
        run_id: Some("run-1".into()),
        shard: None,
    }
}

fn run(client: &Client<FakeBulk>, input: Vec<Value>, opts: &RunOptions) -> RunReport {
    let n = input.len();
    block_on(allocate_rewards(client, stream::iter(input), Some(n), opts, &CallOptions::default(), &mut |_| {}, &|| false)).unwrap()
}

fn statuses(r: &RunReport) -> Vec<RowStatus> {
    r.outcomes.iter().map(|o| o.status).collect()
}

fn assert_accounted(r: &RunReport, n: usize) {
    assert_eq!(r.outcomes.len(), n);
    assert!(r.outcomes.iter().enumerate().all(|(i, o)| o.index == i), "input order");
    let t = r.totals;
    assert_eq!(t.total, n);
    assert_eq!(t.allocated + t.already_allocated + t.failed + t.invalid + t.not_attempted, n, "totals add up");
    assert!(r.outcomes.iter().all(|o| o.status == RowStatus::Allocated || o.reason.is_some()), "every non-allocated row has a reason");
}

#[test]
fn every_status_in_one_run() {
    let (fake, client) = server(10_000.0);
    let mut input = rows(6);
    input[1]["mobile"] = json!("12345"); // invalid
    input[2]["uniqueReferenceNumber"] = json!("PAID-BEFORE"); // already allocated
    input[3]["loadAmount"] = json!(20_000); // refused: insufficient balance
    input[4]["uniqueReferenceNumber"] = json!("PAID-BEFORE"); // same reference twice in the file: invalid
    fake.0.borrow_mut().ledger.insert("PAID-BEFORE".into(), 1.0);
    let r = run(&client, input, &options(2, 2));
    assert_eq!(
        statuses(&r),
        [RowStatus::Allocated, RowStatus::Invalid, RowStatus::AlreadyAllocated, RowStatus::Failed, RowStatus::Invalid, RowStatus::Allocated]
    );
    assert_accounted(&r, 6);
    assert!(r.outcomes[1].reason.as_deref().unwrap().contains("mobile"));
    assert_eq!(r.outcomes[3].reason.as_deref(), Some("Insufficient balance in card account"));
    assert!(r.outcomes[4].reason.as_deref().unwrap().contains("row 2"));
    let paid = &r.outcomes[0];
    assert_eq!(
        paid.reference.as_deref(),
        Some(enkash_rewards::reference::derive_reference("run-1", rows(1)[0]["email"].as_str().unwrap(), rows(1)[0]["mobile"].as_str().unwrap(), 1).as_str())
    );
    assert_eq!(paid.en_kash_card_id.as_deref(), Some(format!("EKC-{}", paid.reference.as_deref().unwrap()).as_str()));
    assert_eq!(paid.balance, Some(10.0));
    // Cancelled runs: the rest is notAttempted.
    let (_, client) = server(10_000.0);
    let r = block_on(allocate_rewards(&client, stream::iter(rows(4)), Some(4), &options(2, 1), &CallOptions::default(), &mut |_| {}, &|| true)).unwrap();
    assert!(r.cancelled);
    assert_eq!(statuses(&r), [RowStatus::NotAttempted; 4]);
    assert_accounted(&r, 4);
}

#[test]
fn a_finished_file_run_again_pays_nobody_twice() {
    let (fake, client) = server(1e9);
    let first = run(&client, rows(250), &options(40, 3));
    assert_eq!(first.totals.allocated, 250);
    let spent = 1e9 - fake.0.borrow().balance;
    let again = run(&client, rows(250), &options(40, 3));
    assert_eq!(again.totals.already_allocated, 250);
    assert_accounted(&again, 250);
    assert_eq!(1e9 - fake.0.borrow().balance, spent, "no money moved");
    assert_eq!(fake.0.borrow().ledger.len(), 250);
    // Another run id is another run: it would pay again, by design.
    let other = run(&client, rows(2), &RunOptions { run_id: Some("run-2".into()), ..options(40, 3) });
    assert_eq!(other.totals.allocated, 2);
}

#[test]
fn lost_answers_are_retried_and_settled_without_paying_twice() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().lose_answers = vec![1, 3, 4, 7];
    let n = 100;
    let call = CallOptions { max_retries: Some(3), ..CallOptions::default() };
    let r = block_on(allocate_rewards(&client, stream::iter(rows(n)), Some(n), &options(20, 2), &call, &mut |_| {}, &|| false)).unwrap();
    assert_accounted(&r, 100);
    assert_eq!(r.totals.allocated + r.totals.already_allocated, 100);
    assert!(r.totals.already_allocated >= 20, "rows of lost answers come back as already allocated");
    assert_eq!(fake.0.borrow().ledger.len(), 100, "each reference applied once");
    assert_eq!(r.retries, 4);
    assert_eq!(fake.0.borrow().sleeps.len(), 4, "a pause before each retry");
    assert!(fake.0.borrow().sleeps.iter().all(|ms| (250..=8000).contains(ms)));
}

#[test]
fn paid_rows_sent_with_both_spellings_of_an_id_are_allocated() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().both_spellings = true;
    let r = run(&client, rows(12), &options(5, 2));
    assert_accounted(&r, 12);
    assert!(statuses(&r).iter().all(|s| *s == RowStatus::Allocated), "{:?}", r.outcomes.iter().find(|o| o.status != RowStatus::Allocated));
    let reference = r.outcomes[3].reference.clone().unwrap();
    // The SDK's spelling wins when both are sent.
    assert_eq!(r.outcomes[3].en_kash_card_id.as_deref(), Some(format!("SDK-{reference}").as_str()));
    assert_eq!(r.outcomes[3].en_kash_transaction_id.as_deref(), Some(format!("STX-{reference}").as_str()));
    assert_eq!(fake.0.borrow().requests, 3, "no batch was retried");
}

#[test]
fn failure_items_named_only_under_the_other_reference_spelling_settle_their_rows() {
    // First run: half the rows find no money left; they are failed with the server's reason.
    let (fake, client) = server(10.0 * 5.0);
    fake.0.borrow_mut().failures_by_other_spelling = true;
    let input = rows(10);
    let first = run(&client, input.clone(), &options(5, 1));
    assert_accounted(&first, 10);
    let failed: Vec<usize> = first.outcomes.iter().filter(|o| o.status == RowStatus::Failed).map(|o| o.index).collect();
    assert!(!failed.is_empty(), "some rows ran out of money");
    assert!(first.outcomes.iter().filter(|o| o.status == RowStatus::Failed).all(|o| o.reason.as_deref().is_some_and(|r| r.contains("Insufficient balance"))));
    // Re-run with the same run id: the paid rows come back as duplicates named only by
    // `uniqueReferenceNum`; each is matched by that reference and reported alreadyAllocated.
    fake.0.borrow_mut().balance = 1e9;
    let second = run(&client, input, &options(5, 1));
    assert_accounted(&second, 10);
    for o in &second.outcomes {
        let expected = if failed.contains(&o.index) { RowStatus::Allocated } else { RowStatus::AlreadyAllocated };
        assert_eq!(o.status, expected, "row {}: {:?}", o.index, o.reason);
        assert_eq!(o.reference, first.outcomes[o.index].reference, "the same reference both runs");
    }
    assert_eq!(fake.0.borrow().ledger.len(), 10, "each person paid once");
}

#[test]
fn junk_in_fields_the_engine_does_not_use_does_not_unsettle_paid_rows() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().junk_fields = true;
    let r = run(&client, rows(30), &options(10, 2));
    assert_accounted(&r, 30);
    assert!(statuses(&r).iter().all(|s| *s == RowStatus::Allocated), "{:?}", r.outcomes.iter().find(|o| o.status != RowStatus::Allocated));
    assert_eq!(r.outcomes[3].en_kash_card_id.as_deref(), Some(r.outcomes[3].reference.clone().map(|x| format!("EKC-{x}")).unwrap().as_str()));
    assert_eq!(fake.0.borrow().requests, 3, "no batch was retried");
    // Read whole (as the public bulk call does), the same kind of answer is refused as malformed.
    let junk = json!({"code": 0, "payload": {"successBulkEnKashCardCreateDTOs": [{"email": "a@b.co", "name": 42}], "successCount": "many"}});
    assert_eq!(enkash_rewards::allocation::decode_bulk(200, &junk.to_string()).unwrap_err().kind(), "decode");
}

#[test]
fn a_server_that_stays_down_fails_rows_with_a_reason_after_the_clients_retries() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().down = true;
    let r = run(&client, rows(10), &options(5, 1));
    assert_eq!(r.totals.failed, 10);
    assert_eq!(r.requests, 6, "two batches, three attempts each (maxRetries 2, the client's default)");
    assert!(r.outcomes[0].reason.as_deref().unwrap().contains("re-run with the same runId"));
    // maxRetries is the run's too.
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().down = true;
    let call = CallOptions { max_retries: Some(0), ..CallOptions::default() };
    let r = block_on(allocate_rewards(&client, stream::iter(rows(10)), Some(10), &options(5, 1), &call, &mut |_| {}, &|| false)).unwrap();
    assert_eq!((r.requests, r.retries), (2, 0), "maxRetries 0: one attempt per batch");
    assert!(fake.0.borrow().sleeps.is_empty());
}

#[test]
fn bulk_batches_follow_retry_after() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().busy = vec![1];
    let r = run(&client, rows(10), &options(10, 1));
    assert_eq!(r.totals.allocated, 10);
    assert_eq!(fake.0.borrow().sleeps, vec![2000], "the server asked for 2 s");
    assert_eq!((r.requests, r.retries), (2, 1));
}

#[test]
fn rows_left_out_of_the_answer_are_failed_then_settled_by_a_rerun() {
    let (fake, client) = server(1e9);
    let mut input = rows(6);
    input[2]["name"] = json!("Ghost Two");
    input[4]["name"] = json!("Ghost Four");
    fake.0.borrow_mut().omit_prefix = Some("Ghost".into());
    let r = run(&client, input.clone(), &options(3, 1));
    assert_eq!(r.outcomes[2].status, RowStatus::Failed);
    assert!(r.outcomes[2].reason.as_deref().unwrap().contains("did not mention"));
    assert_eq!(r.totals.allocated, 4);
    fake.0.borrow_mut().omit_prefix = None;
    let again = run(&client, input, &options(3, 1));
    assert_eq!(again.totals.already_allocated, 6, "the ghosts had been paid: the re-run says so");
}

#[test]
fn an_account_level_refusal_stops_the_run_a_batch_level_one_does_not() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().refuse.insert(1, (404, "Card account not found for companyId: C and cardAccountId: A".into()));
    let r = run(&client, rows(50), &options(10, 1));
    assert_eq!(r.totals.failed, 50);
    assert_eq!(r.requests, 1, "stopped early");
    assert!(r.stopped.as_deref().unwrap().contains("Card account not found"));
    assert!(r.outcomes.iter().all(|o| o.reason.as_deref().unwrap().contains("Card account not found")));
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().refuse.insert(2, (400, "Malformed row".into()));
    let r = run(&client, rows(30), &options(10, 1));
    assert_eq!((r.totals.allocated, r.totals.failed), (20, 10));
    assert!(r.stopped.is_none());
}

#[test]
fn cancel_halfway_then_resume_with_the_same_run_id() {
    let (fake, client) = server(1e9);
    let batches = RefCell::new(0);
    let cancel_after_two = || *batches.borrow() >= 2;
    let r = block_on(allocate_rewards(
        &client,
        stream::iter(rows(100)),
        Some(100),
        &options(10, 1),
        &CallOptions::default(),
        &mut |_| *batches.borrow_mut() += 1,
        &cancel_after_two,
    ))
    .unwrap();
    assert!(r.cancelled);
    assert_eq!((r.totals.allocated, r.totals.not_attempted), (20, 80));
    assert_accounted(&r, 100);
    let resumed = run(&client, rows(100), &options(10, 1));
    assert_eq!((resumed.totals.already_allocated, resumed.totals.allocated), (20, 80));
    assert_eq!(fake.0.borrow().ledger.len(), 100);
}

#[test]
fn one_person_twice_in_a_file_is_paid_twice_in_separate_batches() {
    let (fake, client) = server(1e9);
    let mut input = rows(3);
    input[2] = input[0].clone();
    let r = run(&client, input, &options(10, 1));
    assert_eq!(r.totals.allocated, 3);
    assert_ne!(r.outcomes[0].reference, r.outcomes[2].reference);
    assert_eq!(fake.0.borrow().requests, 2);
}

#[test]
fn ten_thousand_streamed_rows_with_bounded_memory() {
    let (fake, client) = server(1e12);
    let input = stream::iter(
        (0..10_000)
            .map(|i| json!({"title": "Ms", "name": format!("P{i}"), "email": format!("p{i}@example.com"), "mobile": format!("8{:09}", i), "loadAmount": 1.25})),
    );
    let mut calls = 0;
    let r = block_on(allocate_rewards(&client, input, None, &options(100, 4), &CallOptions::default(), &mut |_| calls += 1, &|| false)).unwrap();
    assert_eq!(r.totals.allocated, 10_000);
    assert_eq!(fake.0.borrow().ledger.len(), 10_000);
    assert!(r.peak_buffered_rows <= 100 * (4 + 3), "peak {} rows held", r.peak_buffered_rows);
    assert_eq!(calls, 101, "progress after each batch and at the end");
}

#[test]
fn dry_run_sends_nothing() {
    let (fake, client) = server(1e9);
    let mut input = rows(5);
    input[3]["email"] = json!("bad");
    let r = run(&client, input, &RunOptions { dry_run: true, ..options(2, 2) });
    assert_eq!(fake.0.borrow().requests, 0);
    assert_eq!((r.totals.not_attempted, r.totals.invalid), (4, 1));
    assert!(r.outcomes[0].reference.is_some());
}

#[test]
fn bad_options_and_missing_run_id() {
    let (fake, client) = server(1e9);
    for bad in [
        RunOptions { batch_size: Some(0), ..options(1, 1) },
        RunOptions { concurrency: Some(99), ..options(1, 1) },
        RunOptions { run_id: Some("has space".into()), ..options(1, 1) },
        RunOptions { company_id: "".into(), ..options(1, 1) },
    ] {
        let e = block_on(allocate_rewards(&client, stream::iter(rows(1)), Some(1), &bad, &CallOptions::default(), &mut |_| {}, &|| false)).unwrap_err();
        assert_eq!(e.kind(), "validation");
    }
    let mut input = rows(2);
    input[1]["uniqueReferenceNumber"] = json!("OWN-REF");
    let r = run(&client, input, &RunOptions { run_id: None, ..options(5, 1) });
    assert_eq!(statuses(&r), [RowStatus::Invalid, RowStatus::Allocated]);
    assert!(r.outcomes[0].reason.as_deref().unwrap().contains("runId"));
    assert_eq!(fake.0.borrow().ledger.len(), 1);
}

// ------------------------------------------------------------------------------------
// The re-run invariant: within one run id, a person is never paid more times than they
// appear in the file being run, whatever was edited between runs.

mod rerun {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    struct Line {
        person: usize,
        paise: u32,
        /// A typo in the mobile number: the line is invalid until fixed.
        typo: bool,
        /// The line carries its own reference (`OWN-{id}`, unique to the line).
        own: bool,
        id: u32,
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Insert(usize, Line),
        Delete(usize),
        Swap(usize, usize),
        FixTypo(usize),
        ChangeAmount(usize, u32),
        Append(Line),
    }

    const PEOPLE: usize = 8;

    fn line() -> impl Strategy<Value = Line> {
        (0..PEOPLE, 1u32..5000, prop::bool::weighted(0.2), prop::bool::weighted(0.25)).prop_map(|(person, paise, typo, own)| Line {
            person,
            paise,
            typo,
            own,
            id: 0,
        })
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), line()).prop_map(|(i, l)| Edit::Insert(i, l)),
            any::<usize>().prop_map(Edit::Delete),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
            any::<usize>().prop_map(Edit::FixTypo),
            (any::<usize>(), 1u32..5000).prop_map(|(i, p)| Edit::ChangeAmount(i, p)),
            line().prop_map(Edit::Append),
        ]
    }

    fn fresh(mut l: Line, ids: &mut u32) -> Line {
        *ids += 1;
        l.id = *ids;
        l
    }

    fn apply(file: &mut Vec<Line>, edit: &Edit, ids: &mut u32) {
        let n = file.len();
        match edit.clone() {
            Edit::Insert(i, l) => file.insert(i % (n + 1), fresh(l, ids)),
            Edit::Delete(i) if n > 0 => {
                file.remove(i % n);
            }
            Edit::Swap(a, b) if n > 0 => file.swap(a % n, b % n),
            Edit::FixTypo(i) if n > 0 => {
                // Fix the first typo at or after i (the user fixing an invalid row).
                if let Some(j) = (0..n).map(|k| (i + k) % n).find(|&j| file[j].typo) {
                    file[j].typo = false;
                }
            }
            Edit::ChangeAmount(i, p) if n > 0 => file[i % n].paise = p,
            Edit::Append(l) => file.push(fresh(l, ids)),
            _ => {}
        }
    }

    fn email(person: usize) -> String {
        format!("person{person}@example.com")
    }

    fn mobile(person: usize) -> String {
        format!("98765{person:05}")
    }

    fn to_rows(file: &[Line]) -> Vec<Value> {
        file.iter()
            .map(|l| {
                // Spelled differently from line to line: the person is the same.
                let email = if l.paise % 2 == 0 { email(l.person).to_uppercase() } else { format!(" {} ", email(l.person)) };
                let mobile = if l.typo { "12345".to_owned() } else { mobile(l.person) };
                let mut row =
                    json!({"title": "Ms", "name": format!("P{}", l.person), "email": email, "mobile": mobile, "loadAmount": f64::from(l.paise) / 100.0});
                if l.own {
                    row["uniqueReferenceNumber"] = json!(format!("OWN-{}", l.id));
                }
                row
            })
            .collect()
    }

    /// Valid rows of the person whose reference the SDK derives (rows with their own
    /// reference are paid once per reference, by the server's ledger).
    fn appearances(file: &[Line], person: usize) -> usize {
        file.iter().filter(|l| l.person == person && !l.typo && !l.own).count()
    }

    /// Payments to the person under derived references.
    fn payments(fake: &FakeBulk, person: usize) -> usize {
        let who = (email(person), mobile(person));
        fake.0.borrow().paid_to.iter().filter(|(p, reference)| *p == who && !reference.starts_with("OWN-")).count()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256).min(512), ..ProptestConfig::default() })]

        #[test]
        fn edits_between_runs_never_pay_anyone_twice(
            initial in prop::collection::vec(line(), 0..20),
            rounds in prop::collection::vec((prop::collection::vec(edit(), 0..5), prop::collection::vec(1u32..40, 0..3), 1u32..6), 1..6),
        ) {
            let (fake, client) = server(1e9);
            let mut ids = 0;
            let mut file: Vec<Line> = initial.into_iter().map(|l| fresh(l, &mut ids)).collect();
            let call = CallOptions { max_retries: Some(1), ..CallOptions::default() };
            for (edits, losses, batch) in rounds {
                for e in &edits {
                    apply(&mut file, e, &mut ids);
                }
                let before: Vec<usize> = (0..PEOPLE).map(|p| payments(&fake, p)).collect();
                let start = fake.0.borrow().requests;
                fake.0.borrow_mut().lose_answers = losses.iter().map(|l| start + l).collect();
                let rows = to_rows(&file);
                let n = rows.len();
                let r = block_on(allocate_rewards(&client, stream::iter(rows), Some(n), &options(batch, 2), &call, &mut |_| {}, &|| false)).unwrap();
                assert_accounted(&r, n);
                for (p, &paid_before) in before.iter().enumerate() {
                    let after = payments(&fake, p);
                    let seen = appearances(&file, p);
                    prop_assert!(after <= paid_before.max(seen), "person {p}: paid {after} times, appears {seen} times, paid {paid_before} before this run");
                    if r.totals.failed == 0 {
                        prop_assert_eq!(after, paid_before.max(seen), "every valid row of a clean run is paid or already paid");
                    }
                }
                for (o, l) in r.outcomes.iter().zip(&file) {
                    prop_assert_eq!(o.status == RowStatus::Invalid, l.typo);
                }
            }
        }
    }
}

#[test]
fn a_batch_refused_whole_as_a_duplicate_is_settled_row_by_row() {
    let (fake, client) = server(1e9);
    let input = rows(3);
    let paid_before = enkash_rewards::reference::derive_reference("run-1", "p0@example.com", "9000000000", 1);
    fake.0.borrow_mut().ledger.insert(paid_before, 10.0);
    fake.0.borrow_mut().refuse.insert(1, (200, DUP.to_owned()));
    fake.0.borrow_mut().refuse.insert(2, (200, DUP.to_owned()));
    let r = run(&client, input, &options(3, 1));
    assert_accounted(&r, 3);
    assert_eq!(statuses(&r), [RowStatus::AlreadyAllocated, RowStatus::Allocated, RowStatus::Allocated]);
    assert_eq!(r.requests, 4, "the batch, then each row alone");
    assert_eq!(fake.0.borrow().ledger.len(), 3, "nobody paid twice");
}

#[test]
fn a_run_stopped_after_an_uncertain_attempt_says_the_batch_may_have_been_paid() {
    let (fake, client) = server(1e9);
    fake.0.borrow_mut().lose_answers = vec![1];
    fake.0.borrow_mut().refuse.insert(2, (404, "Card account not found for companyId: C and cardAccountId: A".to_owned()));
    let r = run(&client, rows(4), &options(2, 1));
    assert_accounted(&r, 4);
    assert!(r.stopped.is_some());
    assert!(r.outcomes[0].reason.as_deref().unwrap().contains("may have been paid"), "{:?}", r.outcomes[0]);
    assert!(!r.outcomes[2].reason.as_deref().unwrap().contains("may have been paid"), "never sent: {:?}", r.outcomes[2]);
}
