//! The shop's orders: what each costs (the shop's own price, never the
//! browser's), where it stands, and how the shop learned it.

use std::sync::Mutex;

/// Where an order stands, as the shop has verified it with the API.
#[derive(Clone, Debug, PartialEq)]
pub enum OrderState {
    /// Created; the customer has not finished the payment window yet.
    Open,
    /// Paid in full, for the order's amount: ship it.
    Paid,
    /// A virtual account was issued; the order is paid when the customer
    /// deposits (a webhook says so).
    AwaitingDeposit {
        /// The bank and the account number, to show the customer.
        account: String,
    },
    /// Not paid: declined, abandoned, or refused before the window opened.
    Failed {
        /// What the API or the browser said, to show the customer.
        reason: String,
    },
    /// Paid, then cancelled (wholly or in part) by the shop: do not ship.
    Cancelled,
    /// The shop refused the payment: it is not for this order's amount (or
    /// belongs to another order). A payment it refused is cancelled.
    Refused {
        /// Why, in the shop's words.
        reason: String,
    },
}

impl OrderState {
    /// A short word for the state, used in the pages' `data-state`
    /// attributes (the browser tests read them).
    pub fn key(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Paid => "paid",
            Self::AwaitingDeposit { .. } => "awaiting-deposit",
            Self::Failed { .. } => "failed",
            Self::Cancelled => "cancelled",
            Self::Refused { .. } => "refused",
        }
    }

    /// The state in a sentence, for people.
    pub fn describe(&self) -> String {
        match self {
            Self::Open => "waiting for the payment".to_owned(),
            Self::Paid => "paid".to_owned(),
            Self::AwaitingDeposit { account } => format!("awaiting a deposit into {account}"),
            Self::Failed { reason } => format!("not paid: {reason}"),
            Self::Cancelled => "cancelled: the payment was refunded".to_owned(),
            Self::Refused { reason } => format!("refused by the shop: {reason}"),
        }
    }
}

/// One order.
#[derive(Clone, Debug)]
pub struct Order {
    /// The shop's id for it, given to `request_pay` as `merchant_uid`.
    pub merchant_uid: String,
    /// What is bought.
    pub name: String,
    /// What it costs, in won: the shop's price.
    pub amount: u64,
    /// How the customer pays: `card`, `vbank`, or `billing key` for a charge
    /// of a stored card.
    pub method: String,
    /// Where it stands.
    pub state: OrderState,
    /// The payment that settled it, once one is known.
    pub imp_uid: Option<String>,
    /// What the shop heard about it and did, oldest first.
    pub history: Vec<String>,
    /// How many webhooks arrived for it (duplicates included).
    pub webhooks: u32,
}

/// Every order, oldest first. A real shop keeps them in its database.
#[derive(Default)]
pub struct OrderBook {
    orders: Mutex<Vec<Order>>,
}

impl OrderBook {
    /// Records a new order and returns it. `prefix` starts its
    /// `merchant_uid` (`order`, `billing`, ...).
    pub fn create(&self, prefix: &str, name: &str, amount: u64, method: &str) -> Order {
        let mut orders = self.lock();
        let order = Order {
            merchant_uid: format!("{prefix}-{:04}", orders.len() + 1),
            name: name.to_owned(),
            amount,
            method: method.to_owned(),
            state: OrderState::Open,
            imp_uid: None,
            history: Vec::new(),
            webhooks: 0,
        };
        orders.push(order.clone());
        order
    }

    /// The order `merchant_uid`, if the shop has one.
    pub fn get(&self, merchant_uid: &str) -> Option<Order> {
        self.lock().iter().find(|o| o.merchant_uid == merchant_uid).cloned()
    }

    /// Changes the order `merchant_uid` and returns it as changed.
    pub fn update(&self, merchant_uid: &str, change: impl FnOnce(&mut Order)) -> Option<Order> {
        let mut orders = self.lock();
        let order = orders.iter_mut().find(|o| o.merchant_uid == merchant_uid)?;
        change(order);
        Some(order.clone())
    }

    /// A copy of every order, oldest first.
    pub fn all(&self) -> Vec<Order> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Order>> {
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }
}
