//! Charging, as every group that takes money does it: a new payment once
//! its `merchant_uid` is free and its amount agrees with a prepared one,
//! a billing key charged, the PG's approval or decline, the buyer fields.
//! The test card decides the outcome (see [`super::cards`]).

use iamport::{
    Timestamp,
    enums::{CustomerUidUsage, PaymentStatus},
    types::{self, Customer, Payment},
};

use super::{
    Shared,
    cards::{self, TestCard},
    deliver,
    reply::Reply,
    store::{Store, new_payment},
};

/// The PG of the sandbox's card and virtual-account channels: a real PG
/// code, as the API writes `pg_provider` (NICE takes keyed card payments).
pub(crate) const API_PG: &str = "nice";
/// The card company of the sandbox's cards, by its KFTC code, and its name.
const CARD_CODE: &str = "366";
const CARD_NAME: &str = "신한카드";

/// The buyer fields of a request: any generated request type with
/// `buyer_name`, `buyer_email`, `buyer_tel`, `buyer_addr` and
/// `buyer_postcode` (the generated types share no trait).
macro_rules! buyer_of {
    ($request:expr) => {
        $crate::core::charges::Buyer {
            name: $request.buyer_name.map(Into::into),
            email: $request.buyer_email.map(Into::into),
            tel: $request.buyer_tel.map(Into::into),
            addr: $request.buyer_addr.map(Into::into),
            postcode: $request.buyer_postcode.map(Into::into),
        }
    };
}
pub(crate) use buyer_of;

/// The buyer of an order (each field `None` when not given).
#[derive(Debug, Clone, Default)]
pub(crate) struct Buyer {
    pub name: Option<String>,
    pub email: Option<String>,
    pub tel: Option<String>,
    pub addr: Option<String>,
    pub postcode: Option<String>,
}

impl Buyer {
    /// The contact fields of a billing key's customer.
    fn of_customer(customer: &Customer) -> Self {
        Buyer {
            name: customer.customer_name.clone(),
            email: customer.customer_email.clone(),
            tel: customer.customer_tel.clone(),
            addr: customer.customer_addr.clone(),
            postcode: customer.customer_postcode.clone(),
        }
    }

    /// Each field not given here taken from `fallback`.
    fn or(self, fallback: Self) -> Self {
        Buyer {
            name: self.name.or(fallback.name),
            email: self.email.or(fallback.email),
            tel: self.tel.or(fallback.tel),
            addr: self.addr.or(fallback.addr),
            postcode: self.postcode.or(fallback.postcode),
        }
    }

    /// Sets the payment's `buyer_*` fields (each `None` when not given).
    pub(crate) fn set_on(self, payment: &mut Payment) {
        payment.buyer_name = self.name;
        payment.buyer_email = self.email;
        payment.buyer_tel = self.tel;
        payment.buyer_addr = self.addr;
        payment.buyer_postcode = self.postcode;
    }

    /// Sets a billing key's `customer_*` contact fields.
    pub(crate) fn set_on_customer(self, customer: &mut Customer) {
        customer.customer_name = self.name;
        customer.customer_email = self.email;
        customer.customer_tel = self.tel;
        customer.customer_addr = self.addr;
        customer.customer_postcode = self.postcode;
    }
}

/// A charge of a stored billing key: `again`, a scheduled payment, a retry.
#[derive(Debug, Clone)]
pub(crate) struct KeyCharge {
    pub merchant_uid: String,
    pub amount: f64,
    pub currency: Option<String>,
    pub name: String,
    /// Falls back to the key's customer fields.
    pub buyer: Buyer,
    pub custom_data: Option<String>,
    pub card_quota: Option<i32>,
    pub usage: CustomerUidUsage,
    /// Decline whatever the card (a simulated decline).
    pub decline: bool,
}

/// Charges the billing key `customer_uid`: a new payment, `paid` or
/// `failed` as the key's card decides, not yet stored. Refused (no payment)
/// when the key is unknown, the `merchant_uid` taken or the amount differs
/// from a prepared one.
pub(crate) fn charge_key(store: &mut Store, customer_uid: &str, order: KeyCharge, now: i64) -> Result<Payment, Reply> {
    let Some(key) = store.customers.get(customer_uid).cloned() else {
        return Err(Reply::refused(1, format!("등록되지 않은 customer_uid({customer_uid})입니다.")));
    };
    let mut payment = open_charge(store, &order.merchant_uid, order.amount, order.currency.as_deref(), now)?;
    let customer = &key.customer;
    payment.name = Some(order.name);
    order.buyer.or(Buyer::of_customer(customer)).set_on(&mut payment);
    payment.custom_data = order.custom_data;
    payment.card_quota = Some(order.card_quota.unwrap_or(0));
    set_card(&mut payment, customer.card_number.as_deref().unwrap_or_default());
    payment.customer_uid = Some(customer_uid.to_owned());
    payment.customer_uid_usage = Some(order.usage);
    let card = if order.decline { TestCard::Declines } else { key.card };
    settle(&mut payment, card, store, now);
    Ok(payment)
}

/// Sends the notification, then answers with the payment.
pub(crate) async fn finish(shared: &Shared, (payment, notice_urls): (Payment, Vec<String>)) -> Reply {
    deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
    Reply::ok(payment)
}

/// A new `ready` payment for a charge, once its `merchant_uid` is free and
/// its amount agrees with a prepared one.
pub(crate) fn open_charge(
    store: &mut Store,
    merchant_uid: &str,
    amount: f64,
    currency: Option<&str>,
    now: i64,
) -> Result<Payment, Reply> {
    check_order(store, merchant_uid, amount, currency)?;
    new_payment(store.new_imp_uid(), merchant_uid, amount, currency, now)
}

/// Whether a charge could start: its `merchant_uid` free and its amount
/// agreeing with a prepared one (what [`open_charge`] checks, without
/// opening anything).
pub(crate) fn check_order(store: &Store, merchant_uid: &str, amount: f64, currency: Option<&str>) -> Result<(), Reply> {
    merchant_uid_free(store, merchant_uid)?;
    check_prepared(store, merchant_uid, amount, currency)
}

/// A new `ready` payment that no prepared amount binds (a virtual account,
/// a barcode), once its `merchant_uid` is free.
pub(crate) fn open_unprepared(store: &mut Store, merchant_uid: &str, amount: f64, now: i64) -> Result<Payment, Reply> {
    merchant_uid_free(store, merchant_uid)?;
    new_payment(store.new_imp_uid(), merchant_uid, amount, None, now)
}

/// Refuses a charge whose amount (or currency) differs from the one
/// registered for its `merchant_uid`, as the API stops such a payment.
fn check_prepared(store: &Store, merchant_uid: &str, amount: f64, currency: Option<&str>) -> Result<(), Reply> {
    let Some(prepared) = store.prepared.get(merchant_uid) else { return Ok(()) };
    let registered = prepared.amount.unwrap_or_default();
    if registered != amount {
        return Err(Reply::refused(
            1,
            format!(
                "사전 등록된 결제금액({registered})과 요청 금액({amount})이 일치하지 않습니다. (merchant_uid: {merchant_uid})"
            ),
        ));
    }
    if let Some(expected) = prepared.currency.as_deref()
        && !expected.eq_ignore_ascii_case(currency.unwrap_or("KRW"))
    {
        return Err(Reply::refused(1, format!("사전 등록된 통화({expected})와 요청 통화가 일치하지 않습니다.")));
    }
    Ok(())
}

pub(crate) fn merchant_uid_free(store: &Store, merchant_uid: &str) -> Result<(), Reply> {
    match store.merchant_uid_in_use(merchant_uid) {
        true => Err(Reply::refused(1, format!("이미 결제가 진행된 merchant_uid({merchant_uid})입니다."))),
        false => Ok(()),
    }
}

/// Sets the sandbox card's fields on a card payment.
pub(crate) fn set_card(payment: &mut Payment, masked: &str) {
    payment.pay_method = Some("card".to_owned());
    payment.pg_provider = Some(API_PG.to_owned());
    payment.pg_id = Some("iamport_sandbox".to_owned());
    payment.card_code = Some(CARD_CODE.to_owned());
    payment.card_name = Some(CARD_NAME.to_owned());
    payment.card_number = Some(masked.to_owned());
    payment.card_type = Some(iamport::enums::CardType::Credit);
}

/// Charges: `paid`, or `failed` with the decline reason.
pub(crate) fn settle(payment: &mut Payment, card: TestCard, store: &mut Store, now: i64) {
    match card {
        TestCard::Approves => pay(payment, store, now),
        TestCard::Declines => fail(payment, cards::DECLINE_REASON, store, now),
    }
}

/// A charge the PG approved: `paid` now, with a PG id, approval number and receipt.
pub(crate) fn pay(payment: &mut Payment, store: &mut Store, now: i64) {
    let n = store.next_id();
    payment.pg_tid = Some(format!("sandbox_{}_{n}", payment.imp_uid));
    payment.status = PaymentStatus::Paid;
    payment.paid_at = Timestamp::from_unix(now);
    payment.apply_num = Some(format!("{:08}", n % 100_000_000));
    payment.receipt_url = Some(format!("https://sandbox.iamport.invalid/receipts/{}", payment.imp_uid));
}

/// A charge the PG declined: `failed` now, with the reason.
pub(crate) fn fail(payment: &mut Payment, reason: &str, store: &mut Store, now: i64) {
    let n = store.next_id();
    payment.pg_tid = Some(format!("sandbox_{}_{n}", payment.imp_uid));
    payment.status = PaymentStatus::Failed;
    payment.failed_at = Timestamp::from_unix(now);
    payment.fail_reason = Some(reason.to_owned());
}

/// A billing key for a card, inserted and updated `now`, without contact fields.
pub(crate) fn billing_key(customer_uid: &str, masked: &str, now: i64) -> Result<Customer, Reply> {
    Customer::builder()
        .customer_uid(customer_uid)
        .pg_provider(API_PG)
        .pg_id("iamport_sandbox")
        .card_code(CARD_CODE)
        .card_name(CARD_NAME)
        .card_number(masked)
        .card_type(iamport::enums::CardType::Credit)
        .inserted(Timestamp::from_unix(now))
        .updated(Timestamp::from_unix(now))
        .try_into()
        .map_err(|e: types::error::ConversionError| {
            Reply::failure(
                iamport::StatusCode::INTERNAL_SERVER_ERROR,
                -1,
                format!("sandbox cannot build a customer: {e}"),
            )
        })
}
