#![warn(missing_docs)]
#![doc = include_str!("../README.md")]

// Three layers, each importing only those below it (`tests/layers.rs` checks
// it; the README's "Layout" says more): `core` (serving, routing, bodies,
// replies, the store, the clock, webhooks, shared services); `api` (one
// module per group) and `control` beside each other on the core; and on
// top `operations` (every handler, handed to the server as a `Dispatch`)
// and `Sandbox` below, which assembles them.
mod api;
mod checkout;
mod control;
mod core;
mod fixtures;
mod operations;

use std::{
    fmt,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::{Arc, Mutex},
};

pub use crate::api::benepia::{BENEPIA_PASSWORD, BENEPIA_USER};
pub use crate::api::certifications::{OTP_LIFETIME, TEST_OTP};
pub use crate::api::tiers::DEFAULT_TIER;
pub use crate::api::vbanks::TEST_ACCOUNT_HOLDER;
pub use crate::checkout::{CheckoutError, CheckoutResult, Choice, DEFAULT_MERCHANT_CODE, Dialect, Sdk};
pub use crate::control::PREFIX as CONTROL_PREFIX;
pub use crate::core::cards::{
    AUTHENTICATION_FAILED_MESSAGE, CARD_APPROVED, CARD_AUTHENTICATION_FAILS, CARD_DECLINED, DECLINE_REASON,
};
pub use crate::core::clock::SandboxClock;
pub use crate::core::deliver::{Delivery, DeliveryKind, DeliveryOutcome, NotificationFormat, PaymentConfirm};
pub use crate::core::faults::{Fault, FaultError, MAX_FAULT_DELAY};
pub use crate::core::kcpquick::{KCPQUICK_MEMBER, KCPQUICK_MONEY};
pub use crate::core::naver_orders::{NaverClaim, NaverOrderer, NaverProductOrder};
pub use crate::core::simulation::SimulationError;
pub use crate::core::store::BENEPIA_POINTS;
pub use crate::core::tokens::{TOKEN_EXTENSION, TOKEN_LIFETIME};
pub use crate::core::webhook_log::WebhookMode;
pub use crate::core::webhook_target::{WebhookTarget, WebhookTargetError};

use crate::core::{
    Shared, cvs, deliver, jobs, naver, schedules, server, store, tokens, vbanks, webhook_log::WebhookLog,
};
use iamport::{
    Client,
    types::{Payment, Schedule},
    webhook::CvsPayType,
};

/// The REST API key a sandbox accepts unless told otherwise.
pub const DEFAULT_KEY: &str = "sandbox_imp_key";
/// The REST API secret a sandbox accepts unless told otherwise.
pub const DEFAULT_SECRET: &str = "sandbox_imp_secret";

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

    /// Settings for a sandbox: credentials, clock, address, webhooks.
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

    /// The merchant code the sandbox accepts (`IMP.init`).
    pub fn merchant_code(&self) -> &str {
        &self.shared.merchant_code
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

    /// Arms `fault` for the next call of the operation `operation_id` (its
    /// `operationId` in the spec: `onetime`, `getPaymentByImpUid`, ...):
    /// a lost answer, a late one, a 500 or a proxy's HTML page, so that a
    /// test meets each of the client's errors. Arming the same operation
    /// again applies to the call after (three `ServerError`s fail a lookup
    /// and its two retries). Refused for an operation the spec does not
    /// have, or a delay over [`MAX_FAULT_DELAY`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use iamport_sandbox::{Fault, Sandbox};
    ///
    /// let sandbox = Sandbox::start().await?;
    /// sandbox.inject_fault("onetime", Fault::LoseAnswerAfter)?;
    /// // The next charge is made, but its answer is lost: Error::OutcomeUnknown.
    /// # Ok(()) }
    /// ```
    pub fn inject_fault(&self, operation_id: &str, fault: Fault) -> Result<(), FaultError> {
        self.shared.faults().arm(operation_id, fault)
    }

    /// The faults armed and not yet met, in the order they apply.
    pub fn pending_faults(&self) -> Vec<(&'static str, Fault)> {
        self.shared.faults().armed().to_vec()
    }

    /// Disarms every fault not yet met.
    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// Ends the current access token's life now, as if its 30 minutes had
    /// passed while the client still holds it: the next call with it gets
    /// 401, and the client renews it and sends the call again. Returns
    /// whether a token was alive.
    pub fn expire_token(&self) -> bool {
        self.shared.tokens().expire(self.shared.clock.now())
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

    /// Stores payments as given, charging nothing and notifying no one:
    /// test data for the listings (10,000 payments over 200 days, say),
    /// far quicker than a charge each. Build them with `Payment::builder()`;
    /// the listings read their status and times. Returns how many were
    /// stored; an `imp_uid` already stored is refused
    /// ([`SimulationError::Refused`]), and the payments after it are not stored.
    pub fn import_payments(&self, payments: impl IntoIterator<Item = Payment>) -> Result<usize, SimulationError> {
        core::paging::import(&self.shared, payments)
    }

    /// Every webhook the sandbox has sent, holds or did not send, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.webhooks().deliveries().to_vec()
    }

    /// Changes how notifications are delivered from now on (see
    /// [`WebhookMode`]); notifications already held stay held.
    pub fn set_webhook_mode(&self, mode: WebhookMode) {
        self.shared.webhooks().mode = mode;
    }

    /// Changes how notifications are encoded from now on.
    pub fn set_notification_format(&self, format: NotificationFormat) {
        self.shared.webhooks().format = format;
    }

    /// Sends the notification with this [`Delivery::id`] again, now, to
    /// the same URL, encoded as `format` (default: as notifications are
    /// encoded now), whatever the mode: a dropped one arrives at last, a
    /// sent one arrives twice. Returns the new delivery.
    pub async fn replay_webhook(
        &self,
        id: u64,
        format: Option<NotificationFormat>,
    ) -> Result<Delivery, SimulationError> {
        deliver::replay(&self.shared, id, format).await
    }

    /// Plays the browser checkout without a browser: `IMP.request_pay(params)`
    /// on a PC with the current script (`/v1/iamport.js`), then the
    /// customer's `choice` in the window. Returns the object the page's
    /// callback gets; the payment, its `confirm_url` request and its
    /// webhook are as the window makes them. A refusal before the window
    /// opens (a `merchant_uid` already paid, an amount that differs from a
    /// prepared one, a malformed parameter) is a failed result, not an error.
    pub async fn checkout(&self, params: serde_json::Value, choice: Choice) -> serde_json::Value {
        self.checkout_in(params, choice, Dialect::default()).await.to_json()
    }

    /// [`checkout`](Self::checkout) with another script or on a phone: a
    /// phone with `m_redirect_url` gets a [`CheckoutResult::Redirect`].
    pub async fn checkout_in(&self, params: serde_json::Value, choice: Choice, dialect: Dialect) -> CheckoutResult {
        checkout::checkout(&self.shared, &params, choice, dialect, &checkout::Merchant::default()).await
    }

    /// Plays `IMP.certification(params)` and the customer's `choice` with
    /// the form's default person (or `fields`: `name`, `phone`, `birthday`,
    /// `gender`, `carrier`). Returns the callback's object or the redirect;
    /// `GET /certifications/{imp_uid}` then returns the verification. A
    /// malformed field is an error (the window would show it).
    pub fn certification(
        &self,
        params: serde_json::Value,
        fields: Option<serde_json::Value>,
        choice: Choice,
        dialect: Dialect,
    ) -> Result<CheckoutResult, CheckoutError> {
        let merchant = checkout::Merchant::default();
        checkout::certification::run(&self.shared, &params, fields.as_ref(), choice, dialect, &merchant)
    }

    /// Whether the sandbox implements the operation with this `operationId`
    /// (every operation of the spec does; one added to the spec later
    /// answers HTTP 501 until it is implemented).
    pub fn implements(operation_id: &str) -> bool {
        operations::handler(operation_id).is_some()
    }

    /// The `operationId` of every operation of the spec, in its order: the
    /// operations the sandbox routes, whatever features the `iamport`
    /// crate of the program is built with.
    pub fn operation_ids() -> impl Iterator<Item = &'static str> {
        core::spec::OPERATIONS.iter().map(|op| op.id)
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
    host: IpAddr,
    port: u16,
    notification_format: NotificationFormat,
    webhook_mode: WebhookMode,
    tiers: Vec<(String, String)>,
    merchant_code: String,
    default_notice_url: Option<String>,
    webhook_targets: Vec<WebhookTarget>,
    fixtures: bool,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            key: DEFAULT_KEY.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            clock: SandboxClock::system(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            notification_format: NotificationFormat::Json,
            webhook_mode: WebhookMode::Once,
            tiers: vec![(DEFAULT_TIER.0.to_owned(), DEFAULT_TIER.1.to_owned())],
            merchant_code: DEFAULT_MERCHANT_CODE.to_owned(),
            default_notice_url: None,
            webhook_targets: Vec::new(),
            fixtures: false,
        }
    }
}

// Written by hand: the secret stays out of it.
impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("key", &self.key)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("merchant_code", &self.merchant_code)
            .finish_non_exhaustive()
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

    /// The address to listen on (default 127.0.0.1). The control API
    /// (`/_sandbox/`) has no authentication: another address lets anyone
    /// who reaches it move the clock and simulate payments.
    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// The port (default 0: an ephemeral port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The merchant code the browser checkout accepts in `IMP.init`
    /// (default [`DEFAULT_MERCHANT_CODE`]).
    pub fn merchant_code(mut self, code: impl Into<String>) -> Self {
        self.merchant_code = code.into();
        self
    }

    /// Where a payment that names no `notice_url` is notified, like the
    /// webhook URL of the console's settings (default: none, such a
    /// payment is not notified). It must be loopback or allowed by
    /// [`allow_webhooks_to`](Self::allow_webhooks_to) to be sent.
    pub fn default_notice_url(mut self, url: impl Into<String>) -> Self {
        self.default_notice_url = Some(url.into());
        self
    }

    /// Lets webhooks go to `target` besides loopback, which is otherwise
    /// their only destination: a merchant's app in another container on
    /// the same network, say. May be called more than once.
    pub fn allow_webhooks_to(mut self, target: WebhookTarget) -> Self {
        self.webhook_targets.push(target);
        self
    }

    /// How notifications are encoded (default JSON).
    pub fn notification_format(mut self, format: NotificationFormat) -> Self {
        self.notification_format = format;
        self
    }

    /// How notifications are delivered: once before the call that caused
    /// them answers (the default), twice, late or not at all.
    pub fn webhook_mode(mut self, mode: WebhookMode) -> Self {
        self.webhook_mode = mode;
        self
    }

    /// Adds a sub-merchant (tier) that `GetTier` knows, besides
    /// [`DEFAULT_TIER`].
    pub fn tier(mut self, code: impl Into<String>, name: impl Into<String>) -> Self {
        self.tiers.push((code.into(), name.into()));
        self
    }

    /// Starts with the fixtures: payments in each state, billing keys,
    /// scheduled payments, verifications, a Naver Pay order and more, under
    /// the ids the examples of `spec/iamport.yaml` name (the README's
    /// "Fixtures" table), made through the sandbox's own API. For tools
    /// that send the spec's examples, such as schemathesis; off by default.
    pub fn fixtures(mut self) -> Self {
        self.fixtures = true;
        self.tiers.push((fixtures::TIER.0.to_owned(), fixtures::TIER.1.to_owned()));
        self
    }

    /// Binds the host and port and starts serving (with the fixtures, if
    /// asked for: a fixture refused is an error). Call it inside a Tokio runtime.
    pub async fn start(self) -> std::io::Result<Sandbox> {
        let seed = self.fixtures;
        let listener = tokio::net::TcpListener::bind((self.host, self.port)).await?;
        let addr = listener.local_addr()?;
        // Plain HTTP/1.1 to loopback; redirects are not followed.
        let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        let started = self.clock.now();
        let shared = Arc::new(Shared {
            key: self.key,
            secret: self.secret,
            clock: self.clock,
            tokens: Mutex::new(tokens::Tokens::default()),
            faults: Mutex::new(core::faults::Faults::default()),
            store: Mutex::new(store::Store::new(started)),
            http,
            webhooks: Mutex::new(WebhookLog::new(self.webhook_mode, self.notification_format)),
            webhook_targets: self.webhook_targets,
            default_notice_url: self.default_notice_url,
            merchant_code: self.merchant_code,
            tiers: self.tiers,
            jobs: tokio::sync::Mutex::new(()),
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared), operations::DISPATCH));
        let ticker = tokio::spawn(jobs::tick(Arc::clone(&shared)));
        let sandbox = Sandbox { shared, addr, server, ticker };
        if seed {
            fixtures::seed(&sandbox).await.map_err(|e| std::io::Error::other(format!("seeding the fixtures: {e}")))?;
        }
        Ok(sandbox)
    }
}

/// Decodes a request body as `T` the way every handler does, or returns
/// the 400's message. For the fuzz targets (fuzz/); not part of the API.
#[doc(hidden)]
pub fn decode_request_body<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) -> Result<T, String> {
    core::body::parse(body).map_err(|reply| reply.body["message"].as_str().unwrap_or_default().to_owned())
}
