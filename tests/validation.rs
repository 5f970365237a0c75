//! Every request type's rules, both sides: a valid input passes; each broken rule is reported
//! with its field and code.

use enkash_rewards::*;
use serde_json::{json, Value};

fn check<R: Request>(valid: Value, broken: &[(Value, &str, FieldErrorCode)]) {
    if let Err(e) = R::from_json(valid.clone()) {
        panic!("valid input refused: {valid} -> {e:?}");
    }
    for (input, field, code) in broken {
        let errors = R::from_json(input.clone()).err().unwrap_or_else(|| panic!("accepted: {input}"));
        assert!(errors.iter().any(|e| e.field == *field && e.code == *code), "{input}: expected {field}/{code:?}, got {errors:?}");
    }
}

fn with(base: &Value, key: &str, v: Value) -> Value {
    let mut b = base.clone();
    if v.is_null() {
        b.as_object_mut().unwrap().remove(key);
    } else {
        b[key] = v;
    }
    b
}

use FieldErrorCode::*;

#[test]
fn sso_request() {
    let ok = json!({"cardAccountId": "A", "companyId": "C", "enkashCardId": "E"});
    check::<SsoRequest>(
        ok.clone(),
        &[
            (with(&ok, "enkashCardId", Value::Null), "enKashCardId", Required),
            (with(&ok, "companyId", json!(" ")), "companyId", Required),
            (with(&ok, "cardAccountId", json!(5)), "cardAccountId", InvalidType),
        ],
    );
    assert!(SsoRequest::from_json(json!({"cardAccountId": "A", "companyId": "C", "enKashCardId": "E"})).is_ok(), "either spelling");
}

#[test]
fn account_requests() {
    let ok = json!({"companyId": "C", "cardAccountId": "A"});
    let broken = [(with(&ok, "companyId", Value::Null), "companyId", Required), (with(&ok, "cardAccountId", json!("")), "cardAccountId", Required)];
    check::<AccountDetailsRequest>(ok.clone(), &broken);
    check::<UserDetailsRequest>(ok.clone(), &broken);
    check::<UserCardDetailsRequest>(with(&ok, "enKashCardId", json!("E")), &[(with(&ok, "enKashCardId", json!("")), "enKashCardId", Required)]);
    let inc = with(&ok, "enKashCardId", json!("E"));
    check::<IncentiveUserDetailsRequest>(
        inc.clone(),
        &[(ok.clone(), "enKashCardId", Required), (with(&inc, "enKashCardId", json!(" ")), "enKashCardId", Required)],
    );
}

#[test]
fn transaction_filter() {
    let ok = json!({"companyId": "C", "cardAccountId": "A", "enKashCardId": "E", "amountFrom": 1, "amountTo": 2.5,
        "txnDateFrom": "2024-06-01T00:00:00", "txnDateTo": "2024-06-30T23:59:59.999+05:30", "cardTransactionType": "DR", "pgReferenceNumbers": ["a"]});
    check::<TransactionFilter>(
        ok.clone(),
        &[
            (with(&ok, "enKashCardId", Value::Null), "enKashCardId", Required),
            (with(&ok, "pgReferenceNumber", json!("")), "pgReferenceNumber", Required),
            (with(&ok, "amountFrom", json!(-1)), "amountFrom", OutOfRange),
            (with(&ok, "amountTo", json!(0.001)), "amountTo", TooPrecise),
            (with(&ok, "amountFrom", json!(3)), "amountTo", OutOfRange),
            (with(&ok, "txnDateFrom", json!("01/06/2024")), "txnDateFrom", InvalidFormat),
            (with(&ok, "txnDateTo", json!("2024-05-01T00:00:00")), "txnDateTo", OutOfRange),
            (with(&ok, "cardTransactionType", json!("XX")), "cardTransactionType", InvalidValue),
            (with(&ok, "status", json!(" ")), "status", Required),
        ],
    );
}

#[test]
fn page_requests() {
    assert!(PageRequest { page_size: Some(1000), offset: Some(0) }.validate().is_empty());
    assert_eq!(PageRequest { page_size: Some(0), offset: None }.validate()[0].code, OutOfRange);
    assert_eq!(PageRequest { page_size: None, offset: Some(-5) }.validate()[0].field, "offset");
}

#[test]
fn coin_requests() {
    let ok = json!({"configuration": "DEFAULT", "companyId": "C", "event": "MEAL_CARD_PAYMENT", "amount": 10});
    check::<CoinEventRequest>(
        ok.clone(),
        &[
            (with(&ok, "amount", json!(0)), "amount", OutOfRange),
            (with(&ok, "amount", json!(-3)), "amount", OutOfRange),
            (with(&ok, "amount", json!(2.5)), "amount", InvalidType),
            (with(&ok, "event", json!("")), "event", Required),
            (with(&ok, "configuration", Value::Null), "configuration", Required),
        ],
    );
    check::<CoinEventPatch>(
        json!({"event": "X"}),
        &[(json!({}), "patch", Empty), (json!({"amount": 0}), "amount", OutOfRange), (json!({"companyId": ""}), "companyId", Required)],
    );
    let alloc = json!({"companyId": "C", "event": "E", "requestId": "R", "userId": 42});
    check::<AllocateCoinsRequest>(
        alloc.clone(),
        &[
            (with(&alloc, "requestId", Value::Null), "requestId", Required),
            (with(&alloc, "requestId", json!("  ")), "requestId", Required),
            (with(&alloc, "userId", json!(true)), "userId", InvalidType),
        ],
    );
    assert_eq!(AllocateCoinsRequest::from_json(alloc).unwrap().user_id, "42", "numeric user ids are accepted as text");
}

#[test]
fn redemption_requests() {
    check::<CartQuery>(json!({"product": "VOUCHER"}), &[(json!({"product": "Voucher"}), "product", InvalidFormat), (json!({}), "product", Required)]);
    let add = json!({"product": "VOUCHER", "productCatalogId": 101, "items": {"1011": {"quantity": 2}}});
    check::<AddToCartRequest>(
        add.clone(),
        &[
            (with(&add, "items", json!({})), "items", Empty),
            (with(&add, "items", json!({"1011": {"quantity": 0}})), "items.1011.quantity", OutOfRange),
            (with(&add, "items", json!({"1011": {"quantity": 10001}})), "items.1011.quantity", OutOfRange),
            (with(&add, "items", json!({"1011": {"quantity": "2"}})), "quantity", InvalidType),
            (with(&add, "productCatalogId", json!("")), "productCatalogId", Required),
            (with(&add, "productCatalogId", json!(-1)), "productCatalogId", Required),
        ],
    );
    assert!(AddToCartRequest::from_json(with(&add, "productCatalogId", json!("PC-101"))).is_ok(), "text ids too");
    let update = json!({"product": "VOUCHER", "cartId": 5, "items": {"1011": {"quantity": 0}}});
    check::<UpdateCartRequest>(
        update.clone(),
        &[(with(&update, "cartId", json!(0)), "cartId", OutOfRange), (with(&update, "cartId", json!("5")), "cartId", InvalidType)],
    );
    let order = json!({"denomination": 500, "orderReferenceId": "O-1", "productCatalogId": 101, "quantity": 1});
    check::<CreateOrderRequest>(
        order.clone(),
        &[
            (with(&order, "denomination", json!(0)), "denomination", OutOfRange),
            (with(&order, "denomination", json!(499.5)), "denomination", InvalidType),
            (with(&order, "quantity", json!(0)), "quantity", OutOfRange),
            (with(&order, "quantity", json!(20000)), "quantity", OutOfRange),
            (with(&order, "orderReferenceId", json!("")), "orderReferenceId", Required),
            (with(&order, "productCatalogId", Value::Null), "productCatalogId", Required),
        ],
    );
    let f = json!({"amountFrom": 1, "amountTo": 5, "createdOnFrom": "2024-01-01T00:00:00", "direction": "asc", "email": "a@b.co", "anything": [1]});
    check::<OrderFilter>(
        f.clone(),
        &[
            (with(&f, "amountTo", json!(0.5)), "amountTo", OutOfRange),
            (with(&f, "direction", json!("UP")), "direction", InvalidValue),
            (with(&f, "email", json!("nope")), "email", InvalidFormat),
            (with(&f, "createdOnTo", json!("2023-01-01T00:00:00")), "createdOnTo", OutOfRange),
            (with(&f, "enkashDiscountFrom", json!(-2)), "enkashDiscountFrom", OutOfRange),
        ],
    );
    check::<CatalogQuery>(json!({"brand": "x"}), &[(json!({"product": "x"}), "product", InvalidFormat)]);
}

#[test]
fn sso_redirect_input() {
    let ok = json!({"ssoHost": "https://home.enkash.com", "accessToken": "t", "audience": "employee_rewards", "partner": "hrms"});
    check::<SsoRedirect>(
        ok.clone(),
        &[
            (with(&ok, "audience", json!("admin")), "audience", InvalidValue),
            (with(&ok, "ssoHost", json!("home.enkash.com")), "ssoHost", InvalidFormat),
            (with(&ok, "partner", Value::Null), "partner", Required),
        ],
    );
}
