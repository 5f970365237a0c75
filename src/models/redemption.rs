//! Redemption: an end user's voucher store (cart, catalog, orders), called with the end
//! user's own token and no `partnerId`, on `redemptionBaseUrl` (or `baseUrl`).
//!
//! UNKNOWN in the portal, modelled loosely (unknown fields kept) and overridable by name in
//! the client's `paths`:
//! - Search Catalog's path and answer: `POST /api/v0/bolt/searchProducts?product=...` (seen
//!   in an unofficial client), read as a [`Page`] of [`Product`];
//! - Get Product Catalog Details' path: `GET /api/v0/partner/product-catalog/{productCatalogId}`
//!   (a guess beside the documented search-config path), read as a [`Product`];
//! - the answers of Create Order and Order Search, read as [`Order`] (the shape of Fetch
//!   Order Info) and a [`Page`] of them.
//!
//! Voucher card numbers and PINs are [`Secret`]s: `Debug` prints `***`.

use crate::error::{FieldError, FieldErrorCode as C};
use crate::input::Required;
use crate::models::Request;
use crate::secret::Secret;
use crate::types::{lenient_count, lenient_number, Extra, Id};
use crate::validate::Checker;
use crate::wire::paging::Page;
use crate::wire::schema::{self, field, must, opt, Described, Kind as K, Need, Record, Schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn check_product(c: &mut Checker, product: &str) {
    if let Some(p) = c.required("product", Some(product)) {
        if !p.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            c.push("product", C::InvalidFormat, format!("product must be an upper-case product code such as VOUCHER, got {p:?}"));
        }
    }
}

pub(crate) fn check_id(c: &mut Checker, field: &str, id: &Id) {
    if !id.is_valid() {
        c.push(field, C::Required, format!("{field} must be a non-blank id"));
    }
}

/// Query of Get Cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartQuery {
    /// Product code, e.g. `VOUCHER`.
    pub product: String,
}

impl Request for CartQuery {
    const REQUIRED: &'static [Required] = &[&["product"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        check_product(&mut c, &self.product);
        c.errors
    }
}

/// One line of a cart, keyed by its `productConfigId` in [`Cart::items`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CartItem {
    /// The denomination's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_config_id: Option<Id>,
    /// Face value.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub mrp: Option<f64>,
    /// Price paid.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub sell_rate: Option<f64>,
    /// EnKash discount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub enkash_discount: Option<f64>,
    /// Savings.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub savings: Option<f64>,
    /// Quantity.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// Line total.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// What JS gets of a [`CartItem`] (read by `crate::wire::transcode`).
pub(crate) static CART_ITEM: Record = Record {
    expecting: "struct CartItem",
    fields: &[
        opt("productConfigId", K::Id),
        opt("mrp", K::Number),
        opt("sellRate", K::Number),
        opt("enkashDiscount", K::Number),
        opt("savings", K::Number),
        opt("quantity", K::Count),
        opt("total", K::Number),
    ],
    spellings: &[],
    extra: true,
};

/// A user's cart for one product catalog entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Cart {
    /// Cart id, pass it to `updateCart` as `cartId` (the wire's `id`; the SDK spells the cart
    /// id `cartId` everywhere). Required: a cart answer without it is a decode error.
    pub cart_id: Id,
    /// The end user (the wire's `ekUserId`; the SDK spells the user id `userId` everywhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Product catalog id. Required, like `cartId` (both documented for every cart).
    pub product_catalog_id: Id,
    /// Product name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Logo URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Lines, keyed by `productConfigId`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, CartItem>"))]
    pub items: BTreeMap<String, CartItem>,
    /// Total quantity.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub total_quantity: Option<u64>,
    /// Total amount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<f64>,
    /// Total savings.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total_savings: Option<f64>,
    /// Terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_and_condition: Option<String>,
    /// The product's denominations, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown[]"))]
    pub product_configs: Option<Vec<serde_json::Value>>,
    /// How to redeem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_redeem: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser Cart, "answer", "id" => "cartId", "ekUserId" => "userId");

/// What JS gets of a [`Cart`] (read by `crate::wire::transcode`).
pub(crate) static CART: Record = Record {
    expecting: "an object",
    fields: &[
        must("cartId", K::Id),
        opt("userId", K::Text),
        must("productCatalogId", K::Id),
        opt("name", K::Text),
        opt("logoUrl", K::Text),
        field("items", K::Map(&K::Record(&CART_ITEM)), Need::DefaultEmpty),
        opt("totalQuantity", K::Count),
        opt("totalAmount", K::Number),
        opt("totalSavings", K::Number),
        opt("termsAndCondition", K::Text),
        opt("productConfigs", K::List(&K::Any)),
        opt("howToRedeem", K::Text),
    ],
    spellings: &[("id", "cartId"), ("ekUserId", "userId")],
    extra: true,
};

impl Described for Cart {
    fn schema() -> Schema {
        schema::record(&CART)
    }
}

/// How many of one denomination to put in the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartItemInput {
    /// Quantity: a whole number, greater than 0 when adding (0 allowed when updating).
    pub quantity: i64,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn check_items(c: &mut Checker, items: &BTreeMap<String, CartItemInput>, allow_zero: bool) {
    if items.is_empty() {
        c.push("items", C::Empty, "items must hold at least one productConfigId");
    }
    for (config_id, item) in items {
        if config_id.trim().is_empty() {
            c.push("items", C::Required, "items has a blank productConfigId key");
        }
        let min = if allow_zero { 0 } else { 1 };
        if item.quantity < min || item.quantity > 10_000 {
            c.push(
                &format!("items.{config_id}.quantity"),
                C::OutOfRange,
                format!("quantity must be a whole number from {min} to 10000, got {}", item.quantity),
            );
        }
    }
}

/// Add to Cart: `product` goes in the query, the rest in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddToCartRequest {
    /// Product code, e.g. `VOUCHER`.
    pub product: String,
    /// Product catalog id.
    pub product_catalog_id: Id,
    /// Quantities by `productConfigId`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, CartItemInput>"))]
    pub items: BTreeMap<String, CartItemInput>,
}

impl Request for AddToCartRequest {
    const REQUIRED: &'static [Required] = &[&["product"], &["productCatalogId"], &["items"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        check_product(&mut c, &self.product);
        check_id(&mut c, "productCatalogId", &self.product_catalog_id);
        check_items(&mut c, &self.items, false);
        c.errors
    }
}

/// Update Cart: set quantities (0 removes a line) in an existing cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCartRequest {
    /// Product code, e.g. `VOUCHER`.
    pub product: String,
    /// The cart's id.
    pub cart_id: i64,
    /// Quantities by `productConfigId`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, CartItemInput>"))]
    pub items: BTreeMap<String, CartItemInput>,
}

impl Request for UpdateCartRequest {
    const REQUIRED: &'static [Required] = &[&["product"], &["cartId"], &["items"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        check_product(&mut c, &self.product);
        c.positive_int("cartId", Some(self.cart_id));
        check_items(&mut c, &self.items, true);
        c.errors
    }
}

/// Search Catalog: filters are passed through as given (the portal does not document them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CatalogQuery {
    /// Product code (default `VOUCHER`), sent in the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Any filters, sent as the JSON body.
    #[serde(flatten)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub filters: Extra,
}

impl Request for CatalogQuery {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        if let Some(p) = &self.product {
            check_product(&mut c, p);
        }
        c.errors
    }
}

/// One denomination of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProductConfig {
    /// Denomination id (the key in cart `items`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_config_id: Option<Id>,
    /// Face value.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub mrp: Option<f64>,
    /// Price.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub sell_rate: Option<f64>,
    /// EnKash discount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub enkash_discount: Option<f64>,
    /// Most per order.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub max_quantity: Option<u64>,
    /// Whether a custom amount may be chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_amount_enabled: Option<bool>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// What JS gets of a [`ProductConfig`] (read by `crate::wire::transcode`).
pub(crate) static PRODUCT_CONFIG: Record = Record {
    expecting: "struct ProductConfig",
    fields: &[
        opt("productConfigId", K::Id),
        opt("mrp", K::Number),
        opt("sellRate", K::Number),
        opt("enkashDiscount", K::Number),
        opt("maxQuantity", K::Count),
        opt("customAmountEnabled", K::Bool),
    ],
    spellings: &[],
    extra: true,
};

/// A product of the catalog with its denominations (Get Product Configs; also the shape the
/// SDK reads for catalog search and catalog details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Product catalog id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_catalog_id: Option<Id>,
    /// Brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Aggregator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub category: Option<serde_json::Value>,
    /// Images by kind: `BRAND_IMAGE`, `LOGO_IMAGE`, `LOGO_IMAGE_SMALL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub images: Option<BTreeMap<String, String>>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Denominations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_responses: Option<Vec<ProductConfig>>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Rank.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub rank: Option<f64>,
    /// Terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_and_condition: Option<String>,
    /// How to redeem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_redeem: Option<String>,
    /// Expiry period, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub expiry_period: Option<serde_json::Value>,
    /// Active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// EnKash images, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub enkash_images: Option<serde_json::Value>,
    /// Discount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// What JS gets of a [`Product`] (read by `crate::wire::transcode`).
pub(crate) static PRODUCT: Record = Record {
    expecting: "struct Product",
    fields: &[
        opt("productCatalogId", K::Id),
        opt("brand", K::Text),
        opt("aggregator", K::Text),
        opt("category", K::Any),
        opt("images", K::Map(&K::Text)),
        opt("description", K::Text),
        opt("configResponses", K::List(&K::Record(&PRODUCT_CONFIG))),
        opt("enabled", K::Bool),
        opt("rank", K::Number),
        opt("termsAndCondition", K::Text),
        opt("howToRedeem", K::Text),
        opt("expiryPeriod", K::Any),
        opt("active", K::Bool),
        opt("enkashImages", K::Any),
        opt("discount", K::Number),
    ],
    spellings: &[],
    extra: true,
};

impl Described for Product {
    fn schema() -> Schema {
        schema::record(&PRODUCT)
    }
}

/// Create Order. `orderReferenceId` is your idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateOrderRequest {
    /// Face value of each voucher: a whole number greater than 0.
    pub denomination: i64,
    /// Your unique reference for the order.
    pub order_reference_id: String,
    /// Product catalog id.
    pub product_catalog_id: Id,
    /// How many vouchers: a whole number greater than 0.
    pub quantity: i64,
}

impl Request for CreateOrderRequest {
    const REQUIRED: &'static [Required] = &[&["denomination"], &["orderReferenceId"], &["productCatalogId"], &["quantity"]];
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.positive_int("denomination", Some(self.denomination));
        c.required("orderReferenceId", Some(&self.order_reference_id));
        check_id(&mut c, "productCatalogId", &self.product_catalog_id);
        c.positive_int("quantity", Some(self.quantity));
        if self.quantity > 10_000 {
            c.push("quantity", C::OutOfRange, format!("quantity must be at most 10000, got {}", self.quantity));
        }
        c.errors
    }
}

/// Order Search filters. The documented ones are typed; any other key is passed through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct OrderFilter {
    /// Aggregator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator: Option<String>,
    /// Aggregator discount from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator_discount_from: Option<f64>,
    /// Aggregator discount to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator_discount_to: Option<f64>,
    /// Aggregator's order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator_order_id: Option<String>,
    /// Aggregator's product id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator_product_id: Option<String>,
    /// Amount from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_from: Option<f64>,
    /// Amount to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_to: Option<f64>,
    /// Brands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<Vec<String>>,
    /// Categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<String>>,
    /// Company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Created from (ISO date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on_from: Option<String>,
    /// Created to (ISO date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on_to: Option<String>,
    /// Sort direction, e.g. `ASC` or `DESC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The end user: the SDK spells it `userId` (`ekUserId` is accepted too) and sends it
    /// as the wire's `ekUserId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// EnKash discount from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enkash_discount_from: Option<f64>,
    /// EnKash discount to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enkash_discount_to: Option<f64>,
    /// Other filters, passed through deliberately: the portal lists more filters than it names
    /// (its list ends in "..."), so any other key is forwarded to the wire as given.
    #[serde(flatten)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser OrderFilter, "input", "ekUserId" => "userId");

impl Request for OrderFilter {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker::new();
        for (from_name, from, to_name, to) in [
            ("aggregatorDiscountFrom", self.aggregator_discount_from, "aggregatorDiscountTo", self.aggregator_discount_to),
            ("amountFrom", self.amount_from, "amountTo", self.amount_to),
            ("enkashDiscountFrom", self.enkash_discount_from, "enkashDiscountTo", self.enkash_discount_to),
        ] {
            c.bound(from_name, from);
            c.bound(to_name, to);
            c.ordered(from_name, from, to_name, to);
        }
        let from = c.iso_datetime("createdOnFrom", self.created_on_from.as_deref());
        let to = c.iso_datetime("createdOnTo", self.created_on_to.as_deref());
        c.ordered("createdOnFrom", from, "createdOnTo", to);
        if let Some(d) = &self.direction {
            if !d.eq_ignore_ascii_case("asc") && !d.eq_ignore_ascii_case("desc") {
                c.push("direction", C::InvalidValue, format!("direction must be ASC or DESC, got {d:?}"));
            }
        }
        if let Some(e) = self.email.as_deref() {
            if !crate::validate::is_email(e) {
                c.push("email", C::InvalidFormat, "email is not a valid email address");
            }
        }
        c.errors
    }
}

/// A voucher bought by an order. `cardNumber` and `pin` are the end user's secrets: `Debug`
/// prints `***`; they are readable (`expose()`, or the plain JS fields) only on purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Voucher {
    /// Voucher (card) number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub card_number: Option<Secret>,
    /// PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub pin: Option<Secret>,
    /// Expiry date, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}

/// What JS gets of a [`Voucher`] (read by `crate::wire::transcode`).
pub(crate) static VOUCHER: Record =
    Record { expecting: "struct Voucher", fields: &[opt("cardNumber", K::Text), opt("pin", K::Text), opt("expiryDate", K::Text)], spellings: &[], extra: true };

/// An order: Fetch Order Info's documented shape, also used to read Create Order's and Order
/// Search's answers (UNKNOWN in the portal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Order {
    /// Order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Id>,
    /// Payment status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<String>,
    /// Order status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<String>,
    /// Vouchers in the order.
    #[serde(default, deserialize_with = "lenient_count", skip_serializing_if = "Option::is_none")]
    pub total_quantity: Option<u64>,
    /// Face value in all.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<f64>,
    /// Order amount.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub order_amount: Option<f64>,
    /// Paid.
    #[serde(default, deserialize_with = "lenient_number", skip_serializing_if = "Option::is_none")]
    pub paid_amount: Option<f64>,
    /// The `orderReferenceId` you created the order with (the wire's
    /// `partnerOrderReferenceId`; the SDK spells it as `createOrder` takes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_reference_id: Option<String>,
    /// The vouchers (secrets inside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher_details_list: Option<Vec<Voucher>>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten, serialize_with = "crate::types::nest_extra")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "{ extra: Record<string, unknown> }"))]
    pub extra: Extra,
}
crate::spell::respelled!(ser Order, "answer", "partnerOrderReferenceId" => "orderReferenceId");

/// What JS gets of a [`Order`] (read by `crate::wire::transcode`).
pub(crate) static ORDER: Record = Record {
    expecting: "an object",
    fields: &[
        opt("orderId", K::Id),
        opt("paymentStatus", K::Text),
        opt("orderStatus", K::Text),
        opt("totalQuantity", K::Count),
        opt("totalAmount", K::Number),
        opt("orderAmount", K::Number),
        opt("paidAmount", K::Number),
        opt("orderReferenceId", K::Text),
        opt("voucherDetailsList", K::List(&K::Record(&VOUCHER))),
    ],
    spellings: &[("partnerOrderReferenceId", "orderReferenceId")],
    extra: true,
};

impl Described for Order {
    fn schema() -> Schema {
        schema::record(&ORDER)
    }
}

/// A page of orders.
pub type OrderPage = Page<Order>;
