//! The JS binding inside a real JS engine: run by wasm-bindgen-test in Node and in headless
//! Chromium (`WASM_BINDGEN_USE_BROWSER=1`). No server: these check conversion, validation,
//! errors and cancellation, which must behave the same in both places.
#![cfg(target_arch = "wasm32")]

use enkash_rewards::wasm::{parse_portal_date, validate_allocation, validate_bulk_rows, JsClient};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn seed_request() -> JsValue {
    js(include_str!("fixtures/seed000-request.json"))
}

fn config(extra: &str) -> JsValue {
    js(&format!(r#"{{"baseUrl":"http://127.0.0.1:9","partnerId":"CRMXWB3ZM","accessToken":"t"{extra}}}"#))
}

#[wasm_bindgen_test]
fn the_seed_request_is_valid() {
    let errors: Array = validate_allocation(seed_request()).unchecked_into();
    assert_eq!(errors.length(), 0);
}

#[wasm_bindgen_test]
fn nan_and_bad_fields_give_field_errors() {
    let req = seed_request();
    Reflect::set(&req, &"loadAmount".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let errors: Array = validate_allocation(req).unchecked_into();
    assert_eq!(errors.length(), 1);
    assert_eq!(get(&errors.get(0), "field"), "loadAmount");
    assert_eq!(get(&errors.get(0), "code"), "out_of_range");

    let req = seed_request();
    Reflect::set(&req, &"mobile".into(), &"12345".into()).unwrap();
    let errors: Array = validate_allocation(req).unchecked_into();
    assert_eq!(get(&errors.get(0), "field"), "mobile");

    let rows = js(r#"[{"title":"Mr","name":"A","email":"a@b.co","mobile":"9876543210","loadAmount":1,"uniqueReferenceNumber":"x"},
                     {"title":"Mr","name":"B","email":"b@b.co","mobile":"9876543211","loadAmount":1,"uniqueReferenceNumber":"x"}]"#);
    let errors: Array = validate_bulk_rows(rows).unchecked_into();
    assert_eq!(errors.length(), 1);
    assert_eq!(get(&errors.get(0), "row"), 1);
    assert_eq!(get(&errors.get(0), "code"), "duplicate");
    for junk in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from_f64(1.0), JsValue::from_str("x")] {
        let errors: Array = validate_allocation(junk).unchecked_into();
        assert!(errors.length() >= 1);
    }
}

#[wasm_bindgen_test]
fn seed_responses_decode_inside_wasm() {
    let card = enkash_rewards::allocation::decode_card(200, include_str!("fixtures/seed000-response.json")).unwrap();
    assert_eq!(card.en_kash_card_id, "EKC04AZHXP");
    assert!(card.extra.is_empty());
    let bulk = enkash_rewards::allocation::decode_bulk(200, include_str!("fixtures/seed001-response.json")).unwrap();
    assert_eq!(bulk.failures.len(), 2);
    assert_eq!(parse_portal_date(JsValue::from_str("Jun 20, 2024 2:56:47 PM")).as_deref(), Some("2024-06-20T14:56:47"));
    assert_eq!(parse_portal_date(JsValue::from_f64(f64::NAN)), None, "a non-string is no date, not a crash");
}

#[wasm_bindgen_test]
fn a_bad_config_throws_a_named_error() {
    let err = JsClient::new(js(r#"{"partnerId":"P","accessToken":"t"}"#)).err().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name"), "EnKashError");
    assert_eq!(get(&err, "kind"), "validation");
    let err = JsClient::new(config(r#","credentials":{"clientId":"a","clientSecret":"b","username":"c","password":"d"}"#)).err().unwrap();
    assert_eq!(get(&err, "kind"), "validation");
    assert!(JsClient::new(config("")).is_ok());
}

#[wasm_bindgen_test]
async fn invalid_requests_reject_before_anything_is_sent() {
    // The host does not listen: a request that went out would fail with "network".
    let client = JsClient::new(config("")).unwrap();
    let err = JsFuture::from(client.create_and_allocate_points(js("{}"), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(get(&err, "kind"), "validation");
    let fields: Array = get(&err, "fieldErrors").unchecked_into();
    assert_eq!(fields.length(), 6);
}

#[wasm_bindgen_test]
async fn an_aborted_signal_and_a_dead_host() {
    let client = JsClient::new(config("")).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let options = js("{}");
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let err = JsFuture::from(client.create_and_allocate_points(seed_request(), options)).await.unwrap_err();
    assert_eq!(get(&err, "kind"), "aborted");
    let err = JsFuture::from(client.create_and_allocate_points(seed_request(), js(r#"{"timeoutMs":2000}"#))).await.unwrap_err();
    assert_eq!(get(&err, "kind"), "network");
}
