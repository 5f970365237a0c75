//! Reward account reads: account details, transaction search, user details and user card
//! details (all POST with a JSON body on the partner host).
//!
//! UNKNOWN in the portal, and so modelled loosely (optional fields, unknown fields kept):
//! - the transaction search's path (inferred from the prepaid twin) and its answer; the SDK
//!   reads it as a [`Page`] of [`Transaction`] and sends `limit`/`offset` as query
//!   parameters, as the order search does;
//! - the account details' extra fields beyond the documented ones.

use crate::error::{Error, FieldError};
use crate::input::Required;
use crate::models::allocation::{Card, TransactionType};
use crate::models::Request;
use crate::types::{lenient_count, lenient_number, Extra};
use crate::validate::Checker;
use crate::wire::paging::Page;
use crate::wire::schema::{self, must, opt, Described, Kind as K, Record, Schema};
use serde::{Deserialize, Serialize};

macro_rules! account_ref {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// Company id.
            pub company_id: String,
            /// Reward account id.
            pub card_account_id: String,
        }

        impl Request for $name {
            const REQUIRED: &'static [Required] = &[&["companyId"], &["cardAccountId"]];
            fn validate(&self) -> Vec<FieldError> {
                let mut c = Checker::new();
                c.required("companyId", Some(&self.company_id));
                c.required("cardAccountId", Some(&self.card_account_id));
                c.errors
            }
        }
    };
}

account_ref!(
    /// Body of Get Reward Account Details.
    AccountDetailsRequest
);
account_ref!(
    /// Body of Get User Details: the users (cards) of a reward account.
    UserDetailsRequest
);

/// Body of Get User Card Details: like user details, optionally for one card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCardDetailsRequest {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// One card only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
}
crate::spell::respelled!(ser UserCardDetailsRequest, "input", "enkashCardId" => "enKashCardId");

impl Request for UserCardDetailsRequest {
    const REQUIRED: &'static [Required] = &[&["companyId"], &["cardAccountId"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.not_blank("enKashCardId", self.en_kash_card_id.as_deref());
        c.errors
    }
}

/// A reward account: balance, cards, this month's allocation and redemption.
///
/// Required (their absence is a decode error naming the field): `availableBalance`,
/// `companyId` and `cardAccountId`, which the portal documents and which say whose balance
/// this is. The other documented counters are optional (samples leave some out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AccountDetails {
    /// Balance available for allocation.
    #[serde(deserialize_with = "crate::types::required_number")]
    pub available_balance: f64,
    /// Number of cards.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub total_cards: Option<u64>,
    /// Number of active cards.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub active_cards: Option<u64>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// Points allocated in all.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total_allocation_point: Option<f64>,
    /// Points redeemed in all.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total_redemption_point: Option<f64>,
    /// Points allocated this month.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub current_month_allocation_point: Option<f64>,
    /// Points redeemed this month.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub current_month_redemption_point: Option<f64>,
    /// Credit limit (seen in examples).
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<f64>,
    /// Dynamic limit (seen in examples).
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub dynamic_limit: Option<f64>,
    /// Used credit limit (seen in examples).
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub used_credit_limit: Option<f64>,
    /// Balance on cards (seen in examples).
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub available_card_balance: Option<f64>,
    /// The account's primary card (seen in examples, with fewer fields than a [`Card`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_en_kash_card: Option<PrimaryCard>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// What JS gets of a [`AccountDetails`] (read by `crate::wire::transcode`).
pub(crate) static ACCOUNT_DETAILS: Record = Record {
    expecting: "struct AccountDetails",
    fields: &[
        must("availableBalance", K::Number),
        opt("totalCards", K::Count),
        opt("activeCards", K::Count),
        opt("companyName", K::Text),
        must("companyId", K::Text),
        must("cardAccountId", K::Text),
        opt("totalAllocationPoint", K::Number),
        opt("totalRedemptionPoint", K::Number),
        opt("currentMonthAllocationPoint", K::Number),
        opt("currentMonthRedemptionPoint", K::Number),
        opt("creditLimit", K::Number),
        opt("dynamicLimit", K::Number),
        opt("usedCreditLimit", K::Number),
        opt("availableCardBalance", K::Number),
        opt("primaryEnKashCard", K::Record(&PRIMARY_CARD)),
    ],
    spellings: &[],
    extra: true,
};

impl Described for AccountDetails {
    fn schema() -> Schema {
        schema::record(&ACCOUNT_DETAILS)
    }
}

/// The primary card of a reward account, as [`AccountDetails`] carries it. Its fields are
/// seen only in examples, so all are optional (a missing one is never a decode error); the
/// rest is in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct PrimaryCard {
    /// Card id (`enkashCardId` is read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
    /// Reward account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_account_id: Option<String>,
    /// Company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Card status, e.g. `{name: "UL", label: "UnLocked"}` or `"UL"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_status: Option<crate::types::Labeled>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser PrimaryCard, "answer", "enkashCardId" => "enKashCardId");

/// What JS gets of a [`PrimaryCard`] (read by `crate::wire::transcode`).
pub(crate) static PRIMARY_CARD: Record = Record {
    expecting: "an object",
    fields: &[opt("enKashCardId", K::Text), opt("cardAccountId", K::Text), opt("companyId", K::Text), opt("cardStatus", K::Labeled)],
    spellings: &[("enkashCardId", "enKashCardId")],
    extra: true,
};

/// What `findAllocation` looks up: the allocation paid under `reference` (its
/// `uniqueReferenceNumber`) on one card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocationLookup {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// The card paid (the transaction search needs it; for a person's first allocation, find
    /// the card with Get User Details).
    pub en_kash_card_id: String,
    /// The allocation's `uniqueReferenceNumber`.
    pub reference: String,
}
crate::spell::respelled!(ser AllocationLookup, "input", "enkashCardId" => "enKashCardId");

impl Request for AllocationLookup {
    const REQUIRED: &'static [Required] = &[&["companyId"], &["cardAccountId"], &["enKashCardId", "enkashCardId"], &["reference"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.required("enKashCardId", Some(&self.en_kash_card_id));
        c.required("reference", Some(&self.reference));
        c.errors
    }
}

impl AllocationLookup {
    /// The transaction search that finds it.
    pub fn to_filter(&self) -> Result<TransactionFilter, Error> {
        self.check()?;
        let filter = TransactionFilter {
            company_id: self.company_id.clone(),
            card_account_id: self.card_account_id.clone(),
            en_kash_card_id: self.en_kash_card_id.clone(),
            pg_reference_number: Some(self.reference.trim().to_owned()),
            ..TransactionFilter::default()
        };
        let errors = filter.validate();
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        Ok(filter)
    }
}

/// Filter of Get Reward (or Incentive) Transaction Details. `companyId`, `cardAccountId` and
/// `enKashCardId` are required. The portal also marks `pgReferenceNumber` required, which
/// would make "every transaction of a card" impossible to ask for: the SDK sends it when
/// given and leaves the decision to the server. The rest narrow the search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct TransactionFilter {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// Card id.
    pub en_kash_card_id: String,
    /// The allocation's reference (its `uniqueReferenceNumber`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_reference_number: Option<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Card holder's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_holder_name: Option<String>,
    /// User id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Status, e.g. `CREATED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Transaction ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_ids: Option<Vec<String>>,
    /// One transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_id: Option<String>,
    /// CR or DR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_transaction_type: Option<TransactionType>,
    /// Smallest amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_from: Option<f64>,
    /// Largest amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_to: Option<f64>,
    /// References.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_reference_numbers: Option<Vec<String>>,
    /// From (ISO date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txn_date_from: Option<String>,
    /// To (ISO date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txn_date_to: Option<String>,
}
crate::spell::respelled!(ser TransactionFilter, "input", "enkashCardId" => "enKashCardId");

impl Request for TransactionFilter {
    const REQUIRED: &'static [Required] = &[&["companyId"], &["cardAccountId"], &["enKashCardId", "enkashCardId"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.required("enKashCardId", Some(&self.en_kash_card_id));
        c.not_blank_all(&[
            ("pgReferenceNumber", self.pg_reference_number.as_deref()),
            ("companyName", self.company_name.as_deref()),
            ("cardHolderName", self.card_holder_name.as_deref()),
            ("userId", self.user_id.as_deref()),
            ("status", self.status.as_deref()),
            ("enKashTransactionId", self.en_kash_transaction_id.as_deref()),
        ]);
        c.bound("amountFrom", self.amount_from);
        c.bound("amountTo", self.amount_to);
        c.ordered("amountFrom", self.amount_from, "amountTo", self.amount_to);
        let from = c.iso_datetime("txnDateFrom", self.txn_date_from.as_deref());
        let to = c.iso_datetime("txnDateTo", self.txn_date_to.as_deref());
        c.ordered("txnDateFrom", from, "txnDateTo", to);
        c.errors
    }
}

/// A reward or incentive transaction. UNKNOWN in the portal: the fields below are the
/// filter's names, all optional; everything else is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Transaction {
    /// Transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_id: Option<String>,
    /// The allocation's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_reference_number: Option<String>,
    /// Amount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// CR or DR, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_transaction_type: Option<String>,
    /// Status, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Card id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
    /// User id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Card holder's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_holder_name: Option<String>,
    /// When, as sent (portal text or ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser Transaction, "answer", "enkashCardTxnId" => "enKashTransactionId", "enKashCardTxnId" => "enKashTransactionId", "uniqueReferenceNumber" => "pgReferenceNumber", "enkashCardId" => "enKashCardId");

/// What JS gets of a [`Transaction`] (read by `crate::wire::transcode`).
pub(crate) static TRANSACTION: Record = Record {
    expecting: "an object",
    fields: &[
        opt("enKashTransactionId", K::Text),
        opt("pgReferenceNumber", K::Text),
        opt("amount", K::Number),
        opt("cardTransactionType", K::Text),
        opt("status", K::Text),
        opt("enKashCardId", K::Text),
        opt("userId", K::Text),
        opt("cardHolderName", K::Text),
        opt("createdOn", K::Text),
    ],
    spellings: &[
        ("enkashCardTxnId", "enKashTransactionId"),
        ("enKashCardTxnId", "enKashTransactionId"),
        ("uniqueReferenceNumber", "pgReferenceNumber"),
        ("enkashCardId", "enKashCardId"),
    ],
    extra: true,
};

impl Described for Transaction {
    fn schema() -> Schema {
        schema::record(&TRANSACTION)
    }
}

/// A page of transactions.
pub type TransactionPage = Page<Transaction>;
/// A page of cards (user details, user card details).
pub type CardPage = Page<Card>;
