//! The one place that reads meaning into the server's refusals. The portal documents some
//! refusals only by their text, so this module looks at that text; everything else in the
//! SDK branches on the typed values it returns, never on message text.
//!
//! - **Duplicate reference**: a keyed write (`createAndAllocatePoints` and
//!   `incentiveCreateAndAllocate` by `uniqueReferenceNumber`, `allocateCoins` by `requestId`,
//!   `createOrder` by `orderReferenceId`, and each bulk row by its reference) refused because
//!   its key was used before. The documented text is "The transaction associated with the
//!   given Unique reference Number already exists"; for coins and orders no text is
//!   published, so a refusal that names the key (`requestId`, `order reference`) together with
//!   "already exists", "already used" or "duplicate" is read the same way.
//! - **Account-level refusal** of a bulk request: the documented 404 (card account not found)
//!   and 422 cases about the account (card account, primary card, KYC, BIN type, company id),
//!   and authentication: every later batch would be refused too, so a run stops.

use crate::error::Error;

/// The endpoints whose body carries an idempotency key, and the words that name that key in
/// the server's refusals.
const KEYED_WRITES: &[(&str, &[&str])] = &[
    ("createAndAllocatePoints", &["unique reference"]),
    ("incentiveCreateAndAllocate", &["unique reference"]),
    ("bulkCreateAndAllocateRewards", &["unique reference"]),
    ("allocateCoins", &["requestid", "request id"]),
    ("createOrder", &["order reference", "orderreferenceid"]),
];

fn says_duplicate(text: &str, key_words: &[&str]) -> bool {
    let t = text.to_lowercase();
    key_words.iter().any(|k| t.contains(k)) && ["already exist", "already used", "duplicate"].iter().any(|d| t.contains(d))
}

/// Whether a bulk row's failure reason says its reference was already used.
pub fn is_duplicate_row_reason(reason: &str) -> bool {
    says_duplicate(reason, &["unique reference"])
}

/// The error of a call to `endpoint`, with a refusal of an already used idempotency key
/// turned into [`Error::DuplicateReference`] (`already_applied` false: the caller marks it
/// when an earlier attempt may have been applied).
pub fn classify(endpoint: &str, error: Error) -> Error {
    let Some((_, key_words)) = KEYED_WRITES.iter().find(|(name, _)| *name == endpoint) else {
        return error;
    };
    match error {
        Error::Api { status, code, message, body, earlier_attempt_uncertain } => {
            if status < 500 && says_duplicate(&message, key_words) {
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

    #[test]
    fn duplicates_are_recognised_per_keyed_endpoint() {
        let documented = "The transaction associated with the given Unique reference Number already exists";
        assert_eq!(classify("createAndAllocatePoints", api(200, documented)).kind(), "duplicateReference");
        assert_eq!(classify("incentiveCreateAndAllocate", api(200, documented)).kind(), "duplicateReference");
        assert_eq!(classify("createOrder", api(200, "Order reference id already exists")).kind(), "duplicateReference");
        assert_eq!(classify("allocateCoins", api(409, "Duplicate requestId")).kind(), "duplicateReference");
        assert_eq!(classify("getUserDetails", api(200, documented)).kind(), "api", "not a keyed write");
        assert_eq!(classify("createAndAllocatePoints", api(200, "Insufficient balance in card account")).kind(), "api");
        assert_eq!(classify("createAndAllocatePoints", api(503, documented)).kind(), "api", "a 5xx is not an answer about the key");
        let uncertain = Error::Api { status: 200, code: None, message: documented.into(), body: String::new(), earlier_attempt_uncertain: true };
        assert!(matches!(classify("createAndAllocatePoints", uncertain), Error::DuplicateReference { already_applied: true, .. }));
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
