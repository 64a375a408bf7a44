//! Naver Pay (naver), what the API group and the control API share: which
//! payments are Naver Pay ones, and the buyer's side of an order
//! ([`simulate_order`], [`simulate_claim`]), which the seller's operations
//! then move (see [`super::naver_orders`]).

use iamport::types::Payment;

use super::{
    Shared,
    charges::{self, open_charge},
    naver_orders::{NaverClaim, NaverProductOrder, ProductOrder},
    simulation::SimulationError,
};

/// The `pg_provider` of a Naver Pay payment.
pub(crate) const PG_PROVIDER: &str = "naverpay";

/// Whether the payment is a Naver Pay one.
pub(crate) fn is_naver(payment: &Payment) -> bool {
    payment.pg_provider.as_deref() == Some(PG_PROVIDER)
}

/// A buyer paying a Naver Pay order: a paid payment with one product order
/// per `(product name, amount)`.
pub(crate) fn simulate_order(
    shared: &Shared,
    merchant_uid: &str,
    products: &[(&str, f64)],
) -> Result<Payment, SimulationError> {
    let Some((first, _)) = products.first() else { return Err(SimulationError::EmptyOrder) };
    let now = shared.clock.now();
    let mut store = shared.store();
    let amount = products.iter().map(|(_, amount)| amount).sum();
    let mut payment = open_charge(&mut store, merchant_uid, amount, None, now)
        .map_err(|refusal| SimulationError::Refused(refusal.body["message"].as_str().unwrap_or_default().to_owned()))?;
    payment.pay_method = Some("naverpay".to_owned());
    payment.pg_provider = Some(PG_PROVIDER.to_owned());
    payment.pg_id = Some("iamport_sandbox".to_owned());
    payment.name = Some(match products.len() {
        1 => (*first).to_owned(),
        n => format!("{first} 외 {}건", n - 1),
    });
    payment.buyer_name = Some("네이버구매자".to_owned());
    charges::pay(&mut payment, &mut store, now);
    for (name, amount) in products {
        let id = match store.named_product_orders.pop_front() {
            Some(named) => named,
            None => format!("2026{:012}", store.next_id()),
        };
        let order = ProductOrder::new(&payment.imp_uid, id.clone(), name, *amount, payment.buyer_name.clone(), now);
        store.naver_orders.insert(id, order);
    }
    store.insert(payment.clone(), Vec::new(), None, now);
    Ok(payment)
}

/// A buyer's cancel or exchange request on a product order.
pub(crate) fn simulate_claim(
    shared: &Shared,
    product_order_id: &str,
    claim: NaverClaim,
) -> Result<NaverProductOrder, SimulationError> {
    let now = shared.clock.now();
    let mut store = shared.store();
    let order = store.naver_orders.get_mut(product_order_id).ok_or(SimulationError::UnknownProductOrder)?;
    order.catch_up(now);
    order.claim_by_buyer(claim).map_err(|_| SimulationError::ClaimNotAllowed)?;
    Ok(order.order.clone())
}
