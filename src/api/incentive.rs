//! Incentive allocation: Incentive Create And Allocation and Get User Details under incentive
//! allocation (Get Incentive Transaction Details is the account transaction search).
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::incentive`].

use crate::api::allocation::CREATE_ALLOCATE_PATH;
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::account::{CardPage, TransactionFilter, TransactionPage};
use crate::models::allocation::{AllocationRequest, Card};
use crate::models::incentive::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::wire::endpoint::{Endpoint, IdempotencyKey, Typed};
use crate::wire::paging::PageRequest;

/// Path of Incentive Create And Allocation in the API reference (the default).
pub const INCENTIVE_ALLOCATE_PATH: &str = CREATE_ALLOCATE_PATH;

/// Path of incentive allocation in the portal's guide (the alternative).
pub const INCENTIVE_ALLOCATE_GUIDE_PATH: &str = "/api/v0/partner/enKashCard/points/allocate";

/// Validates and builds Incentive Create And Allocation.
pub fn incentive_allocation_endpoint(request: &AllocationRequest) -> Result<Typed<Card>, Error> {
    request.check()?;
    Endpoint::new("incentiveCreateAndAllocate", Method::Post, INCENTIVE_ALLOCATE_PATH)
        .retry_safe()
        .keyed_by(IdempotencyKey::UniqueReference)
        .json(&request.wire())
        .map(Endpoint::answers)
}

impl TransactionFilter {
    /// Validates and builds Get Incentive Transaction Details for one page.
    pub fn incentive_endpoint(&self, page: &PageRequest) -> Result<Typed<TransactionPage>, Error> {
        self.to_endpoint("getIncentiveTransactionDetails", page)
    }
}

impl IncentiveUserDetailsRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<CardPage>, Error> {
        self.check()?;
        Endpoint::new("getIncentiveUserDetails", Method::Post, crate::api::account::USER_SEARCH_PATH).retry_safe().json(self).map(Endpoint::answers)
    }
}

impl<T: Transport> Client<T> {
    /// Incentive Create And Allocation (same body as reward allocation).
    pub async fn incentive_create_and_allocate(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.0.call(incentive_allocation_endpoint(request)?, options).await
    }

    /// Get Incentive Transaction Details: one page.
    pub async fn get_incentive_transaction_details(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
        options: &CallOptions,
    ) -> Result<TransactionPage, Error> {
        self.0.call(filter.incentive_endpoint(page)?, options).await
    }

    /// Get User Details under incentive allocation (card id required).
    pub async fn get_incentive_user_details(&self, request: &IncentiveUserDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }
}
