//! EnKash coins: Create, Get and Update Event, Allocate Coins, Get Balance.
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::coins`].

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::models::coins::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::validate::Checker;
use crate::wire::endpoint::{Endpoint, IdempotencyKey, Typed};

/// Path of Create Event.
pub const CREATE_EVENT_PATH: &str = "/api/v0/enkash-coins/create-coins-config";

/// Path of Get Event and Update Event.
pub const EVENT_PATH: &str = "/api/v0/enkash-coins/{coinConfigId}";

/// Path of Allocate Coins.
pub const ALLOCATE_PATH: &str = "/api/v0/enkash-coins/allocate-coin";

/// Path of Get Balance.
pub const BALANCE_PATH: &str = "/api/v0/coins/balance";

/// Validates and builds Get Event.
pub fn get_event_endpoint(coin_config_id: &str) -> Result<Typed<CoinEvent>, Error> {
    crate::validate::required_arg("coinConfigId", coin_config_id)?;
    Ok(Endpoint::new("getCoinEvent", Method::Get, EVENT_PATH).param("coinConfigId", coin_config_id).lenient().answers())
}

/// Validates and builds Update Event.
pub fn update_event_endpoint(coin_config_id: &str, patch: &CoinEventPatch) -> Result<Typed<CoinEvent>, Error> {
    let mut errors = Checker::new();
    errors.required("coinConfigId", Some(coin_config_id));
    let mut errors = errors.errors;
    errors.extend(patch.validate());
    if !errors.is_empty() {
        return Err(Error::validation(errors));
    }
    Ok(Endpoint::new("updateCoinEvent", Method::Patch, EVENT_PATH).retry_safe().param("coinConfigId", coin_config_id).json(patch)?.lenient().answers())
}

/// Validates and builds Get Balance.
pub fn balance_endpoint(user_id: &str) -> Result<Typed<CoinBalance>, Error> {
    crate::validate::required_arg("userId", user_id)?;
    Ok(Endpoint::new("getCoinBalance", Method::Get, BALANCE_PATH).query("userId", user_id).lenient().answers())
}

impl CoinEventRequest {
    /// Validates and builds Create Event.
    pub fn to_endpoint(&self) -> Result<Typed<CoinEvent>, Error> {
        self.check()?;
        Ok(Endpoint::new("createCoinEvent", Method::Post, CREATE_EVENT_PATH).json(self)?.lenient().answers())
    }
}

impl AllocateCoinsRequest {
    /// Validates and builds Allocate Coins.
    pub fn to_endpoint(&self) -> Result<Typed<CoinAllocationMessage>, Error> {
        self.check()?;
        Ok(Endpoint::new("allocateCoins", Method::Post, ALLOCATE_PATH).retry_safe().keyed_by(IdempotencyKey::RequestId).json(self)?.lenient().answers())
    }
}

impl<T: Transport> Client<T> {
    /// Create Event: a coin cashback rule.
    pub async fn create_coin_event(&self, request: &CoinEventRequest, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Get Event.
    pub async fn get_coin_event(&self, coin_config_id: &str, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(get_event_endpoint(coin_config_id)?, options).await
    }

    /// Update Event.
    pub async fn update_coin_event(&self, coin_config_id: &str, patch: &CoinEventPatch, options: &CallOptions) -> Result<CoinEvent, Error> {
        self.0.call(update_event_endpoint(coin_config_id, patch)?, options).await
    }

    /// Allocate Coins for an event, once per `requestId`. Returns the server's message.
    pub async fn allocate_coins(&self, request: &AllocateCoinsRequest, options: &CallOptions) -> Result<String, Error> {
        self.0.call::<CoinAllocationMessage>(request.to_endpoint()?, options).await.map(|m| m.0)
    }

    /// Get Balance: a user's coins.
    pub async fn get_coin_balance(&self, user_id: &str, options: &CallOptions) -> Result<f64, Error> {
        self.0.call::<CoinBalance>(balance_endpoint(user_id)?, options).await.map(|b| b.0)
    }
}
