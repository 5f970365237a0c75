//! # enkash-rewards
//!
//! A typed client for the EnKash Reward APIs, written in Rust and shipped to JavaScript as
//! WebAssembly: allocate reward points to one person or many, with validation before
//! anything is sent, and errors that say what went wrong.
//!
//! The core is plain Rust with no I/O: [`allocation`] builds requests and decodes answers,
//! [`Client`] adds the base URL, headers and token handling, and a [`Transport`] moves the
//! bytes (`fetch` on wasm32; anything you like natively).
//!
//! ```no_run
//! # async fn demo<T: enkash_rewards::Transport>(transport: T) -> Result<(), enkash_rewards::Error> {
//! use enkash_rewards::*;
//! let config = ClientConfig::new(
//!     "http://127.0.0.1:8080",
//!     "CRMXWB3ZM",
//!     Auth::Credentials(Credentials {
//!         client_id: "client".into(),
//!         client_secret: Secret::new("secret"),
//!         username: "hr@example.com".into(),
//!         password: Secret::new("password"),
//!     }),
//! );
//! let client = Client::new(config, transport)?;
//! let card = client
//!     .create_and_allocate_points(
//!         &AllocationRequest {
//!             company_id: "CEK1PU9AOO".into(),
//!             card_account_id: "CAQL8YCV3".into(),
//!             transaction_code: "ALLOCATION".into(),
//!             transaction_type: TransactionType::Credit,
//!             allocation_type: AllocationType::AllocatePoint,
//!             email: Some("asha@example.com".into()),
//!             mobile: Some("9600098867".into()),
//!             title: Some(Title::Ms),
//!             first_name: Some("Asha".into()),
//!             gender: Some(Gender::F),
//!             en_kash_card_id: None,
//!             load_amount: 500.0,
//!             unique_reference_number: "DIWALI-2026-0001".into(),
//!         },
//!         &CallOptions::default(),
//!     )
//!     .await?;
//! println!("new balance: {:?}", card.otb_balance);
//! # Ok(()) }
//! ```
//!
//! ## One spelling per concept
//!
//! The portal spells some identifiers two ways. The SDK's own types (Rust fields, their JSON
//! and TypeScript names, bulk outcomes, the outcomes CSV and the CLI's result files) use one
//! spelling each; answers and inputs are read in every spelling, and each request is sent
//! the way its endpoint's wire wants it:
//!
//! | concept | the SDK says (Rust / JS) | also read | sent on the wire as |
//! | --- | --- | --- | --- |
//! | card id | `en_kash_card_id` / `enKashCardId` | `enkashCardId` | `enkashCardId` by Create And Allocate Points (top-up) and SSO; `enKashCardId` by the searches |
//! | card transaction id | `en_kash_transaction_id` / `enKashTransactionId` | `enkashCardTxnId`, `enKashCardTxnId` (`transactionId` in an outcome) | `enKashTransactionId` (transaction filter) |
//! | user id | `user_id` / `userId` | `ekUserId` | `ekUserId` by Order Search; `userId` elsewhere |
//! | cart id | `cart_id` / `cartId` | `id` (a cart answer) | `cartId` (Update Cart) |
//! | your order reference | `order_reference_id` / `orderReferenceId` | `partnerOrderReferenceId` (an order answer) | `orderReferenceId` (Create Order) |
//! | page size | `page_size` / `pageSize` | (`limit` is refused, naming `pageSize`) | query `limit` |
//!
//! An answer that holds one field under both spellings at once is read, never refused: the
//! SDK's spelling fills the field and the other spelling stays, as sent, in `extra`. An
//! input that gives both spellings is read once when the two values are the same, and is
//! otherwise refused with a validation error of code `mismatch` naming both.
//!
//! ## Required answer fields
//!
//! An answer lacking a field the SDK requires is a `decode` error naming the field's path.
//! The required fields are few on purpose: an answer to a call that moved money must not be
//! reported as an error over a missing echo field. A [`Card`] requires only `enKashCardId`
//! (`userId`, `cardAccountId` and every other card field may be missing); every field of the
//! [`PrimaryCard`] of account details is optional.
//!
//! ## Unknown fields and keys
//!
//! Fields of an answer that the SDK does not model are kept, as sent, in one place: the
//! `extra` map of each model (`card.extra["walletType"]`), never mixed with the modelled
//! fields. A key the SDK does not know in a request body, a configuration or options object
//! is refused with a validation error of code `unknown_field` naming the key and the
//! closest valid one (`unknown field "emial"; did you mean "email"?`; suggestions and the
//! list of known keys name the SDK's spellings only; a key longer than 64 characters is
//! shown as its first 32 and `…`, with no suggestion, and email addresses and mobile numbers
//! in a key are masked); the only bodies that
//! forward other keys, on purpose, are the filters the portal leaves open ([`OrderFilter`],
//! [`CatalogQuery`]).
#![warn(missing_docs)]

pub mod api;
pub mod bulk;
pub mod client;
#[cfg(feature = "encryption")]
pub mod crypto;
mod error;
mod input;
mod keys;
pub mod models;
pub mod recipients;
pub mod redact;
mod secret;
mod spell;
pub mod transport;
mod types;
pub mod validate;
mod wire;

pub use bulk::reference;
/// Reward account reads: account details, transactions, users and cards.
pub mod account {
    pub use crate::api::account::*;
    pub use crate::models::account::*;
}
/// Reward allocation: one person or many, with validation and wire format.
pub mod allocation {
    pub use crate::api::allocation::*;
    pub use crate::models::allocation::*;
}
/// Authentication and SSO.
pub mod auth {
    pub use crate::api::auth::*;
    pub use crate::client::token::{decode_token, TOKEN_PATH};
    pub use crate::models::auth::*;
}
/// EnKash coins: events, allocation, balance.
pub mod coins {
    pub use crate::api::coins::*;
    pub use crate::models::coins::*;
}
/// Incentive allocation.
pub mod incentive {
    pub use crate::api::incentive::*;
    pub use crate::models::incentive::*;
}
/// The end user's voucher store.
pub mod redemption {
    pub use crate::api::redemption::*;
    pub use crate::models::redemption::*;
}

/// One request as an endpoint describes it ([`Endpoint`]), and the validation contract of
/// request types ([`Request`]).
pub mod endpoint {
    pub use crate::models::Request;
    pub use crate::wire::endpoint::*;
}
pub use client::{hooks, retry};
/// The transport contract (also at [`transport`]).
pub use transport as http;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub use transport::native;
/// The answer tables the JS binding reads answers by (`Described`): not a stable API.
#[doc(hidden)]
pub use wire::schema;
pub use wire::{answer, envelope, paging};

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use account::{
    AccountDetails, AccountDetailsRequest, AllocationLookup, PrimaryCard, Transaction, TransactionFilter, UserCardDetailsRequest, UserDetailsRequest,
};
pub use allocation::{AllocationRequest, AllocationType, BulkRequest, BulkResult, BulkResultRow, BulkRow, Card, Gender, Title, TransactionType};
pub use auth::{sso_redirect_url, Auth, Credentials, SsoAudience, SsoRedirect, SsoRequest, SsoToken, TokenInfo, TokenProvider};
pub use bulk::{Progress, ReadRow, RowOutcome, RowSource, RowStatus, RunOptions, RunReport, RunTotals, Shard, StopCause};
pub use client::{CallOptions, Client, ClientConfig, RedemptionClient, DEFAULT_TIMEOUT_MS};
pub use coins::{AllocateCoinsRequest, CoinEvent, CoinEventPatch, CoinEventRequest};
pub use endpoint::{Endpoint, Host, IdempotencyKey, Request};
pub use error::{Error, FieldError, FieldErrorCode, ServerCode};
pub use http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
pub use incentive::IncentiveUserDetailsRequest;
pub use paging::{Page, PageRequest, Pager};
pub use recipients::{outcomes_to_csv, parse_recipients_csv, CsvLineError, ParsedRecipients};
pub use redemption::{
    AddToCartRequest, Cart, CartItem, CartItemInput, CartQuery, CatalogQuery, CreateOrderRequest, Order, OrderFilter, Product, ProductConfig,
    UpdateCartRequest, Voucher,
};
pub use secret::Secret;
pub use types::{parse_portal_date, Extra, Id, Labeled, LabeledObject};
