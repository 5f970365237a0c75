//! Incentive allocation: the same body as reward allocation, on the API reference's path by
//! default. The portal's guide gives another path, [`INCENTIVE_ALLOCATE_GUIDE_PATH`]: pass it
//! in the client's `paths` as `incentiveCreateAndAllocate` to use it.
//!
//! UNKNOWN: the incentive transaction search's path; the SDK uses the reward transaction
//! search (overridable as `getIncentiveTransactionDetails`).

use crate::allocation::{AllocationRequest, CREATE_ALLOCATE_PATH};
use crate::endpoint::{Endpoint, Request};
use crate::error::{Error, FieldError};
use crate::http::Method;
use crate::input::Required;
use crate::validate::Checker;
use serde::{Deserialize, Serialize};

/// Path of Incentive Create And Allocation in the API reference (the default).
pub const INCENTIVE_ALLOCATE_PATH: &str = CREATE_ALLOCATE_PATH;
/// Path of incentive allocation in the portal's guide (the alternative).
pub const INCENTIVE_ALLOCATE_GUIDE_PATH: &str = "/api/v0/partner/enKashCard/points/allocate";

/// Validates and builds Incentive Create And Allocation.
pub fn incentive_allocation_endpoint(request: &AllocationRequest) -> Result<Endpoint, Error> {
    request.check()?;
    Endpoint::new("incentiveCreateAndAllocate", Method::Post, INCENTIVE_ALLOCATE_PATH).retry_safe().json(&request.wire())
}

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

impl IncentiveUserDetailsRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Endpoint, Error> {
        self.check()?;
        Endpoint::new("getIncentiveUserDetails", Method::Post, crate::account::USER_SEARCH_PATH).retry_safe().json(self)
    }
}
