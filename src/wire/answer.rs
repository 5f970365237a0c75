//! The one place that reads meaning into the server's refusals. The portal documents some
//! refusals only by their text, so this module looks at that text; everything else in the
//! SDK branches on the typed values it returns, never on message text.
//!
//! - **Duplicate reference**: a keyed write (an endpoint built with `Endpoint::keyed_by`, in
//!   its area file; and each bulk row by its reference) refused because its key was used
//!   before. The documented text is "The transaction associated with the given Unique
//!   reference Number already exists"; for coins and orders no text is published, so a
//!   refusal that names the key (`requestId`, `order reference`) together with "already
//!   exists", "already used" or "duplicate" is read the same way.
//! - **Account-level refusal** of a bulk request: the documented 404 (card account not found)
//!   and 422 cases about the account (card account, primary card, KYC, BIN type, company id),
//!   and authentication: every later batch would be refused too, so a run stops.

use crate::error::Error;
use crate::wire::endpoint::IdempotencyKey;

/// The words that name an idempotency key in the server's refusals. (Which endpoint carries
/// which key, its area file says: `Endpoint::keyed_by`.)
fn key_words(key: IdempotencyKey) -> &'static [&'static str] {
    match key {
        IdempotencyKey::UniqueReference => &["unique reference"],
        IdempotencyKey::RequestId => &["requestid", "request id"],
        IdempotencyKey::OrderReference => &["order reference", "orderreferenceid"],
    }
}

fn says_duplicate(text: &str, key_words: &[&str]) -> bool {
    let t = text.to_lowercase();
    key_words.iter().any(|k| t.contains(k)) && ["already exist", "already used", "duplicate"].iter().any(|d| t.contains(d))
}

/// Whether a bulk row's failure reason says its reference was already used.
pub fn is_duplicate_row_reason(reason: &str) -> bool {
    says_duplicate(reason, key_words(IdempotencyKey::UniqueReference))
}

/// The error of a call to an endpoint carrying `key` (none: not a keyed write), with a
/// refusal of that key as already used turned into [`Error::DuplicateReference`]
/// (`already_applied` false: the caller marks it when an earlier attempt may have been
/// applied).
pub fn classify(key: Option<IdempotencyKey>, error: Error) -> Error {
    let Some(key) = key else {
        return error;
    };
    match error {
        Error::Api { status, code, message, body, earlier_attempt_uncertain } => {
            if status < 500 && says_duplicate(&message, key_words(key)) {
                Error::DuplicateReference { status, code, message, body, already_applied: earlier_attempt_uncertain }
            } else {
                Error::Api { status, code, message, body, earlier_attempt_uncertain }
            }
        }
        other => other,
    }
}

/// Whether a refusal of a bulk request concerns the whole account (every later batch would
/// be refused the same way), so that a run should stop.
pub fn is_account_level(e: &Error) -> bool {
    match e {
        Error::Auth { .. } | Error::Config { .. } => true,
        Error::Api { status: 404, .. } => true,
        Error::Api { status: 422, message, .. } => {
            let m = message.to_lowercase();
            ["card account", "primary enkash card", "kyc", "bin type", "company id"].iter().any(|k| m.contains(k))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, message: &str) -> Error {
        Error::Api { status, code: None, message: message.into(), body: String::new(), earlier_attempt_uncertain: false }
    }

    /// The key each endpoint declares, from the area files' own `to_endpoint`s (so that a
    /// keyed write that forgot to say so fails here).
    fn keys() -> [(&'static str, Option<IdempotencyKey>); 7] {
        use crate::models::{
            account::UserDetailsRequest,
            allocation::AllocationRequest,
            coins::{AllocateCoinsRequest, CoinEventPatch},
            redemption::CreateOrderRequest,
            Request,
        };
        use serde_json::json;
        let allocation = AllocationRequest::from_json(json!({
            "companyId": "C", "cardAccountId": "A", "transactionCode": "ALLOCATE", "transactionType": "CR", "type": "ALLOCATE_POINT",
            "email": "a@b.co", "mobile": "9876543210", "title": "Mr", "firstName": "Asha", "gender": "F", "loadAmount": 5, "uniqueReferenceNumber": "R1",
        }))
        .unwrap();
        let coins = AllocateCoinsRequest::from_json(json!({"companyId": "C", "event": "E", "requestId": "Q1", "userId": "U1"})).unwrap();
        let order = CreateOrderRequest::from_json(json!({"denomination": 100, "orderReferenceId": "O1", "productCatalogId": 7, "quantity": 1})).unwrap();
        let search = UserDetailsRequest::from_json(json!({"companyId": "C", "cardAccountId": "A"})).unwrap();
        let bulk = crate::models::allocation::BulkRequest::from_json(json!({
            "companyId": "C", "cardAccountId": "A", "isPointsAllocation": true,
            "rows": [{"title": "Mr", "name": "Asha", "email": "a@b.co", "mobile": "9876543210", "loadAmount": 5}],
        }))
        .unwrap();
        [
            ("createAndAllocatePoints", allocation.to_endpoint().unwrap().key),
            ("incentiveCreateAndAllocate", crate::api::incentive::incentive_allocation_endpoint(&allocation).unwrap().key),
            ("bulkCreateAndAllocateRewards", bulk.to_endpoint().unwrap().key),
            ("allocateCoins", coins.to_endpoint().unwrap().key),
            ("createOrder", order.to_endpoint().unwrap().key),
            ("getUserDetails", search.to_endpoint().unwrap().key),
            ("updateCoinEvent", crate::api::coins::update_event_endpoint("1", &CoinEventPatch { amount: Some(5), ..Default::default() }).unwrap().key),
        ]
    }

    #[test]
    fn duplicates_are_recognised_per_keyed_endpoint() {
        let keys = keys();
        let key = |name: &str| keys.iter().find(|(n, _)| *n == name).unwrap().1;
        let documented = "The transaction associated with the given Unique reference Number already exists";
        assert_eq!(classify(key("createAndAllocatePoints"), api(200, documented)).kind(), "duplicateReference");
        assert_eq!(classify(key("incentiveCreateAndAllocate"), api(200, documented)).kind(), "duplicateReference");
        assert_eq!(classify(key("bulkCreateAndAllocateRewards"), api(422, documented)).kind(), "duplicateReference");
        assert_eq!(classify(key("createOrder"), api(200, "Order reference id already exists")).kind(), "duplicateReference");
        assert_eq!(classify(key("allocateCoins"), api(409, "Duplicate requestId")).kind(), "duplicateReference");
        assert_eq!(classify(key("getUserDetails"), api(200, documented)).kind(), "api", "not a keyed write");
        assert_eq!(classify(key("updateCoinEvent"), api(200, documented)).kind(), "api", "not a keyed write");
        assert_eq!(classify(key("createAndAllocatePoints"), api(200, "Insufficient balance in card account")).kind(), "api");
        assert_eq!(classify(key("createAndAllocatePoints"), api(503, documented)).kind(), "api", "a 5xx is not an answer about the key");
        let uncertain = Error::Api { status: 200, code: None, message: documented.into(), body: String::new(), earlier_attempt_uncertain: true };
        assert!(matches!(classify(key("createAndAllocatePoints"), uncertain), Error::DuplicateReference { already_applied: true, .. }));
        assert!(is_duplicate_row_reason(documented));
        assert!(!is_duplicate_row_reason("Invalid email"));
    }

    #[test]
    fn account_level_refusals() {
        assert!(is_account_level(&api(404, "Card account not found for companyId: X and cardAccountId: Y")));
        assert!(is_account_level(&api(422, "KYC is not uploaded or under review for the primary card. So bulk upload cannot be done")));
        assert!(!is_account_level(&api(422, "Invalid name")));
        assert!(!is_account_level(&api(400, "Card account")));
    }
}
