//! Native tests of the core: seed examples, every envelope and card variant, every
//! validation rule (both sides), and the auth rules, over a fake transport.

mod common;

use common::{client, credentials, fixture, Fake, BASE};
use enkash_rewards::*;
use futures_executor::block_on;
use futures_util::future::join;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;

fn request() -> AllocationRequest {
    AllocationRequest::from_json(serde_json::from_str(&fixture("seed000-request.json")).unwrap()).unwrap()
}

fn success_card() -> String {
    fixture("seed000-response.json")
}

fn opts() -> CallOptions {
    CallOptions::default()
}

// ------------------------------------------------------------------------------------
// Seeds

#[test]
fn seed_000_response_decodes_with_every_field_modelled() {
    let card = allocation::decode_card(200, &success_card()).unwrap();
    assert_eq!(card.en_kash_card_id, "EKC04AZHXP");
    assert_eq!(card.user_id.as_deref(), Some("EKIQB4L2"));
    assert_eq!(card.otb_balance, Some(11.0));
    assert_eq!(card.account_balance, Some(38628.0));
    assert_eq!(card.en_kash_transaction_id.as_deref(), Some("ECTRSZJ8CRJ2E"));
    assert_eq!(card.card_status.as_ref().and_then(Labeled::code), Some("UL"));
    assert_eq!(card.card_status.as_ref().and_then(Labeled::label), Some("UnLocked"));
    assert_eq!(card.kyc_status.as_ref().and_then(Labeled::code), Some("VERIFIED"));
    assert_eq!(card.bin_type.as_ref().and_then(Labeled::code), Some("REWARD"));
    assert_eq!(card.account_type.as_ref().and_then(Labeled::code), Some("EMPLOYEE_REWARDS"));
    assert_eq!(card.total_rewards_received, Some(1));
    assert_eq!(card.c_kyc_enabled, Some(false));
    assert_eq!(parse_portal_date(card.created_on.as_deref().unwrap()).as_deref(), Some("2024-06-20T14:56:47"));
    assert!(card.extra.is_empty(), "fields not modelled: {:?}", card.extra.keys().collect::<Vec<_>>());
    // The card token is kept but never printed.
    assert_eq!(card.token.as_ref().map(Secret::expose), Some("16b9c31b42643796e064"));
    assert!(!format!("{card:?}").contains("16b9c31b42643796e064"));
    // Serializing back gives the wire names, but for the SDK's one spelling of the
    // transaction id, and unknown fields in one place, `extra`.
    let back = serde_json::to_value(&card).unwrap();
    let original: Value = serde_json::from_str(&success_card()).unwrap();
    for key in original["payload"].as_object().unwrap().keys() {
        let ours = if key == "enkashCardTxnId" { "enKashTransactionId" } else { key.as_str() };
        assert!(back.get(ours).is_some(), "{key} lost on the way back");
    }
    assert_eq!(back["extra"], json!({}));
    assert!(back.get("enkashCardTxnId").is_none());
}

#[test]
fn seed_000_request_reads_with_the_example_spelling_and_goes_out_with_the_schema_spelling() {
    let req = request();
    assert_eq!(req.unique_reference_number, "TEST234236");
    assert_eq!(req.load_amount, 11.0);
    assert!(req.validate().is_empty(), "{:?}", req.validate());
    let endpoint = req.to_endpoint().unwrap();
    assert_eq!(endpoint.path, "/api/v0/partner/enKashCard/create-allocate-points");
    let body: Value = serde_json::from_str(endpoint.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["uniqueReferenceNumber"], "TEST234236");
    assert!(body.get("uniqueReferenceNum").is_none());
    assert_eq!(body["loadAmount"], json!(11));
    assert_eq!(body["type"], "ALLOCATE_POINT");
    assert_eq!(body["transactionType"], "CR");
    assert_eq!(body["transactionCode"], "ALLOCATION");
    assert_eq!(body["firstName"], "hedfdfg");
    assert!(body.get("enkashCardId").is_none());
}

#[test]
fn seed_001_response_decodes() {
    let result = allocation::decode_bulk(200, &fixture("seed001-response.json")).unwrap();
    assert_eq!(result.successes.len(), 1);
    assert_eq!(result.failures.len(), 2);
    assert_eq!((result.success_count, result.failure_count, result.total_count), (1, 2, 3));
    let ok = &result.successes[0];
    assert_eq!(ok.en_kash_card_id.as_deref(), Some("EKCBO72AEY"));
    assert_eq!(ok.en_kash_transaction_id.as_deref(), Some("ECTA72T56O2SP"));
    assert_eq!(ok.otb_balance, Some(10000.0));
    assert_eq!(ok.unique_reference_number, None, "the sample's success items carry no reference");
    let dup = &result.failures[1];
    assert_eq!(dup.unique_reference_number.as_deref(), Some("123443101"));
    assert_eq!(dup.failure_reason.as_deref(), Some(allocation::DUPLICATE_REFERENCE_REASON));
    assert!(result.extra.is_empty() && ok.extra.is_empty());
}

#[test]
fn seed_001_request_parses_but_its_obfuscated_email_is_caught() {
    let value: Value = serde_json::from_str(&fixture("seed001-request.json")).unwrap();
    let errors = allocation::rows_from_json(value).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].field.as_str(), errors[0].code, errors[0].row), ("email", FieldErrorCode::InvalidFormat, Some(0)));
}

// ------------------------------------------------------------------------------------
// Card and envelope variants

#[test]
fn card_variants_from_the_spec() {
    let body = json!({"response_code": "0", "response_message": "Success", "paylod": {
        "enkashCardId": "EKC1", "userId": "EKU1", "cardAccountId": "CA1", "cardStatus": "UL", "kycStatus": {"name": "PENDING"},
        "binType": "REWARD", "accountType": {"name": "EMPLOYEE_REWARDS", "label": "Employee Rewards", "description": "Reward"},
        "otbBalance": "10.50", "loadAmount": 10.5, "accountBalance": 1000, "enKashCardTxnId": "T1",
        "somethingNew": {"nested": true}
    }});
    let card = allocation::decode_card(200, &body.to_string()).unwrap();
    assert_eq!(card.en_kash_card_id, "EKC1");
    assert_eq!(card.card_status, Some(Labeled::Code("UL".into())));
    assert_eq!(card.kyc_status.as_ref().and_then(Labeled::code), Some("PENDING"));
    assert_eq!(card.otb_balance, Some(10.5));
    assert_eq!(card.load_amount, Some(10.5));
    assert_eq!(card.en_kash_transaction_id.as_deref(), Some("T1"));
    assert_eq!(card.extra.get("somethingNew"), Some(&json!({"nested": true})));
    let Some(Labeled::Object(account_type)) = &card.account_type else { panic!() };
    assert_eq!(account_type.description.as_deref(), Some("Reward"));
}

#[test]
fn a_wrong_typed_card_field_is_a_decode_error_naming_it() {
    let e = allocation::decode_card(200, r#"{"code":0,"payload":{"otbBalance":{"x":1}}}"#).unwrap_err();
    assert_eq!(e.kind(), "decode");
    assert!(e.to_string().contains("otbBalance"), "{e}");
}

#[test]
fn bulk_result_lists_may_be_null_or_missing() {
    let r = allocation::decode_bulk(200, r#"{"code":0,"payload":{"successBulkEnKashCardCreateDTOs":null,"successCount":"0"}}"#).unwrap();
    assert!(r.successes.is_empty() && r.failures.is_empty());
    assert_eq!((r.success_count, r.failure_count, r.total_count), (0, 0, 0), "counts left out are the lists' lengths");
}

// ------------------------------------------------------------------------------------
// Validation, both sides of each rule

fn errors_of(value: Value) -> Vec<FieldError> {
    AllocationRequest::from_json(value).err().unwrap_or_default()
}

fn base() -> Value {
    serde_json::to_value(request()).unwrap()
}

fn with(key: &str, v: Value) -> Value {
    let mut b = base();
    b[key] = v;
    b
}

fn without(key: &str) -> Value {
    let mut b = base();
    b.as_object_mut().unwrap().remove(key);
    b
}

fn single(errors: &[FieldError]) -> (&str, FieldErrorCode) {
    assert_eq!(errors.len(), 1, "{errors:?}");
    (errors[0].field.as_str(), errors[0].code)
}

#[test]
fn the_valid_base_passes() {
    assert!(errors_of(base()).is_empty());
}

#[test]
fn every_missing_required_field_is_reported_at_once() {
    let errors = errors_of(json!({}));
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["companyId", "cardAccountId", "transactionType", "type", "loadAmount", "uniqueReferenceNumber"]);
    assert!(errors.iter().all(|e| e.code == FieldErrorCode::Required));
    assert_eq!(single(&errors_of(with("companyId", json!(null)))), ("companyId", FieldErrorCode::Required));
    assert_eq!(single(&errors_of(with("companyId", json!("  ")))), ("companyId", FieldErrorCode::Required));
    assert_eq!(single(&errors_of(with("uniqueReferenceNumber", json!("")))), ("uniqueReferenceNumber", FieldErrorCode::Required));
}

#[test]
fn wrong_types_and_values_name_the_field() {
    assert_eq!(single(&errors_of(with("loadAmount", json!("11")))), ("loadAmount", FieldErrorCode::InvalidType));
    assert_eq!(single(&errors_of(with("companyId", json!(42)))), ("companyId", FieldErrorCode::InvalidType));
    assert_eq!(single(&errors_of(with("title", json!("Dr")))), ("title", FieldErrorCode::InvalidValue));
    assert_eq!(single(&errors_of(with("gender", json!("X")))), ("gender", FieldErrorCode::InvalidValue));
    assert_eq!(single(&errors_of(with("transactionType", json!("CREDIT")))), ("transactionType", FieldErrorCode::InvalidValue));
    assert_eq!(single(&errors_of(with("type", json!("ALLOCATE")))), ("type", FieldErrorCode::InvalidValue));
    assert_eq!(single(&errors_of(json!("not an object"))), ("request", FieldErrorCode::InvalidType));
    assert_eq!(single(&errors_of(json!([1, 2]))), ("request", FieldErrorCode::InvalidType));
}

#[test]
fn credit_goes_with_allocate_and_debit_with_unallocate() {
    let mut dr = base();
    dr["transactionType"] = json!("DR");
    dr["type"] = json!("UNALLOCATE_POINT");
    assert!(errors_of(dr.clone()).is_empty());
    dr["type"] = json!("ALLOCATE_POINT");
    assert_eq!(single(&errors_of(dr)), ("type", FieldErrorCode::Mismatch));
    assert_eq!(single(&errors_of(with("type", json!("UNALLOCATE_POINT")))), ("type", FieldErrorCode::Mismatch));
}

#[test]
fn amount_rules() {
    for ok in [json!(1), json!(0.01), json!(10.5), json!(99999.99)] {
        assert!(errors_of(with("loadAmount", ok.clone())).is_empty(), "{ok}");
    }
    assert_eq!(single(&errors_of(with("loadAmount", json!(0)))), ("loadAmount", FieldErrorCode::OutOfRange));
    assert_eq!(single(&errors_of(with("loadAmount", json!(-5)))), ("loadAmount", FieldErrorCode::OutOfRange));
    assert_eq!(single(&errors_of(with("loadAmount", json!(1.005)))), ("loadAmount", FieldErrorCode::TooPrecise));
    assert_eq!(single(&errors_of(with("loadAmount", json!(1e300)))), ("loadAmount", FieldErrorCode::OutOfRange));
    // NaN and Infinity cannot be JSON; Rust callers can still pass them.
    let mut r = request();
    r.load_amount = f64::NAN;
    assert_eq!(single(&r.validate()), ("loadAmount", FieldErrorCode::OutOfRange));
    r.load_amount = f64::INFINITY;
    assert_eq!(single(&r.validate()), ("loadAmount", FieldErrorCode::OutOfRange));
}

#[test]
fn person_fields() {
    assert_eq!(single(&errors_of(with("email", json!("not-an-email")))), ("email", FieldErrorCode::InvalidFormat));
    assert_eq!(single(&errors_of(with("mobile", json!("+919600098867")))), ("mobile", FieldErrorCode::InvalidFormat));
    assert_eq!(single(&errors_of(with("mobile", json!("5600098867")))), ("mobile", FieldErrorCode::InvalidFormat));
    for key in ["email", "mobile", "title", "firstName", "gender"] {
        assert_eq!(single(&errors_of(without(key))), (key, FieldErrorCode::Required), "{key}");
    }
    for title in ["Mr", "Mrs", "Ms"] {
        assert!(errors_of(with("title", json!(title))).is_empty());
    }
    assert!(errors_of(with("gender", json!("F"))).is_empty());
}

#[test]
fn a_top_up_by_card_id_needs_no_person() {
    let top_up = json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT",
        "enKashCardId": "EKC04AZHXP", "loadAmount": 5, "uniqueReferenceNumber": "R1"});
    let r = AllocationRequest::from_json(top_up).unwrap();
    let body: Value = serde_json::from_str(r.to_endpoint().unwrap().body.as_deref().unwrap()).unwrap();
    assert_eq!(body["enkashCardId"], "EKC04AZHXP");
    assert!(body.get("email").is_none() && body.get("title").is_none());
    // but a given email must still be valid
    let bad = json!({"companyId": "C", "cardAccountId": "A", "transactionType": "CR", "type": "ALLOCATE_POINT",
        "enkashCardId": "EKC", "email": "nope", "loadAmount": 5, "uniqueReferenceNumber": "R1"});
    assert_eq!(single(&errors_of(bad)), ("email", FieldErrorCode::InvalidFormat));
}

#[test]
fn several_rule_breaks_are_reported_together() {
    let mut b = base();
    b["email"] = json!("x");
    b["mobile"] = json!("1");
    b["loadAmount"] = json!(-1);
    let fields: Vec<String> = errors_of(b).into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["loadAmount", "email", "mobile"]);
}

fn row(reference: Option<&str>) -> Value {
    let mut r = json!({"title": "Mr", "name": "John Dee", "email": "john@example.com", "mobile": "6776543210", "loadAmount": 10, "remarks": "good"});
    if let Some(reference) = reference {
        r["uniqueReferenceNumber"] = json!(reference);
    }
    r
}

#[test]
fn bulk_rows() {
    assert_eq!(allocation::rows_from_json(json!([row(Some("a")), row(Some("b")), row(None)])).unwrap().len(), 3);
    let e = allocation::rows_from_json(json!([])).unwrap_err();
    assert_eq!(single(&e), ("rows", FieldErrorCode::Empty));
    let e = allocation::rows_from_json(json!({"not": "a list"})).unwrap_err();
    assert_eq!(single(&e), ("rows", FieldErrorCode::InvalidType));
    let e = allocation::rows_from_json(json!([row(Some("a")), row(Some("b")), row(Some("a"))])).unwrap_err();
    assert_eq!(single(&e), ("uniqueReferenceNumber", FieldErrorCode::Duplicate));
    assert_eq!(e[0].row, Some(2));
    assert!(e[0].message.contains("row 0"));
    let e = allocation::rows_from_json(json!([row(Some(" "))])).unwrap_err();
    assert_eq!(single(&e), ("uniqueReferenceNumber", FieldErrorCode::Required));
    // Errors in several rows, of several kinds, each with its row.
    let mut bad_amount = row(Some("c"));
    bad_amount["loadAmount"] = json!(0.001);
    let mut no_name = row(Some("d"));
    no_name.as_object_mut().unwrap().remove("name");
    let mut wrong_type = row(Some("e"));
    wrong_type["mobile"] = json!(6776543210u64);
    let e = allocation::rows_from_json(json!([row(Some("a")), bad_amount, no_name, wrong_type, 7])).unwrap_err();
    let got: Vec<(Option<usize>, &str, FieldErrorCode)> = e.iter().map(|e| (e.row, e.field.as_str(), e.code)).collect();
    assert_eq!(
        got,
        [
            (Some(1), "loadAmount", FieldErrorCode::TooPrecise),
            (Some(2), "name", FieldErrorCode::Required),
            (Some(3), "mobile", FieldErrorCode::InvalidType),
            (Some(4), "row", FieldErrorCode::InvalidType),
        ]
    );
}

#[test]
fn bulk_request_builds_the_documented_query_and_body() {
    let req = BulkRequest::from_json(json!({"companyId": "CEKBVCGMR1", "cardAccountId": "CA1ZS96", "isPointsAllocation": true,
        "rows": [row(Some("test123457")), row(None)]}))
    .unwrap();
    let ep = req.to_endpoint().unwrap();
    assert_eq!(
        ep.path_and_query(&Default::default()),
        "/api/v0/partner/enKashCard/bulk-create-allocate-points-json?companyId=CEKBVCGMR1&cardAccountId=CA1ZS96&isPointsAllocation=true"
    );
    let body: Value = serde_json::from_str(ep.body.as_deref().unwrap()).unwrap();
    assert_eq!(body[0]["uniqueReferenceNumber"], "test123457");
    assert_eq!(body[0]["loadAmount"], json!(10));
    assert!(body[1].get("uniqueReferenceNumber").is_none());
    let e = BulkRequest::from_json(json!({"rows": []})).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["companyId", "cardAccountId", "isPointsAllocation", "rows"]);
    let e = BulkRequest::from_json(json!({"companyId": "C", "cardAccountId": "A", "isPointsAllocation": "yes", "rows": [row(None)]})).unwrap_err();
    assert_eq!(single(&e), ("isPointsAllocation", FieldErrorCode::InvalidType));
    // Reading checks every rule once: the head's and the rows' (none, too many, a reference twice).
    let head = |rows: Vec<Value>| json!({"companyId": "C", "cardAccountId": "A", "isPointsAllocation": true, "rows": rows});
    assert_eq!(single(&BulkRequest::from_json(head(vec![])).unwrap_err()), ("rows", FieldErrorCode::Empty));
    assert_eq!(single(&BulkRequest::from_json(head(vec![row(None); 1001])).unwrap_err()), ("rows", FieldErrorCode::OutOfRange));
    let twice = BulkRequest::from_json(head(vec![row(Some("R1")), row(Some("R1"))])).unwrap_err();
    assert_eq!(single(&twice), ("uniqueReferenceNumber", FieldErrorCode::Duplicate));
    let blank = BulkRequest::from_json(json!({"companyId": " ", "cardAccountId": "A", "isPointsAllocation": true, "rows": [row(None)]})).unwrap_err();
    assert_eq!(single(&blank), ("companyId", FieldErrorCode::Required));
}

// ------------------------------------------------------------------------------------
// The client over the fake transport

#[test]
fn an_invalid_request_sends_nothing() {
    let fake = Fake::default();
    let mut r = request();
    r.email = Some("bad".into());
    let e = block_on(client(&fake).create_and_allocate_points(&r, &opts())).unwrap_err();
    assert_eq!(e.kind(), "validation");
    assert_eq!(e.field_errors()[0].field, "email");
    assert!(fake.log().is_empty(), "nothing may be sent");
}

#[test]
fn token_request_and_data_request_are_formed_as_documented() {
    let fake = Fake::default();
    fake.token("tok-1", 300).ok(200, success_card());
    let card = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(card.otb_balance, Some(11.0));
    let log = fake.log();
    assert_eq!(log.len(), 2);
    let t = &log[0];
    assert_eq!(t.method, Method::Post);
    assert_eq!(t.url, "http://sandbox.test/oauth/token");
    assert_eq!(t.header("Content-Type"), Some("application/x-www-form-urlencoded"));
    // base64("client-1:top-secret-client")
    assert_eq!(t.header("Authorization"), Some("Basic Y2xpZW50LTE6dG9wLXNlY3JldC1jbGllbnQ="));
    let form: Vec<(String, String)> = form_urlencoded_parse(t.body.as_deref().unwrap());
    assert_eq!(
        form,
        [("username", "hr@example.com"), ("password", "pass-word-42"), ("grant_type", "password"), ("clientId", "client-1")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let d = &log[1];
    assert_eq!(d.url, "http://sandbox.test/api/v0/partner/enKashCard/create-allocate-points");
    assert_eq!(d.header("Authorization"), Some("Bearer tok-1"));
    assert_eq!(d.header("partnerId"), Some("CRMXWB3ZM"));
    assert_eq!(d.header("content-type"), Some("application/json"));
    assert_eq!(d.timeout_ms, DEFAULT_TIMEOUT_MS);
    // Debug output of the requests hides the credentials and the token.
    let printed = format!("{log:?}");
    for secret in ["top-secret-client", "pass-word-42", "tok-1", "Y2xpZW50"] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
}

fn form_urlencoded_parse(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.replace("%40", "@"))
        })
        .collect()
}

#[test]
fn camel_case_and_enveloped_token_answers_are_accepted() {
    for answer in [
        json!({"accessToken": "camel", "tokenType": "bearer", "expiresIn": 300, "refreshToken": "r"}),
        json!({"code": 0, "message": "Success", "payload": {"access_token": "camel", "expires_in": "300"}}),
    ] {
        let fake = Fake::default();
        fake.ok(200, answer.to_string());
        let info = block_on(client(&fake).authenticate(&opts())).unwrap();
        assert_eq!(info.access_token.expose(), "camel");
        assert_eq!(info.expires_in, Some(300.0));
    }
    let fake = Fake::default();
    fake.ok(200, r#"{"token_type":"bearer"}"#);
    assert_eq!(block_on(client(&fake).authenticate(&opts())).unwrap_err().kind(), "decode");
}

#[test]
fn the_token_is_cached_and_renewed_before_it_expires() {
    let fake = Fake::default();
    let c = client(&fake);
    fake.token("tok-1", 300).ok(200, success_card()).ok(200, success_card());
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    fake.advance(200_000.0);
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(fake.count("/oauth/token"), 1, "still fresh at 200 s of 300");
    // At 280 s of 300 the token is inside its renewal margin (30 s): a new one is fetched first.
    fake.advance(80_000.0);
    fake.token("tok-2", 300).ok(200, success_card());
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(fake.count("/oauth/token"), 2);
    assert_eq!(fake.log().last().unwrap().header("Authorization"), Some("Bearer tok-2"));
}

#[test]
fn concurrent_calls_share_one_token_request() {
    let fake = Fake::default();
    let c = client(&fake);
    fake.token("tok-1", 300).ok(200, success_card()).ok(200, success_card());
    let (a, b) = block_on(join(c.create_and_allocate_points(&request(), &opts()), c.create_and_allocate_points(&request(), &opts())));
    a.unwrap();
    b.unwrap();
    assert_eq!(fake.count("/oauth/token"), 1);
    assert_eq!(fake.count("create-allocate-points"), 2);
}

#[test]
fn a_401_renews_the_token_once_and_repeats_the_call() {
    let fake = Fake::default();
    fake.token("tok-1", 86399).ok(401, r#"{"error":"invalid_token"}"#).token("tok-2", 86399).ok(200, success_card());
    block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap();
    let auths: Vec<Option<String>> = fake.log().iter().map(|r| r.header("Authorization").map(str::to_owned)).collect();
    assert_eq!(auths[1].as_deref(), Some("Bearer tok-1"));
    assert_eq!(auths[3].as_deref(), Some("Bearer tok-2"));
}

#[test]
fn a_second_401_is_an_auth_error_not_a_loop() {
    let fake = Fake::default();
    fake.token("tok-1", 86399).ok(401, "").token("tok-2", 86399).ok(401, r#"{"message":"nope"}"#);
    let no_retries = CallOptions { max_retries: Some(0), ..opts() };
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &no_retries)).unwrap_err();
    assert_eq!((e.kind(), e.status()), ("auth", Some(401)));
    assert_eq!(fake.log().len(), 4, "one free renewal, then the refusal");
    // Tokens refused again (revoked while in use): each further renewal is a retry.
    let fake = Fake::default();
    fake.token("tok-1", 86399).ok(401, "").token("tok-2", 86399).ok(401, "").token("tok-3", 86399).ok(401, "");
    let one_retry = CallOptions { max_retries: Some(1), ..opts() };
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &one_retry)).unwrap_err();
    assert_eq!((e.kind(), e.status(), e.may_have_been_applied()), ("auth", Some(401), false));
    assert_eq!(fake.log().len(), 6);
}

#[test]
fn rejected_credentials_are_never_sent_again() {
    let fake = Fake::default();
    let c = client(&fake);
    fake.ok(400, r#"{"error":"invalid_grant","error_description":"Bad credentials"}"#);
    let e = block_on(c.create_and_allocate_points(&request(), &opts())).unwrap_err();
    assert_eq!((e.kind(), e.status()), ("auth", Some(400)));
    assert!(e.to_string().contains("Bad credentials"), "{e}");
    for _ in 0..3 {
        let again = block_on(c.create_and_allocate_points(&request(), &opts())).unwrap_err();
        assert_eq!(again.kind(), "auth");
        let again = block_on(c.authenticate(&opts())).unwrap_err();
        assert_eq!(again.kind(), "auth");
    }
    assert_eq!(fake.count("/oauth/token"), 1, "one attempt only: three lock the account");
    assert!(!e.to_string().contains("pass-word-42"));
}

#[test]
fn a_fixed_access_token_is_used_as_is_and_a_401_is_final() {
    let fake = Fake::default();
    let c = Client::new(ClientConfig::new(BASE, "P", Auth::AccessToken(Secret::new("fixed"))), fake.clone()).unwrap();
    fake.ok(200, success_card()).ok(401, "");
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(block_on(c.create_and_allocate_points(&request(), &opts())).unwrap_err().kind(), "auth");
    assert_eq!(fake.count("/oauth/token"), 0);
    assert_eq!(fake.log()[0].header("Authorization"), Some("Bearer fixed"));
}

struct CountingProvider(Rc<RefCell<u32>>);
impl TokenProvider for CountingProvider {
    fn fetch_token(&self) -> futures_util::future::LocalBoxFuture<'static, Result<TokenInfo, Error>> {
        let n = {
            let mut n = self.0.borrow_mut();
            *n += 1;
            *n
        };
        Box::pin(async move { Ok(TokenInfo { access_token: Secret::new(format!("minted-{n}")), token_type: None, expires_in: Some(60.0), scope: None }) })
    }
}

#[test]
fn a_token_provider_is_asked_once_and_again_after_a_401() {
    let fake = Fake::default();
    let calls = Rc::new(RefCell::new(0));
    let c = Client::new(ClientConfig::new(BASE, "P", Auth::Provider(Rc::new(CountingProvider(calls.clone())))), fake.clone()).unwrap();
    fake.ok(200, success_card()).ok(401, "").ok(200, success_card());
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(*calls.borrow(), 2);
    assert_eq!(fake.log()[2].header("Authorization"), Some("Bearer minted-2"));
}

#[test]
fn server_answers_map_to_typed_errors() {
    let cases: Vec<(u16, &str, &str, Option<ServerCode>, &str)> = vec![
        (
            200,
            r#"{"response_code":1,"response_message":"Insufficient balance in card account","payload":"Insufficient balance in card account"}"#,
            "api",
            Some(ServerCode::Number(1)),
            "Insufficient balance in card account",
        ),
        (
            422,
            r#"{"code":1,"message":"Primary Enkash card is not present. So bulk upload cannot be done"}"#,
            "api",
            Some(ServerCode::Number(1)),
            "Primary Enkash card is not present. So bulk upload cannot be done",
        ),
        (
            404,
            r#"{"message":"Card account not found for companyId: C and cardAccountId: A"}"#,
            "api",
            None,
            "Card account not found for companyId: C and cardAccountId: A",
        ),
        (400, r#"{"error":"Bad Request"}"#, "api", None, "Bad Request"),
        (502, "<html>bad gateway</html>", "api", None, "the server answered HTTP 502"),
        (403, "{}", "auth", None, "the server refused the access token (HTTP 403)"),
        (200, "not json", "decode", None, "the response is not JSON"),
    ];
    for (status, body, kind, code, message) in cases {
        let fake = Fake::default();
        fake.token("t", 300).ok(status, body);
        let once = CallOptions { max_retries: Some(0), ..opts() };
        let e = block_on(client(&fake).create_and_allocate_points(&request(), &once)).unwrap_err();
        assert_eq!(e.kind(), kind, "{status} {body}");
        assert_eq!(e.may_have_been_applied(), status >= 500 || (status == 200 && kind == "decode"), "{status} {body}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.server_code(), code.as_ref());
        assert!(e.to_string().starts_with(message), "{e}");
        // A JSON body without secrets is kept as sent; any other text only by its length (it
        // cannot be told apart from a secret): the redaction hooks use too.
        let kept = if serde_json::from_str::<Value>(body).is_ok() { body.to_owned() } else { format!("<{} bytes, not shown>", body.len()) };
        assert_eq!(e.body(), Some(kept.as_str()));
    }
}

#[test]
fn transport_failures_map_to_their_kinds() {
    for (failure, kind) in
        [(TransportError::Network("connection reset".into()), "network"), (TransportError::Timeout, "timeout"), (TransportError::Aborted, "aborted")]
    {
        let fake = Fake::default();
        let f = failure.clone();
        fake.token("t", 300).reply(move |_| Err(f));
        let e = block_on(client(&fake).create_and_allocate_points(&request(), &CallOptions { timeout_ms: Some(1234), max_retries: Some(0) })).unwrap_err();
        assert!(e.may_have_been_applied(), "{kind}: the request was in flight");
        assert_eq!(e.kind(), kind);
        if kind == "timeout" {
            assert_eq!(e, Error::Timeout { timeout_ms: 1234, sent: true });
            assert_eq!(fake.log()[1].timeout_ms, 1234);
        }
    }
}

#[test]
fn configuration_is_checked_and_never_printed_with_secrets() {
    let fake = Fake::default();
    for (base, partner) in [("", "P"), ("ftp://x", "P"), ("http://x?y=1", "P"), (BASE, " ")] {
        let e = Client::new(ClientConfig::new(base, partner, Auth::Credentials(credentials())), fake.clone()).unwrap_err();
        assert_eq!(e.kind(), "validation", "{base}");
    }
    let mut blank = credentials();
    blank.password = Secret::new("");
    let e = Client::new(ClientConfig::new(BASE, "P", Auth::Credentials(blank)), fake.clone()).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "credentials.password");
    let mut cfg = ClientConfig::new(BASE, "P", Auth::Credentials(credentials()));
    cfg.timeout_ms = 0;
    assert!(Client::new(cfg, fake.clone()).is_err());
    let c = client(&fake);
    let printed = format!("{c:?}");
    assert!(printed.contains("hr@example.com"));
    assert!(!printed.contains("top-secret-client") && !printed.contains("pass-word-42"), "{printed}");
    assert!(block_on(c.create_and_allocate_points(&request(), &CallOptions { timeout_ms: Some(0), max_retries: None })).is_err());
    assert!(fake.log().is_empty());
}

// ------------------------------------------------------------------------------------
// Retries

fn response_with_retry_after(status: u16, body: &str, retry_after: &str) -> HttpResponse {
    HttpResponse { status, body: body.to_owned(), retry_after: Some(retry_after.to_owned()) }
}

#[test]
fn a_keyed_write_is_retried_after_faults_with_backoff_and_retry_after() {
    let fake = Fake::default();
    fake.token("t", 86399).ok(503, "busy").reply(|_| Ok(response_with_retry_after(429, r#"{"message":"slow down"}"#, "3"))).ok(200, success_card());
    let card = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap();
    assert_eq!(card.en_kash_card_id, "EKC04AZHXP");
    let sleeps = fake.0.borrow().sleeps.clone();
    assert_eq!(sleeps.len(), 2);
    assert!((250..=500).contains(&sleeps[0]), "backoff {sleeps:?}");
    assert_eq!(sleeps[1], 3000, "Retry-After honoured");
    let log = fake.log();
    assert_eq!(log[1].body, log[3].body, "the same reference every time");
}

#[test]
fn a_write_without_a_key_is_not_retried_after_it_may_have_reached_the_server() {
    let fake = Fake::default();
    fake.token("t", 86399).ok(503, "busy");
    let event = CoinEventRequest { configuration: "DEFAULT".into(), company_id: "C".into(), event: "E".into(), amount: 5 };
    let e = block_on(client(&fake).create_coin_event(&event, &opts())).unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert!(e.may_have_been_applied());
    assert_eq!(fake.count("create-coins-config"), 1, "not repeated: it might create a second event");
    // but a refused connection (nothing sent) and a 429 are retried even for it
    let fake = Fake::default();
    fake.token("t", 86399)
        .reply(|_| Err(TransportError::Connect("refused".into())))
        .ok(429, "{}")
        .ok(200, r#"{"response_code":0,"payload":{"coinConfigId":1}}"#);
    block_on(client(&fake).create_coin_event(&event, &opts())).unwrap();
    assert_eq!(fake.count("create-coins-config"), 3);
}

#[test]
fn retries_stop_at_max_retries_and_a_long_retry_after() {
    let fake = Fake::default();
    fake.token("t", 86399).ok(503, "1").ok(503, "2").ok(503, "3");
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(fake.count("create-allocate-points"), 3, "1 + the default 2 retries");
    let fake = Fake::default();
    fake.token("t", 86399).reply(|_| Ok(response_with_retry_after(429, "{}", "3600")));
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err();
    assert_eq!((e.status(), fake.count("create-allocate-points")), (Some(429), 1), "an hour is too long to wait inside a call");
    let fake = Fake::default();
    fake.token("t", 86399).ok(503, "1");
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &CallOptions { max_retries: Some(0), ..opts() })).unwrap_err();
    assert_eq!(e.status(), Some(503));
}

struct Recorder(RefCell<Vec<String>>, bool);
impl hooks::Observer for Recorder {
    fn on_request(&self, e: &hooks::RequestEvent) {
        self.0.borrow_mut().push(format!("request {} {} #{} {:?}", e.endpoint, e.url, e.attempt, e.body));
    }
    fn on_response(&self, e: &hooks::ResponseEvent) {
        self.0.borrow_mut().push(format!("response {} {:?} {:?} {:?}", e.request_id, e.status, e.error, e.body));
    }
    fn on_retry(&self, e: &hooks::RetryEvent) {
        self.0.borrow_mut().push(format!("retry {} #{} after {} ms: {}", e.request_id, e.attempt, e.delay_ms, e.reason));
    }
    fn include_bodies(&self) -> bool {
        self.1
    }
}

#[test]
fn hooks_see_every_attempt_and_no_secret() {
    let recorder = Rc::new(Recorder(RefCell::new(Vec::new()), true));
    let fake = Fake::default();
    let mut config = ClientConfig::new(BASE, "CRMXWB3ZM", Auth::Credentials(credentials()));
    config.hooks = Some(enkash_rewards::client::Hooks(recorder.clone()));
    let c = Client::new(config, fake.clone()).unwrap();
    fake.token("tok-SECRET-1", 300).ok(502, "gateway").ok(200, success_card());
    block_on(c.create_and_allocate_points(&request(), &opts())).unwrap();
    let events = recorder.0.borrow().clone();
    let text = events.join("\n");
    assert_eq!(events.iter().filter(|e| e.starts_with("request")).count(), 3, "{text}");
    assert!(text.contains("retry req-"), "{text}");
    assert!(text.contains("Some(502)"), "{text}");
    assert!(text.contains("firstName"), "bodies are there when asked: {text}");
    for secret in ["tok-SECRET-1", "pass-word-42", "top-secret-client", "16b9c31b42643796e064", "Basic "] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // Without bodies asked for, none at all.
    let quiet = Rc::new(Recorder(RefCell::new(Vec::new()), false));
    let fake = Fake::default();
    let mut config = ClientConfig::new(BASE, "CRMXWB3ZM", Auth::AccessToken(Secret::new("t")));
    config.hooks = Some(enkash_rewards::client::Hooks(quiet.clone()));
    fake.ok(200, success_card());
    block_on(Client::new(config, fake).unwrap().create_and_allocate_points(&request(), &opts())).unwrap();
    assert!(quiet.0.borrow().iter().all(|e| e.ends_with("None") || e.contains("None None")), "{:?}", quiet.0.borrow());
}

// ------------------------------------------------------------------------------------
// A payment that went through is never reported as refused.

const DUPLICATE: &str = r#"{"code":1,"message":"The transaction associated with the given Unique reference Number already exists","payload":null}"#;

#[test]
fn a_lost_answer_then_a_duplicate_refusal_is_reported_as_already_applied() {
    for lost in [TransportError::Network("connection reset after the request was sent".into()), TransportError::Timeout] {
        let fake = Fake::default();
        fake.token("tok", 86399).reply(move |_| Err(lost)).ok(200, DUPLICATE);
        let e = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err();
        assert_eq!(e.kind(), "duplicateReference", "{e:?}");
        assert!(matches!(e, Error::DuplicateReference { already_applied: true, .. }), "{e:?}");
        assert!(e.may_have_been_applied(), "the first attempt may have paid: a caller must not pay again under a new reference");
        assert_eq!(fake.count("create-allocate-points"), 2);
    }
    // Refused on the first attempt: the reference was used before this call.
    let fake = Fake::default();
    fake.token("tok", 86399).ok(200, DUPLICATE);
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err();
    assert!(matches!(e, Error::DuplicateReference { already_applied: false, .. }), "{e:?}");
    assert!(!e.may_have_been_applied());
}

#[test]
fn any_error_after_an_uncertain_attempt_says_it_may_have_been_applied() {
    type Script = Box<dyn Fn(&Fake)>;
    let answers: Vec<(&str, Script)> = vec![
        (
            "a refusal",
            Box::new(|f: &Fake| {
                f.ok(200, r#"{"code":1,"message":"Insufficient balance in card account"}"#);
            }),
        ),
        (
            "a 400",
            Box::new(|f: &Fake| {
                f.ok(400, r#"{"message":"bad"}"#);
            }),
        ),
        (
            "a connection that failed before sending",
            Box::new(|f: &Fake| {
                f.reply(|_| Err(TransportError::Connect("refused".into())));
            }),
        ),
        (
            "an unreadable error",
            Box::new(|f: &Fake| {
                f.ok(418, "teapot");
            }),
        ),
    ];
    for (what, last) in answers {
        let fake = Fake::default();
        fake.token("tok", 86399).ok(503, "busy");
        last(&fake);
        let no_more = CallOptions { max_retries: Some(1), ..opts() };
        let e = block_on(client(&fake).create_and_allocate_points(&request(), &no_more)).unwrap_err();
        assert!(e.may_have_been_applied(), "{what}: {e:?}");
    }
    // Without an uncertain attempt the same answers say no.
    let fake = Fake::default();
    fake.token("tok", 86399).ok(400, r#"{"message":"bad"}"#);
    assert!(!block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err().may_have_been_applied());
}

#[test]
fn a_retry_after_longer_than_the_sdk_waits_ends_the_call_clearly() {
    let fake = Fake::default();
    fake.token("tok", 86399).busy("120");
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &opts())).unwrap_err();
    assert_eq!((e.kind(), e.status()), ("api", Some(429)));
    assert!(e.to_string().contains("120 s"), "{e}");
    assert!(fake.0.borrow().sleeps.is_empty(), "no wait was started");
}

#[test]
fn no_retry_wait_runs_past_the_calls_time_limit() {
    let fake = Fake::default();
    fake.token("tok", 86399).busy("3");
    let short = CallOptions { timeout_ms: Some(2_000), ..opts() };
    let e = block_on(client(&fake).create_and_allocate_points(&request(), &short)).unwrap_err();
    assert!(e.to_string().contains("time limit"), "{e}");
    assert!(fake.0.borrow().sleeps.is_empty());
}

#[test]
fn a_run_stopped_by_rejected_credentials_says_so_as_typed_values() {
    let fake = Fake::default();
    fake.ok(400, r#"{"error":"invalid_grant","error_description":"Bad credentials"}"#);
    let rows: Vec<serde_json::Value> =
        (0..3).map(|i| serde_json::json!({"title": "Mr", "name": "N", "email": format!("p{i}@x.co"), "mobile": "9876543210", "loadAmount": 1})).collect();
    let options = RunOptions { company_id: "C".into(), card_account_id: "A".into(), run_id: Some("r".into()), ..RunOptions::default() };
    let c = client(&fake);
    let r = block_on(c.allocate_rewards(futures_util::stream::iter(rows), Some(3), &options, &opts(), &mut |_| {}, &|| false)).unwrap();
    let cause = r.stopped_by.expect("the run stopped");
    assert_eq!((cause.kind.as_str(), cause.status, cause.credentials_rejected), ("auth", Some(400), true));
    assert!(c.credentials_rejected());
    assert_eq!(fake.count("/oauth/token"), 1, "never sent again");
}
