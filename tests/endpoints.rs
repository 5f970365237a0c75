//! Every endpoint natively: the exact request (method, URL, headers, body bytes) and the
//! decoding of each SPEC variant that applies to its answer, over a fake transport.

mod common;

use common::{fixture, Fake};
use enkash_rewards::*;
use futures_executor::block_on;
use serde_json::{json, Value};

const API: &str = "http://api.test";
const STORE: &str = "http://store.test";

/// One attempt: these tests look at decoding, including answers that would be retried.
fn opts() -> CallOptions {
    CallOptions { max_retries: Some(0), ..CallOptions::default() }
}

fn partner(fake: &Fake) -> Client<Fake> {
    let mut c = ClientConfig::new(API, "CRMXWB3ZM", Auth::AccessToken(Secret::new("partner-token")));
    c.sso_host = Some("https://invoice-uat.enkash.in".into());
    Client::new(c, fake.clone()).unwrap()
}

fn shopper(fake: &Fake) -> RedemptionClient<Fake> {
    let mut c = ClientConfig::redemption(API, Auth::AccessToken(Secret::new("user-token")));
    c.redemption_base_url = Some(STORE.into());
    RedemptionClient::new(c, fake.clone()).unwrap()
}

/// Runs one call against a fake that answers `response`; returns the request sent and the result.
fn exchange<R>(response: Value, call: impl FnOnce(&Fake) -> R) -> (HttpRequest, R) {
    let fake = Fake::default();
    fake.ok(200, response.to_string());
    let result = call(&fake);
    let log = fake.log();
    assert_eq!(log.len(), 1, "one request");
    (log[0].clone(), result)
}

/// Asserts the request line, the auth headers and the exact body bytes.
fn sent(req: &HttpRequest, method: Method, url: &str, body: Option<&str>, partner: bool) {
    assert_eq!(req.method, method);
    assert_eq!(req.url, url);
    assert_eq!(req.body.as_deref(), body);
    assert_eq!(req.header("partnerId"), partner.then_some("CRMXWB3ZM"), "partnerId on {url}");
    assert_eq!(req.header("Content-Type"), body.map(|_| "application/json"));
    assert!(req.header("Authorization").unwrap().starts_with("Bearer "));
}

fn env(payload: Value) -> Value {
    json!({"code": 0, "message": "Success", "payload": payload})
}

fn renv(payload: Value) -> Value {
    json!({"response_code": "0", "response_message": "Success", "payload": payload})
}

// ---------------------------------------------------------------------------------------
// Token APIs

#[test]
fn sso_token() {
    let req = SsoRequest { card_account_id: "CAQL8YCV3".into(), company_id: "CEK1PU9AOO".into(), en_kash_card_id: "EKC04AZHXP".into() };
    for (answer, extra) in [
        (env(json!({"access_token": "sso-1", "expires_in": 300})), Some("expires_in")),
        (env(json!({"accessToken": "sso-1"})), None),
        (env(json!({"token": "sso-1"})), None),
        (env(json!("sso-1")), None),
        (json!({"ssoToken": "sso-1"}), None),
    ] {
        let (r, out) = exchange(answer, |f| block_on(partner(f).sso_token(&req, &opts())));
        sent(
            &r,
            Method::Post,
            "http://api.test/api/v0/partner/enKashCard/sso-token",
            Some(r#"{"cardAccountId":"CAQL8YCV3","companyId":"CEK1PU9AOO","enkashCardId":"EKC04AZHXP"}"#),
            true,
        );
        let out = out.unwrap();
        assert_eq!(out.access_token.expose(), "sso-1");
        assert_eq!(out.extra.contains_key("expires_in"), extra.is_some());
        assert!(!format!("{out:?}").contains("sso-1"));
    }
    let (_, out) = exchange(env(json!({"nothing": 1})), |f| block_on(partner(f).sso_token(&req, &opts())));
    assert_eq!(out.unwrap_err().kind(), "decode");
}

#[test]
fn sso_redirect_url_for_both_audiences() {
    let c = partner(&Fake::default());
    let mut input = SsoRedirect { sso_host: String::new(), access_token: Secret::new("tok/1"), audience: SsoAudience::EmployeeRewards, partner: "hrms".into() };
    assert_eq!(c.sso_redirect_url(&input).unwrap(), "https://invoice-uat.enkash.in/sso/tok%2F1/employee_rewards/hrms");
    input.sso_host = "https://home.enkash.com/".into();
    input.audience = SsoAudience::RewardAccount;
    assert_eq!(sso_redirect_url(&input).unwrap(), "https://home.enkash.com/sso/tok%2F1/reward_account/hrms");
    input.partner = " ".into();
    assert_eq!(sso_redirect_url(&input).unwrap_err().field_errors()[0].field, "partner");
    input.partner = "hrms".into();
    input.access_token = Secret::new("");
    assert_eq!(sso_redirect_url(&input).unwrap_err().field_errors()[0].field, "accessToken");
    input.access_token = Secret::new("t");
    input.sso_host = "ftp://x".into();
    assert_eq!(sso_redirect_url(&input).unwrap_err().field_errors()[0].code, FieldErrorCode::InvalidFormat);
}

// ---------------------------------------------------------------------------------------
// Reward allocation reads

#[test]
fn reward_account_details() {
    let req = AccountDetailsRequest { company_id: "CEK1PU9AOO".into(), card_account_id: "CAQL8YCV3".into() };
    let answer = renv(json!({
        "availableBalance": 38628, "totalCards": "12", "companyName": "Test Company", "companyId": "CEK1PU9AOO",
        "cardAccountId": "CAQL8YCV3", "activeCards": 10, "totalAllocationPoint": 1200.5, "totalRedemptionPoint": "100",
        "currentMonthAllocationPoint": 11, "currentMonthRedemptionPoint": 0, "creditLimit": 0, "dynamicLimit": 0,
        "usedCreditLimit": 0, "availableCardBalance": 99.99,
        "primaryEnKashCard": {"enKashCardId": "EKCPRIMARY", "cardStatus": "UL"}, "walletType": "REWARD"
    }));
    let (r, out) = exchange(answer, |f| block_on(partner(f).get_reward_account_details(&req, &opts())));
    sent(
        &r,
        Method::Post,
        "http://api.test/api/v0/partner/enKashCard/cardAccount/get",
        Some(r#"{"companyId":"CEK1PU9AOO","cardAccountId":"CAQL8YCV3"}"#),
        true,
    );
    let a = out.unwrap();
    assert_eq!((a.available_balance, a.total_cards, a.total_redemption_point), (38628.0, Some(12), Some(100.0)));
    assert_eq!(a.primary_en_kash_card.unwrap().en_kash_card_id.as_deref(), Some("EKCPRIMARY"));
    assert_eq!(a.extra.get("walletType"), Some(&json!("REWARD")));
    // A business failure in the other envelope style.
    let (_, out) = exchange(json!({"response_code": 1, "response_message": "Card account is blocked"}), |f| {
        block_on(partner(f).get_reward_account_details(&req, &opts()))
    });
    assert_eq!(out.unwrap_err().to_string(), "Card account is blocked");
}

fn filter() -> TransactionFilter {
    TransactionFilter {
        company_id: "CEK1PU9AOO".into(),
        card_account_id: "CAQL8YCV3".into(),
        en_kash_card_id: "EKC04AZHXP".into(),
        pg_reference_number: Some("TEST234236".into()),
        card_transaction_type: Some(TransactionType::Credit),
        amount_from: Some(1.0),
        txn_date_from: Some("2024-06-01T00:00:00".into()),
        ..Default::default()
    }
}

#[test]
fn reward_and_incentive_transaction_details() {
    let expected_body = r#"{"companyId":"CEK1PU9AOO","cardAccountId":"CAQL8YCV3","enKashCardId":"EKC04AZHXP","pgReferenceNumber":"TEST234236","cardTransactionType":"CR","amountFrom":1.0,"txnDateFrom":"2024-06-01T00:00:00"}"#;
    let txn = json!({"enKashTransactionId": "ECTRSZJ8CRJ2E", "pgReferenceNumber": "TEST234236", "amount": 11, "cardTransactionType": "CR", "status": "CREATED", "createdOn": "Jun 20, 2024 2:56:47 PM", "merchant": "x"});
    for answer in [
        env(json!({"recordsCount": 7, "data": [txn]})),
        env(json!({"content": [txn], "totalElements": 7})),
        json!({"recordsCount": "7", "data": [txn]}),
        json!([txn]),
    ] {
        let page = PageRequest { page_size: Some(10), offset: Some(20) };
        let (r, out) = exchange(answer.clone(), |f| block_on(partner(f).get_reward_transaction_details(&filter(), &page, &opts())));
        sent(&r, Method::Post, "http://api.test/api/v0/partner/enKashCard/transaction/all?limit=10&offset=20", Some(expected_body), true);
        let p = out.unwrap();
        assert_eq!(p.data[0].en_kash_transaction_id.as_deref(), Some("ECTRSZJ8CRJ2E"));
        assert_eq!(p.data[0].amount, Some(11.0));
        assert_eq!(p.data[0].extra.get("merchant"), Some(&json!("x")));
        assert_eq!(p.records_count, if answer.is_array() { None } else { Some(7) });
        let (r, out) = exchange(answer, |f| block_on(partner(f).get_incentive_transaction_details(&filter(), &PageRequest::default(), &opts())));
        sent(&r, Method::Post, "http://api.test/api/v0/partner/enKashCard/transaction/all?limit=50&offset=0", Some(expected_body), true);
        assert_eq!(out.unwrap().data.len(), 1);
    }
}

fn card_page() -> Value {
    env(
        json!({"recordsCount": 1, "data": [{"enKashCardId": "EKC04AZHXP", "userId": "EKIQB4L2", "cardAccountId": "CAQL8YCV3", "expiryMonth": "06", "expiryYear": "2026", "email": "xyz2@gmail.com", "mobile": "9600098867", "title": "Mr", "firstName": "hedfdfg"}]}),
    )
}

#[test]
fn user_details_user_card_details_and_incentive_user_details() {
    let check = |r: &HttpRequest, body: &str, out: Result<Page<Card>, Error>| {
        sent(r, Method::Post, "http://api.test/api/v0/partner/enKashCard/search", Some(body), true);
        let p = out.unwrap();
        assert_eq!(p.records_count, Some(1));
        assert_eq!(p.data[0].expiry_year.as_deref(), Some("2026"));
    };
    let (r, out) =
        exchange(card_page(), |f| block_on(partner(f).get_user_details(&UserDetailsRequest { company_id: "C".into(), card_account_id: "A".into() }, &opts())));
    check(&r, r#"{"companyId":"C","cardAccountId":"A"}"#, out);
    let req = UserCardDetailsRequest { company_id: "C".into(), card_account_id: "A".into(), en_kash_card_id: Some("E".into()) };
    let (r, out) = exchange(card_page(), |f| block_on(partner(f).get_user_card_details(&req, &opts())));
    check(&r, r#"{"companyId":"C","cardAccountId":"A","enKashCardId":"E"}"#, out);
    let req = UserCardDetailsRequest { en_kash_card_id: None, ..req };
    let (r, out) = exchange(card_page(), |f| block_on(partner(f).get_user_card_details(&req, &opts())));
    check(&r, r#"{"companyId":"C","cardAccountId":"A"}"#, out);
    let req = IncentiveUserDetailsRequest { company_id: "C".into(), card_account_id: "A".into(), en_kash_card_id: "E".into() };
    let (r, out) = exchange(card_page(), |f| block_on(partner(f).get_incentive_user_details(&req, &opts())));
    check(&r, r#"{"companyId":"C","cardAccountId":"A","enKashCardId":"E"}"#, out);
}

#[test]
fn incentive_allocation_on_both_paths() {
    let req = AllocationRequest::from_json(serde_json::from_str(&fixture("seed000-request.json")).unwrap()).unwrap();
    let answer: Value = serde_json::from_str(&fixture("seed000-response.json")).unwrap();
    let (r, out) = exchange(answer.clone(), |f| block_on(partner(f).incentive_create_and_allocate(&req, &opts())));
    assert_eq!(r.url, "http://api.test/api/v0/partner/enKashCard/create-allocate-points");
    assert_eq!(r.body, req.to_endpoint().unwrap().body, "same body as reward allocation");
    assert_eq!(out.unwrap().en_kash_card_id, "EKC04AZHXP");
    let fake = Fake::default();
    fake.ok(200, answer.to_string());
    let mut config = ClientConfig::new(API, "CRMXWB3ZM", Auth::AccessToken(Secret::new("t")));
    config.paths.insert("incentiveCreateAndAllocate".into(), incentive::INCENTIVE_ALLOCATE_GUIDE_PATH.into());
    block_on(Client::new(config, fake.clone()).unwrap().incentive_create_and_allocate(&req, &opts())).unwrap();
    assert_eq!(fake.log()[0].url, "http://api.test/api/v0/partner/enKashCard/points/allocate");
}

// ---------------------------------------------------------------------------------------
// Coins

#[test]
fn coin_events() {
    let create = CoinEventRequest { configuration: "DEFAULT".into(), company_id: "CEK1PU9AOO".into(), event: "MEAL_CARD_PAYMENT".into(), amount: 10 };
    for answer in [
        renv(json!({"coinConfigId": 7, "configuration": "DEFAULT", "event": "MEAL_CARD_PAYMENT", "amount": 10, "createdBy": "x"})),
        json!({"coinConfigId": "7", "configuration": "DEFAULT", "event": "MEAL_CARD_PAYMENT", "amount": "10", "createdBy": "x"}),
    ] {
        let (r, out) = exchange(answer, |f| block_on(partner(f).create_coin_event(&create, &opts())));
        sent(
            &r,
            Method::Post,
            "http://api.test/api/v0/enkash-coins/create-coins-config",
            Some(r#"{"configuration":"DEFAULT","companyId":"CEK1PU9AOO","event":"MEAL_CARD_PAYMENT","amount":10}"#),
            true,
        );
        let e = out.unwrap();
        assert_eq!((e.coin_config_id.as_deref(), e.amount), (Some("7"), Some(10.0)));
        assert_eq!(e.extra.get("createdBy"), Some(&json!("x")));
    }
    let (r, out) = exchange(renv(json!({"coinConfigId": 7, "amount": 10})), |f| block_on(partner(f).get_coin_event("7", &opts())));
    sent(&r, Method::Get, "http://api.test/api/v0/enkash-coins/7", None, true);
    assert_eq!(out.unwrap().coin_config_id.as_deref(), Some("7"));
    let patch = CoinEventPatch { amount: Some(40), ..Default::default() };
    let (r, out) = exchange(renv(json!({"coinConfigId": 7, "configuration": "DEFAULT", "event": "MEAL_CARD_PAYMENT", "amount": 40})), |f| {
        block_on(partner(f).update_coin_event("7", &patch, &opts()))
    });
    sent(&r, Method::Patch, "http://api.test/api/v0/enkash-coins/7", Some(r#"{"amount":40}"#), true);
    assert_eq!(out.unwrap().amount, Some(40.0));
}

#[test]
fn allocate_coins_and_balance() {
    let req = AllocateCoinsRequest { company_id: "C".into(), event: "MEAL_CARD_PAYMENT".into(), request_id: "REQ-1".into(), user_id: "EKIQB4L2".into() };
    for (answer, message) in [
        (renv(json!("Coins allocated")), "Coins allocated"),
        (json!("Coins allocated"), "Coins allocated"),
        (renv(json!({"status": "OK"})), r#"{"status":"OK"}"#),
    ] {
        let (r, out) = exchange(answer, |f| block_on(partner(f).allocate_coins(&req, &opts())));
        sent(
            &r,
            Method::Post,
            "http://api.test/api/v0/enkash-coins/allocate-coin",
            Some(r#"{"companyId":"C","event":"MEAL_CARD_PAYMENT","requestId":"REQ-1","userId":"EKIQB4L2"}"#),
            true,
        );
        assert_eq!(out.unwrap(), message);
    }
    for answer in [renv(json!(120)), renv(json!("120")), json!(120), renv(json!({"balance": 120}))] {
        let (r, out) = exchange(answer, |f| block_on(partner(f).get_coin_balance("EKI Q&B", &opts())));
        sent(&r, Method::Get, "http://api.test/api/v0/coins/balance?userId=EKI+Q%26B", None, true);
        assert_eq!(out.unwrap(), 120.0);
    }
    let (_, out) = exchange(renv(json!({"nothing": true})), |f| block_on(partner(f).get_coin_balance("U", &opts())));
    assert_eq!(out.unwrap_err().kind(), "decode");
}

// ---------------------------------------------------------------------------------------
// Redemption

fn cart_json() -> Value {
    json!({"id": 5, "ekUserId": "EKUSEED1", "productCatalogId": 101, "name": "Amazon Pay", "logoUrl": "https://x/logo.png",
        "items": {"1012": {"productConfigId": 1012, "mrp": 500, "sellRate": 490, "enkashDiscount": 2, "savings": 10, "quantity": 1, "total": 490}},
        "totalQuantity": 1, "totalAmount": 490, "totalSavings": 10, "termsAndCondition": "t", "productConfigs": [{"productConfigId": 1012}], "howToRedeem": "h"})
}

#[test]
fn cart_get_add_update() {
    let (r, out) = exchange(renv(json!([cart_json()])), |f| block_on(shopper(f).get_cart(&CartQuery { product: "VOUCHER".into() }, &opts())));
    sent(&r, Method::Get, "http://store.test/api/v0/cart?product=VOUCHER", None, false);
    assert_eq!(r.header("Authorization"), Some("Bearer user-token"));
    let carts = out.unwrap();
    assert_eq!(carts[0].cart_id, Id::Number(5));
    assert_eq!(carts[0].items["1012"].sell_rate, Some(490.0));
    let items = [("1012".to_owned(), CartItemInput { quantity: 2, description: Some("gift".into()) })].into_iter().collect();
    let add = AddToCartRequest { product: "VOUCHER".into(), product_catalog_id: Id::Number(101), items };
    let (r, out) = exchange(renv(cart_json()), |f| block_on(shopper(f).add_to_cart(&add, &opts())));
    sent(
        &r,
        Method::Post,
        "http://store.test/api/v0/cart?product=VOUCHER",
        Some(r#"{"productCatalogId":101,"items":{"1012":{"quantity":2,"description":"gift"}}}"#),
        false,
    );
    assert_eq!(out.unwrap().total_amount, Some(490.0));
    let update = UpdateCartRequest {
        product: "VOUCHER".into(),
        cart_id: 5,
        items: [("1012".to_owned(), CartItemInput { quantity: 0, description: None })].into_iter().collect(),
    };
    let (r, _) = exchange(renv(cart_json()), |f| block_on(shopper(f).update_cart(&update, &opts())));
    sent(&r, Method::Patch, "http://store.test/api/v0/cart?product=VOUCHER", Some(r#"{"cartId":5,"items":{"1012":{"quantity":0}}}"#), false);
}

fn product_json() -> Value {
    json!({"productCatalogId": 101, "brand": "Amazon Pay", "aggregator": "QC", "category": ["Shopping"],
        "images": {"BRAND_IMAGE": "b", "LOGO_IMAGE": "l", "LOGO_IMAGE_SMALL": "s"}, "description": "d",
        "configResponses": [{"productConfigId": 1012, "mrp": 500, "sellRate": 490, "enkashDiscount": 2, "maxQuantity": 10, "customAmountEnabled": false}],
        "enabled": true, "rank": 1, "termsAndCondition": "t", "howToRedeem": "h", "expiryPeriod": 12, "active": true, "enkashImages": null, "discount": 2})
}

#[test]
fn catalog_search_details_and_configs() {
    let mut query = CatalogQuery::default();
    query.filters.insert("brand".into(), json!("amazon"));
    for answer in [renv(json!({"recordsCount": 1, "data": [product_json()]})), json!([product_json()])] {
        let (r, out) = exchange(answer, |f| block_on(shopper(f).search_catalog(&query, &opts())));
        sent(&r, Method::Post, "http://store.test/api/v0/bolt/searchProducts?product=VOUCHER", Some(r#"{"brand":"amazon"}"#), false);
        assert_eq!(out.unwrap().data[0].brand.as_deref(), Some("Amazon Pay"));
    }
    let (r, out) = exchange(renv(product_json()), |f| block_on(shopper(f).get_product_catalog_details("101", &opts())));
    sent(&r, Method::Get, "http://store.test/api/v0/partner/product-catalog/101", None, false);
    assert_eq!(out.unwrap().product_catalog_id, Some(Id::Number(101)));
    let (r, out) = exchange(renv(product_json()), |f| block_on(shopper(f).get_product_configs("101", &opts())));
    sent(&r, Method::Get, "http://store.test/api/v0/partner/search-config/101", None, false);
    let p = out.unwrap();
    let cfg = &p.config_responses.as_ref().unwrap()[0];
    assert_eq!((cfg.mrp, cfg.max_quantity, cfg.custom_amount_enabled), (Some(500.0), Some(10), Some(false)));
    assert_eq!(p.images.unwrap()["LOGO_IMAGE_SMALL"], "s");
    assert!(p.extra.is_empty(), "{:?}", p.extra);
}

fn order_json() -> Value {
    json!({"orderId": "ORD1", "paymentStatus": "SUCCESS", "orderStatus": "COMPLETED", "totalQuantity": 2, "totalAmount": 1000,
        "orderAmount": 980, "paidAmount": 980, "partnerOrderReferenceId": "REF-1",
        "voucherDetailsList": [{"cardNumber": "4111222233334444", "pin": "123456", "expiryDate": "2027-12-31"}]})
}

#[test]
fn orders_create_search_and_info() {
    let create = CreateOrderRequest { denomination: 500, order_reference_id: "REF-1".into(), product_catalog_id: Id::Number(101), quantity: 2 };
    let (r, out) = exchange(env(order_json()), |f| block_on(shopper(f).create_order(&create, &opts())));
    sent(
        &r,
        Method::Post,
        "http://store.test/api/v0/partner/create-order",
        Some(r#"{"denomination":500,"orderReferenceId":"REF-1","productCatalogId":101,"quantity":2}"#),
        false,
    );
    assert_eq!(out.unwrap().order_reference_id.as_deref(), Some("REF-1"));
    let mut filter = OrderFilter { brand: Some(vec!["Amazon Pay".into()]), direction: Some("DESC".into()), ..Default::default() };
    filter.extra.insert("orderStatus".into(), json!("COMPLETED"));
    let (r, out) = exchange(env(json!({"recordsCount": 3, "data": [order_json()]})), |f| {
        block_on(shopper(f).search_orders(&filter, &PageRequest { page_size: Some(1), offset: Some(2) }, &opts()))
    });
    sent(
        &r,
        Method::Post,
        "http://store.test/api/v0/partner/search-order?limit=1&offset=2",
        Some(r#"{"brand":["Amazon Pay"],"direction":"DESC","orderStatus":"COMPLETED"}"#),
        false,
    );
    assert_eq!(out.unwrap().records_count, Some(3));
    let (r, out) = exchange(env(order_json()), |f| block_on(shopper(f).fetch_order_info(&Id::Text("ORD1".into()), &opts())));
    sent(&r, Method::Post, "http://store.test/api/v0/order/orderDetails", Some(r#"{"orderId":"ORD1"}"#), false);
    let order = out.unwrap();
    let voucher = &order.voucher_details_list.as_ref().unwrap()[0];
    assert_eq!(voucher.card_number.as_ref().map(Secret::expose), Some("4111222233334444"));
    assert_eq!(voucher.pin.as_ref().map(Secret::expose), Some("123456"));
    let printed = format!("{order:?}");
    assert!(!printed.contains("4111222233334444") && !printed.contains("123456"), "{printed}");
    // The older GET path when configured.
    let fake = Fake::default();
    fake.ok(200, env(order_json()).to_string());
    let mut config = ClientConfig::redemption(API, Auth::AccessToken(Secret::new("u")));
    config.legacy_order_info = true;
    block_on(RedemptionClient::new(config, fake.clone()).unwrap().fetch_order_info(&Id::Number(42), &opts())).unwrap();
    sent(&fake.log()[0], Method::Get, "http://api.test/api/v0/partner/fetch-order-details/42", None, false);
}

#[test]
fn the_end_user_token_comes_from_the_redemption_host() {
    let fake = Fake::default();
    fake.token("user-1", 300).ok(200, renv(json!([])).to_string());
    let mut config = ClientConfig::redemption(
        API,
        Auth::Credentials(Credentials { client_id: "c".into(), client_secret: Secret::new("s"), username: "employee@x.in".into(), password: Secret::new("p") }),
    );
    config.redemption_base_url = Some(STORE.into());
    config.partner_id = Some("ignored".into());
    let client = RedemptionClient::new(config, fake.clone()).unwrap();
    block_on(client.get_cart(&CartQuery { product: "VOUCHER".into() }, &opts())).unwrap();
    let log = fake.log();
    assert_eq!(log[0].url, "http://store.test/oauth/token");
    assert_eq!(log[1].header("Authorization"), Some("Bearer user-1"));
    assert_eq!(log[1].header("partnerId"), None);
}

// ---------------------------------------------------------------------------------------
// Encryption

#[cfg(feature = "encryption")]
#[test]
fn payload_encryption_matches_independent_vectors_and_wraps_both_ways() {
    use enkash_rewards::crypto::PayloadCipher;
    let vectors: Vec<Value> = serde_json::from_str(&fixture("aes-vectors.json")).unwrap();
    assert!(vectors.len() >= 5);
    for v in &vectors {
        let cipher = PayloadCipher::from_secret(&Secret::new(v["secret"].as_str().unwrap()));
        assert_eq!(cipher.encrypt(v["plaintext"].as_str().unwrap()), v["ciphertext"].as_str().unwrap());
        assert_eq!(cipher.decrypt(v["ciphertext"].as_str().unwrap()).unwrap(), v["plaintext"].as_str().unwrap());
    }
    let cipher = PayloadCipher::from_secret(&Secret::new("s3cret"));
    assert!(cipher.decrypt("not base64!").is_err());
    assert!(PayloadCipher::from_secret(&Secret::new("other")).decrypt(&cipher.encrypt("hello")).is_err());
    assert_eq!(format!("{cipher:?}"), "PayloadCipher(***)");

    // Through the client: the body goes out wrapped, the answer comes back unwrapped.
    let fake = Fake::default();
    let answer = renv(json!({"availableBalance": 5, "companyId": "C", "cardAccountId": "A"}));
    fake.token("t", 300).ok(200, json!({"response": cipher.encrypt(&answer.to_string())}).to_string()).ok(400, r#"{"code":1,"message":"plain error"}"#);
    let mut config = ClientConfig::new(
        API,
        "P",
        Auth::Credentials(Credentials { client_id: "c".into(), client_secret: Secret::new("s3cret"), username: "u".into(), password: Secret::new("p") }),
    );
    config.encrypt_payloads = true;
    let client = Client::new(config, fake.clone()).unwrap();
    let req = AccountDetailsRequest { company_id: "C".into(), card_account_id: "A".into() };
    assert_eq!(block_on(client.get_reward_account_details(&req, &opts())).unwrap().available_balance, 5.0);
    let log = fake.log();
    assert!(!log[0].body.as_deref().unwrap().contains("request"), "the token call is not encrypted");
    let wrapped: Value = serde_json::from_str(log[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(cipher.decrypt(wrapped["request"].as_str().unwrap()).unwrap(), r#"{"companyId":"C","cardAccountId":"A"}"#);
    // An unencrypted error answer is read as it is.
    assert_eq!(block_on(client.get_reward_account_details(&req, &opts())).unwrap_err().to_string(), "plain error");
}

#[test]
fn encryption_needs_credentials() {
    let mut config = ClientConfig::new(API, "P", Auth::AccessToken(Secret::new("t")));
    config.encrypt_payloads = true;
    let refused = Client::new(config, Fake::default()).unwrap_err().to_string();
    // Without the `encryption` feature (the browser build) it is refused for that first.
    let why = if cfg!(feature = "encryption") { "credentials" } else { "not available in this build" };
    assert!(refused.contains(why), "{refused}");
}

#[test]
fn unknown_path_overrides_are_refused() {
    let mut config = ClientConfig::new(API, "P", Auth::AccessToken(Secret::new("t")));
    config.paths.insert("getCartz".into(), "/x".into());
    assert!(Client::new(config, Fake::default()).unwrap_err().to_string().contains("getCartz"));
}
