//! The clients: [`Client`] for the partner APIs (allocation, account, incentive, coins, SSO)
//! and [`RedemptionClient`] for an end user's store. Both share the configuration checks, the
//! token cache and the one private request path that every endpoint goes through (host,
//! path overrides, headers, auth, 401 renewal, optional encryption, error mapping).

mod attempt;
pub mod config;
pub mod hooks;
mod request;
pub mod retry;
pub(crate) mod token;

use crate::error::Error;
use crate::models::allocation::BulkRequest;
use crate::models::auth::TokenInfo;
use crate::transport::Transport;
use crate::wire::paging::PageRequest;
use request::Clock;
pub(crate) use request::Core;

pub use config::{CallOptions, ClientConfig, Hooks, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_RETRY_WAIT_MS, MAX_TIMEOUT_MS};

macro_rules! client_common {
    ($name:ident) => {
        impl<T: Clone> Clone for $name<T> {
            fn clone(&self) -> Self {
                $name(Core { shared: self.0.shared.clone(), transport: self.0.transport.clone() })
            }
        }

        impl<T> std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).field("config", &self.0.shared.config).finish_non_exhaustive()
            }
        }
    };
}

/// The EnKash partner client: allocation, account reads, incentives, coins and SSO.
/// Cheap to clone: clones share configuration and token.
pub struct Client<T>(pub(crate) Core<T>);
client_common!(Client);

impl<T: Transport> Client<T> {
    /// Checks the configuration (a partner id is required) and builds a client. Nothing is
    /// sent yet.
    pub fn new(config: ClientConfig, transport: T) -> Result<Self, Error> {
        Core::new(config, transport, true).map(Client)
    }

    /// The same client (same configuration and token cache) over another transport: how the
    /// JS layer gives each call its own AbortSignal.
    pub fn with_transport<U: Transport>(&self, transport: U) -> Client<U> {
        Client(self.0.with_transport(transport))
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.0.config()
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.0.transport
    }

    /// Pays many rows through the bulk endpoint, in batches, safely re-runnable: see
    /// [`crate::bulk`]. One outcome per row, in input order.
    pub async fn allocate_rewards<S>(
        &self,
        rows: S,
        total_hint: Option<usize>,
        options: &crate::bulk::RunOptions,
        call: &CallOptions,
        on_progress: &mut dyn FnMut(crate::bulk::Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<crate::bulk::RunReport, Error>
    where
        S: futures_util::Stream,
        S::Item: crate::bulk::RowSource,
    {
        crate::bulk::allocate_rewards(self, rows, total_hint, options, call, on_progress, cancelled).await
    }

    /// Fetches a new token now (normally automatic) and caches it.
    pub async fn authenticate(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        self.0.authenticate(options).await
    }

    /// Whether the token endpoint has rejected this client's credentials (they are never sent
    /// again: three rejected attempts lock the account).
    pub fn credentials_rejected(&self) -> bool {
        self.0.shared.rejected.borrow().is_some()
    }

    /// Looks up the allocation paid under a reference, through the transaction search by
    /// `pgReferenceNumber`: `Some(transaction)` when the server lists a transaction with exactly
    /// that reference, `None` when the search (every page of it) lists none.
    ///
    /// What is known: a match proves the server recorded a transaction under the reference.
    /// What is not: the search's path and answer are inferred (the portal leaves them
    /// UNKNOWN), and a transaction may be listed with a delay, so `None` is not proof that
    /// nothing was paid; a `duplicateReference` refusal of the same reference is stronger
    /// evidence that it exists. Use it to confirm, not to decide to pay again.
    pub async fn find_allocation(
        &self,
        lookup: &crate::models::account::AllocationLookup,
        options: &CallOptions,
    ) -> Result<Option<crate::models::account::Transaction>, Error> {
        self.find_allocation_by(lookup, options, crate::wire::Reading::Typed, |answer, wanted| {
            let page: crate::models::account::TransactionPage = answer.decode()?;
            let found = page.data.iter().find(|t| t.pg_reference_number.as_deref().map(str::trim) == Some(wanted)).cloned();
            Ok(PageRead { len: page.data.len(), records_count: page.records_count, fingerprint: serde_json::to_string(&page.data).ok(), found })
        })
        .await
    }

    /// [`Client::find_allocation`]'s walk, each page read by `read` (typed for Rust, by table
    /// for JS): the pages of the transaction search in turn, within one time limit, until
    /// `read` finds the reference or the pages end.
    pub(crate) async fn find_allocation_by<R>(
        &self,
        lookup: &crate::models::account::AllocationLookup,
        options: &CallOptions,
        reading: crate::wire::Reading,
        read: impl Fn(crate::wire::Answer, &str) -> Result<PageRead<R>, Error>,
    ) -> Result<Option<R>, Error> {
        let filter = lookup.to_filter()?;
        let wanted = lookup.reference.trim();
        // One time limit for the whole lookup, however many pages it reads.
        let clock = Clock::start(self.0.timeout(options)?, self.0.transport.now_ms());
        let mut pager = crate::wire::paging::Pager::new(PageRequest { page_size: Some(100), offset: None });
        while let Some(page_request) = pager.next() {
            let remaining = clock.remaining(self.0.transport.now_ms());
            if remaining == 0 {
                return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent: true });
            }
            let page_options = CallOptions { timeout_ms: Some(remaining as u32), ..*options };
            let endpoint = filter.reward_endpoint(&page_request)?.into_endpoint();
            let answer = match self.0.call_untyped(endpoint, &page_options, &std::cell::Cell::new(0), reading).await {
                Err(Error::Timeout { sent, .. }) => return Err(Error::Timeout { timeout_ms: clock.timeout_ms, sent }),
                other => other?,
            };
            let page = read(answer, wanted)?;
            if page.found.is_some() {
                return Ok(page.found);
            }
            pager.advance_by(page.len, page.records_count, page.fingerprint);
        }
        Ok(None)
    }
}

/// One page of the transaction search as [`Client::find_allocation_by`] walks it.
pub(crate) struct PageRead<R> {
    /// The number of records, the total the server gave, and the records' JSON text (what
    /// tells a repeated page: [`crate::wire::paging::Pager`]).
    pub len: usize,
    pub records_count: Option<u64>,
    pub fingerprint: Option<String>,
    /// The record with the reference, if this page has it.
    pub found: Option<R>,
}

/// The bulk engine sends its batches through the partner client's one request path.
impl<T: Transport> crate::bulk::BatchSender for Client<T> {
    type Call = CallOptions;

    async fn send_batch(
        &self,
        request: &BulkRequest,
        call: &CallOptions,
        attempts: &std::cell::Cell<u32>,
    ) -> Result<crate::models::allocation::BulkSettlement, Error> {
        // The same endpoint as `bulkCreateAndAllocateRewards`, its answer read as a settlement.
        self.0.call_untyped(request.to_endpoint()?.into_endpoint(), call, attempts, crate::wire::Reading::Typed).await?.decode()
    }

    fn credentials_rejected(&self) -> bool {
        Client::credentials_rejected(self)
    }
}

/// The end user's redemption client (voucher store), with the end user's own token and no
/// partner id. Cheap to clone.
pub struct RedemptionClient<T>(pub(crate) Core<T>);
client_common!(RedemptionClient);

impl<T: Transport> RedemptionClient<T> {
    /// Checks the configuration and builds a client. Nothing is sent yet.
    pub fn new(mut config: ClientConfig, transport: T) -> Result<Self, Error> {
        config.partner_id = None;
        Core::new(config, transport, false).map(RedemptionClient)
    }

    /// The same client over another transport.
    pub fn with_transport<U: Transport>(&self, transport: U) -> RedemptionClient<U> {
        RedemptionClient(self.0.with_transport(transport))
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.0.config()
    }

    /// User Authentication: fetches the end user's token now (normally automatic).
    pub async fn authenticate_user(&self, options: &CallOptions) -> Result<TokenInfo, Error> {
        self.0.authenticate(options).await
    }
}

pub use crate::retry::parse_retry_after;
