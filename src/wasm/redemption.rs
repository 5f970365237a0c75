//! `RedemptionClient`: an end user's voucher store in JS.

use super::call;
use super::client::iterate_page;
use super::iter::{fetch_page, FetchPage, PageIterator};
use super::{config_from_js, error_to_js, id_arg, loose, options_from_js, page_arg};
use crate::client::{CallOptions, RedemptionClient};
use crate::error::Error;
use crate::models::Request;
use crate::redemption::{
    catalog_details_endpoint, order_info_endpoint, product_configs_endpoint, AddToCartRequest, CartQuery, CatalogQuery, CreateOrderRequest, OrderFilter,
    UpdateCartRequest,
};
use crate::wasm::fetch::FetchTransport;
use crate::wire::paging::PageRequest;
use js_sys::Promise;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The end user's redemption client: cart, catalog, orders, vouchers. Configure it with
/// the end user's own credentials, token or token provider; it sends no partnerId.
#[wasm_bindgen(js_name = RedemptionClient)]
pub struct JsRedemptionClient {
    inner: RedemptionClient<FetchTransport>,
}

impl JsRedemptionClient {
    fn prepare(&self, options: &JsValue) -> Result<(RedemptionClient<FetchTransport>, CallOptions), Error> {
        options_from_js(options).map(|(opts, signal)| (self.inner.with_transport(FetchTransport::new(signal)), opts))
    }

    fn run<F, Fut, R>(&self, options: JsValue, f: F) -> Promise
    where
        F: FnOnce(RedemptionClient<FetchTransport>, CallOptions) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<R, Error>> + 'static,
        R: Serialize,
    {
        super::spawn(super::check_call_options(&options).and_then(|_| self.prepare(&options)), f)
    }
}

fn order_filter(value: &JsValue) -> Result<OrderFilter, Error> {
    let filter: OrderFilter = loose(value, "filter")?;
    filter.check()?;
    Ok(filter)
}

#[wasm_bindgen(js_class = RedemptionClient)]
impl JsRedemptionClient {
    /// Checks the configuration. Nothing is sent until the first call.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "RedemptionClientConfig")] config: JsValue) -> Result<JsRedemptionClient, JsValue> {
        let config = config_from_js(&config, super::ConfigFor::Redemption).map_err(error_to_js)?;
        let inner = RedemptionClient::new(config, FetchTransport::default()).map_err(error_to_js)?;
        Ok(JsRedemptionClient { inner })
    }

    /// User Authentication: fetches the end user's token now (normally automatic).
    #[wasm_bindgen(js_name = authenticateUser, unchecked_return_type = "Promise<TokenInfo>")]
    pub fn authenticate_user(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(options, |c, o| async move { c.authenticate_user(&o).await })
    }

    /// Get Cart: the user's carts for a product (e.g. `{ product: 'VOUCHER' }`).
    #[wasm_bindgen(js_name = getCart, unchecked_return_type = "Promise<Cart[]>")]
    pub fn get_cart(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CartQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&query, CartQuery::to_endpoint))
    }

    /// Search Catalog (path and answer UNKNOWN in the portal; see the README).
    #[wasm_bindgen(js_name = searchCatalog, unchecked_return_type = "Promise<Page<Product>>")]
    pub fn search_catalog(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CatalogQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        // Its rules are checked once, by the endpoint (`CatalogQuery::to_endpoint`).
        let endpoint = loose::<CatalogQuery>(&query, "query").and_then(|q| q.to_endpoint());
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Get Product Catalog Details (path UNKNOWN in the portal; see the README).
    #[wasm_bindgen(js_name = getProductCatalogDetails, unchecked_return_type = "Promise<Product>")]
    pub fn get_product_catalog_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] product_catalog_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint = id_arg(&product_catalog_id, "productCatalogId").and_then(|id| catalog_details_endpoint(&id.to_string()));
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Get Product Configs: a product's denominations.
    #[wasm_bindgen(js_name = getProductConfigs, unchecked_return_type = "Promise<Product>")]
    pub fn get_product_configs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] product_catalog_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint = id_arg(&product_catalog_id, "productCatalogId").and_then(|id| product_configs_endpoint(&id.to_string()));
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Add to cart.
    #[wasm_bindgen(js_name = addToCart, unchecked_return_type = "Promise<Cart>")]
    pub fn add_to_cart(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddToCartRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, AddToCartRequest::to_endpoint))
    }

    /// Update Cart: set quantities (0 removes a line).
    #[wasm_bindgen(js_name = updateCart, unchecked_return_type = "Promise<Cart>")]
    pub fn update_cart(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateCartRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, UpdateCartRequest::to_endpoint))
    }

    /// Create Order: buys vouchers, paid from the user's points. `orderReferenceId` is your
    /// idempotency key.
    #[wasm_bindgen(js_name = createOrder, unchecked_return_type = "Promise<Order>")]
    pub fn create_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateOrderRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, CreateOrderRequest::to_endpoint))
    }

    /// Order Search: one page (`{ limit?, offset? }`).
    #[wasm_bindgen(js_name = searchOrders, unchecked_return_type = "Promise<Page<Order>>")]
    pub fn search_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrderFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageRequest")] page: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        // Read, then checked once by `to_endpoint`.
        let endpoint = loose::<OrderFilter>(&filter, "filter").and_then(|f| f.to_endpoint(&page_arg(&page)?));
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Every order matching `filter`, fetched page after page as the loop asks.
    #[wasm_bindgen(js_name = iterateOrders, unchecked_return_type = "AsyncIterableIterator<Order>")]
    pub fn iterate_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrderFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> PageIterator {
        let start = (|| {
            let filter = Rc::new(order_filter(&filter)?);
            let page = iterate_page(&options)?;
            let (client, opts) = self.prepare(&options)?;
            let fetch: FetchPage = Rc::new(move |page: PageRequest| {
                let (client, filter) = (client.clone(), filter.clone());
                Box::pin(async move { fetch_page(&client.0, filter.to_endpoint(&page)?, &opts).await })
            });
            Ok((page, fetch))
        })();
        PageIterator::new(start)
    }

    /// Fetch Order Info, vouchers included: their `cardNumber` and `pin` are the user's
    /// secrets; show them only on purpose and never log them.
    #[wasm_bindgen(js_name = fetchOrderInfo, unchecked_return_type = "Promise<Order>")]
    pub fn fetch_order_info(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] order_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let legacy = self.inner.config().legacy_order_info;
        let endpoint = id_arg(&order_id, "orderId").and_then(|id| order_info_endpoint(&id, legacy));
        call::send(&self.inner.0, &options, endpoint)
    }
}
