//! The end user's voucher store: cart, catalog, orders.
//! Each endpoint states its method, path, query, body and answer type; the types and their
//! rules are in [`crate::models::redemption`].

use crate::client::{CallOptions, RedemptionClient};
use crate::error::Error;
use crate::models::redemption::*;
use crate::models::Request;
use crate::transport::{Method, Transport};
use crate::types::Id;
use crate::validate::Checker;
use crate::wire::endpoint::{Endpoint, IdempotencyKey, Typed};
use crate::wire::paging::PageRequest;
use serde::Serialize;
use std::collections::BTreeMap;

/// Path of Get Cart, Add to Cart and Update Cart.
pub const CART_PATH: &str = "/api/v0/cart";

/// Path of Search Catalog (UNKNOWN: from an unofficial client).
pub const CATALOG_SEARCH_PATH: &str = "/api/v0/bolt/searchProducts";

/// Path of Get Product Catalog Details (UNKNOWN: a guess).
pub const CATALOG_DETAILS_PATH: &str = "/api/v0/partner/product-catalog/{productCatalogId}";

/// Path of Get Product Configs.
pub const PRODUCT_CONFIGS_PATH: &str = "/api/v0/partner/search-config/{productCatalogId}";

/// Path of Create Order.
pub const CREATE_ORDER_PATH: &str = "/api/v0/partner/create-order";

/// Path of Order Search.
pub const ORDER_SEARCH_PATH: &str = "/api/v0/partner/search-order";

/// Path of Fetch Order Info.
pub const ORDER_INFO_PATH: &str = "/api/v0/order/orderDetails";

/// Older path of Fetch Order Info (GET).
pub const ORDER_INFO_LEGACY_PATH: &str = "/api/v0/partner/fetch-order-details/{orderId}";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddToCartBody<'a> {
    product_catalog_id: &'a Id,
    items: &'a BTreeMap<String, CartItemInput>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCartBody<'a> {
    cart_id: i64,
    items: &'a BTreeMap<String, CartItemInput>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrderInfoBody<'a> {
    order_id: &'a Id,
}

/// Validates and builds Get Product Catalog Details.
pub fn catalog_details_endpoint(product_catalog_id: &str) -> Result<Typed<Product>, Error> {
    crate::validate::required_arg("productCatalogId", product_catalog_id)?;
    Ok(Endpoint::new("getProductCatalogDetails", Method::Get, CATALOG_DETAILS_PATH)
        .param("productCatalogId", product_catalog_id)
        .redemption()
        .lenient()
        .answers())
}

/// Validates and builds Get Product Configs.
pub fn product_configs_endpoint(product_catalog_id: &str) -> Result<Typed<Product>, Error> {
    crate::validate::required_arg("productCatalogId", product_catalog_id)?;
    Ok(Endpoint::new("getProductConfigs", Method::Get, PRODUCT_CONFIGS_PATH).param("productCatalogId", product_catalog_id).redemption().answers())
}

/// Validates and builds Fetch Order Info: `POST /api/v0/order/orderDetails` with
/// `{"orderId"}`, or with `legacy` the older `GET /api/v0/partner/fetch-order-details/{id}`.
pub fn order_info_endpoint(order_id: &Id, legacy: bool) -> Result<Typed<Order>, Error> {
    let mut c = Checker::new();
    check_id(&mut c, "orderId", order_id);
    if !c.errors.is_empty() {
        return Err(Error::validation(c.errors));
    }
    let ep = if legacy {
        Endpoint::new("fetchOrderInfoLegacy", Method::Get, ORDER_INFO_LEGACY_PATH).param("orderId", order_id.to_string())
    } else {
        Endpoint::new("fetchOrderInfo", Method::Post, ORDER_INFO_PATH).retry_safe().json(&OrderInfoBody { order_id })?
    };
    Ok(ep.redemption().answers())
}

impl CartQuery {
    /// Validates and builds Get Cart.
    pub fn to_endpoint(&self) -> Result<Typed<Vec<Cart>>, Error> {
        self.check()?;
        Ok(Endpoint::new("getCart", Method::Get, CART_PATH).query("product", &self.product).redemption().answers())
    }
}

impl AddToCartRequest {
    /// Validates and builds Add to Cart.
    pub fn to_endpoint(&self) -> Result<Typed<Cart>, Error> {
        self.check()?;
        Ok(Endpoint::new("addToCart", Method::Post, CART_PATH)
            .query("product", &self.product)
            .json(&AddToCartBody { product_catalog_id: &self.product_catalog_id, items: &self.items })?
            .redemption()
            .answers())
    }
}

impl UpdateCartRequest {
    /// Validates and builds Update Cart.
    pub fn to_endpoint(&self) -> Result<Typed<Cart>, Error> {
        self.check()?;
        Ok(Endpoint::new("updateCart", Method::Patch, CART_PATH)
            .retry_safe()
            .query("product", &self.product)
            .json(&UpdateCartBody { cart_id: self.cart_id, items: &self.items })?
            .redemption()
            .answers())
    }
}

impl CatalogQuery {
    /// Validates and builds Search Catalog.
    pub fn to_endpoint(&self) -> Result<Typed<crate::wire::paging::Page<Product>>, Error> {
        self.check()?;
        Ok(Endpoint::new("searchCatalog", Method::Post, CATALOG_SEARCH_PATH)
            .retry_safe()
            .query("product", self.product.as_deref().unwrap_or("VOUCHER"))
            .json(&self.filters)?
            .redemption()
            .lenient()
            .answers())
    }
}

impl CreateOrderRequest {
    /// Validates and builds Create Order.
    pub fn to_endpoint(&self) -> Result<Typed<Order>, Error> {
        self.check()?;
        Ok(Endpoint::new("createOrder", Method::Post, CREATE_ORDER_PATH)
            .retry_safe()
            .keyed_by(IdempotencyKey::OrderReference)
            .json(self)?
            .redemption()
            .lenient()
            .answers())
    }
}

impl OrderFilter {
    /// Validates and builds Order Search for one page.
    pub fn to_endpoint(&self, page: &PageRequest) -> Result<Typed<OrderPage>, Error> {
        let mut errors = self.validate();
        errors.extend(page.validate());
        if !errors.is_empty() {
            return Err(Error::validation(errors));
        }
        let (limit, offset) = page.resolved();
        Ok(Endpoint::new("searchOrders", Method::Post, ORDER_SEARCH_PATH)
            .retry_safe()
            .query("limit", limit.to_string())
            .query("offset", offset.to_string())
            .json(&self.wire()?)?
            .redemption()
            .lenient()
            .answers())
    }

    /// The body as the wire wants it: the user id spelt `ekUserId`.
    fn wire(&self) -> Result<serde_json::Value, Error> {
        let mut body = serde_json::to_value(self).map_err(|e| Error::config(format!("could not serialize the request: {e}")))?;
        if let Some(map) = body.as_object_mut() {
            if let Some(user) = map.remove("userId") {
                map.insert("ekUserId".to_owned(), user);
            }
        }
        Ok(body)
    }
}

impl<T: Transport> RedemptionClient<T> {
    /// Get Cart: the user's carts for a product.
    pub async fn get_cart(&self, query: &CartQuery, options: &CallOptions) -> Result<Vec<Cart>, Error> {
        self.0.call(query.to_endpoint()?, options).await
    }

    /// Search Catalog (UNKNOWN path and answer; see [`crate::redemption`]).
    pub async fn search_catalog(&self, query: &CatalogQuery, options: &CallOptions) -> Result<crate::wire::paging::Page<Product>, Error> {
        self.0.call(query.to_endpoint()?, options).await
    }

    /// Get Product Catalog Details (UNKNOWN path; see [`crate::redemption`]).
    pub async fn get_product_catalog_details(&self, product_catalog_id: &str, options: &CallOptions) -> Result<Product, Error> {
        self.0.call(catalog_details_endpoint(product_catalog_id)?, options).await
    }

    /// Get Product Configs: a product's denominations.
    pub async fn get_product_configs(&self, product_catalog_id: &str, options: &CallOptions) -> Result<Product, Error> {
        self.0.call(product_configs_endpoint(product_catalog_id)?, options).await
    }

    /// Add to cart.
    pub async fn add_to_cart(&self, request: &AddToCartRequest, options: &CallOptions) -> Result<Cart, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Update Cart.
    pub async fn update_cart(&self, request: &UpdateCartRequest, options: &CallOptions) -> Result<Cart, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Create Order: buys vouchers, paid from the user's points.
    pub async fn create_order(&self, request: &CreateOrderRequest, options: &CallOptions) -> Result<Order, Error> {
        self.0.call(request.to_endpoint()?, options).await
    }

    /// Order Search: one page.
    pub async fn search_orders(&self, filter: &OrderFilter, page: &PageRequest, options: &CallOptions) -> Result<OrderPage, Error> {
        self.0.call(filter.to_endpoint(page)?, options).await
    }

    /// Fetch Order Info, vouchers included (their numbers and PINs are [`Secret`](crate::secret::Secret)s).
    pub async fn fetch_order_info(&self, order_id: &Id, options: &CallOptions) -> Result<Order, Error> {
        self.0.call(order_info_endpoint(order_id, self.config().legacy_order_info)?, options).await
    }
}
