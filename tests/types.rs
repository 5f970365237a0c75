//! What the SDK's types promise: unknown fields kept under `extra`, one spelling per concept
//! (both wire spellings read, the wire's sent), required answer fields, and unknown keys
//! refused with the closest valid one.

mod common;

use common::Fake;
use enkash_rewards::*;
use futures_executor::block_on;
use serde_json::{json, Value};

fn opts() -> CallOptions {
    CallOptions { max_retries: Some(0), ..CallOptions::default() }
}

fn partner(fake: &Fake) -> Client<Fake> {
    Client::new(ClientConfig::new("http://api.test", "CRMXWB3ZM", Auth::AccessToken(Secret::new("t"))), fake.clone()).unwrap()
}

fn card_payload() -> Value {
    json!({"enKashCardId": "EKC1", "userId": "EKU1", "cardAccountId": "CA1", "otbBalance": 5, "enkashCardTxnId": "ECT1", "walletType": "REWARD", "flags": {"a": true}})
}

// ---------------------------------------------------------------------------------------
// extra

#[test]
fn unknown_answer_fields_are_kept_under_extra_and_nowhere_else() {
    let body = json!({"code": 0, "payload": card_payload()}).to_string();
    let card = allocation::decode_card(200, &body).unwrap();
    assert_eq!(card.extra.get("walletType"), Some(&json!("REWARD")));
    assert_eq!(card.extra.get("flags"), Some(&json!({"a": true})));
    let out = serde_json::to_value(&card).unwrap();
    assert_eq!(out["extra"], json!({"walletType": "REWARD", "flags": {"a": true}}));
    assert!(out.get("walletType").is_none() && out.get("flags").is_none(), "{out}");
    // Nested models and pages too.
    let bulk = allocation::decode_bulk(
        200,
        &json!({"code": 0, "payload": {"successBulkEnKashCardCreateDTOs": [{"email": "a@b.co", "enkashCardId": "EKC2", "rowNote": 1}], "batchId": "B1"}})
            .to_string(),
    )
    .unwrap();
    let out = serde_json::to_value(&bulk).unwrap();
    assert_eq!(out["extra"], json!({"batchId": "B1"}));
    assert_eq!(out["successBulkEnKashCardCreateDTOs"][0]["extra"], json!({"rowNote": 1}));
    // Always there, empty when there is nothing else.
    let page: Page<Value> = serde_json::from_value(json!({"data": []})).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap()["extra"], json!({}));
}

// ---------------------------------------------------------------------------------------
// Spellings

#[test]
fn the_card_and_transaction_ids_have_one_spelling_and_both_wire_spellings_are_read() {
    for (card_key, txn_key) in [("enKashCardId", "enkashCardTxnId"), ("enkashCardId", "enKashCardTxnId"), ("enKashCardId", "enKashTransactionId")] {
        let row = json!({"email": "a@b.co", card_key: "EKC9", txn_key: "ECT9"});
        let bulk = allocation::decode_bulk(200, &json!({"code": 0, "payload": {"successBulkEnKashCardCreateDTOs": [row]}}).to_string()).unwrap();
        assert_eq!(bulk.successes[0].en_kash_card_id.as_deref(), Some("EKC9"), "{card_key}");
        assert_eq!(bulk.successes[0].en_kash_transaction_id.as_deref(), Some("ECT9"), "{txn_key}");
        let out = serde_json::to_value(&bulk.successes[0]).unwrap();
        assert_eq!((out["enKashCardId"].as_str(), out["enKashTransactionId"].as_str()), (Some("EKC9"), Some("ECT9")));
        assert!(out.get("enkashCardId").is_none() && out.get("enkashCardTxnId").is_none(), "{out}");

        let mut payload = card_payload();
        let p = payload.as_object_mut().unwrap();
        p.remove("enKashCardId");
        p.remove("enkashCardTxnId");
        p.insert(card_key.into(), json!("EKC9"));
        p.insert(txn_key.into(), json!("ECT9"));
        let card = allocation::decode_card(200, &json!({"code": 0, "payload": payload}).to_string()).unwrap();
        assert_eq!((card.en_kash_card_id.as_str(), card.en_kash_transaction_id.as_deref()), ("EKC9", Some("ECT9")));
    }
    // The outcome of a bulk row says it the same way (and reads the old names back).
    let outcome = RowOutcome {
        index: 0,
        status: RowStatus::Allocated,
        reference: None,
        reason: None,
        en_kash_card_id: Some("EKC1".into()),
        en_kash_transaction_id: Some("ECT1".into()),
        balance: None,
    };
    let out = serde_json::to_value(&outcome).unwrap();
    assert_eq!((out["enKashCardId"].as_str(), out["enKashTransactionId"].as_str()), (Some("EKC1"), Some("ECT1")));
    let old: RowOutcome = serde_json::from_value(json!({"index": 0, "status": "allocated", "enkashCardId": "EKC1", "transactionId": "ECT1"})).unwrap();
    assert_eq!(old, outcome);
    assert!(outcomes_to_csv(&[outcome], None).unwrap().starts_with("index,status,reference,reason,enKashCardId,enKashTransactionId,balance"));
}

#[test]
fn requests_take_either_spelling_and_send_what_the_wire_needs() {
    let base =
        json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT", "loadAmount": 5, "uniqueReferenceNumber": "R1"});
    for key in ["enKashCardId", "enkashCardId"] {
        let mut v = base.clone();
        v[key] = json!("EKC1");
        let r = AllocationRequest::from_json(v).unwrap();
        assert_eq!(r.en_kash_card_id.as_deref(), Some("EKC1"));
        let body: Value = serde_json::from_str(r.to_endpoint().unwrap().body.as_deref().unwrap()).unwrap();
        assert_eq!(body["enkashCardId"], "EKC1", "a top-up sends the wire's enkashCardId");
        assert!(body.get("enKashCardId").is_none());
        // The incentive allocation sends the same body.
        let incentive = incentive::incentive_allocation_endpoint(&r).unwrap();
        let body: Value = serde_json::from_str(incentive.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["enkashCardId"], "EKC1", "an incentive top-up too");
        assert!(body.get("enKashCardId").is_none());

        let sso = SsoRequest::from_json(json!({"companyId": "C", "cardAccountId": "A", key: "EKC1"})).unwrap();
        assert_eq!(sso.to_endpoint().unwrap().body.as_deref(), Some(r#"{"cardAccountId":"A","companyId":"C","enkashCardId":"EKC1"}"#));
        // The SDK's own output (and so its TypeScript type) says enKashCardId.
        assert_eq!(serde_json::to_value(&sso).unwrap()["enKashCardId"], "EKC1");
    }
    for key in ["userId", "ekUserId"] {
        let filter: OrderFilter = serde_json::from_value(json!({key: "EKU1"})).unwrap();
        assert_eq!(filter.user_id.as_deref(), Some("EKU1"));
        let fake = Fake::default();
        fake.ok(200, json!({"code": 0, "payload": []}).to_string());
        let store = RedemptionClient::new(ClientConfig::redemption("http://api.test", Auth::AccessToken(Secret::new("t"))), fake.clone()).unwrap();
        block_on(store.search_orders(&filter, &PageRequest::default(), &opts())).unwrap();
        assert_eq!(fake.log()[0].body.as_deref(), Some(r#"{"ekUserId":"EKU1"}"#), "sent as the wire's ekUserId");
    }
    let cart: Cart = serde_json::from_value(json!({"id": 5, "productCatalogId": 101, "ekUserId": "EKU1"})).unwrap();
    let out = serde_json::to_value(&cart).unwrap();
    assert_eq!((&out["userId"], &out["cartId"]), (&json!("EKU1"), &json!(5)));
    assert!(out.get("ekUserId").is_none() && out.get("id").is_none(), "{out}");
    let e = serde_json::from_value::<Cart>(json!({"productCatalogId": 101})).unwrap_err();
    assert!(e.to_string().contains("cartId"), "a cart without its id: {e}");
}

// ---------------------------------------------------------------------------------------
// Required answer fields

#[test]
fn a_missing_required_answer_field_is_a_decode_error_naming_it() {
    let allocate = |payload: Value| {
        let fake = Fake::default();
        fake.ok(200, json!({"code": 0, "payload": payload}).to_string());
        let request = AllocationRequest::from_json(
            json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT", "enKashCardId": "EKC1", "loadAmount": 5, "uniqueReferenceNumber": "R1"}),
        )
        .unwrap();
        block_on(partner(&fake).create_and_allocate_points(&request, &opts()))
    };
    let mut payload = card_payload();
    payload.as_object_mut().unwrap().remove("enKashCardId");
    let e = allocate(payload).unwrap_err();
    assert_eq!(e.kind(), "decode", "{e}");
    assert!(e.to_string().contains("`enKashCardId` is missing"), "{e}");
    assert!(e.may_have_been_applied(), "the allocation may have been paid: the caller must not assume it was not");
    // Only the card id is required: a paid answer without its echo fields is a card, not an error.
    let mut payload = card_payload();
    for field in ["userId", "cardAccountId", "email", "mobile", "companyId", "otbBalance", "cardStatus"] {
        payload.as_object_mut().unwrap().remove(field);
    }
    let card = allocate(payload).unwrap();
    assert_eq!((card.en_kash_card_id.as_str(), card.user_id, card.card_account_id), ("EKC1", None, None));
    // In a page, the path names the record; a user search's short card is read.
    let fake = Fake::default();
    fake.ok(
        200,
        json!({"code": 0, "payload": {"recordsCount": 2, "data": [{"enKashCardId": "EKC2", "email": "a@b.co"}, {"cardAccountId": "CA1"}]}}).to_string(),
    );
    let e = block_on(partner(&fake).get_user_details(&UserDetailsRequest { company_id: "C".into(), card_account_id: "A".into() }, &opts())).unwrap_err();
    assert_eq!(e.kind(), "decode");
    assert!(e.to_string().contains("`data[1].enKashCardId` is missing"), "{e}");
    // The primary card of account details: every field is optional.
    let details = block_on(async {
        let fake = Fake::default();
        fake.ok(
            200,
            json!({"response_code": 0, "payload": {"companyId": "C", "cardAccountId": "A", "availableBalance": 5, "primaryEnKashCard": {"cardStatus": "UL"}}})
                .to_string(),
        );
        partner(&fake).get_reward_account_details(&AccountDetailsRequest { company_id: "C".into(), card_account_id: "A".into() }, &opts()).await
    })
    .unwrap();
    assert_eq!(details.primary_en_kash_card.unwrap().en_kash_card_id, None);
    // Account details.
    let e = block_on(async {
        let fake = Fake::default();
        fake.ok(200, json!({"response_code": 0, "payload": {"companyId": "C", "cardAccountId": "A"}}).to_string());
        partner(&fake).get_reward_account_details(&AccountDetailsRequest { company_id: "C".into(), card_account_id: "A".into() }, &opts()).await
    })
    .unwrap_err();
    assert!(e.kind() == "decode" && e.to_string().contains("availableBalance"), "{e}");
}

#[test]
fn bulk_counts_are_always_there() {
    let r = allocation::decode_bulk(
        200,
        &json!({"code": 0, "payload": {"successBulkEnKashCardCreateDTOs": [{"email": "a@b.co"}], "failureBulkEnKashCardCreateDTOs": [{}, {}], "successCount": "7"}})
            .to_string(),
    )
    .unwrap();
    assert_eq!((r.success_count, r.failure_count, r.total_count), (7, 2, 3), "stated counts kept, missing ones counted");
}

// ---------------------------------------------------------------------------------------
// Unknown keys

#[test]
fn unknown_request_keys_are_refused_naming_the_closest() {
    let v = json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT", "enKashCardId": "E", "loadAmount": 5, "uniqueReferenceNumber": "R1", "emial": "a@b.co"});
    let errors = AllocationRequest::from_json(v).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].field.as_str(), errors[0].code), ("emial", FieldErrorCode::UnknownField));
    assert_eq!(errors[0].message, r#"unknown field "emial"; did you mean "email"?"#);

    let errors = allocation::rows_from_json(json!([{"title": "Mr", "name": "A", "email": "a@b.co", "mobile": "9876543210", "loadAmount": 1, "remark": "x"}]))
        .unwrap_err();
    assert_eq!((errors[0].field.as_str(), errors[0].code, errors[0].row), ("remark", FieldErrorCode::UnknownField, Some(0)));
    assert!(errors[0].message.contains(r#"did you mean "remarks"?"#), "{}", errors[0].message);
    let errors =
        allocation::rows_from_json_text(r#"[{"title": "Mr", "name": "A", "email": "a@b.co", "mobile": "9876543210", "loadAmount": 1, "remark": "x"}]"#)
            .unwrap_err();
    assert_eq!((errors[0].field.as_str(), errors[0].row), ("remark", Some(0)), "the text path says the same");

    let errors = BulkRequest::from_json(json!({"companyId": "C", "cardAccountId": "A", "isPointAllocation": true, "rows": []})).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains(r#"did you mean "isPointsAllocation"?"#)), "{errors:?}");

    let errors = SsoRequest::from_json(json!({"companyId": "C", "cardAccountId": "A", "enKashCardId": "E", "partner": "hrms"})).unwrap_err();
    assert_eq!(errors[0].code, FieldErrorCode::UnknownField);
}

#[test]
fn paging_says_page_size_and_limit_is_refused_naming_it() {
    let p: PageRequest = serde_json::from_value(json!({"pageSize": 10, "offset": 20})).unwrap();
    assert_eq!(p, PageRequest { page_size: Some(10), offset: Some(20) });
    let e = TransactionFilter::from_json(json!({})).unwrap_err();
    assert!(!e.is_empty());
    // The wire keeps limit and offset.
    let fake = Fake::default();
    fake.ok(200, json!({"code": 0, "payload": []}).to_string());
    let store = RedemptionClient::new(ClientConfig::redemption("http://api.test", Auth::AccessToken(Secret::new("t"))), fake.clone()).unwrap();
    block_on(store.search_orders(&OrderFilter::default(), &p, &opts())).unwrap();
    assert!(fake.log()[0].url.ends_with("?limit=10&offset=20"), "{}", fake.log()[0].url);
    assert_eq!(PageRequest { page_size: Some(0), offset: None }.validate()[0].field, "pageSize");
}
