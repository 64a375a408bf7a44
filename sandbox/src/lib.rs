#![warn(missing_docs)]
#![doc = include_str!("../README.md")]

mod balance;
mod benepia;
mod body;
mod cards;
mod certifications;
mod charges;
mod clock;
mod codes;
mod control;
mod customers;
mod cvs;
mod deliver;
mod escrow;
mod jobs;
mod kcpquick;
mod listings;
mod naver;
mod naver_orders;
mod partners;
mod payco;
mod payments;
mod paymentwall;
mod prepare;
mod receipts;
mod reply;
mod routes;
mod schedules;
mod server;
mod simulation;
mod store;
mod tiers;
mod tokens;
mod users;
mod vbanks;

use std::{
    fmt,
    net::{Ipv4Addr, SocketAddr},
    sync::{Arc, Mutex},
};

pub use benepia::{BENEPIA_PASSWORD, BENEPIA_POINTS, BENEPIA_USER};
pub use cards::{
    AUTHENTICATION_FAILED_MESSAGE, CARD_APPROVED, CARD_AUTHENTICATION_FAILS, CARD_DECLINED, DECLINE_REASON,
};
pub use certifications::{OTP_LIFETIME, TEST_OTP};
pub use clock::SandboxClock;
pub use control::PREFIX as CONTROL_PREFIX;
pub use deliver::{Delivery, DeliveryKind, DeliveryOutcome, NotificationFormat};
pub use kcpquick::{KCPQUICK_MEMBER, KCPQUICK_MONEY};
pub use naver_orders::NaverClaim;
pub use simulation::SimulationError;
pub use tiers::DEFAULT_TIER;
pub use tokens::{TOKEN_EXTENSION, TOKEN_LIFETIME};
pub use vbanks::TEST_ACCOUNT_HOLDER;

use iamport::{
    Client,
    types::{NaverProductOrder, Payment, Schedule},
    webhook::CvsPayType,
};

/// The REST API key a sandbox accepts unless told otherwise.
pub const DEFAULT_KEY: &str = "sandbox_imp_key";
/// The REST API secret a sandbox accepts unless told otherwise.
pub const DEFAULT_SECRET: &str = "sandbox_imp_secret";

/// Sends webhooks: plain HTTP to loopback, through hyper rather than
/// reqwest, whose TLS set-up (a rustls provider, by the library's features)
/// a plain-HTTP client should not depend on.
type WebhookClient = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    http_body_util::Full<bytes::Bytes>,
>;

/// What the server task and the handle share.
pub(crate) struct Shared {
    key: String,
    secret: String,
    clock: SandboxClock,
    tokens: Mutex<tokens::Tokens>,
    store: Mutex<store::Store>,
    http: WebhookClient,
    deliveries: Mutex<Vec<Delivery>>,
    notification_format: NotificationFormat,
    /// Sub-merchants: (tier code, name).
    tiers: Vec<(String, String)>,
    /// Taken by a move of the clock, so that the background task does not
    /// charge what the move made due (see `jobs`).
    jobs: tokio::sync::Mutex<()>,
}

impl Shared {
    fn store(&self) -> std::sync::MutexGuard<'_, store::Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running sandbox. The server stops when this handle is dropped.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
    ticker: tokio::task::JoinHandle<()>,
}

// Written by hand: the secret stays out of it.
impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox").field("addr", &self.addr).field("key", &self.shared.key).finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox on 127.0.0.1 at an ephemeral port, with the default
    /// credentials and the system clock. Call it inside a Tokio runtime.
    pub async fn start() -> std::io::Result<Self> {
        Self::builder().start().await
    }

    /// Settings for a sandbox: credentials, clock, port, notification format.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The REST API key and secret the sandbox accepts.
    pub fn credentials(&self) -> (&str, &str) {
        (&self.shared.key, &self.shared.secret)
    }

    /// The sandbox's clock; advance it to expire tokens and barcodes.
    /// Scheduled payments whose time it passes run at the next request or
    /// within a second; [`advance_clock`](Self::advance_clock) runs them at once.
    pub fn clock(&self) -> &SandboxClock {
        &self.shared.clock
    }

    /// Moves the clock forward, then charges every scheduled payment whose
    /// time has come and sends its notification. Returns the payments made,
    /// earliest schedule first.
    pub async fn advance_clock(&self, by: std::time::Duration) -> Vec<Payment> {
        jobs::advance(&self.shared, by).await
    }

    /// Makes the next run of the pending scheduled payment `merchant_uid`
    /// decline, whatever the card behind its billing key: its payment is
    /// `failed` with the decline reason. Returns the schedule.
    pub fn decline_schedule(&self, merchant_uid: &str) -> Result<Schedule, SimulationError> {
        schedules::decline_next_run(&self.shared, merchant_uid)
    }

    /// A client for this sandbox, with its credentials.
    pub fn client(&self) -> iamport::Result<Client> {
        Client::builder(&self.shared.key, &self.shared.secret).base_url(self.base_url()).build()
    }

    /// Plays a customer paying a barcode at a convenience store: POSTs the
    /// `Galaxia.Cvs.Confirm` request to the payment's `confirm_url` (if it
    /// has one; a non-200 answer rejects the payment), then marks the
    /// payment paid and POSTs a notification to each of its `notice_url`s.
    /// Returns the paid payment.
    pub async fn simulate_cvs_payment(&self, imp_uid: &str, pay_type: CvsPayType) -> Result<Payment, SimulationError> {
        cvs::simulate_payment(&self.shared, imp_uid, pay_type).await
    }

    /// Plays the customer paying the whole amount into the virtual account
    /// `imp_uid`: the payment becomes `paid` (with the deposit in its
    /// `deposit_history`) and a notification goes to each of its
    /// `notice_url`s. An account past its `vbank_date` on the sandbox clock
    /// ([`SimulationError::Expired`]) or revoked refuses. Returns the paid payment.
    pub async fn simulate_vbank_deposit(&self, imp_uid: &str) -> Result<Payment, SimulationError> {
        vbanks::simulate_deposit(&self.shared, imp_uid).await
    }

    /// Plays a buyer paying a Naver Pay order on Naver's side: a paid
    /// payment (`pg_provider` `naverpay`) with one product order, `PAYED`,
    /// per `(product name, amount)`, which the naver operations then move.
    pub fn simulate_naver_order(
        &self,
        merchant_uid: &str,
        products: &[(&str, f64)],
    ) -> Result<Payment, SimulationError> {
        naver::simulate_order(&self.shared, merchant_uid, products)
    }

    /// Plays the buyer asking to cancel (before shipping) or exchange
    /// (after) a Naver Pay product order. Returns the product order.
    pub fn simulate_naver_claim(
        &self,
        product_order_id: &str,
        claim: NaverClaim,
    ) -> Result<NaverProductOrder, SimulationError> {
        naver::simulate_claim(&self.shared, product_order_id, claim)
    }

    /// Every webhook the sandbox has sent (or declined to send), oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.deliveries.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether the sandbox implements the operation with this `operationId`
    /// (every operation of the spec does; one added to the spec later
    /// answers HTTP 501 until it is implemented).
    pub fn implements(operation_id: &str) -> bool {
        server::handler(operation_id).is_some()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.abort();
        self.ticker.abort();
    }
}

/// Settings for a [`Sandbox`].
#[derive(Clone)]
pub struct SandboxBuilder {
    key: String,
    secret: String,
    clock: SandboxClock,
    port: u16,
    notification_format: NotificationFormat,
    tiers: Vec<(String, String)>,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            key: DEFAULT_KEY.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            clock: SandboxClock::system(),
            port: 0,
            notification_format: NotificationFormat::Json,
            tiers: vec![(DEFAULT_TIER.0.to_owned(), DEFAULT_TIER.1.to_owned())],
        }
    }
}

// Written by hand: the secret stays out of it.
impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder").field("key", &self.key).field("port", &self.port).finish_non_exhaustive()
    }
}

impl SandboxBuilder {
    /// The REST API key and secret the sandbox accepts
    /// (default [`DEFAULT_KEY`], [`DEFAULT_SECRET`]).
    pub fn credentials(mut self, key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.key = key.into();
        self.secret = secret.into();
        self
    }

    /// The clock (default [`SandboxClock::system`]). Keep a clone to move it.
    pub fn clock(mut self, clock: SandboxClock) -> Self {
        self.clock = clock;
        self
    }

    /// The port on 127.0.0.1 (default 0: an ephemeral port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How notifications are encoded (default JSON).
    pub fn notification_format(mut self, format: NotificationFormat) -> Self {
        self.notification_format = format;
        self
    }

    /// Adds a sub-merchant (tier) that `GetTier` knows, besides
    /// [`DEFAULT_TIER`].
    pub fn tier(mut self, code: impl Into<String>, name: impl Into<String>) -> Self {
        self.tiers.push((code.into(), name.into()));
        self
    }

    /// Binds 127.0.0.1 and starts serving. Call it inside a Tokio runtime.
    pub async fn start(self) -> std::io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        let addr = listener.local_addr()?;
        // Plain HTTP/1.1 to loopback; redirects are not followed.
        let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        let started = self.clock.now();
        let shared = Arc::new(Shared {
            key: self.key,
            secret: self.secret,
            clock: self.clock,
            tokens: Mutex::new(tokens::Tokens::default()),
            store: Mutex::new(store::Store::new(started)),
            http,
            deliveries: Mutex::new(Vec::new()),
            notification_format: self.notification_format,
            tiers: self.tiers,
            jobs: tokio::sync::Mutex::new(()),
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        let ticker = tokio::spawn(jobs::tick(Arc::clone(&shared)));
        Ok(Sandbox { shared, addr, server, ticker })
    }
}

/// Decodes a request body as `T` the way every handler does, or returns
/// the 400's message. For the fuzz targets (fuzz/); not part of the API.
#[doc(hidden)]
pub fn decode_request_body<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) -> Result<T, String> {
    body::parse(body).map_err(|reply| reply.body["message"].as_str().unwrap_or_default().to_owned())
}
