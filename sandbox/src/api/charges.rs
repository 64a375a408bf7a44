//! Card charges (subscribe): `onetime` (a card given in full) and `again`
//! (a stored billing key). The card decides the outcome (see `core::cards`);
//! the charging itself is the core's (`core::charges`).

use iamport::{enums::CustomerUidUsage, types};

use crate::core::{
    Shared, body, cards,
    charges::{KeyCharge, billing_key, buyer_of, charge_key, finish, open_charge, set_card, settle},
    reply::Reply,
    server::{Call, Handlers, later},
    store::BillingKey,
};

pub(crate) const HANDLERS: Handlers =
    &[("onetime", |shared, call| later(onetime(shared, call))), ("again", |shared, call| later(again(shared, call)))];

/// The checks `onetime` and `again` share: the spec's `minimum: 0` bounds
/// (see [`check_amounts`]) and the `notice_url`s.
macro_rules! check_charge {
    ($request:expr) => {
        check_amounts(
            $request.amount.into(),
            $request.tax_free.map(Into::into),
            $request.vat_amount.map(Into::into),
            $request.card_quota,
        )
        .and_then(|()| body::uri("notice_url", $request.notice_url.iter()))
    };
}

/// `POST /subscribe/payments/onetime`: charges a card given in full,
/// keeping it as a billing key when `customer_uid` is given.
pub(crate) async fn onetime(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: types::OnetimeRequest = body::parse(&call.body)?;
    check_charge!(request)?;
    let now = shared.clock.now();
    let Some(card) = cards::authenticate(&request.card_number, &request.expiry, now) else {
        return Err(Reply::refused(-1, cards::AUTHENTICATION_FAILED_MESSAGE));
    };
    let masked = cards::masked(&request.card_number);
    let payment = {
        let mut store = shared.store();
        let mut payment =
            open_charge(&mut store, &request.merchant_uid, request.amount.into(), request.currency.as_deref(), now)?;
        let buyer = buyer_of!(request);
        payment.name = request.name.map(Into::into);
        buyer.clone().set_on(&mut payment);
        payment.custom_data = request.custom_data;
        payment.card_quota = Some(request.card_quota.unwrap_or(0));
        set_card(&mut payment, &masked);
        if let Some(customer_uid) = request.customer_uid {
            let customer_uid: String = customer_uid.into();
            let mut customer = billing_key(&customer_uid, &masked, now)?;
            buyer.set_on_customer(&mut customer);
            store.customers.insert(customer_uid.clone(), BillingKey { customer, card });
            payment.customer_uid = Some(customer_uid);
            payment.customer_uid_usage = Some(CustomerUidUsage::Issue);
        }
        settle(&mut payment, card, &mut store, now);
        let notice_urls: Vec<String> = request.notice_url.into_iter().collect();
        store.insert(payment.clone(), notice_urls.clone(), None, now);
        (payment, notice_urls)
    };
    Ok(finish(shared, payment).await)
}

/// `POST /subscribe/payments/again`: charges a stored billing key.
pub(crate) async fn again(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: types::AgainRequest = body::parse(&call.body)?;
    check_charge!(request)?;
    // `format: int32`; the generated `NonZeroU32` takes more.
    body::int32("product_count", request.product_count.map(|n| i64::from(n.get())))?;
    let now = shared.clock.now();
    let payment = {
        let mut store = shared.store();
        let customer_uid: String = request.customer_uid.into();
        let order = KeyCharge {
            merchant_uid: request.merchant_uid.to_string(),
            amount: request.amount.into(),
            currency: request.currency,
            name: request.name.to_string(),
            buyer: buyer_of!(request),
            custom_data: request.custom_data,
            card_quota: request.card_quota,
            usage: CustomerUidUsage::Payment,
            decline: false,
        };
        let payment = charge_key(&mut store, &customer_uid, order, now)?;
        let notice_urls: Vec<String> = request.notice_url.into_iter().collect();
        store.insert(payment.clone(), notice_urls.clone(), None, now);
        (payment, notice_urls)
    };
    Ok(finish(shared, payment).await)
}

/// The spec's `minimum: 0` bounds, which the generated types do not check.
fn check_amounts(amount: f64, tax_free: Option<f64>, vat: Option<f64>, quota: Option<i32>) -> Result<(), Reply> {
    body::at_least_zero("amount", Some(amount), false)?;
    body::at_least_zero("tax_free", tax_free, false)?;
    body::at_least_zero("vat_amount", vat, false)?;
    body::at_least_zero("card_quota", quota.map(f64::from), false)
}
