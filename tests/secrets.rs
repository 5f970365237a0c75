//! No secret (tokens, card numbers, PINs, passwords in URLs) and no full email or mobile number
//! in what an error holds: its message, its body, its `Debug`, a validation message or a bulk
//! row's reason. Over a fake transport, through the public API only.

mod common;

use common::{client, Fake, BASE};
use enkash_rewards::bulk::{allocate_rewards, RunOptions};
use enkash_rewards::*;
use futures_executor::block_on;
use futures_util::stream;
use serde_json::{json, Value};

fn store(fake: &Fake) -> RedemptionClient<Fake> {
    RedemptionClient::new(ClientConfig::redemption(BASE, Auth::AccessToken(Secret::new("user-token"))), fake.clone()).unwrap()
}

fn once() -> CallOptions {
    CallOptions { max_retries: Some(0), ..CallOptions::default() }
}

fn allocation(email: &str, mobile: &str) -> Value {
    json!({
        "companyId": "CEK1PU9AOO", "cardAccountId": "CAQL8YCV3", "transactionType": "CR", "type": "ALLOCATE_POINT",
        "email": email, "mobile": mobile, "title": "Ms", "firstName": "Asha", "gender": "F",
        "loadAmount": 10.25, "uniqueReferenceNumber": "SEC-1"
    })
}

/// Everything an error shows: Display, Debug, body, field errors.
fn shown(e: &Error) -> String {
    format!("{e}\n{e:?}\n{}\n{:?}", e.body().unwrap_or_default(), e.field_errors())
}

fn assert_hidden(e: &Error, secrets: &[&str]) {
    let text = shown(e);
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} is shown by the error: {text}");
    }
}

#[test]
fn a_token_answer_with_a_bad_field_keeps_no_token_in_the_error() {
    let fake = Fake::default();
    fake.ok(200, r#"{"access_token":"tok-SECRET-111","expires_in":"soon","refresh_token":"ref-SECRET-222","token_type":"bearer"}"#);
    let e = block_on(client(&fake).authenticate(&once())).unwrap_err();
    assert_eq!(e.kind(), "decode", "{e:?}");
    assert!(e.to_string().contains("expires_in"), "the message still names the field: {e}");
    assert!(e.body().is_some_and(|b| b.contains("expires_in") && b.contains("***")), "{e:?}");
    assert_hidden(&e, &["tok-SECRET-111", "ref-SECRET-222"]);

    // The token in a field of the wrong type: not quoted by the message.
    let fake = Fake::default();
    fake.ok(200, r#"{"access_token":987654321,"expires_in":300}"#);
    let e = block_on(client(&fake).authenticate(&once())).unwrap_err();
    assert_eq!(e.kind(), "decode", "{e:?}");
    assert_hidden(&e, &["987654321"]);
}

#[test]
fn token_refusals_and_failures_keep_no_secret_in_the_body() {
    for status in [400, 401, 500] {
        let fake = Fake::default();
        fake.ok(status, r#"{"error":"invalid_grant","error_description":"Bad credentials","refresh_token":"ref-SECRET-333","sso-token":"sso-SECRET-444"}"#);
        let e = block_on(client(&fake).authenticate(&once())).unwrap_err();
        assert!(e.body().is_some_and(|b| b.contains("invalid_grant")), "{e:?}");
        assert_hidden(&e, &["ref-SECRET-333", "sso-SECRET-444"]);
    }
}

fn order(voucher: Value) -> String {
    json!({"code": 0, "message": "Success", "payload": {"orderId": "ORD-1", "orderStatus": "SUCCESS", "voucherDetailsList": [voucher]}}).to_string()
}

#[test]
fn a_failing_fetch_order_info_keeps_no_card_number_or_pin() {
    // A field of the wrong type next to the secrets: the body must not keep them.
    let fake = Fake::default();
    fake.ok(200, order(json!({"cardNumber": "4111000011112222", "pin": "918273", "expiryDate": 20271231})));
    let e = block_on(store(&fake).fetch_order_info(&Id::from("ORD-1"), &once())).unwrap_err();
    assert_eq!(e.kind(), "decode", "{e:?}");
    assert!(e.to_string().contains("expiryDate"), "{e}");
    assert!(e.body().is_some_and(|b| b.contains("voucherDetailsList") && b.contains("20271231")), "{e:?}");
    assert_hidden(&e, &["4111000011112222", "918273"]);

    // The PIN itself of the wrong type: the message must not quote it.
    let fake = Fake::default();
    fake.ok(200, order(json!({"cardNumber": "4111000011113333", "pin": 918274, "expiryDate": "2027-12-31"})));
    let e = block_on(store(&fake).fetch_order_info(&Id::from("ORD-1"), &once())).unwrap_err();
    assert_eq!(e.kind(), "decode", "{e:?}");
    assert!(e.to_string().contains("voucherDetailsList[0]"), "the message still says where: {e}");
    assert_hidden(&e, &["4111000011113333", "918274"]);

    // Voucher secrets inside JSON text inside the body.
    let fake = Fake::default();
    let inner = json!({"cardNumber": "4111000011114444", "pin": "918275"}).to_string();
    fake.ok(200, json!({"code": 1, "message": "order failed", "payload": inner}).to_string());
    let e = block_on(store(&fake).fetch_order_info(&Id::from("ORD-1"), &once())).unwrap_err();
    assert_hidden(&e, &["4111000011114444", "918275"]);
}

#[test]
fn api_and_auth_errors_keep_no_secret_in_the_body() {
    let request = AllocationRequest::from_json(allocation("asha@example.com", "9600098867")).unwrap();
    for (status, kind) in [(200, "api"), (401, "auth"), (403, "auth"), (422, "api"), (500, "api")] {
        let fake = Fake::default();
        fake.token("t", 300);
        if status == 401 {
            fake.ok(status, r#"{"code":1,"message":"refused","payload":{"voucherPin":"555111","X-Access-Token":"tok-SECRET-555"}}"#);
            fake.token("t2", 300); // a 401 renews the token once
        }
        fake.ok(status, r#"{"code":1,"message":"refused","payload":{"voucherPin":"555111","X-Access-Token":"tok-SECRET-555"}}"#);
        let e = block_on(client(&fake).create_and_allocate_points(&request, &once())).unwrap_err();
        assert_eq!(e.kind(), kind, "{status}: {e:?}");
        assert!(e.body().is_some_and(|b| b.contains("refused")), "{e:?}");
        assert_hidden(&e, &["555111", "tok-SECRET-555"]);
    }
}

#[test]
fn a_url_with_a_user_name_or_password_is_refused_without_echoing_it() {
    for url in
        ["https://user:hunter2pw@pay.example.in", "http://hunter2pw@pay.example.in/x", "ftp://user:hunter2pw@pay.example.in", "user:hunter2pw@pay.example.in"]
    {
        let mut configs = vec![ClientConfig::new(url, "P", Auth::AccessToken(Secret::new("t")))];
        let mut c = ClientConfig::new(BASE, "P", Auth::AccessToken(Secret::new("t")));
        c.redemption_base_url = Some(url.into());
        configs.push(c);
        let mut c = ClientConfig::new(BASE, "P", Auth::AccessToken(Secret::new("t")));
        c.sso_host = Some(url.into());
        configs.push(c);
        for config in configs {
            let e = Client::new(config, Fake::default()).unwrap_err();
            assert_eq!(e.kind(), "validation", "{url}: {e:?}");
            assert_hidden(&e, &["hunter2pw"]);
        }
    }
    // A query is refused without echoing it either: it may hold a key.
    let e =
        Client::new(ClientConfig::new("https://pay.example.in/?apikey=key-SECRET-9", "P", Auth::AccessToken(Secret::new("t"))), Fake::default()).unwrap_err();
    assert!(e.to_string().contains("https://pay.example.in/"), "{e}");
    assert_hidden(&e, &["key-SECRET-9"]);
    // An `@` in the path is not a user name.
    assert!(Client::new(ClientConfig::new("https://pay.example.in/a@b", "P", Auth::AccessToken(Secret::new("t"))), Fake::default()).is_ok());
}

const BAD_EMAIL: &str = "asha.verma.personal@example";
const BAD_MOBILE: &str = "96000988671";

#[test]
fn validation_of_one_allocation_does_not_echo_the_email_or_mobile() {
    let e = match AllocationRequest::from_json(allocation(BAD_EMAIL, BAD_MOBILE)) {
        Err(errors) => Error::validation(errors),
        Ok(_) => panic!("a bad email and mobile were accepted"),
    };
    let fields: Vec<&str> = e.field_errors().iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"mobile"), "{e:?}");
    assert_hidden(&e, &[BAD_EMAIL, BAD_MOBILE]);
    // A mobile of the wrong type is not echoed either.
    let mut v = allocation("asha@example.com", "x");
    v["mobile"] = json!(96000988672u64);
    let e = Error::validation(AllocationRequest::from_json(v).unwrap_err());
    assert_hidden(&e, &["96000988672"]);
}

#[test]
fn validation_of_bulk_rows_does_not_echo_the_email_or_mobile() {
    let rows = json!([
        {"title": "Mr", "name": "A", "email": BAD_EMAIL, "mobile": "9600098867", "loadAmount": 5, "uniqueReferenceNumber": "R1"},
        {"title": "Mr", "name": "B", "email": "b@example.com", "mobile": BAD_MOBILE, "loadAmount": 5, "uniqueReferenceNumber": "R2"},
        {"title": "Mr", "name": "C", "email": "c@example.com", "mobile": 96000988673u64, "loadAmount": 5, "uniqueReferenceNumber": "R3"},
    ]);
    let errors = allocation::rows_from_json(rows.clone()).unwrap_err();
    let text = format!("{errors:?} {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    assert!(errors.iter().any(|e| e.field == "email") && errors.iter().any(|e| e.field == "mobile"), "{text}");
    for value in [BAD_EMAIL, BAD_MOBILE, "96000988673"] {
        assert!(!text.contains(value), "{value} in {text}");
    }
    // The bulk engine's reasons for invalid rows (a dry run sends nothing).
    let fake = Fake::default();
    let c = Client::new(ClientConfig::new(BASE, "P", Auth::AccessToken(Secret::new("t"))), fake.clone()).unwrap();
    let options = RunOptions {
        company_id: "C".into(),
        card_account_id: "A".into(),
        is_points_allocation: true,
        batch_size: None,
        concurrency: None,
        dry_run: true,
        run_id: Some("run-1".into()),
        ..RunOptions::default()
    };
    let items: Vec<Value> = rows.as_array().unwrap().clone();
    let report = block_on(allocate_rewards(&c, stream::iter(items), Some(3), &options, &CallOptions::default(), &mut |_| {}, &|| false)).unwrap();
    let reasons: Vec<String> = report.outcomes.iter().map(|o| format!("{o:?}")).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    for value in [BAD_EMAIL, BAD_MOBILE, "96000988673"] {
        assert!(!reasons.iter().any(|r| r.contains(value)), "{value} in {reasons:?}");
    }
}
