//! The shop: its state (the client, the orders, the addresses it is served
//! at) and its routes.

use std::sync::{Arc, Mutex};

use axum::{
    Router,
    routing::{get, post},
};
use iamport::Client;
use iamport_sandbox::Sandbox;

use crate::{billing, certification, order_page, orders::OrderBook, orders_page, payments, webhook};

/// The PG the pages ask for.
pub const PG: &str = "html5_inicis";

/// Everything the handlers share.
pub struct Shop {
    /// A client of the sandbox, with the shop's REST API key.
    pub client: Client,
    /// The orders.
    pub orders: OrderBook,
    /// Where the sandbox is: the pages load `iamport.js` from it.
    pub sandbox_url: String,
    /// The merchant code the pages give `IMP.init` (the sandbox's).
    pub merchant_code: String,
    /// Where the shop itself is: `m_redirect_url` and `notice_url` point at it.
    pub shop_url: String,
    /// Held while a payment report is settled (see `settle`).
    pub settling: tokio::sync::Mutex<()>,
    /// The billing keys the shop registered, with the card behind each.
    pub billing_keys: Mutex<Vec<billing::BillingKey>>,
    /// The identity verifications the shop checked.
    pub certifications: Mutex<Vec<certification::Checked>>,
}

impl Shop {
    /// A shop with no orders yet, paying through `sandbox`.
    pub fn new(sandbox: &Sandbox, shop_url: String) -> iamport::Result<Self> {
        Ok(Self {
            client: sandbox.client()?,
            orders: OrderBook::default(),
            sandbox_url: sandbox.base_url(),
            merchant_code: sandbox.merchant_code().to_owned(),
            shop_url,
            settling: tokio::sync::Mutex::new(()),
            billing_keys: Mutex::default(),
            certifications: Mutex::default(),
        })
    }

    /// Where the API should POST webhooks for this shop's payments.
    pub fn notice_url(&self) -> String {
        format!("{}/iamport/webhook", self.shop_url)
    }
}

/// Every page and endpoint of the shop.
pub fn routes(shop: Arc<Shop>) -> Router {
    Router::new()
        .route("/", get(order_page::show))
        .route("/api/orders", post(payments::create_order))
        .route("/payments/complete", post(payments::complete))
        .route("/payments/redirect", get(payments::redirect))
        .route("/iamport/webhook", post(webhook::receive))
        .route("/orders", get(orders_page::show))
        .route("/billing", get(billing::page))
        .route("/api/billing/keys", post(billing::start))
        .route("/billing/complete", post(billing::complete))
        .route("/api/billing/charge", post(billing::charge))
        .route("/certification", get(certification::page))
        .route("/certification/complete", post(certification::complete))
        .route("/certification/redirect", get(certification::redirect))
        .with_state(shop)
}
