//! The sandbox's core, below every API group and the control API: HTTP
//! serving and routing ([`server`], [`routes`]), request bodies ([`body`]),
//! replies in the envelope ([`reply`]), the store, the clock, tokens,
//! webhook delivery, and the services more than one group needs (charging
//! a card, refunds, paging, scheduled charges, the simulations). It knows
//! no group: the layer above hands the server its handlers
//! ([`server::Dispatch`]).

pub(crate) mod body;
pub(crate) mod cards;
pub(crate) mod certifications;
pub(crate) mod charges;
pub(crate) mod clock;
pub(crate) mod codes;
pub(crate) mod cvs;
pub(crate) mod deliver;
pub(crate) mod faults;
pub(crate) mod jobs;
pub(crate) mod kcpquick;
pub(crate) mod naver;
pub(crate) mod naver_orders;
pub(crate) mod paging;
pub(crate) mod refunds;
pub(crate) mod reply;
pub(crate) mod request_schema;
pub(crate) mod routes;
pub(crate) mod schedules;
pub(crate) mod server;
pub(crate) mod shape;
pub(crate) mod simulation;
pub(crate) mod spec;
pub(crate) mod store;
pub(crate) mod tokens;
pub(crate) mod vbanks;
pub(crate) mod webhook_log;
pub(crate) mod webhook_target;

use std::sync::Mutex;

use clock::SandboxClock;
use webhook_log::WebhookLog;
use webhook_target::WebhookTarget;

/// Sends webhooks: plain HTTP to loopback, through hyper rather than
/// reqwest, whose TLS set-up (by the library's features) a plain-HTTP
/// client has no use for.
pub(crate) type WebhookClient = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    http_body_util::Full<bytes::Bytes>,
>;

/// What the server task and the handle share.
pub(crate) struct Shared {
    pub(crate) key: String,
    pub(crate) secret: String,
    pub(crate) clock: SandboxClock,
    pub(crate) tokens: Mutex<tokens::Tokens>,
    /// The faults armed for the next calls of operations.
    pub(crate) faults: Mutex<faults::Faults>,
    pub(crate) store: Mutex<store::Store>,
    pub(crate) http: WebhookClient,
    /// The webhooks, and how notifications are delivered.
    pub(crate) webhooks: Mutex<WebhookLog>,
    /// Hosts besides loopback that webhooks may go to.
    pub(crate) webhook_targets: Vec<WebhookTarget>,
    /// Where a payment without a `notice_url` is notified (the console's setting).
    pub(crate) default_notice_url: Option<String>,
    /// The merchant code (`imp` and 8 digits) the browser checkout accepts.
    pub(crate) merchant_code: String,
    /// Sub-merchants: (tier code, name).
    pub(crate) tiers: Vec<(String, String)>,
    /// Taken by a move of the clock, so that the background task does not
    /// charge what the move made due (see `jobs`).
    pub(crate) jobs: tokio::sync::Mutex<()>,
}

impl Shared {
    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, store::Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn faults(&self) -> std::sync::MutexGuard<'_, faults::Faults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn tokens(&self) -> std::sync::MutexGuard<'_, tokens::Tokens> {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn webhooks(&self) -> std::sync::MutexGuard<'_, WebhookLog> {
        self.webhooks.lock().unwrap_or_else(|e| e.into_inner())
    }
}
