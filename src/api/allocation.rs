//! Reward allocation endpoints: Create And Allocate Points (one person) and Bulk Create And
//! Allocate Rewards (many). Each states its method, path, query, body and answer type; the
//! types and their rules are in [`crate::models::allocation`].

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::allocation::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::types::serialize_amount;
use crate::wire::endpoint::{Endpoint, IdempotencyKey, Typed};
use crate::wire::envelope;
use serde::Serialize;

/// Path of Create And Allocate Points.
pub const CREATE_ALLOCATE_PATH: &str = "/api/v0/partner/enKashCard/create-allocate-points";

/// Path of Bulk Create And Allocate Rewards.
pub const BULK_PATH: &str = "/api/v0/partner/enKashCard/bulk-create-allocate-points-json";

/// [`AllocationRequest`] as the wire wants it: the card id spelt `enkashCardId` (the SDK's
/// own types spell it `enKashCardId`), every other field as is.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AllocationWire<'a> {
    company_id: &'a str,
    card_account_id: &'a str,
    transaction_code: &'a str,
    transaction_type: TransactionType,
    #[serde(rename = "type")]
    allocation_type: AllocationType,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Title>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    #[serde(rename = "enkashCardId", skip_serializing_if = "Option::is_none")]
    en_kash_card_id: Option<&'a str>,
    #[serde(serialize_with = "serialize_amount")]
    load_amount: f64,
    unique_reference_number: &'a str,
}

impl<'a> From<&'a AllocationRequest> for AllocationWire<'a> {
    fn from(r: &'a AllocationRequest) -> Self {
        // Every field named (no `..`): a field added to the request later does not compile
        // until it is sent here too.
        let AllocationRequest {
            company_id,
            card_account_id,
            transaction_code,
            transaction_type,
            allocation_type,
            email,
            mobile,
            title,
            first_name,
            gender,
            en_kash_card_id,
            load_amount,
            unique_reference_number,
        } = r;
        AllocationWire {
            company_id,
            card_account_id,
            transaction_code,
            transaction_type: *transaction_type,
            allocation_type: *allocation_type,
            email: email.as_deref(),
            mobile: mobile.as_deref(),
            title: *title,
            first_name: first_name.as_deref(),
            gender: *gender,
            en_kash_card_id: en_kash_card_id.as_deref(),
            load_amount: *load_amount,
            unique_reference_number,
        }
    }
}

/// Decodes a Create And Allocate Points answer.
pub fn decode_card(status: u16, body: &str) -> Result<Card, Error> {
    envelope::decode(status, body)
}

/// Decodes a bulk answer.
pub fn decode_bulk(status: u16, body: &str) -> Result<BulkResult, Error> {
    envelope::decode(status, body)
}

impl AllocationRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<Card>, Error> {
        self.check()?;
        Endpoint::new("createAndAllocatePoints", Method::Post, CREATE_ALLOCATE_PATH)
            .retry_safe()
            .keyed_by(IdempotencyKey::UniqueReference)
            .json(&self.wire())
            .map(Endpoint::answers)
    }

    /// The body as the wire wants it (the card id spelt `enkashCardId`): every endpoint that
    /// sends an allocation sends this, never the request itself.
    pub(crate) fn wire(&self) -> AllocationWire<'_> {
        AllocationWire::from(self)
    }
}

impl BulkRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<BulkResult>, Error> {
        let errors = self.validate();
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        // Safe to send again only when every row carries its reference.
        let keyed = self.rows.iter().all(|r| r.unique_reference_number.is_some());
        let ep = Endpoint::new("bulkCreateAndAllocateRewards", Method::Post, BULK_PATH).keyed_by(IdempotencyKey::UniqueReference);
        let ep = if keyed { ep.retry_safe() } else { ep };
        ep.query("companyId", &self.company_id)
            .query("cardAccountId", &self.card_account_id)
            .query("isPointsAllocation", if self.is_points_allocation { "true" } else { "false" })
            .json(&self.rows)
            .map(Endpoint::answers)
    }
}

impl<T: Transport> Client<T> {
    /// Create And Allocate Points: credits (or debits) one person's reward card.
    pub async fn create_and_allocate_points(&self, request: &AllocationRequest, options: &CallOptions) -> Result<Card, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Bulk Create And Allocate Rewards: one request with many rows. The answer lists the
    /// rows that were paid and the rows that failed with their reasons.
    pub async fn bulk_create_and_allocate_rewards(&self, request: &BulkRequest, options: &CallOptions) -> Result<BulkResult, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }
}
