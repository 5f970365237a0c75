//! Incentive allocation: the same body as reward allocation, on the API reference's path by
//! default. The portal's guide gives another path, [`INCENTIVE_ALLOCATE_GUIDE_PATH`](crate::api::incentive::INCENTIVE_ALLOCATE_GUIDE_PATH): pass it
//! in the client's `paths` as `incentiveCreateAndAllocate` to use it.
//!
//! UNKNOWN: the incentive transaction search's path; the SDK uses the reward transaction
//! search (overridable as `getIncentiveTransactionDetails`).

use crate::error::FieldError;
use crate::input::Required;
use crate::models::Request;
use crate::validate::Checker;
use serde::{Deserialize, Serialize};

/// Body of Get User Details under incentive allocation: here the card id is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct IncentiveUserDetailsRequest {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// Card id.
    pub en_kash_card_id: String,
}
crate::spell::respelled!(ser IncentiveUserDetailsRequest, "input", "enkashCardId" => "enKashCardId");

impl Request for IncentiveUserDetailsRequest {
    const REQUIRED: &'static [Required] = &[&["companyId"], &["cardAccountId"], &["enKashCardId", "enkashCardId"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.required("enKashCardId", Some(&self.en_kash_card_id));
        c.errors
    }
}
