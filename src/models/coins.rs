//! Point management (EnKash coins): coin events (cashback rules), allocation of coins for an
//! event, and a user's balance. Coins are earned as cashback on events; the coin-to-currency
//! ratio is configurable and coins may expire.
//!
//! UNKNOWN: the answers of Create Event and Get Event (read like Update Event's
//! `{coinConfigId, configuration, event, amount}`, unknown fields kept), and whether the
//! answers come in an envelope (both are accepted).

use crate::error::{FieldError, FieldErrorCode as C};
use crate::input::Required;
use crate::models::Request;
use crate::types::{id_string, lenient_number, opt_id_string, Extra};
use crate::validate::Checker;
use crate::wire::schema::{self, opt, Described, Kind as K, Record, Schema};
use serde::{Deserialize, Serialize};

/// Body of Create Event: how many coins an event earns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CoinEventRequest {
    /// e.g. `DEFAULT` or `CUSTOM`.
    pub configuration: String,
    /// Company id.
    pub company_id: String,
    /// The event, e.g. `MEAL_CARD_PAYMENT`.
    pub event: String,
    /// Coins per event: a whole number greater than 0.
    pub amount: i64,
}

impl Request for CoinEventRequest {
    const REQUIRED: &'static [Required] = &[&["configuration"], &["companyId"], &["event"], &["amount"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("configuration", Some(&self.configuration));
        c.required("companyId", Some(&self.company_id));
        c.required("event", Some(&self.event));
        c.positive_int("amount", Some(self.amount));
        c.errors
    }
}

/// Body of Update Event: any of the fields, at least one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CoinEventPatch {
    /// New coins per event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// New configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<String>,
    /// New company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// New event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

impl Request for CoinEventPatch {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        if self == &CoinEventPatch::default() {
            c.push("patch", C::Empty, "give at least one of amount, configuration, companyId, event");
        }
        if self.amount.is_some() {
            c.positive_int("amount", self.amount);
        }
        c.not_blank_all(&[("configuration", self.configuration.as_deref()), ("companyId", self.company_id.as_deref()), ("event", self.event.as_deref())]);
        c.errors
    }
}

/// A coin event configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct CoinEvent {
    /// The event configuration's id (a string or a number on the wire; kept as text).
    #[serde(default, deserialize_with = "opt_id_string", skip_serializing_if = "Option::is_none")]
    pub coin_config_id: Option<String>,
    /// Configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<String>,
    /// Event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Coins per event.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// Company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser CoinEvent, "answer", "id" => "coinConfigId");

/// What JS gets of a [`CoinEvent`] (read by `crate::wire::transcode`).
pub(crate) static COIN_EVENT: Record = Record {
    expecting: "an object",
    fields: &[opt("coinConfigId", K::IdText), opt("configuration", K::Text), opt("event", K::Text), opt("amount", K::Number), opt("companyId", K::Text)],
    spellings: &[("id", "coinConfigId")],
    extra: true,
};

impl Described for CoinEvent {
    fn schema() -> Schema {
        schema::record(&COIN_EVENT)
    }
}

/// Body of Allocate Coins. `requestId` is the idempotency key: the same request id never
/// earns coins twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocateCoinsRequest {
    /// Company id.
    pub company_id: String,
    /// The event that earns the coins.
    pub event: String,
    /// Your unique id for this allocation (idempotency key).
    pub request_id: String,
    /// The user who earns them.
    #[serde(deserialize_with = "id_string")]
    pub user_id: String,
}

impl Request for AllocateCoinsRequest {
    const REQUIRED: &'static [Required] = &[&["companyId"], &["event"], &["requestId"], &["userId"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.required("companyId", Some(&self.company_id));
        c.required("event", Some(&self.event));
        c.required("requestId", Some(&self.request_id));
        c.required("userId", Some(&self.user_id));
        c.errors
    }
}

/// Reads the balance answer: a number, a numeric string, or an object with `balance`.
/// Written as the number alone.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CoinBalance(pub f64);

impl<'de> Deserialize<'de> for CoinBalance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        CoinBalance::read(&serde_json::Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

impl CoinBalance {
    /// The balance in an answer: a number, a numeric string, or an object with `balance`
    /// (or `coins`, `coinBalance`).
    fn read(v: &serde_json::Value) -> Result<CoinBalance, String> {
        let n = match v {
            serde_json::Value::Object(m) => ["balance", "coins", "coinBalance"].iter().find_map(|k| m.get(*k)).cloned().unwrap_or(serde_json::Value::Null),
            other => other.clone(),
        };
        crate::types::lenient_number(n).map_err(|e| e.to_string())?.map(CoinBalance).ok_or_else(|| format!("expected a coin balance, got {v}"))
    }
}

impl Described for CoinBalance {
    fn schema() -> Schema {
        Schema::Read(|v| CoinBalance::read(v).map(|b| serde_json::Value::from(b.0).to_string()))
    }
}

/// The answer of Allocate Coins: the server's message (any JSON is kept as text). Written
/// as the text alone.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct CoinAllocationMessage(#[serde(deserialize_with = "crate::types::any_as_text")] pub String);

impl Described for CoinAllocationMessage {
    fn schema() -> Schema {
        Schema::Read(|v| Ok(serde_json::Value::from(crate::types::text_of_any(v)).to_string()))
    }
}
