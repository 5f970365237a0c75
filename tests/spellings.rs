//! Both spellings of one field at once (`enKashCardId` and `enkashCardId`, ...): an answer
//! still decodes (the SDK's spelling wins, the other stays in `extra`); an input is read once
//! when the values agree and refused naming both when they differ. And unknown keys: found
//! by the type's field list (not by reading serde's message), shortened, masked, and never
//! answered with an other spelling.

use enkash_rewards::*;
use serde_json::{json, Value};

fn card_answer(payload: Value) -> Result<Value, Error> {
    allocation::decode_card(200, &json!({"code": 0, "payload": payload}).to_string()).map(|c| serde_json::to_value(c).unwrap())
}

#[test]
fn a_paid_card_answer_with_both_spellings_decodes_and_keeps_the_other_in_extra() {
    let card = card_answer(json!({
        "enKashCardId": "EKC-SDK", "enkashCardId": "EKC-WIRE",
        "userId": "U-SDK", "ekUserId": "U-WIRE", "cardAccountId": "CA1",
        "enKashTransactionId": "TX-SDK", "enkashCardTxnId": "TX-WIRE", "enKashCardTxnId": "TX-WIRE2",
    }))
    .unwrap();
    assert_eq!((&card["enKashCardId"], &card["userId"], &card["enKashTransactionId"]), (&json!("EKC-SDK"), &json!("U-SDK"), &json!("TX-SDK")));
    assert_eq!(card["extra"], json!({"enkashCardId": "EKC-WIRE", "ekUserId": "U-WIRE", "enkashCardTxnId": "TX-WIRE", "enKashCardTxnId": "TX-WIRE2"}));
    // Only the other spelling: it fills the SDK's field and is not repeated in extra.
    let card = card_answer(json!({"enkashCardId": "EKC-WIRE", "ekUserId": "U", "enKashCardTxnId": "T2", "enkashCardTxnId": "T1"})).unwrap();
    assert_eq!((&card["enKashCardId"], &card["userId"], &card["enKashTransactionId"]), (&json!("EKC-WIRE"), &json!("U"), &json!("T1")));
    assert_eq!(card["extra"], json!({"enKashCardTxnId": "T2"}));
    // A wrong value under the other spelling is still a decode error naming that key.
    let e = card_answer(json!({"enkashCardId": 7})).unwrap_err();
    assert!(e.kind() == "decode" && e.to_string().contains("enkashCardId"), "{e}");
}

#[test]
fn bulk_result_rows_carts_and_orders_with_both_spellings_decode() {
    let r = allocation::decode_bulk(
        200,
        &json!({"code": 0, "payload": {"successBulkEnKashCardCreateDTOs": [{
            "email": "a@b.co", "enKashCardId": "S", "enkashCardId": "W", "enKashTransactionId": "TS", "enkashCardTxnId": "TW",
            "uniqueReferenceNumber": "R", "uniqueReferenceNum": "R-OTHER"}]}})
        .to_string(),
    )
    .unwrap();
    let row = serde_json::to_value(&r.successes[0]).unwrap();
    assert_eq!((&row["enKashCardId"], &row["enKashTransactionId"], &row["uniqueReferenceNumber"]), (&json!("S"), &json!("TS"), &json!("R")));

    let cart: redemption::Cart = serde_json::from_value(json!({"cartId": 5, "id": 6, "userId": "U", "ekUserId": "U2", "productCatalogId": 9})).unwrap();
    let cart = serde_json::to_value(cart).unwrap();
    assert_eq!((&cart["cartId"], &cart["userId"], &cart["extra"]["id"], &cart["extra"]["ekUserId"]), (&json!(5), &json!("U"), &json!(6), &json!("U2")));

    // A create-order answer carries voucher PINs: it must never be lost to a decode error.
    let order: redemption::Order = serde_json::from_value(json!({"orderReferenceId": "MINE", "partnerOrderReferenceId": "PARTNER", "orderId": 1})).unwrap();
    let order = serde_json::to_value(order).unwrap();
    assert_eq!((&order["orderReferenceId"], &order["extra"]["partnerOrderReferenceId"]), (&json!("MINE"), &json!("PARTNER")));
    let order: redemption::Order = serde_json::from_value(json!({"partnerOrderReferenceId": "PARTNER"})).unwrap();
    assert_eq!(order.order_reference_id.as_deref(), Some("PARTNER"));
}

fn allocation_input(extra: Value) -> Value {
    let mut v =
        json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT", "loadAmount": 5, "uniqueReferenceNumber": "R1"});
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

#[test]
fn an_input_with_both_spellings_is_read_once_or_refused_naming_both() {
    let r = AllocationRequest::from_json(allocation_input(json!({"enKashCardId": "E", "enkashCardId": "E"}))).unwrap();
    assert_eq!(r.en_kash_card_id.as_deref(), Some("E"));
    let errors = AllocationRequest::from_json(allocation_input(json!({"enKashCardId": "E", "enkashCardId": "F"}))).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].field.as_str(), errors[0].code), ("enKashCardId", FieldErrorCode::Mismatch), "{errors:?}");
    assert!(errors[0].message.contains("enKashCardId") && errors[0].message.contains("enkashCardId"), "{}", errors[0].message);
    assert!(!errors[0].message.contains("duplicate"), "{}", errors[0].message);
    let errors = SsoRequest::from_json(json!({"companyId": "C", "cardAccountId": "A", "enKashCardId": "E", "enkashCardId": "F"})).unwrap_err();
    assert_eq!(errors[0].code, FieldErrorCode::Mismatch, "{errors:?}");
}

#[test]
fn unknown_keys_are_found_by_the_field_list_shortened_masked_and_answered_with_the_sdk_spelling() {
    let first = |extra: Value| AllocationRequest::from_json(allocation_input(extra)).unwrap_err().remove(0);
    // A backtick in the key does not confuse the check.
    let e = first(json!({"enKashCardId": "E", "emai`l": "a@b.co"}));
    assert_eq!((e.field.as_str(), e.code), ("emai`l", FieldErrorCode::UnknownField), "{e:?}");
    assert!(e.message.contains(r#"did you mean "email"?"#), "{}", e.message);
    // A 2 MB key: shortened in the field and the message, and no suggestion searched for.
    let huge = "x".repeat(2 << 20);
    let e = first(json!({"enKashCardId": "E", huge: 1}));
    assert_eq!((e.field.as_str(), e.code), (format!("{}…", "x".repeat(32)).as_str(), FieldErrorCode::UnknownField));
    assert!(e.message.len() < 1000, "{} bytes", e.message.len());
    // An email-like key is masked wherever it is shown.
    let e = first(json!({"enKashCardId": "E", "asha.secret@corp.com": 1}));
    assert_eq!(e.code, FieldErrorCode::UnknownField);
    assert!(!format!("{e:?}").contains("asha.secret"), "{e:?}");
    // Suggestions and the known list name the SDK's spellings only.
    let e = first(json!({"enKashCardId": "E", "enkashCardIdd": 1}));
    assert!(e.message.contains(r#"did you mean "enKashCardId"?"#), "{}", e.message);
    let e = first(json!({"enKashCardId": "E", "zzzzzzzzzz": 1}));
    assert!(e.message.contains("known: ") && e.message.contains("uniqueReferenceNumber"), "{}", e.message);
    assert!(!e.message.contains("enkashCardId") && !e.message.contains("uniqueReferenceNum,"), "{}", e.message);
}

#[test]
fn bulk_rows_with_both_spellings_of_the_reference_are_one_value_or_refused() {
    let row =
        r#"{"title": "Mr", "name": "A", "email": "a@b.co", "mobile": "9876543210", "loadAmount": 1, "uniqueReferenceNumber": "R1", "uniqueReferenceNum": "#;
    let rows = allocation::rows_from_json_text(&format!(r#"[{row}"R1"}}]"#)).unwrap();
    assert_eq!(rows[0].unique_reference_number.as_deref(), Some("R1"));
    let errors = allocation::rows_from_json_text(&format!(r#"[{row}"R2"}}]"#)).unwrap_err();
    assert_eq!((errors[0].field.as_str(), errors[0].code, errors[0].row), ("uniqueReferenceNumber", FieldErrorCode::Mismatch, Some(0)), "{errors:?}");
    let rows = allocation::rows_from_json_text(
        r#"[{"title": "Mr", "name": "A", "email": "a@b.co", "mobile": "9876543210", "loadAmount": 1, "uniqueReferenceNum": "R3"}]"#,
    )
    .unwrap();
    assert_eq!(rows[0].unique_reference_number.as_deref(), Some("R3"));
}
