//! `EnKashClient`: the partner client in JS.

use super::call;
use super::iter::{fetch_page, FetchPage, PageIterator};
use super::{bulk_from_js, config_from_js, error_to_js, id_arg, input, options_from_js, page_arg, read, refined};
use crate::account::{AccountDetailsRequest, AllocationLookup, TransactionFilter, UserCardDetailsRequest, UserDetailsRequest};
use crate::allocation::AllocationRequest;
use crate::auth::{SsoRedirect, SsoRequest};
use crate::client::{CallOptions, Client, PageRead};
use crate::coins::{balance_endpoint, get_event_endpoint, update_event_endpoint, AllocateCoinsRequest, CoinEventPatch, CoinEventRequest};
use crate::error::Error;
use crate::incentive::{incentive_allocation_endpoint, IncentiveUserDetailsRequest};
use crate::wasm::fetch::FetchTransport;
use crate::wire::paging::PageRequest;
use js_sys::{Promise, Reflect};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The EnKash Reward API client (partner side): allocation, account reads, incentives,
/// coins and SSO.
///
/// ```js
/// const client = new EnKashClient({ baseUrl, partnerId, credentials: { clientId, clientSecret, username, password } });
/// const card = await client.createAndAllocatePoints({ ... });
/// ```
#[wasm_bindgen(js_name = EnKashClient)]
pub struct JsClient {
    inner: Client<FetchTransport>,
}

type Prepared = Result<(Client<FetchTransport>, CallOptions), Error>;

impl JsClient {
    fn prepare(&self, options: &JsValue) -> Prepared {
        options_from_js(options).map(|(opts, signal)| (self.inner.with_transport(FetchTransport::new(signal)), opts))
    }

    fn run<F, Fut, R>(&self, options: JsValue, f: F) -> Promise
    where
        F: FnOnce(Client<FetchTransport>, CallOptions) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<R, Error>> + 'static,
        R: Serialize,
    {
        super::spawn(super::check_call_options(&options).and_then(|_| self.prepare(&options)), f)
    }

    fn iterate(&self, filter: &JsValue, options: &JsValue, incentive: bool) -> PageIterator {
        let start = (|| {
            let filter: TransactionFilter = input(filter)?;
            let page = iterate_page(options)?;
            let (client, opts) = self.prepare(options)?;
            let filter = Rc::new(filter);
            let fetch: FetchPage = Rc::new(move |page: PageRequest| {
                let (client, filter) = (client.clone(), filter.clone());
                Box::pin(async move {
                    let endpoint = if incentive { filter.incentive_endpoint(&page)? } else { filter.reward_endpoint(&page)? };
                    fetch_page(&client.0, endpoint, &opts).await
                })
            });
            Ok((page, fetch))
        })();
        PageIterator::new(start)
    }
}

impl JsClient {
    /// One page of the reward or incentive transaction search (the same filter and paging).
    fn search_transactions(&self, filter: JsValue, page: JsValue, options: JsValue, incentive: bool) -> Promise {
        let endpoint = call::endpoint(&filter, |f: &TransactionFilter| {
            let page = page_arg(&page)?;
            if incentive {
                f.incentive_endpoint(&page)
            } else {
                f.reward_endpoint(&page)
            }
        });
        call::send(&self.inner.0, &options, endpoint)
    }
}

/// One page of `findAllocation`'s walk, read by its table: the transaction whose
/// `pgReferenceNumber` is `wanted`, as the JSON handed to JS.
fn find_in_page(answer: crate::wire::Answer, wanted: &str) -> Result<PageRead<Box<serde_json::value::RawValue>>, Error> {
    use crate::wire::schema::Described;
    let page = answer.transcode(crate::wire::paging::Page::<crate::account::Transaction>::schema())?;
    let info = page.page.unwrap_or(crate::wire::transcode::PageInfo { records_count: None, len: 0, data: 0..0 });
    let data = page.json.get(info.data.clone()).unwrap_or("[]");
    let records: Vec<&serde_json::value::RawValue> = serde_json::from_str(data).unwrap_or_default();
    let found = records.into_iter().find(|r| crate::wire::transcode::text_field(r.get(), "pgReferenceNumber").as_deref().map(str::trim) == Some(wanted));
    Ok(PageRead { len: info.len, records_count: info.records_count, fingerprint: Some(data.to_owned()), found: found.map(ToOwned::to_owned) })
}

/// `{ pageSize?, offset? }` of an iterator's options, as a page request (any key an
/// iterator does not take is refused, naming the closest: `limit` → `pageSize`).
pub(crate) fn iterate_page(options: &JsValue) -> Result<PageRequest, Error> {
    use crate::keys::{Kind, Known, PAGING_HINTS};
    super::check_keys(options, "options", &Known { keys: super::ITERATE_OPTION_KEYS, hints: PAGING_HINTS, prefix: "", kind: Kind::Option })?;
    if !options.is_object() {
        return Ok(PageRequest::default());
    }
    let get = |k: &str| Reflect::get(options, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let obj = js_sys::Object::new();
    for key in ["pageSize", "offset"] {
        let v = get(key);
        if !v.is_undefined() {
            let _ = Reflect::set(&obj, &key.into(), &v);
        }
    }
    let page = page_arg(&obj.into())?;
    let errors = page.validate();
    if !errors.is_empty() {
        return Err(Error::validation(errors));
    }
    Ok(page)
}

#[wasm_bindgen(js_class = EnKashClient)]
impl JsClient {
    /// Checks the configuration (throws an `EnKashError` of kind "validation" when it is
    /// wrong). Nothing is sent until the first call.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientConfig")] config: JsValue) -> Result<JsClient, JsValue> {
        let config = config_from_js(&config, super::ConfigFor::Partner).map_err(error_to_js)?;
        let inner = Client::new(config, FetchTransport::default()).map_err(error_to_js)?;
        Ok(JsClient { inner })
    }

    /// Fetches a token now (normally automatic) and caches it. Resolves to the token.
    #[wasm_bindgen(unchecked_return_type = "Promise<TokenInfo>")]
    pub fn authenticate(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(options, |c, o| async move { c.authenticate(&o).await })
    }

    /// Create And Allocate Points: credits (CR + ALLOCATE_POINT) or debits
    /// (DR + UNALLOCATE_POINT) one person's reward card. The request is validated first;
    /// nothing is sent when it is invalid.
    #[wasm_bindgen(js_name = createAndAllocatePoints, unchecked_return_type = "Promise<Card>")]
    pub fn create_and_allocate_points(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AllocationRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, AllocationRequest::to_endpoint))
    }

    /// Bulk Create And Allocate Rewards: one request with many rows. Resolves to the
    /// server's success and failure lists; rejects when the request as a whole fails.
    #[wasm_bindgen(js_name = bulkCreateAndAllocateRewards, unchecked_return_type = "Promise<BulkResult>")]
    pub fn bulk_create_and_allocate_rewards(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BulkRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint = bulk_from_js(&request).map_err(Error::validation).and_then(|r| r.to_endpoint());
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Single Sign On: a token for the EnKash rewards pages of one card (employee's or HR
    /// admin's). Resolves to `{ accessToken, ... }`.
    #[wasm_bindgen(js_name = ssoToken, unchecked_return_type = "Promise<SsoToken>")]
    pub fn sso_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SsoRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, SsoRequest::to_endpoint))
    }

    /// The SSO landing URL, with `ssoHost` from the argument or else from the config.
    #[wasm_bindgen(js_name = ssoRedirectUrl)]
    pub fn sso_redirect_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Omit<SsoRedirect, 'ssoHost'> & { ssoHost?: string }")] input: JsValue,
    ) -> Result<String, JsValue> {
        let filled = super::copy_object(&input, "input").map_err(error_to_js)?;
        if Reflect::get(&filled, &"ssoHost".into()).map(|v| v.is_undefined()).unwrap_or(true) {
            let _ = Reflect::set(&filled, &"ssoHost".into(), &JsValue::from_str(self.inner.config().sso_host.as_deref().unwrap_or("")));
        }
        let source: JsValue = filled.into();
        let parsed: SsoRedirect = read(&source).map_err(error_to_js)?;
        self.inner.sso_redirect_url(&parsed).map_err(|e| error_to_js(refined(&source, e)))
    }

    /// Get Reward Account Details: balance, cards, this month's allocation and redemption.
    #[wasm_bindgen(js_name = getRewardAccountDetails, unchecked_return_type = "Promise<AccountDetails>")]
    pub fn get_reward_account_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AccountDetailsRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, AccountDetailsRequest::to_endpoint))
    }

    /// Get Reward Transaction Details: one page (`{ limit?, offset? }`, default 50 from 0).
    #[wasm_bindgen(js_name = getRewardTransactionDetails, unchecked_return_type = "Promise<Page<Transaction>>")]
    pub fn get_reward_transaction_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactionFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageRequest")] page: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.search_transactions(filter, page, options, false)
    }

    /// Every reward transaction matching `filter`, fetched page after page as the loop asks.
    #[wasm_bindgen(js_name = iterateRewardTransactions, unchecked_return_type = "AsyncIterableIterator<Transaction>")]
    pub fn iterate_reward_transactions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactionFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> PageIterator {
        self.iterate(&filter, &options, false)
    }

    /// The allocation paid under `reference` on one card, or `null` when the transaction
    /// search lists none. A match proves the server recorded it; `null` is not proof that
    /// nothing was paid (the search's answer is inferred and may lag): confirm with it, do not
    /// decide to pay again on it.
    #[wasm_bindgen(js_name = findAllocation, unchecked_return_type = "Promise<Transaction | null>")]
    pub fn find_allocation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AllocationLookup")] lookup: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let (source, lookup) = (lookup.clone(), read::<AllocationLookup>(&lookup));
        self.run(
            options,
            |c, o| async move { c.find_allocation_by(&lookup?, &o, crate::wire::Reading::Table, find_in_page).await.map_err(|e| refined(&source, e)) },
        )
    }

    /// Get User Details: the cards of a reward account.
    #[wasm_bindgen(js_name = getUserDetails, unchecked_return_type = "Promise<Page<Card>>")]
    pub fn get_user_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UserDetailsRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, UserDetailsRequest::to_endpoint))
    }

    /// Get User Card Details: the cards of a reward account, or one card.
    #[wasm_bindgen(js_name = getUserCardDetails, unchecked_return_type = "Promise<Page<Card>>")]
    pub fn get_user_card_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UserCardDetailsRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, UserCardDetailsRequest::to_endpoint))
    }

    /// Incentive Create And Allocation: the same body as createAndAllocatePoints.
    #[wasm_bindgen(js_name = incentiveCreateAndAllocate, unchecked_return_type = "Promise<Card>")]
    pub fn incentive_create_and_allocate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AllocationRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, incentive_allocation_endpoint))
    }

    /// Get Incentive Transaction Details: one page.
    #[wasm_bindgen(js_name = getIncentiveTransactionDetails, unchecked_return_type = "Promise<Page<Transaction>>")]
    pub fn get_incentive_transaction_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactionFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageRequest")] page: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.search_transactions(filter, page, options, true)
    }

    /// Every incentive transaction matching `filter`, page after page.
    #[wasm_bindgen(js_name = iterateIncentiveTransactions, unchecked_return_type = "AsyncIterableIterator<Transaction>")]
    pub fn iterate_incentive_transactions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactionFilter")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> PageIterator {
        self.iterate(&filter, &options, true)
    }

    /// Get User Details under incentive allocation (card id required).
    #[wasm_bindgen(js_name = getIncentiveUserDetails, unchecked_return_type = "Promise<Page<Card>>")]
    pub fn get_incentive_user_details(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IncentiveUserDetailsRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, IncentiveUserDetailsRequest::to_endpoint))
    }

    /// Create Event: how many coins an event earns.
    #[wasm_bindgen(js_name = createCoinEvent, unchecked_return_type = "Promise<CoinEvent>")]
    pub fn create_coin_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CoinEventRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, CoinEventRequest::to_endpoint))
    }

    /// Get Event.
    #[wasm_bindgen(js_name = getCoinEvent, unchecked_return_type = "Promise<CoinEvent>")]
    pub fn get_coin_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] coin_config_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint = id_arg(&coin_config_id, "coinConfigId").and_then(|id| get_event_endpoint(&id.to_string()));
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Update Event: change any of amount, configuration, companyId, event.
    #[wasm_bindgen(js_name = updateCoinEvent, unchecked_return_type = "Promise<CoinEvent>")]
    pub fn update_coin_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] coin_config_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoinEventPatch")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint =
            id_arg(&coin_config_id, "coinConfigId").and_then(|id| call::endpoint(&patch, |p: &CoinEventPatch| update_event_endpoint(&id.to_string(), p)));
        call::send(&self.inner.0, &options, endpoint)
    }

    /// Allocate Coins for an event, once per `requestId`. Resolves to the server's message.
    #[wasm_bindgen(js_name = allocateCoins, unchecked_return_type = "Promise<string>")]
    pub fn allocate_coins(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AllocateCoinsRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call::send(&self.inner.0, &options, call::endpoint(&request, AllocateCoinsRequest::to_endpoint))
    }

    /// Pays many rows through the bulk endpoint in batches, safely re-runnable with the same
    /// `runId`: one outcome per row, in input order (`allocated`, `alreadyAllocated`,
    /// `failed`, `invalid`, `notAttempted`), and totals that add up. Rejects only when the
    /// options are invalid.
    #[wasm_bindgen(js_name = allocateRewards, unchecked_return_type = "Promise<RunReport>")]
    pub fn allocate_rewards(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecipientRows")] rows: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AllocateRewardsOptions")] options: JsValue,
    ) -> Promise {
        super::bulk::allocate_rewards(&self.inner, rows, options)
    }

    /// Get Balance: a user's coins.
    #[wasm_bindgen(js_name = getCoinBalance, unchecked_return_type = "Promise<number>")]
    pub fn get_coin_balance(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] user_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let endpoint = id_arg(&user_id, "userId").and_then(|id| balance_endpoint(&id.to_string()));
        call::send(&self.inner.0, &options, endpoint)
    }
}
