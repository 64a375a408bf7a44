//! Naver Pay product orders: their statuses and claims, and the moves
//! between them that the naver operations and the buyer's simulated claims
//! make.
//!
//! A product order is `PAYED`; the seller places it (still `PAYED`) and
//! ships it (`DELIVERING`, `DELIVERED` a day after dispatch on the sandbox
//! clock); the buyer confirms the purchase (`PURCHASE_DECIDED`). Claims:
//! a cancel (by the seller, or requested by the buyer and approved) or a
//! return (requested, then approved, rejected, withheld and released) end
//! in a refund; an exchange (requested by the buyer) is collected, then
//! shipped again and `EXCHANGED` a day later.

use iamport::Timestamp;
use serde::{Deserialize, Serialize};

/// A day, how long a parcel takes in the sandbox.
const DELIVERY_TIME: i64 = 86_400;

/// What the buyer asks for on a product order (see
/// [`crate::Sandbox::simulate_naver_claim`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NaverClaim {
    /// Cancel a product order not shipped yet; the seller approves it
    /// (`naverApproveCancelProductOrder`).
    Cancel,
    /// Exchange a shipped product order; the seller collects the goods and
    /// ships replacements.
    Exchange,
}

/// A Naver Pay product order as the API answers it (`NaverProductOrder`
/// in the spec): what [`crate::Sandbox::simulate_naver_claim`] returns.
/// The sandbox's own type, since the `iamport` crate has its own only with
/// its `naver` feature (turn it on in your program to call the naver
/// operations). The fields the sandbox never fills (the shipping address,
/// the buyer's personal customs code) are left out; answers carry them as
/// `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NaverProductOrder {
    /// The product order's id.
    pub product_order_id: Option<String>,
    /// `PAYED`, `DELIVERING`, `DELIVERED`, `PURCHASE_DECIDED`, `EXCHANGED`,
    /// `CANCELED` or `RETURNED`.
    pub product_order_status: Option<String>,
    /// `CANCEL`, `RETURN` or `EXCHANGE`, once a claim is made.
    pub claim_type: Option<String>,
    /// Where the claim stands (`CANCEL_REQUEST`, `RETURN_DONE`, ...).
    pub claim_status: Option<String>,
    /// The product's id.
    pub product_id: Option<String>,
    /// The product's name.
    pub product_name: Option<String>,
    /// The option's id.
    pub product_option_id: Option<String>,
    /// The option's name.
    pub product_option_name: Option<String>,
    /// What the product order costs.
    pub product_amount: Option<f64>,
    /// Its delivery fee.
    pub delivery_amount: Option<f64>,
    /// How many.
    pub quantity: Option<i32>,
    /// Who ordered it.
    pub orderer: Option<NaverOrderer>,
    /// When it must be shipped by.
    #[serde(default)]
    pub shipping_due: Timestamp,
}

/// The buyer of a [`NaverProductOrder`] (`NaverOrderer` in the spec).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NaverOrderer {
    /// The buyer's name.
    pub name: Option<String>,
    /// The buyer's Naver id, masked.
    pub id: Option<String>,
    /// The buyer's phone number.
    pub tel: Option<String>,
}

/// A product order and what the sandbox keeps beside it.
#[derive(Debug, Clone)]
pub(crate) struct ProductOrder {
    pub order: NaverProductOrder,
    /// The payment it belongs to.
    pub imp_uid: String,
    placed: bool,
    withheld: bool,
    /// When a parcel on its way arrives.
    arrives_at: Option<i64>,
    /// When the purchase was confirmed (for reviews).
    pub decided_at: Option<i64>,
}

/// Why a move is not possible now (the message the API would give).
pub(crate) type Refusal = &'static str;

impl ProductOrder {
    pub(crate) fn new(imp_uid: &str, id: String, name: &str, amount: f64, buyer: Option<String>, now: i64) -> Self {
        let order = NaverProductOrder {
            product_order_id: Some(id.clone()),
            product_order_status: Some("PAYED".to_owned()),
            product_id: Some(format!("sandbox-product-{id}")),
            product_name: Some(name.to_owned()),
            product_option_id: Some("1".to_owned()),
            product_option_name: Some("기본".to_owned()),
            product_amount: Some(amount),
            delivery_amount: Some(0.0),
            quantity: Some(1),
            orderer: Some(NaverOrderer { name: buyer, id: Some("sandbox****".to_owned()), tel: None }),
            shipping_due: Timestamp::from_unix(now + 3 * DELIVERY_TIME),
            ..NaverProductOrder::default()
        };
        Self { order, imp_uid: imp_uid.to_owned(), placed: false, withheld: false, arrives_at: None, decided_at: None }
    }

    pub(crate) fn id(&self) -> &str {
        self.order.product_order_id.as_deref().unwrap_or_default()
    }

    pub(crate) fn amount(&self) -> f64 {
        self.order.product_amount.unwrap_or_default()
    }

    fn status(&self) -> &str {
        self.order.product_order_status.as_deref().unwrap_or_default()
    }

    fn claim(&self) -> (&str, &str) {
        (self.order.claim_type.as_deref().unwrap_or_default(), self.order.claim_status.as_deref().unwrap_or_default())
    }

    /// Whether a claim is open (requested and not yet settled).
    fn claim_open(&self) -> bool {
        matches!(
            self.claim().1,
            "CANCEL_REQUEST" | "RETURN_REQUEST" | "EXCHANGE_REQUEST" | "COLLECT_DONE" | "EXCHANGE_REDELIVERING"
        )
    }

    fn set(&mut self, status: Option<&str>, claim: Option<(&str, &str)>) {
        if let Some(status) = status {
            self.order.product_order_status = Some(status.to_owned());
        }
        if let Some((kind, state)) = claim {
            self.order.claim_type = Some(kind.to_owned());
            self.order.claim_status = Some(state.to_owned());
        }
    }

    /// Parcels that have arrived by `now` (looked at before every read or move).
    pub(crate) fn catch_up(&mut self, now: i64) {
        if self.status() != "DELIVERING" || self.arrives_at.is_none_or(|at| now < at) {
            return;
        }
        if self.claim() == ("EXCHANGE", "EXCHANGE_REDELIVERING") {
            self.set(Some("EXCHANGED"), Some(("EXCHANGE", "EXCHANGE_DONE")));
        } else {
            self.set(Some("DELIVERED"), None);
        }
    }

    pub(crate) fn place(&mut self) -> Result<(), Refusal> {
        if self.status() != "PAYED" || self.claim_open() || self.placed {
            return Err("발주확인할 수 없는 상품주문입니다.");
        }
        self.placed = true;
        Ok(())
    }

    pub(crate) fn ship(&mut self, dispatched_at: i64) -> Result<(), Refusal> {
        if self.status() != "PAYED" || self.claim_open() {
            return Err("발송처리할 수 없는 상품주문입니다.");
        }
        self.set(Some("DELIVERING"), None);
        self.arrives_at = Some(dispatched_at + DELIVERY_TIME);
        Ok(())
    }

    /// The seller cancels a product order not shipped yet: refund.
    pub(crate) fn cancel(&mut self) -> Result<(), Refusal> {
        if self.status() != "PAYED" || self.claim_open() {
            return Err("취소할 수 없는 상품주문입니다. (발송 전 상품주문만 취소할 수 있습니다.)");
        }
        self.set(Some("CANCELED"), Some(("CANCEL", "CANCEL_DONE")));
        Ok(())
    }

    /// The buyer's cancel request, approved: refund.
    pub(crate) fn approve_cancel(&mut self) -> Result<(), Refusal> {
        if self.claim() != ("CANCEL", "CANCEL_REQUEST") {
            return Err("취소요청된 상품주문이 아닙니다.");
        }
        self.set(Some("CANCELED"), Some(("CANCEL", "CANCEL_DONE")));
        Ok(())
    }

    pub(crate) fn request_return(&mut self) -> Result<(), Refusal> {
        if !matches!(self.status(), "DELIVERING" | "DELIVERED") || self.claim_open() {
            return Err("반품요청할 수 없는 상품주문입니다.");
        }
        self.set(None, Some(("RETURN", "RETURN_REQUEST")));
        self.withheld = false;
        Ok(())
    }

    fn return_requested(&self) -> Result<(), Refusal> {
        match self.claim() == ("RETURN", "RETURN_REQUEST") {
            true => Ok(()),
            false => Err("반품요청된 상품주문이 아닙니다."),
        }
    }

    /// The return, approved: refund.
    pub(crate) fn approve_return(&mut self) -> Result<(), Refusal> {
        self.return_requested()?;
        if self.withheld {
            return Err("반품보류 중인 상품주문입니다. 보류를 해제한 뒤 승인하세요.");
        }
        self.set(Some("RETURNED"), Some(("RETURN", "RETURN_DONE")));
        Ok(())
    }

    pub(crate) fn reject_return(&mut self) -> Result<(), Refusal> {
        self.return_requested()?;
        self.set(None, Some(("RETURN", "RETURN_REJECT")));
        self.withheld = false;
        Ok(())
    }

    pub(crate) fn withhold_return(&mut self) -> Result<(), Refusal> {
        self.return_requested()?;
        if self.withheld {
            return Err("이미 반품보류된 상품주문입니다.");
        }
        self.withheld = true;
        Ok(())
    }

    pub(crate) fn resolve_return(&mut self) -> Result<(), Refusal> {
        self.return_requested()?;
        if !self.withheld {
            return Err("반품보류된 상품주문이 아닙니다.");
        }
        self.withheld = false;
        Ok(())
    }

    pub(crate) fn collect_exchanged(&mut self) -> Result<(), Refusal> {
        if self.claim() != ("EXCHANGE", "EXCHANGE_REQUEST") {
            return Err("교환요청된 상품주문이 아닙니다.");
        }
        self.set(None, Some(("EXCHANGE", "COLLECT_DONE")));
        Ok(())
    }

    pub(crate) fn ship_exchanged(&mut self, now: i64) -> Result<(), Refusal> {
        if self.claim() != ("EXCHANGE", "COLLECT_DONE") {
            return Err("수거완료된 교환 상품주문이 아닙니다.");
        }
        self.set(Some("DELIVERING"), Some(("EXCHANGE", "EXCHANGE_REDELIVERING")));
        self.arrives_at = Some(now + DELIVERY_TIME);
        Ok(())
    }

    /// The buyer's purchase confirmation.
    pub(crate) fn decide(&mut self, now: i64) -> Result<(), Refusal> {
        if !matches!(self.status(), "DELIVERING" | "DELIVERED" | "EXCHANGED") || self.claim_open() {
            return Err("구매확정할 수 없는 상품주문입니다.");
        }
        self.set(Some("PURCHASE_DECIDED"), None);
        self.decided_at = Some(now);
        Ok(())
    }

    /// A claim the buyer makes.
    pub(crate) fn claim_by_buyer(&mut self, claim: NaverClaim) -> Result<(), Refusal> {
        match claim {
            NaverClaim::Cancel if self.status() == "PAYED" && !self.claim_open() => {
                self.set(None, Some(("CANCEL", "CANCEL_REQUEST")));
                Ok(())
            }
            NaverClaim::Exchange if matches!(self.status(), "DELIVERING" | "DELIVERED") && !self.claim_open() => {
                self.set(None, Some(("EXCHANGE", "EXCHANGE_REQUEST")));
                Ok(())
            }
            _ => Err("이 상품주문에는 그 요청을 할 수 없습니다."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> ProductOrder {
        ProductOrder::new("imp_1", "2026000000000001".to_owned(), "도시락", 10000.0, None, 0)
    }

    fn status(o: &ProductOrder) -> (&str, (&str, &str)) {
        (o.status(), o.claim())
    }

    #[test]
    fn an_order_is_shipped_delivered_and_returned() {
        let mut o = order();
        o.place().unwrap();
        assert!(o.place().is_err(), "placed once");
        assert!(o.request_return().is_err(), "not shipped yet");
        o.ship(100).unwrap();
        o.catch_up(100 + DELIVERY_TIME - 1);
        assert_eq!(o.status(), "DELIVERING");
        o.catch_up(100 + DELIVERY_TIME);
        assert_eq!(o.status(), "DELIVERED");
        assert!(o.cancel().is_err(), "shipped: returned, not cancelled");
        o.request_return().unwrap();
        o.withhold_return().unwrap();
        assert!(o.approve_return().is_err(), "withheld");
        o.resolve_return().unwrap();
        o.approve_return().unwrap();
        assert_eq!(status(&o), ("RETURNED", ("RETURN", "RETURN_DONE")));
    }

    #[test]
    fn an_exchange_is_collected_and_shipped_again() {
        let mut o = order();
        assert!(o.claim_by_buyer(NaverClaim::Exchange).is_err(), "not shipped yet");
        o.ship(0).unwrap();
        o.claim_by_buyer(NaverClaim::Exchange).unwrap();
        assert!(o.ship_exchanged(0).is_err(), "not collected yet");
        o.collect_exchanged().unwrap();
        o.ship_exchanged(10).unwrap();
        o.catch_up(10 + DELIVERY_TIME);
        assert_eq!(status(&o), ("EXCHANGED", ("EXCHANGE", "EXCHANGE_DONE")));
        o.decide(20 + DELIVERY_TIME).unwrap();
        assert_eq!(o.status(), "PURCHASE_DECIDED");
    }

    #[test]
    fn a_cancel_is_requested_and_approved() {
        let mut o = order();
        assert!(o.approve_cancel().is_err());
        o.claim_by_buyer(NaverClaim::Cancel).unwrap();
        assert!(o.ship(0).is_err(), "a cancel is pending");
        o.approve_cancel().unwrap();
        assert_eq!(status(&o), ("CANCELED", ("CANCEL", "CANCEL_DONE")));
    }
}
