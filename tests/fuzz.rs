//! Property tests: no input makes any decoder, the envelope, the CSV parser or any validator
//! panic (a panic in wasm kills the module for the whole page). Cases per property come from
//! PROPTEST_CASES (CI: a few thousand; `npm run fuzz`: over a million inputs in all).
#![cfg(not(target_arch = "wasm32"))]

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
        prop::sample::select(vec!["CR", "DR", "ALLOCATE_POINT", "Mr", "F", "9600098867", "a@b.co", "0", "1", "-1", "1e309", "\u{202e}", "\u{0}"]).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::hash_map(
                prop::sample::select(vec![
                    "code", "response_code", "message", "payload", "paylod", "companyId", "cardAccountId", "transactionType", "type", "loadAmount",
                    "uniqueReferenceNumber", "email", "mobile", "title", "gender", "firstName", "enkashCardId", "rows", "data", "recordsCount",
                    "successBulkEnKashCardCreateDTOs", "failureBulkEnKashCardCreateDTOs", "access_token", "expires_in", "items", "quantity",
                    "product", "productCatalogId", "cartId", "denomination", "orderReferenceId", "requestId", "userId", "amount", "cardStatus",
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
        let _ = bulk::derive_reference("run", i, &row);
        let _ = validate_the_row(&row, i);
    }
}

fn validate_the_row(row: &BulkRow, i: usize) -> Vec<FieldError> {
    row.validate(i)
}
