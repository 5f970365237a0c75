//! Reward allocation: Create And Allocate Points (one person) and Bulk Create And Allocate
//! Rewards (many), with their validation and wire format.
//!
//! Wire names follow the portal's schema exactly. Where the portal contradicts itself the SDK
//! accepts every spelling on input and sends the schema's:
//! - `uniqueReferenceNumber` is sent; `uniqueReferenceNum` (seed 000's example) is accepted.
//! - `enkashCardId` is sent for a top-up of an existing card; `enKashCardId` is accepted.
//! - card responses spell the card id `enKashCardId` and bulk results `enkashCardId`: both read.

use crate::error::{FieldError, FieldErrorCode as C};
use crate::input::{self, Required};
use crate::models::Request;
use crate::secret::Secret;
use crate::types::{lenient_count, lenient_number, serialize_amount, Extra, Labeled};
use crate::validate::Checker;
use crate::wire::schema::{self, field, must, opt, Described, Kind as K, Need, Record, Schema};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;

/// The duplicate-reference failure reason the server gives (seed 001).
pub const DUPLICATE_REFERENCE_REASON: &str = "The transaction associated with the given Unique reference Number already exists";

/// Credit or debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum TransactionType {
    /// Credit: add points (with [`AllocationType::AllocatePoint`]).
    #[serde(rename = "CR")]
    Credit,
    /// Debit: take points back (with [`AllocationType::UnallocatePoint`]).
    #[serde(rename = "DR")]
    Debit,
}

/// What the allocation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AllocationType {
    /// Goes with `CR`.
    AllocatePoint,
    /// Goes with `DR`.
    UnallocatePoint,
}

/// A person's title, as the portal documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Title {
    /// Mr
    Mr,
    /// Mrs
    Mrs,
    /// Ms
    Ms,
}

/// Gender, as the portal documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Gender {
    /// Male
    M,
    /// Female
    F,
}

fn is_none_or_blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.is_empty())
}

fn allocation_code() -> String {
    "ALLOCATION".to_owned()
}

/// Body of Create And Allocate Points: credit (`CR` + `ALLOCATE_POINT`) or debit
/// (`DR` + `UNALLOCATE_POINT`) points on a person's reward card, creating the card on the
/// first credit.
///
/// The person fields (`email`, `mobile`, `title`, `firstName`, `gender`) are required unless
/// `enkashCardId` names an existing card (a top-up or debit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocationRequest {
    /// Company id, e.g. `CEK1PU9AOO`.
    pub company_id: String,
    /// Reward account id, e.g. `CAQL8YCV3`.
    pub card_account_id: String,
    /// Always `ALLOCATION` in the portal; filled in when left out.
    #[serde(default = "allocation_code")]
    pub transaction_code: String,
    /// `CR` or `DR`.
    pub transaction_type: TransactionType,
    /// `ALLOCATE_POINT` with `CR`, `UNALLOCATE_POINT` with `DR`.
    #[serde(rename = "type")]
    pub allocation_type: AllocationType,
    /// The person's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// 10-digit Indian mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Mr, Mrs or Ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// M or F.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// An existing card to top up or debit instead of naming the person. The SDK spells it
    /// `enKashCardId` (`enkashCardId` is accepted too) and sends it as the wire wants it for
    /// this call, `enkashCardId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
    /// Points in rupees: greater than 0, at most two decimals. Sent as an integer when whole.
    #[serde(serialize_with = "serialize_amount")]
    pub load_amount: f64,
    /// Your unique reference for this allocation: the idempotency key. The server refuses a
    /// second allocation with the same reference and moves no money.
    pub unique_reference_number: String,
}
crate::spell::respelled!(ser AllocationRequest, "input", "enkashCardId" => "enKashCardId", "uniqueReferenceNum" => "uniqueReferenceNumber");

const ALLOCATION_REQUIRED: &[Required] =
    &[&["companyId"], &["cardAccountId"], &["transactionType"], &["type"], &["loadAmount"], &["uniqueReferenceNumber", "uniqueReferenceNum"]];

impl Request for AllocationRequest {
    const REQUIRED: &'static [Required] = ALLOCATION_REQUIRED;

    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.required("transactionCode", Some(&self.transaction_code));
        match (self.transaction_type, self.allocation_type) {
            (TransactionType::Credit, AllocationType::AllocatePoint) | (TransactionType::Debit, AllocationType::UnallocatePoint) => {}
            (TransactionType::Credit, AllocationType::UnallocatePoint) => {
                c.push("type", C::Mismatch, "transactionType CR (credit) goes with type ALLOCATE_POINT, not UNALLOCATE_POINT")
            }
            (TransactionType::Debit, AllocationType::AllocatePoint) => {
                c.push("type", C::Mismatch, "transactionType DR (debit) goes with type UNALLOCATE_POINT, not ALLOCATE_POINT")
            }
        }
        c.amount("loadAmount", Some(self.load_amount));
        c.required("uniqueReferenceNumber", Some(&self.unique_reference_number));
        c.not_blank("enKashCardId", self.en_kash_card_id.as_deref());
        if is_none_or_blank(&self.en_kash_card_id) {
            // A new or unnamed card: the person must be described in full.
            c.email("email", self.email.as_deref());
            c.mobile("mobile", self.mobile.as_deref());
            c.present("title", self.title);
            c.required("firstName", self.first_name.as_deref());
            c.present("gender", self.gender);
        } else {
            if self.email.is_some() {
                c.email("email", self.email.as_deref());
            }
            if self.mobile.is_some() {
                c.mobile("mobile", self.mobile.as_deref());
            }
        }
        c.errors
    }
}

/// The card returned by Create And Allocate Points (seed 000's full payload).
///
/// Required (a card without it is a decode error naming the missing field): only
/// `enKashCardId`. Everything else is optional, `userId` and `cardAccountId` included: seed
/// 000 marks more fields required, but the user searches document a shorter card, the answer
/// of `incentiveCreateAndAllocate` is not documented, and refusing the answer of an
/// allocation that moved money over a missing echo field would misreport a payment. Fields the SDK does not model are kept in
/// `extra` (wire names as keys). Dates (`createdOn`) are kept as the server's text: see
/// [`crate::parse_portal_date`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Card {
    /// Card id (the response spells it `enKashCardId`; `enkashCardId` is read too, and when
    /// both are sent, `enKashCardId` wins and `enkashCardId` stays in `extra`).
    pub en_kash_card_id: String,
    /// The card holder's user id (`ekUserId` is read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Reward account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_account_id: Option<String>,
    /// Company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Card token (treated as a secret: hidden from `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub token: Option<Secret>,
    /// Masked card number, e.g. `XXXX XXXX XXXX 8867`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_number: Option<String>,
    /// Expiry month, e.g. `06`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_month: Option<String>,
    /// Expiry year, e.g. `2026`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_year: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Mobile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Balance available on the card (open-to-buy).
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub otb_balance: Option<f64>,
    /// The amount of this allocation.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub load_amount: Option<f64>,
    /// The reward account's balance after the allocation.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub account_balance: Option<f64>,
    /// The transaction id of this allocation, e.g. `ECTRSZJ8CRJ2E` (the wire spells it
    /// `enkashCardTxnId`; `enKashCardTxnId` and `enKashTransactionId` are read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_id: Option<String>,
    /// Echo of the allocation's `uniqueReferenceNumber`, when the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_reference_number: Option<String>,
    /// Card status, e.g. `{name: "UL", label: "UnLocked"}` or `"UL"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_status: Option<Labeled>,
    /// KYC status, e.g. `{name: "VERIFIED"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kyc_status: Option<Labeled>,
    /// BIN type, e.g. `{name: "REWARD"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin_type: Option<Labeled>,
    /// Account type, e.g. `{name: "EMPLOYEE_REWARDS"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<Labeled>,
    /// Creation time as sent, e.g. `Jun 20, 2024 2:56:47 PM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// Last change as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    /// Spent month to date.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub used_mtd: Option<f64>,
    /// Spent day to date.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub used_dtd: Option<f64>,
    /// Spent year to date.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub used_ytd: Option<f64>,
    /// Spent over the card's life.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub used_ltd: Option<f64>,
    /// Limit allocated over the card's life.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub limit_allocated_ltd: Option<f64>,
    /// The previous allocation's amount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub last_allocated_amount: Option<f64>,
    /// Amount on hold.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub hold_balance: Option<f64>,
    /// Amount on hold for unallocation.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub un_allocate_hold_balance: Option<f64>,
    /// Surcharge.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub surcharge_amt: Option<f64>,
    /// How many rewards this card has received.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub total_rewards_received: Option<u64>,
    /// Points received in all.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub reward_points_received: Option<f64>,
    /// Card kit id.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub card_kit_master_id: Option<u64>,
    /// Card programme, e.g. `SBM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_programme: Option<String>,
    /// Block code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_code: Option<String>,
    /// Partner logo URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_logo: Option<String>,
    /// External entity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext_entity_id: Option<String>,
    /// Switch provider, e.g. `EK_CLOSEDLOOP_CREDIT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_provider: Option<String>,
    /// Virtual account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_number: Option<String>,
    /// Support email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_support_email: Option<String>,
    /// Support phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_support_mobile: Option<String>,
    /// Flags of the card, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_card: Option<bool>,
    /// Prepaid card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepaid_card: Option<bool>,
    /// Physical card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_card: Option<bool>,
    /// Deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Closed-loop card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_loop_card: Option<bool>,
    /// Uses account funds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_account_funds: Option<bool>,
    /// Physical delivery address flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_delivery_address_flag: Option<bool>,
    /// Card activated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_activated: Option<bool>,
    /// Physical card allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_card_allowed: Option<bool>,
    /// PAN validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pan_validated: Option<bool>,
    /// Latest terms accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_tn_c_version_accepted: Option<bool>,
    /// Latest key facts accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_key_fact_accepted: Option<bool>,
    /// Latest terms accepted for the primary card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_tn_c_version_accepted_for_primary_card: Option<bool>,
    /// Latest key facts accepted for the primary card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_key_fact_accepted_card_for_primary_card: Option<bool>,
    /// POS allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos_allowed: Option<bool>,
    /// POS allowed by the admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos_allowed_admin: Option<bool>,
    /// ATM allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atm_allowed: Option<bool>,
    /// ATM allowed by the admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atm_allowed_admin: Option<bool>,
    /// Online use allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_allowed: Option<bool>,
    /// Online use allowed by the admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_allowed_admin: Option<bool>,
    /// Live image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_image: Option<bool>,
    /// cKYC enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c_kyc_enabled: Option<bool>,
    /// Unallocation allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unallocate_fund_allowed: Option<bool>,
    /// Parent funds allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_parent_fund_allowed: Option<bool>,
    /// Minimum-KYC OTP verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_kyc_otp_verified: Option<bool>,
    /// Video KYC allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v_kyc_allowed: Option<bool>,
    /// Terms allow unallocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tnc_un_allocate_allowed: Option<bool>,
    /// Unallocation terms accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tnc_un_allocate_accepted: Option<bool>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser Card, "answer", "enkashCardId" => "enKashCardId", "ekUserId" => "userId", "enkashCardTxnId" => "enKashTransactionId", "enKashCardTxnId" => "enKashTransactionId");

/// What JS gets of a [`Card`] (read by `crate::wire::transcode`).
pub(crate) static CARD: Record = Record {
    expecting: "an object",
    fields: &[
        must("enKashCardId", K::Text),
        opt("userId", K::Text),
        opt("cardAccountId", K::Text),
        opt("companyId", K::Text),
        opt("companyName", K::Text),
        opt("token", K::Text),
        opt("maskedNumber", K::Text),
        opt("expiryMonth", K::Text),
        opt("expiryYear", K::Text),
        opt("email", K::Text),
        opt("mobile", K::Text),
        opt("title", K::Text),
        opt("firstName", K::Text),
        opt("gender", K::Text),
        opt("otbBalance", K::Number),
        opt("loadAmount", K::Number),
        opt("accountBalance", K::Number),
        opt("enKashTransactionId", K::Text),
        opt("pgReferenceNumber", K::Text),
        opt("cardStatus", K::Labeled),
        opt("kycStatus", K::Labeled),
        opt("binType", K::Labeled),
        opt("accountType", K::Labeled),
        opt("createdOn", K::Text),
        opt("modifiedOn", K::Text),
        opt("usedMtd", K::Number),
        opt("usedDtd", K::Number),
        opt("usedYtd", K::Number),
        opt("usedLtd", K::Number),
        opt("limitAllocatedLtd", K::Number),
        opt("lastAllocatedAmount", K::Number),
        opt("holdBalance", K::Number),
        opt("unAllocateHoldBalance", K::Number),
        opt("surchargeAmt", K::Number),
        opt("totalRewardsReceived", K::Count),
        opt("rewardPointsReceived", K::Number),
        opt("cardKitMasterId", K::Count),
        opt("cardProgramme", K::Text),
        opt("blockCode", K::Text),
        opt("partnerLogo", K::Text),
        opt("extEntityId", K::Text),
        opt("switchProvider", K::Text),
        opt("virtualAccountNumber", K::Text),
        opt("enKashSupportEmail", K::Text),
        opt("enKashSupportMobile", K::Text),
        opt("primaryCard", K::Bool),
        opt("prepaidCard", K::Bool),
        opt("physicalCard", K::Bool),
        opt("deleted", K::Bool),
        opt("closedLoopCard", K::Bool),
        opt("useAccountFunds", K::Bool),
        opt("physicalDeliveryAddressFlag", K::Bool),
        opt("cardActivated", K::Bool),
        opt("physicalCardAllowed", K::Bool),
        opt("panValidated", K::Bool),
        opt("latestTnCVersionAccepted", K::Bool),
        opt("latestKeyFactAccepted", K::Bool),
        opt("latestTnCVersionAcceptedForPrimaryCard", K::Bool),
        opt("latestKeyFactAcceptedCardForPrimaryCard", K::Bool),
        opt("posAllowed", K::Bool),
        opt("posAllowedAdmin", K::Bool),
        opt("atmAllowed", K::Bool),
        opt("atmAllowedAdmin", K::Bool),
        opt("onlineAllowed", K::Bool),
        opt("onlineAllowedAdmin", K::Bool),
        opt("liveImage", K::Bool),
        opt("cKycEnabled", K::Bool),
        opt("unallocateFundAllowed", K::Bool),
        opt("useParentFundAllowed", K::Bool),
        opt("minKycOtpVerified", K::Bool),
        opt("vKycAllowed", K::Bool),
        opt("tncUnAllocateAllowed", K::Bool),
        opt("tncUnAllocateAccepted", K::Bool),
    ],
    spellings: &[
        ("enkashCardId", "enKashCardId"),
        ("ekUserId", "userId"),
        ("enkashCardTxnId", "enKashTransactionId"),
        ("enKashCardTxnId", "enKashTransactionId"),
    ],
    extra: true,
};

impl Described for Card {
    fn schema() -> Schema {
        schema::record(&CARD)
    }
}

// ---------------------------------------------------------------------------------------
// Bulk

/// One person in a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct BulkRow {
    /// Mr, Mrs or Ms.
    pub title: Title,
    /// Full name.
    pub name: String,
    /// Email.
    pub email: String,
    /// 10-digit Indian mobile number.
    pub mobile: String,
    /// Points in rupees: greater than 0, at most two decimals.
    #[serde(serialize_with = "serialize_amount")]
    pub load_amount: f64,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// Your unique reference for this row: strongly recommended, it is what makes a re-run
    /// safe (the server refuses a reference it has seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_reference_number: Option<String>,
}
crate::spell::respelled!(ser BulkRow, "input", "uniqueReferenceNum" => "uniqueReferenceNumber");

const ROW_REQUIRED: &[Required] = &[&["title"], &["name"], &["email"], &["mobile"], &["loadAmount"]];

impl BulkRow {
    /// Every rule this row breaks on its own, tagged with `row`.
    pub fn validate(&self, row: usize) -> Vec<FieldError> {
        self.rules().errors(row)
    }

    fn rules(&self) -> RowRules<'_> {
        RowRules {
            name: &self.name,
            email: &self.email,
            mobile: &self.mobile,
            load_amount: self.load_amount,
            reference: self.unique_reference_number.as_deref(),
        }
    }
}

/// What the row rules look at, borrowed from an owned row or straight from JSON text.
struct RowRules<'r> {
    name: &'r str,
    email: &'r str,
    mobile: &'r str,
    load_amount: f64,
    reference: Option<&'r str>,
}

impl RowRules<'_> {
    fn errors(&self, row: usize) -> Vec<FieldError> {
        let mut c = Checker::for_row(row);
        c.required("name", Some(self.name));
        c.email("email", Some(self.email));
        c.mobile("mobile", Some(self.mobile));
        c.amount("loadAmount", Some(self.load_amount));
        c.not_blank("uniqueReferenceNumber", self.reference);
        c.errors
    }
}

/// Reads and checks one bulk row from loose JSON, tagging errors with `index`.
pub fn parse_row(value: Value, index: usize) -> Result<BulkRow, Vec<FieldError>> {
    checked(input::parse(value, ROW_REQUIRED, Some(index))?, index)
}

/// Most rows in one bulk request (no maximum is published; larger lists belong to
/// `allocate_rewards`, which sends them in batches).
pub const MAX_ROWS_PER_REQUEST: usize = 1000;

/// Validates rows together: each row's own rules, an empty list, too many rows, and a
/// reference used twice.
pub fn validate_rows(rows: &[BulkRow]) -> Vec<FieldError> {
    check_rows(rows.len(), rows.iter().map(BulkRow::rules))
}

fn check_rows<'r>(count: usize, rows: impl Iterator<Item = RowRules<'r>>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if count == 0 {
        errors.push(FieldError::new("rows", C::Empty, "rows must hold at least one row"));
    }
    if count > MAX_ROWS_PER_REQUEST {
        errors.push(FieldError::new(
            "rows",
            C::OutOfRange,
            format!("one request holds at most {MAX_ROWS_PER_REQUEST} rows, got {count}: use allocateRewards, which sends them in batches"),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for (i, row) in rows.enumerate() {
        errors.extend(row.errors(i));
        if let Some(r) = row.reference.map(str::trim).filter(|r| !r.is_empty()) {
            if let Some(first) = seen.insert(r, i) {
                seen.insert(r, first);
                errors.push(
                    FieldError::new("uniqueReferenceNumber", C::Duplicate, format!("uniqueReferenceNumber {r:?} is already used by row {first}")).in_row(i),
                );
            }
        }
    }
    errors
}

/// Reads rows from loose JSON (as it comes from JS): every row is checked, and each error
/// names its row. `Ok` only when every row is valid.
pub fn rows_from_json(value: Value) -> Result<Vec<BulkRow>, Vec<FieldError>> {
    let Value::Array(items) = value else {
        return Err(vec![FieldError::new("rows", C::InvalidType, format!("rows must be an array, got {}", input::type_name(&value)))]);
    };
    collect_rows(items.into_iter().enumerate().map(|(i, item)| parse_loose_row(item, i)).collect())
}

/// [`rows_from_json`] from JSON text, with the same result: when every row is well typed
/// with only known keys, all rows are read in one typed pass (measured about twice as fast
/// as a value per row: bench/README.md); otherwise each row is read loose, which words its
/// errors.
pub fn rows_from_json_text(text: &str) -> Result<Vec<BulkRow>, Vec<FieldError>> {
    read_rows_text(text, 0).map(collect_rows).unwrap_or_else(|| loose_rows_text(text))
}

/// The errors [`rows_from_json_text`] would give (none when every row is valid), without
/// building the rows: when every row fits the one typed pass, its text fields are checked
/// where they lie in `text` (no copy); otherwise by the loose path, which words each error.
pub fn validate_rows_text(text: &str) -> Vec<FieldError> {
    match views_of(text) {
        Some(views) => check_rows(views.len(), views.iter().map(RowView::rules)),
        None => loose_rows_text(text).err().unwrap_or_default(),
    }
}

/// Every row of `text` in the one typed pass, when they all fit it.
fn views_of(text: &str) -> Option<Vec<RowView<'_>>> {
    serde_json::from_str::<Vec<RowView>>(text).ok().filter(|views| views.iter().all(RowView::fits))
}

/// [`rows_from_json`] over the parsed text (or the error that it is not JSON).
fn loose_rows_text(text: &str) -> Result<Vec<BulkRow>, Vec<FieldError>> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => rows_from_json(value),
        Err(e) => Err(vec![FieldError::new("rows", C::InvalidType, format!("rows could not be read: {e}"))]),
    }
}

/// Rows of a JSON array text, each read and checked on its own exactly as [`parse_row`]
/// would (errors tagged from `first` on); `None` when the text is not a JSON array.
pub(crate) fn parse_rows_text(text: &str, first: usize) -> Option<Vec<Result<BulkRow, Vec<FieldError>>>> {
    let rows = read_rows_text(text, first)?;
    Some(rows.into_iter().enumerate().map(|(i, row)| row.and_then(|r| checked(r, first + i))).collect())
}

/// The rows of a JSON array text read into [`BulkRow`] (required keys, types, sizes), not
/// yet checked against the row rules; `None` when the text is not a JSON array.
fn read_rows_text(text: &str, first: usize) -> Option<Vec<Result<BulkRow, Vec<FieldError>>>> {
    // The common case first: every row well typed with only known keys, read in one pass.
    if let Some(views) = views_of(text) {
        return Some(views.into_iter().map(|r| Ok(r.into_row())).collect());
    }
    let Value::Array(items) = serde_json::from_str(text).ok()? else { return None };
    Some(items.into_iter().enumerate().map(|(i, v)| parse_loose_row(v, first + i)).collect())
}

/// A row that passes its own rules, or the rules it breaks (tagged with `index`).
fn checked(row: BulkRow, index: usize) -> Result<BulkRow, Vec<FieldError>> {
    let errors = row.validate(index);
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

/// A [`BulkRow`] read with no unknown keys allowed, its text borrowed from the JSON where it
/// has no escapes: such a row holds nothing but its own fields, so checking their lengths is
/// all the loose path's size check would do. The SDK's spellings only: a row using another
/// (`uniqueReferenceNum`) fails this pass and is read by the loose one, which reads every
/// spelling.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RowView<'a> {
    title: Title,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow)]
    mobile: Cow<'a, str>,
    load_amount: f64,
    #[serde(default, borrow)]
    remarks: Option<Text<'a>>,
    #[serde(default, borrow)]
    unique_reference_number: Option<Text<'a>>,
}

/// Text borrowed where it can be (serde borrows a bare `Cow` field, not one inside `Option`).
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl RowView<'_> {
    fn fits(&self) -> bool {
        [Some(&self.name), Some(&self.email), Some(&self.mobile), self.remarks.as_ref().map(|t| &t.0), self.unique_reference_number.as_ref().map(|t| &t.0)]
            .into_iter()
            .flatten()
            .all(|t| t.len() <= input::MAX_STRING || t.chars().count() <= input::MAX_STRING)
    }

    fn rules(&self) -> RowRules<'_> {
        RowRules {
            name: &self.name,
            email: &self.email,
            mobile: &self.mobile,
            load_amount: self.load_amount,
            reference: self.unique_reference_number.as_ref().map(|t| &*t.0),
        }
    }

    fn into_row(self) -> BulkRow {
        BulkRow {
            title: self.title,
            name: self.name.into_owned(),
            email: self.email.into_owned(),
            mobile: self.mobile.into_owned(),
            load_amount: self.load_amount,
            remarks: self.remarks.map(|t| t.0.into_owned()),
            unique_reference_number: self.unique_reference_number.map(|t| t.0.into_owned()),
        }
    }
}

fn parse_loose_row(item: Value, index: usize) -> Result<BulkRow, Vec<FieldError>> {
    input::parse::<BulkRow>(item, ROW_REQUIRED, Some(index))
}

fn collect_rows(parsed: Vec<Result<BulkRow, Vec<FieldError>>>) -> Result<Vec<BulkRow>, Vec<FieldError>> {
    let mut rows = Vec::with_capacity(parsed.len());
    let mut errors = Vec::new();
    for (i, item) in parsed.into_iter().enumerate() {
        match item {
            Ok(row) => rows.push((i, row)),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        let rows: Vec<BulkRow> = rows.into_iter().map(|(_, r)| r).collect();
        let errors = validate_rows(&rows);
        return if errors.is_empty() { Ok(rows) } else { Err(errors) };
    }
    // Some rows did not parse: still report the others' rule breaks, with their own indexes.
    for (i, row) in &rows {
        errors.extend(row.validate(*i));
    }
    errors.sort_by_key(|e| e.row);
    Err(errors)
}

/// A bulk request: the query (`companyId`, `cardAccountId`, `isPointsAllocation`) and rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    /// Company id.
    pub company_id: String,
    /// Reward account id.
    pub card_account_id: String,
    /// `true`: existing and new users get points; `false`: only new users are created and
    /// funded (existing ones fail).
    pub is_points_allocation: bool,
    /// The people to pay. Keep one person to one row per request: results are matched by
    /// reference, or by (email, mobile) where the server leaves the reference out.
    pub rows: Vec<BulkRow>,
}

const BULK_KEYS: &[&str] = &["companyId", "cardAccountId", "isPointsAllocation", "rows"];
const BULK_REQUIRED: &[Required] = &[&["companyId"], &["cardAccountId"], &["isPointsAllocation"], &["rows"]];

impl BulkRequest {
    /// Reads a bulk request from loose JSON, reporting every problem with its row.
    pub fn from_json(mut value: Value) -> Result<Self, Vec<FieldError>> {
        let mut errors = input::missing(&value, BULK_REQUIRED, None);
        if let Some(map) = value.as_object() {
            // Every key a bulk request does not take, each named with the closest.
            let known = crate::keys::Known { keys: BULK_KEYS, hints: &[], prefix: "", kind: crate::keys::Kind::Field };
            errors.extend(crate::keys::check(map.keys().map(String::as_str), &known));
        }
        let rows_value = value.as_object_mut().and_then(|m| m.remove("rows"));
        let rows = match rows_value {
            Some(v @ Value::Array(_)) => match rows_from_json(v) {
                Ok(rows) => Some(rows),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            },
            Some(Value::Null) | None => None,
            Some(other) => {
                errors.push(FieldError::new("rows", C::InvalidType, format!("rows must be an array, got {}", input::type_name(&other))));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let head: BulkHead = input::typed(value, None).map_err(|e| vec![e])?;
        let request = BulkRequest {
            company_id: head.company_id,
            card_account_id: head.card_account_id,
            is_points_allocation: head.is_points_allocation,
            rows: rows.unwrap_or_default(),
        };
        // The rows passed their rules in `rows_from_json`: only the head's are left.
        let errors = request.head_errors();
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }

    fn head_errors(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("cardAccountId", Some(&self.card_account_id));
        c.errors
    }

    /// Every rule the request breaks.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = self.head_errors();
        errors.extend(validate_rows(&self.rows));
        errors
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BulkHead {
    company_id: String,
    card_account_id: String,
    is_points_allocation: bool,
}

/// One row of a bulk answer, from the success or the failure list.
///
/// In the portal's sample the success items carry no `uniqueReferenceNumber`; failure items
/// do, with `failureReason`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BulkResultRow {
    /// Title as sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Mobile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Amount of the row.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub load_amount: Option<f64>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// The row's reference, when the server sends it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_reference_number: Option<String>,
    /// Company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Reward account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_account_id: Option<String>,
    /// The card credited (the wire spells it `enkashCardId` here; both spellings are read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_card_id: Option<String>,
    /// User id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Reward account balance after the row.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub account_balance: Option<f64>,
    /// Transaction id (the wire spells it `enkashCardTxnId`; `enKashCardTxnId` is read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_kash_transaction_id: Option<String>,
    /// Card balance after the row.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub otb_balance: Option<f64>,
    /// Why the row failed (failure list only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser BulkResultRow, "answer", "uniqueReferenceNum" => "uniqueReferenceNumber", "enkashCardId" => "enKashCardId", "enkashCardTxnId" => "enKashTransactionId", "enKashCardTxnId" => "enKashTransactionId");

/// What JS gets of a [`BulkResultRow`] (read by `crate::wire::transcode`).
pub(crate) static BULK_RESULT_ROW: Record = Record {
    expecting: "an object",
    fields: &[
        opt("title", K::Text),
        opt("name", K::Text),
        opt("email", K::Text),
        opt("mobile", K::Text),
        opt("loadAmount", K::Number),
        opt("remarks", K::Text),
        opt("uniqueReferenceNumber", K::Text),
        opt("companyId", K::Text),
        opt("cardAccountId", K::Text),
        opt("enKashCardId", K::Text),
        opt("userId", K::Text),
        opt("accountBalance", K::Number),
        opt("enKashTransactionId", K::Text),
        opt("otbBalance", K::Number),
        opt("failureReason", K::Text),
    ],
    spellings: &[
        ("uniqueReferenceNum", "uniqueReferenceNumber"),
        ("enkashCardId", "enKashCardId"),
        ("enkashCardTxnId", "enKashTransactionId"),
        ("enKashCardTxnId", "enKashTransactionId"),
    ],
    extra: true,
};

/// The answer to a bulk request: who was paid, who was not and why, and the counts.
///
/// Every field is always there: a list the server leaves out or sends as `null` is empty,
/// and a count it leaves out is the length of its list (`totalCount`: both lists together).
/// A count the server does state is kept as stated, even when it disagrees with the lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", from = "BulkResultWire")]
pub struct BulkResult {
    /// Rows that were paid.
    #[serde(rename = "successBulkEnKashCardCreateDTOs")]
    pub successes: Vec<BulkResultRow>,
    /// Rows that were not, each with `failureReason`.
    #[serde(rename = "failureBulkEnKashCardCreateDTOs")]
    pub failures: Vec<BulkResultRow>,
    /// Count of successes, as the server states it (else the length of `successes`).
    pub success_count: u64,
    /// Count of failures, as the server states it (else the length of `failures`).
    pub failure_count: u64,
    /// Total, as the server states it (else the length of both lists).
    pub total_count: u64,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// A bulk answer as the wire has it: lists and counts may be missing.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BulkResultWire {
    #[serde(default, rename = "successBulkEnKashCardCreateDTOs", deserialize_with = "null_as_empty")]
    successes: Vec<BulkResultRow>,
    #[serde(default, rename = "failureBulkEnKashCardCreateDTOs", deserialize_with = "null_as_empty")]
    failures: Vec<BulkResultRow>,
    #[serde(default, deserialize_with = "lenient_count")]
    success_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    failure_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    total_count: Option<u64>,
    #[serde(flatten)]
    extra: Extra,
}

impl From<BulkResultWire> for BulkResult {
    fn from(w: BulkResultWire) -> Self {
        let (s, f) = (w.successes.len() as u64, w.failures.len() as u64);
        BulkResult {
            success_count: w.success_count.unwrap_or(s),
            failure_count: w.failure_count.unwrap_or(f),
            total_count: w.total_count.unwrap_or(s + f),
            successes: w.successes,
            failures: w.failures,
            extra: w.extra,
        }
    }
}

/// What JS gets of a [`BulkResult`] (read by `crate::wire::transcode`): the lists, empty when
/// missing or `null`, and the counts, as stated or else the lists' lengths.
pub(crate) static BULK_RESULT: Record = Record {
    expecting: "struct BulkResultWire",
    fields: &[
        field("successBulkEnKashCardCreateDTOs", K::List(&K::Record(&BULK_RESULT_ROW)), Need::NullEmpty),
        field("failureBulkEnKashCardCreateDTOs", K::List(&K::Record(&BULK_RESULT_ROW)), Need::NullEmpty),
        field("successCount", K::Count, Need::LengthOf(&[0])),
        field("failureCount", K::Count, Need::LengthOf(&[1])),
        field("totalCount", K::Count, Need::LengthOf(&[0, 1])),
    ],
    spellings: &[],
    extra: true,
};

impl Described for BulkResult {
    fn schema() -> Schema {
        schema::record(&BULK_RESULT)
    }
}

fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// What the bulk engine reads of a bulk answer: the two lists, and of each row only what it
/// matches and reports. Every other field is skipped unread (no buffering for `extra`, and a
/// malformed field the engine does not use cannot make a paid row look unsettled).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkSettlement {
    /// The rows paid.
    #[serde(default, rename = "successBulkEnKashCardCreateDTOs", deserialize_with = "null_as_empty")]
    pub successes: Vec<SettledRow>,
    /// The rows refused, with their reasons.
    #[serde(default, rename = "failureBulkEnKashCardCreateDTOs", deserialize_with = "null_as_empty")]
    pub failures: Vec<SettledRow>,
}

/// One row of a [`BulkSettlement`] (the same wire names and aliases as [`BulkResultRow`]).
#[derive(Debug, Default, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct SettledRow {
    /// Email, as the server echoes it.
    #[serde(default)]
    pub email: Option<String>,
    /// Mobile, as the server echoes it.
    #[serde(default)]
    pub mobile: Option<String>,
    /// The row's reference, when the server names it.
    #[serde(default)]
    pub unique_reference_number: Option<String>,
    /// The card credited.
    #[serde(default)]
    pub en_kash_card_id: Option<String>,
    /// The transaction id.
    #[serde(default)]
    pub en_kash_transaction_id: Option<String>,
    /// The card's balance after the row.
    #[serde(default, deserialize_with = "lenient_number")]
    pub otb_balance: Option<f64>,
    /// Why the row was refused.
    #[serde(default)]
    pub failure_reason: Option<String>,
}
crate::spell::respelled!(SettledRow, "answer", "uniqueReferenceNum" => "uniqueReferenceNumber", "enkashCardId" => "enKashCardId", "enkashCardTxnId" => "enKashTransactionId", "enKashCardTxnId" => "enKashTransactionId");

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// The keys of `v` with `from` spelt `to`.
    fn keys_respelt(v: &Value, from: &str, to: &str) -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().map(|k| if k == from { to.to_owned() } else { k.clone() }).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_wire_body_sends_every_field_of_the_request() {
        let request = AllocationRequest::from_json(json!({
            "companyId": "C", "cardAccountId": "A", "transactionCode": "ALLOCATE", "transactionType": "CR", "type": "ALLOCATE_POINT",
            "email": "a@b.co", "mobile": "9876543210", "title": "Mr", "firstName": "Asha", "gender": "F", "enKashCardId": "EKC1",
            "loadAmount": 5, "uniqueReferenceNumber": "R1",
        }))
        .unwrap();
        let sdk = serde_json::to_value(&request).unwrap();
        let wire = serde_json::to_value(request.wire()).unwrap();
        assert_eq!(keys_respelt(&sdk, "enKashCardId", "enkashCardId"), keys_respelt(&wire, "", ""), "every field of the request, and only those");
        for (k, v) in sdk.as_object().unwrap() {
            let wire_key = if k == "enKashCardId" { "enkashCardId" } else { k };
            assert_eq!(&wire[wire_key], v, "{k}");
        }
        let sso = crate::auth::SsoRequest { card_account_id: "A".into(), company_id: "C".into(), en_kash_card_id: "EKC1".into() };
        let sdk = serde_json::to_value(&sso).unwrap();
        let wire = crate::api::auth::sso_wire_body(&sso);
        assert_eq!(keys_respelt(&sdk, "enKashCardId", "enkashCardId"), keys_respelt(&wire, "", ""));
        assert_eq!(wire["enkashCardId"], json!("EKC1"));
    }
}
