//! The `native` feature: a Rust program using the same clients over reqwest, against the
//! sandbox running as a real process on a free loopback port.
#![cfg(all(feature = "native", not(target_arch = "wasm32")))]

use enkash_rewards::native::ReqwestTransport;
use enkash_rewards::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The sandbox as a child process; killed when dropped.
struct Sandbox {
    child: Child,
    url: String,
}

impl Sandbox {
    fn start() -> Sandbox {
        let mut child = Command::new("node")
            .args(["sandbox/server.mjs", "--port", "0", "--token-ttl", "300"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("node must be installed to run the sandbox");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "unexpected sandbox banner: {line}");
        Sandbox { child, url }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn credentials(username: &str, password: &str) -> Auth {
    Auth::Credentials(Credentials {
        client_id: "sandbox-client".into(),
        client_secret: Secret::new("sandbox-client-secret"),
        username: username.into(),
        password: Secret::new(password),
    })
}

#[tokio::test(flavor = "current_thread")]
async fn a_rust_backend_allocates_reads_and_redeems() {
    let sandbox = Sandbox::start();
    let opts = CallOptions::default();
    let client =
        Client::new(ClientConfig::new(&sandbox.url, "CRMXWB3ZM", credentials("hr@sandbox.test", "sandbox-password")), ReqwestTransport::new()).unwrap();
    let account = AccountDetailsRequest { company_id: "CEK1PU9AOO".into(), card_account_id: "CAQL8YCV3".into() };
    let before = client.get_reward_account_details(&account, &opts).await.unwrap().available_balance;

    let request = AllocationRequest {
        company_id: "CEK1PU9AOO".into(),
        card_account_id: "CAQL8YCV3".into(),
        transaction_code: "ALLOCATION".into(),
        transaction_type: TransactionType::Credit,
        allocation_type: AllocationType::AllocatePoint,
        email: Some("rust@example.com".into()),
        mobile: Some("9876500000".into()),
        title: Some(Title::Mr),
        first_name: Some("Rusty".into()),
        gender: Some(Gender::M),
        en_kash_card_id: None,
        load_amount: 250.75,
        unique_reference_number: "NATIVE-1".into(),
    };
    let card = client.create_and_allocate_points(&request, &opts).await.unwrap();
    assert_eq!(card.otb_balance, Some(250.75));
    let again = client.create_and_allocate_points(&request, &opts).await.unwrap_err();
    assert_eq!((again.kind(), again.server_code()), ("duplicateReference", Some(&ServerCode::Number(1))));
    assert!(!again.may_have_been_applied(), "refused on the first attempt: the reference was used by an earlier call");
    let after = client.get_reward_account_details(&account, &opts).await.unwrap().available_balance;
    assert_eq!(((before - after) * 100.0).round(), 25075.0, "paid once");

    let card_id = card.en_kash_card_id.clone();
    let lookup = |reference: &str| AllocationLookup {
        company_id: request.company_id.clone(),
        card_account_id: request.card_account_id.clone(),
        en_kash_card_id: card_id.clone(),
        reference: reference.into(),
    };
    let found = client.find_allocation(&lookup("NATIVE-1"), &opts).await.unwrap().expect("the allocation is found by its reference");
    assert_eq!((found.pg_reference_number.as_deref(), found.amount), (Some("NATIVE-1"), Some(250.75)));
    assert_eq!(client.find_allocation(&lookup("NATIVE-NEVER-SENT"), &opts).await.unwrap(), None);
    assert_eq!(client.find_allocation(&lookup(" "), &opts).await.unwrap_err().kind(), "validation");
    let filter =
        TransactionFilter { company_id: "CEK1PU9AOO".into(), card_account_id: "CAQL8YCV3".into(), en_kash_card_id: card_id.clone(), ..Default::default() };
    let mut pager = Pager::new(PageRequest { page_size: Some(1), offset: None });
    let mut seen = 0;
    while let Some(page) = pager.next() {
        let p = client.get_reward_transaction_details(&filter, &page, &opts).await.unwrap();
        seen += pager.advance(&p);
    }
    assert_eq!(seen, 1);

    let event = client
        .create_coin_event(
            &CoinEventRequest { configuration: "DEFAULT".into(), company_id: "CEK1PU9AOO".into(), event: "MEAL_CARD_PAYMENT".into(), amount: 5 },
            &opts,
        )
        .await
        .unwrap();
    assert!(event.coin_config_id.is_some());
    let coins =
        AllocateCoinsRequest { company_id: "CEK1PU9AOO".into(), event: "MEAL_CARD_PAYMENT".into(), request_id: "NATIVE-COIN-1".into(), user_id: "U1".into() };
    client.allocate_coins(&coins, &opts).await.unwrap();
    client.allocate_coins(&coins, &opts).await.unwrap();
    assert_eq!(client.get_coin_balance("U1", &opts).await.unwrap(), 5.0);

    let shop =
        RedemptionClient::new(ClientConfig::redemption(&sandbox.url, credentials("employee@sandbox.test", "employee-password")), ReqwestTransport::new())
            .unwrap();
    let order = shop
        .create_order(
            &CreateOrderRequest { denomination: 100, order_reference_id: "NATIVE-ORDER-1".into(), product_catalog_id: Id::Number(101), quantity: 1 },
            &opts,
        )
        .await
        .unwrap();
    let info = shop.fetch_order_info(order.order_id.as_ref().unwrap(), &opts).await.unwrap();
    let voucher = &info.voucher_details_list.unwrap()[0];
    assert_eq!(voucher.pin.as_ref().unwrap().expose().len(), 6);
    assert!(!format!("{voucher:?}").contains(voucher.pin.as_ref().unwrap().expose()));
}

#[tokio::test(flavor = "current_thread")]
async fn native_timeouts_and_dead_hosts_are_typed() {
    let client = Client::new(ClientConfig::new("http://127.0.0.1:9", "P", Auth::AccessToken(Secret::new("t"))), ReqwestTransport::new()).unwrap();
    let e = client.get_coin_balance("U", &CallOptions::default()).await.unwrap_err();
    assert_eq!(e.kind(), "network");
    assert!(!e.may_have_been_applied(), "refused connection: nothing was sent");
    // A listener that never answers: the call's own time limit ends it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let client = Client::new(ClientConfig::new(url, "P", Auth::AccessToken(Secret::new("t"))), ReqwestTransport::new()).unwrap();
    let e = client.get_coin_balance("U", &CallOptions { timeout_ms: Some(200), max_retries: Some(0) }).await.unwrap_err();
    assert_eq!(e, Error::Timeout { timeout_ms: 200, sent: true });
}

/// A token provider that never answers (a hung backend), counting how often it is asked.
struct HungProvider(std::rc::Rc<std::cell::Cell<u32>>);

impl TokenProvider for HungProvider {
    fn fetch_token(&self) -> futures_util::future::LocalBoxFuture<'static, Result<TokenInfo, Error>> {
        self.0.set(self.0.get() + 1);
        Box::pin(std::future::pending())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_token_provider_that_never_answers_is_bounded_by_each_calls_time_limit() {
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let config = ClientConfig::new("http://127.0.0.1:9", "P", Auth::Provider(std::rc::Rc::new(HungProvider(asked.clone()))));
    let client = Client::new(config, ReqwestTransport::new()).unwrap();
    let account = AccountDetailsRequest { company_id: "C".into(), card_account_id: "A".into() };
    let opts = CallOptions { timeout_ms: Some(150), ..CallOptions::default() };
    let started = std::time::Instant::now();
    // Two concurrent calls: one waits on the provider, the other on the token lock.
    let (a, b) = tokio::join!(client.get_reward_account_details(&account, &opts), client.get_reward_account_details(&account, &opts));
    assert_eq!(a.unwrap_err(), Error::Timeout { timeout_ms: 150, sent: false });
    assert_eq!(b.unwrap_err(), Error::Timeout { timeout_ms: 150, sent: false });
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    // A later call asks the provider again, and is bounded the same way.
    let e = client.get_reward_account_details(&account, &opts).await.unwrap_err();
    assert_eq!(e.kind(), "timeout");
    assert!(asked.get() >= 2, "asked {} times", asked.get());
}
