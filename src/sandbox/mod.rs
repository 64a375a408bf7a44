//! An in-process fake of the i'mport API for offline tests (feature
//! `sandbox`).
//!
//! [`Sandbox::start`] serves the API on 127.0.0.1 at an ephemeral port with
//! real state: tokens with the API's lifetime rules, convenience-store
//! barcodes, card charges with [test cards](CARD_APPROVED), billing keys,
//! lookups and cancels, every answer in the API's envelope with the API's
//! HTTP statuses. Its clock can be moved ([`SandboxClock`]), and it sends
//! webhooks (notifications, CVS confirm requests) to loopback URLs.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use iamport::{sandbox::{CARD_APPROVED, Sandbox}, types};
//!
//! let sandbox = Sandbox::start().await?;
//! let client = sandbox.client()?;
//! let payment = client
//!     .onetime()
//!     .body(
//!         types::OnetimeRequest::builder()
//!             .merchant_uid("order-1")
//!             .amount(1000.0)
//!             .card_number(CARD_APPROVED)
//!             .expiry("2099-12"),
//!     )
//!     .send()
//!     .await?;
//! assert_eq!(payment.status, iamport::enums::PaymentStatus::Paid);
//! # Ok(()) }
//! ```
//!
//! Implemented, by group (see [`Sandbox::implements`]):
//! - authenticate: `getToken`;
//! - payments: `getPaymentByImpUid`, `getPaymentByMerchantUid`,
//!   `getPaymentByMerchantUidAnyStatus`, `cancelPayment`, and the listings
//!   `getPaymentListByImpUid` (200, 207 when only some ids are found, 404),
//!   `getAllPaymentsByMerchantUid[AnyStatus]` and `getPaymentsByStatus`
//!   (`page`, `limit`, `sorting`; a `from`/`to` window wider than 90 days is
//!   cut to the 90 days that end at `to`);
//! - payments.validation: `preparePayment`, `editPreparePayment`,
//!   `getPaymentPrepareByMerchantUid`; `onetime` and `again` refuse
//!   (`code: 1`) a charge whose amount or currency differs from the one
//!   registered for its `merchant_uid`;
//! - cvs: `issueCvsPayment`, `revokeCvsPayment`;
//! - subscribe: `onetime`, `again`;
//! - subscribe.customer: `customer_save` (the test cards decide; saving
//!   again replaces the card), `customer_view`, `customer_view_multiple`,
//!   `customer_delete`, `customer_payments`;
//! - codes: `allCardCodes`, `cardCodes`, `allBankCodes`, `bankCodes` (a
//!   fixed table of KFTC codes of domestic card companies and banks).
//!
//! Every operation of the spec is routed. One the sandbox does not
//! implement answers HTTP 501 with `code: -1` and a message naming the
//! operation ([`Sandbox::implements`] tells which); a path that is not in
//! the spec answers 404, a method the path does not have 405.

mod body;
mod cards;
mod charges;
mod clock;
mod codes;
mod customers;
mod cvs;
mod deliver;
mod listings;
mod payments;
mod prepare;
mod reply;
mod routes;
mod server;
mod store;
mod tokens;

use std::{
    fmt,
    net::{Ipv4Addr, SocketAddr},
    sync::{Arc, Mutex},
};

pub use cards::{
    AUTHENTICATION_FAILED_MESSAGE, CARD_APPROVED, CARD_AUTHENTICATION_FAILS, CARD_DECLINED, DECLINE_REASON,
};
pub use clock::SandboxClock;
pub use cvs::SimulationError;
pub use deliver::{Delivery, DeliveryKind, DeliveryOutcome, NotificationFormat};
pub use tokens::{TOKEN_EXTENSION, TOKEN_LIFETIME};

use crate::{Client, types::Payment, webhook::CvsPayType};

/// The REST API key a sandbox accepts unless told otherwise.
pub const DEFAULT_KEY: &str = "sandbox_imp_key";
/// The REST API secret a sandbox accepts unless told otherwise.
pub const DEFAULT_SECRET: &str = "sandbox_imp_secret";

/// What the server task and the handle share.
pub(crate) struct Shared {
    key: String,
    secret: String,
    clock: SandboxClock,
    tokens: Mutex<tokens::Tokens>,
    store: Mutex<store::Store>,
    http: reqwest::Client,
    deliveries: Mutex<Vec<Delivery>>,
    notification_format: NotificationFormat,
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
    pub fn clock(&self) -> &SandboxClock {
        &self.shared.clock
    }

    /// A client for this sandbox, with its credentials.
    pub fn client(&self) -> crate::Result<Client> {
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

    /// Every webhook the sandbox has sent (or declined to send), oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.deliveries.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether the sandbox implements the operation with this `operationId`;
    /// the others answer HTTP 501.
    pub fn implements(operation_id: &str) -> bool {
        server::Handler::for_operation(operation_id).is_some()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.abort();
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
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            key: DEFAULT_KEY.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            clock: SandboxClock::system(),
            port: 0,
            notification_format: NotificationFormat::Json,
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

    /// Binds 127.0.0.1 and starts serving. Call it inside a Tokio runtime.
    pub async fn start(self) -> std::io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .timeout(deliver::DELIVERY_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            key: self.key,
            secret: self.secret,
            clock: self.clock,
            tokens: Mutex::new(tokens::Tokens::default()),
            store: Mutex::new(store::Store::new()),
            http,
            deliveries: Mutex::new(Vec::new()),
            notification_format: self.notification_format,
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        Ok(Sandbox { shared, addr, server })
    }
}
