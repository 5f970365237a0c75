//! Property tests: no input makes any decoder, the envelope, the CSV parser or any validator
//! panic (a panic in wasm kills the module for the whole page). Cases per property come from
//! PROPTEST_CASES (CI: a few thousand; `npm run fuzz`: over a million inputs in all).
#![cfg(not(target_arch = "wasm32"))]

use enkash_rewards::allocation::{rows_from_json, rows_from_json_text};
use enkash_rewards::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Any JSON value, nested a few levels, with hostile leaves.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        prop::sample::select(vec!["CR", "DR", "ALLOCATE_POINT", "Mr", "F", "9600098867", "a@b.co", "0", "1", "-1", "1e309", "\u{202e}", "\u{0}"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::hash_map(
                prop::sample::select(vec![
                    "code",
                    "response_code",
                    "message",
                    "payload",
                    "paylod",
                    "companyId",
                    "cardAccountId",
                    "transactionType",
                    "type",
                    "loadAmount",
                    "uniqueReferenceNumber",
                    "email",
                    "mobile",
                    "title",
                    "gender",
                    "firstName",
                    "enkashCardId",
                    "rows",
                    "data",
                    "recordsCount",
                    "successBulkEnKashCardCreateDTOs",
                    "failureBulkEnKashCardCreateDTOs",
                    "access_token",
                    "expires_in",
                    "items",
                    "quantity",
                    "product",
                    "productCatalogId",
                    "cartId",
                    "denomination",
                    "orderReferenceId",
                    "requestId",
                    "userId",
                    "amount",
                    "cardStatus",
                ])
                .prop_map(str::to_owned),
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body: a JSON document, an envelope around one, or arbitrary text.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        json_value().prop_map(|v| v.to_string()),
        json_value().prop_map(|p| json!({"code": 0, "payload": p}).to_string()),
        json_value().prop_map(|p| json!({"response_code": "0", "paylod": p}).to_string()),
        ".{0,200}",
    ]
}

proptest! {
    #[test]
    fn decoders_never_panic(status in 100u16..600, b in body()) {
        let _ = allocation::decode_card(status, &b);
        let _ = allocation::decode_bulk(status, &b);
        let _ = envelope::decode::<Page<Transaction>>(status, &b);
        let _ = envelope::decode_lenient::<Order>(status, &b);
        let _ = envelope::decode_lenient::<Vec<Cart>>(status, &b);
        let _ = envelope::decode_lenient::<Product>(status, &b);
        let _ = envelope::decode_lenient::<CoinEvent>(status, &b);
        let _ = envelope::decode_lenient::<SsoToken>(status, &b);
        let _ = envelope::decode::<AccountDetails>(status, &b);
        let _ = envelope::error_message(&b);
        let _ = auth::decode_token(&HttpResponse::new(status, b.clone()));
        let _ = hooks::redact_body(&b);
    }

    #[test]
    fn validators_never_panic(v in json_value()) {
        let _ = AllocationRequest::from_json(v.clone());
        let _ = BulkRequest::from_json(v.clone());
        let _ = allocation::rows_from_json(v.clone());
        let _ = allocation::parse_row(v.clone(), 0);
        let _ = SsoRequest::from_json(v.clone());
        let _ = SsoRedirect::from_json(v.clone());
        let _ = AccountDetailsRequest::from_json(v.clone());
        let _ = TransactionFilter::from_json(v.clone());
        let _ = CoinEventRequest::from_json(v.clone());
        let _ = CoinEventPatch::from_json(v.clone());
        let _ = AllocateCoinsRequest::from_json(v.clone());
        let _ = AddToCartRequest::from_json(v.clone());
        let _ = UpdateCartRequest::from_json(v.clone());
        let _ = CreateOrderRequest::from_json(v.clone());
        let _ = OrderFilter::from_json(v.clone());
        let _ = CartQuery::from_json(v);
    }

    #[test]
    fn text_parsers_never_panic(t in ".{0,300}") {
        let _ = parse_recipients_csv(&t);
        let _ = parse_recipients_csv(&format!("title,name,email,mobile,loadAmount\n{t}"));
        let _ = parse_portal_date(&t);
        let _ = client::parse_retry_after(&t, 1.7e12);
    }

    #[test]
    fn amounts_and_derived_references_never_panic(a in any::<f64>(), i in any::<usize>()) {
        let mut c = validate::Checker::new();
        c.amount("loadAmount", Some(a));
        let row = BulkRow { title: Title::Mr, name: "n".into(), email: "e@x.co".into(), mobile: "9876543210".into(), load_amount: a, remarks: None, unique_reference_number: None };
        let _ = enkash_rewards::reference::derive_reference("run", &row.email, &row.mobile, i as u32);
        let _ = validate_the_row(&row, i);
    }
}

fn validate_the_row(row: &BulkRow, i: usize) -> Vec<FieldError> {
    row.validate(i)
}

/// A bulk row that is valid, nearly valid, or wrong in one field (type, null, missing,
/// unknown variant, extra keys, a long text).
fn row_like() -> impl Strategy<Value = Value> {
    let field = |good: Vec<Value>| {
        prop::sample::select(
            good.into_iter().chain([Value::Null, json!(5), json!(""), json!([1]), json!({"a": 1}), json!("x".repeat(5000))]).collect::<Vec<_>>(),
        )
    };
    (
        field(vec![json!("Mr"), json!("Mrs"), json!("Ms"), json!("Dr")]),
        field(vec![json!("Asha K"), json!("  ")]),
        field(vec![json!("a@b.co"), json!("A@B.CO"), json!("bad")]),
        field(vec![json!("9876543210"), json!("12345")]),
        field(vec![json!(1), json!(10.5), json!(0.001), json!(-3), json!("7"), json!(1e300)]),
        field(vec![json!("note")]),
        field(vec![json!("REF-1"), json!("REF-2"), json!(" ")]),
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(title, name, email, mobile, amount, remarks, reference, keep)| {
            let mut m = serde_json::Map::new();
            for (i, (k, v)) in [
                ("title", title),
                ("name", name),
                ("email", email),
                ("mobile", mobile),
                ("loadAmount", amount),
                ("remarks", remarks),
                ("uniqueReferenceNumber", reference),
            ]
            .into_iter()
            .enumerate()
            {
                if keep[i] || i < 5 && keep[7] {
                    m.insert(k.to_owned(), v);
                }
            }
            if keep[6] {
                m.insert("extra".to_owned(), json!({"nested": [1, 2, 3]}));
            }
            Value::Object(m)
        })
}

proptest! {
    /// The fast read of rows from JSON text gives exactly what the loose path gives: the
    /// same rows, or the same field errors in the same order.
    #[test]
    fn rows_from_text_equal_rows_from_value(rows in prop::collection::vec(prop_oneof![9 => row_like(), 1 => json_value()], 0..12)) {
        let value = Value::Array(rows);
        let text = value.to_string();
        prop_assert_eq!(rows_from_json_text(&text), rows_from_json(value.clone()));
        // Validation alone (validateBulkRows), rows checked where they lie in the text: the
        // same errors in the same order.
        prop_assert_eq!(enkash_rewards::allocation::validate_rows_text(&text), rows_from_json(value).err().unwrap_or_default());
    }
}

/// Validation alone (`validate_rows_text`) against the loose path, on what the generated
/// rows do not reach: more rows than one request holds, escaped text (not borrowable),
/// references that differ only by spaces, and long non-ASCII text near the limit.
#[test]
fn validating_rows_in_place_equals_the_loose_path_at_the_edges() {
    let row = |i: usize, name: &str, reference: &str| json!({"title": "Mr", "name": name, "email": format!("p{i}@example.com"), "mobile": "9876543210", "loadAmount": 5, "uniqueReferenceNumber": reference});
    let cases: Vec<Value> = vec![
        Value::Array((0..1001).map(|i| row(i, "N", &format!("R-{i}"))).collect()),
        json!([row(0, "Quote \" and \\ back", "R-1"), row(1, "Tab\tnew\nline \u{e9}", "R-2")]),
        json!([row(0, "A", "R-1"), row(1, "B", " R-1 "), row(2, "C", "R-1\t")]),
        json!([row(0, &"é".repeat(4096), "R-1"), row(1, &"é".repeat(4097), "R-2")]),
        json!([row(0, &"é".repeat(4096), "R-1")]),
        json!([]),
    ];
    for value in cases {
        let text = value.to_string();
        let expected = rows_from_json(value).err().unwrap_or_default();
        assert_eq!(enkash_rewards::allocation::validate_rows_text(&text), expected, "{}", &text[..text.len().min(200)]);
    }
}

/// The email rule as first written (building the list of labels), kept as the oracle for the
/// allocation-free version in `validate::is_email`.
fn is_email_reference(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.contains('@') || local.starts_with('.') || local.ends_with('.') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.chars().count() >= 2)
}

proptest! {
    #[test]
    fn email_rule_unchanged(s in prop_oneof!["[a-z.+-]{0,6}@[a-z0-9.-]{0,12}", "[a-zA-Z0-9.@ -]{0,20}", ".{0,30}", "[a-z]{1,4}@[a-zé-]{1,5}\\.[a-z0-9é]{0,4}"]) {
        prop_assert_eq!(validate::is_email(&s), is_email_reference(&s), "{:?}", s);
    }
}

proptest! {
    /// Rows read ahead from a chunk's JSON text (how allocateRewards reads a JS array) are
    /// exactly the rows read one loose value at a time, with the same positions in errors.
    #[test]
    fn chunk_rows_equal_loose_rows(rows in prop::collection::vec(prop_oneof![9 => row_like(), 1 => json_value()], 0..12), first in 0usize..100_000) {
        let text = Value::Array(rows.clone()).to_string();
        let expected: Vec<ReadRow> = rows.into_iter().enumerate().map(|(i, v)| ReadRow::from_value(v, first + i)).collect();
        prop_assert_eq!(ReadRow::from_json_text(&text, first), Some(expected));
    }
}

/// A bulk result payload: lists of result rows with hostile fields, counts, extras.
fn bulk_item() -> impl Strategy<Value = Value> {
    (json_value(), prop::sample::select(vec![json!("REF-1"), json!(7), Value::Null, json!("")]), prop::sample::select(vec![json!(100.5), json!("12"), json!("x"), Value::Null]))
        .prop_map(|(extra, reference, balance)| json!({"uniqueReferenceNumber": reference, "email": "a@b.co", "mobile": "9876543210", "balance": balance, "enKashCardId": "EC1", "other": extra}))
}

fn bulk_payload() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(bulk_item(), 0..4),
        prop::collection::vec(bulk_item(), 0..4),
        prop::sample::select(vec![json!(3), json!("2"), Value::Null, json!(-1)]),
        json_value(),
    )
        .prop_map(|(ok, bad, n, more)| json!({"successBulkEnKashCardCreateDTOs": ok, "failureBulkEnKashCardCreateDTOs": bad, "successCount": n, "more": more}))
}

proptest! {
    /// The bulk engine reads an answer as a `BulkSettlement` (only what it uses); callers of
    /// `bulkCreateAndAllocateRewards` see a `BulkResult`. Whenever the full result reads, the
    /// settlement reads too, with the same rows on each side under the same references and cards.
    #[test]
    fn bulk_settlement_agrees_with_bulk_result(
        status in 200u16..300,
        p in prop_oneof![3 => bulk_payload(), 1 => json_value()],
        style in 0usize..6,
        b in body(),
    ) {
        let text = match style {
            0 => json!({"code": 0, "message": "ok", "payload": p}).to_string(),
            1 => json!({"response_code": "0", "response_message": "ok", "paylod": p}).to_string(),
            2 => json!({"code": 1, "message": "no", "payload": p}).to_string(),
            3 => json!({"code": null, "response_code": 0, "payload": p}).to_string(),
            4 => format!(r#"{{"code":0,"payload":{p},"payload":{p}}}"#),
            _ => b,
        };
        let full = envelope::decode::<BulkResult>(status, &text);
        let settled = envelope::decode::<enkash_rewards::allocation::BulkSettlement>(status, &text);
        if let Ok(full) = full {
            let settled = settled.expect("a result that reads as BulkResult reads as a settlement");
            let keys = |rows: &[BulkResultRow]| rows.iter().map(|r| (r.unique_reference_number.clone(), r.en_kash_card_id.clone())).collect::<Vec<_>>();
            let settled_keys = |rows: &[enkash_rewards::allocation::SettledRow]| rows.iter().map(|r| (r.unique_reference_number.clone(), r.en_kash_card_id.clone())).collect::<Vec<_>>();
            prop_assert_eq!(keys(&full.successes), settled_keys(&settled.successes));
            prop_assert_eq!(keys(&full.failures), settled_keys(&settled.failures));
        } else if let (Err(a), Err(b)) = (envelope::decode::<BulkResult>(status, &text), settled) {
            // Refusals are the same refusal whichever type was asked for.
            if a.kind() != "decode" {
                prop_assert_eq!(a.kind(), b.kind());
            }
        }
    }
}
