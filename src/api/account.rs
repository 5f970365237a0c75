//! Reward account reads: Get Reward Account Details, Get Reward Transaction Details and the user
//! searches (Get User Details, Get User Card Details).
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::account`].

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::account::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::wire::endpoint::{Endpoint, Typed};
use crate::wire::paging::PageRequest;

/// Path of Get Reward Account Details.
pub const ACCOUNT_DETAILS_PATH: &str = "/api/v0/partner/enKashCard/cardAccount/get";

/// Path of Get Reward Transaction Details (inferred from the prepaid twin: overridable).
pub const TRANSACTIONS_PATH: &str = "/api/v0/partner/enKashCard/transaction/all";

/// Path of Get User Details and Get User Card Details.
pub const USER_SEARCH_PATH: &str = "/api/v0/partner/enKashCard/search";

impl AccountDetailsRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<AccountDetails>, Error> {
        self.check()?;
        Endpoint::new("getRewardAccountDetails", Method::Post, ACCOUNT_DETAILS_PATH).retry_safe().json(self).map(Endpoint::answers)
    }
}

impl UserDetailsRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<CardPage>, Error> {
        self.check()?;
        Endpoint::new("getUserDetails", Method::Post, USER_SEARCH_PATH).retry_safe().json(self).map(Endpoint::answers)
    }
}

impl UserCardDetailsRequest {
    /// Validates and builds the request.
    pub fn to_endpoint(&self) -> Result<Typed<CardPage>, Error> {
        self.check()?;
        Endpoint::new("getUserCardDetails", Method::Post, USER_SEARCH_PATH).retry_safe().json(self).map(Endpoint::answers)
    }
}

impl TransactionFilter {
    /// Validates and builds Get Reward Transaction Details for one page.
    pub fn reward_endpoint(&self, page: &PageRequest) -> Result<Typed<TransactionPage>, Error> {
        self.to_endpoint("getRewardTransactionDetails", page)
    }

    /// Validates and builds the search for one page. `name` is the endpoint's name
    /// (`getRewardTransactionDetails` or `getIncentiveTransactionDetails`); callers use
    /// [`Self::reward_endpoint`] and `incentive_endpoint`, which name it.
    pub(crate) fn to_endpoint(&self, name: &'static str, page: &PageRequest) -> Result<Typed<TransactionPage>, Error> {
        let mut errors = self.validate();
        errors.extend(page.validate());
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        let (limit, offset) = page.resolved();
        Ok(Endpoint::new(name, Method::Post, TRANSACTIONS_PATH)
            .retry_safe()
            .query("limit", limit.to_string())
            .query("offset", offset.to_string())
            .json(self)?
            .lenient()
            .answers())
    }
}

impl<T: Transport> Client<T> {
    /// Get Reward Account Details.
    pub async fn get_reward_account_details(&self, request: &AccountDetailsRequest, options: &CallOptions) -> Result<AccountDetails, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get Reward Transaction Details: one page. Walk all pages with [`crate::wire::paging::Pager`].
    pub async fn get_reward_transaction_details(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
        options: &CallOptions,
    ) -> Result<TransactionPage, Error> {
        self.0.call(filter.reward_endpoint(page)?, options).await
    }

    /// Get User Details: the cards of a reward account.
    pub async fn get_user_details(&self, request: &UserDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get User Card Details: the cards of a reward account, or one card.
    pub async fn get_user_card_details(&self, request: &UserCardDetailsRequest, options: &CallOptions) -> Result<CardPage, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }
}
