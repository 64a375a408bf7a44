//! A payment window and the customer's choice: the payment opened `ready`
//! (so that the merchant's server can look it up from `confirm_url`), the
//! merchant's confirmation asked, then approved, declined or abandoned,
//! and notified when `paid` or `ready`, never when `failed`.

use iamport::{
    enums::{CustomerUidUsage, PaymentChannel, PaymentStatus},
    secret::CardNumber,
    types::Payment,
};
use serde_json::{Value, json};

use super::{
    CheckoutResult, Choice, Dialect, Merchant,
    order::{self, Order, Purpose, Refusal},
    result::{self, CANCELLED, CONFIRM_REFUSED, DECLINED, REFUSED},
};
use crate::core::{
    Shared,
    cards::{self, CARD_APPROVED, CARD_DECLINED, DECLINE_REASON, TestCard},
    charges::{self, billing_key, check_order, merchant_uid_free, open_charge},
    codes,
    deliver::{self, DeliveryOutcome, PaymentConfirm},
    reply::Reply,
    store::{BillingKey, Store, new_payment},
    vbanks::{self, Account, MERCHANT_HOLDER},
};

/// The `fail_reason` of a window the customer closed.
pub(crate) const CANCEL_REASON: &str = "[결제포기] 사용자가 결제를 취소하셨습니다";
/// The bank of the accounts and transfers the checkout makes.
const BANK_CODE: &str = "004";

/// How a payment window ended.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub merchant_uid: Option<String>,
    /// The PG module, for what the current script gives back.
    pub pg_provider: Option<String>,
    pub m_redirect_url: Option<String>,
    /// The payment, when one was made.
    pub payment: Option<Box<Payment>>,
    /// `error_code` and `error_msg` of a failure.
    pub failure: Option<(&'static str, String)>,
}

impl Outcome {
    /// A refusal before the window opened.
    pub(crate) fn refused(refusal: Refusal, order: Option<&Order>) -> Self {
        Self {
            merchant_uid: refusal.merchant_uid,
            pg_provider: order.map(|o| o.pg_provider.clone()),
            m_redirect_url: order.and_then(|o| o.m_redirect_url.clone()),
            payment: None,
            failure: Some((REFUSED, refusal.message)),
        }
    }
}

/// The refusal of a rule of the store (a `merchant_uid` taken, an amount
/// that differs from a prepared one), in the SDK's words.
fn refusal_of(order: &Order, reply: Reply) -> Refusal {
    let message = reply.body["message"].as_str().unwrap_or("결제를 시작할 수 없습니다.").to_owned();
    Refusal { merchant_uid: Some(order.merchant_uid.clone()), message }
}

/// The store's rules a window is checked against before it opens.
fn check_store(store: &Store, order: &Order) -> Result<(), Refusal> {
    let checked = match order.purpose {
        Purpose::Payment | Purpose::BillingKey { charges: true } => {
            check_order(store, &order.merchant_uid, order.amount, order.currency.as_deref())
        }
        Purpose::BillingKey { charges: false } => merchant_uid_free(store, &order.merchant_uid),
    };
    checked.map_err(|reply| refusal_of(order, reply))
}

/// The parameters and the store's rules, checked as before the window opens.
fn check(shared: &Shared, params: &Value, merchant: &Merchant) -> Result<Order, Outcome> {
    merchant.check(shared).map_err(|message| {
        let merchant_uid = params.get("merchant_uid").and_then(Value::as_str).map(str::to_owned);
        Outcome::refused(Refusal { merchant_uid, message }, None)
    })?;
    let order = order::read(shared, params).map_err(|refusal| Outcome::refused(refusal, None))?;
    check_store(&shared.store(), &order).map_err(|refusal| Outcome::refused(refusal, Some(&order)))?;
    Ok(order)
}

/// What the window shows, or the result of a refusal before it opens.
pub(crate) fn window(
    shared: &Shared,
    params: &Value,
    merchant: &Merchant,
    dialect: Dialect,
) -> Result<Value, CheckoutResult> {
    let order = check(shared, params, merchant).map_err(|outcome| result::of_payment(&outcome, dialect))?;
    let purpose = match order.purpose {
        Purpose::Payment => "payment",
        Purpose::BillingKey { .. } => "billing_key",
    };
    Ok(json!({
        "purpose": purpose,
        "merchant": merchant.label(shared),
        "merchant_uid": order.merchant_uid,
        "name": order.name,
        "amount": order.amount,
        "currency": order.currency.as_deref().unwrap_or("KRW"),
        "pay_method": order.pay_method,
        "pg": order.pg_provider,
        "charges": matches!(order.purpose, Purpose::Payment | Purpose::BillingKey { charges: true }),
    }))
}

/// The window, then the customer's choice.
pub(crate) async fn run(
    shared: &Shared,
    params: &Value,
    choice: Choice,
    channel: PaymentChannel,
    merchant: &Merchant,
) -> Outcome {
    let order = match check(shared, params, merchant) {
        Ok(order) => order,
        Err(outcome) => return outcome,
    };
    let opened = open(shared, &order, channel);
    let payment = match opened {
        Ok(payment) => payment,
        Err(reply) => return Outcome::refused(refusal_of(&order, reply), Some(&order)),
    };
    let confirm_refusal = match (choice, &order.confirm_url) {
        (Choice::Approve, Some(url)) => ask_confirmation(shared, url, &payment).await,
        _ => None,
    };
    let (payment, failure, notice_urls) = {
        let now = shared.clock.now();
        let mut store = shared.store();
        let mut payment = payment;
        let failure = match (choice, confirm_refusal) {
            (_, Some(reason)) => {
                charges::fail(&mut payment, &reason, &mut store, now);
                Some((CONFIRM_REFUSED, reason))
            }
            (Choice::Approve, None) => approve(&mut store, &order, &mut payment, now),
            (Choice::Decline, None) => {
                if is_card_like(&order) {
                    set_card(&mut payment, &order, CARD_DECLINED);
                }
                charges::fail(&mut payment, DECLINE_REASON, &mut store, now);
                Some((DECLINED, DECLINE_REASON.to_owned()))
            }
            (Choice::Cancel, None) => {
                charges::fail(&mut payment, CANCEL_REASON, &mut store, now);
                Some((CANCELLED, CANCEL_REASON.to_owned()))
            }
        };
        let record = store.get_mut(&payment.imp_uid);
        let notice_urls = record.as_ref().map(|r| r.notice_urls.clone()).unwrap_or_default();
        if let Some(record) = record {
            record.payment = payment.clone();
            record.updated_at = now;
        }
        (payment, failure, notice_urls)
    };
    if matches!(payment.status, PaymentStatus::Paid | PaymentStatus::Ready) {
        deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
    }
    Outcome {
        merchant_uid: Some(order.merchant_uid.clone()),
        pg_provider: Some(order.pg_provider.clone()),
        m_redirect_url: order.m_redirect_url.clone(),
        payment: Some(Box::new(payment)),
        failure,
    }
}

/// The payment as the window opens it: `ready`, stored with where it is
/// notified and confirmed.
fn open(shared: &Shared, order: &Order, channel: PaymentChannel) -> Result<Payment, Reply> {
    let now = shared.clock.now();
    let mut store = shared.store();
    let currency = order.currency.as_deref();
    let mut payment = match order.purpose {
        Purpose::Payment | Purpose::BillingKey { charges: true } => {
            open_charge(&mut store, &order.merchant_uid, order.amount, currency, now)?
        }
        Purpose::BillingKey { charges: false } => {
            merchant_uid_free(&store, &order.merchant_uid)?;
            new_payment(store.new_imp_uid(), &order.merchant_uid, 0.0, currency, now)?
        }
    };
    payment.channel = Some(channel);
    payment.name = order.name.clone();
    order.buyer.clone().set_on(&mut payment);
    payment.custom_data = order.custom_data.clone();
    payment.pay_method = Some(if order.customer_uid.is_some() { "card" } else { order.pay_method.as_str() }.to_owned());
    payment.pg_provider = Some(order.pg_provider.clone());
    payment.pg_id = Some(order.pg_id.clone());
    payment.emb_pg_provider = order.easy_pay().map(str::to_owned);
    payment.escrow = Some(order.escrow);
    if let Some(customer_uid) = &order.customer_uid {
        payment.customer_uid = Some(customer_uid.clone());
        payment.customer_uid_usage = Some(CustomerUidUsage::Issue);
    }
    store.insert(payment.clone(), order.notice_urls.clone(), order.confirm_url.clone(), now);
    Ok(payment)
}

/// Asks the merchant's `confirm_url`: the reason to fail the payment, or
/// `None` when it answered 200.
async fn ask_confirmation(shared: &Shared, url: &str, payment: &Payment) -> Option<String> {
    // A whole amount goes out as an integer, as the API writes amounts.
    let amount = match payment.amount.fract() == 0.0 && payment.amount.abs() < 9e15 {
        true => serde_json::Number::from(payment.amount as i64),
        false => serde_json::Number::from_f64(payment.amount).unwrap_or_else(|| 0.into()),
    };
    let confirm =
        PaymentConfirm { imp_uid: payment.imp_uid.clone(), merchant_uid: payment.merchant_uid.clone(), amount };
    match deliver::confirm_payment(shared, url, confirm).await {
        (DeliveryOutcome::Answered(200), _) => None,
        (DeliveryOutcome::Answered(status), reason) => {
            Some(reason.unwrap_or_else(|| format!("confirm_url에서 결제를 승인하지 않았습니다. (HTTP {status})")))
        }
        (DeliveryOutcome::NoAnswer, _) => Some("confirm_url이 응답하지 않았습니다. (10초 초과)".to_owned()),
        (_, _) => Some("confirm_url에 연결할 수 없습니다. (sandbox: loopback 주소만 호출합니다)".to_owned()),
    }
}

/// Whether the window takes a card (card, easy pay, billing key).
fn is_card_like(order: &Order) -> bool {
    order.customer_uid.is_some() || order.pay_method == "card" || order.easy_pay().is_some()
}

/// The test card's fields, under the order's PG.
fn set_card(payment: &mut Payment, order: &Order, number: &str) {
    let masked = CardNumber::new(number).map(|n| cards::masked(&n)).unwrap_or_default();
    charges::set_card(payment, &masked);
    payment.pg_provider = Some(order.pg_provider.clone());
    payment.pg_id = Some(order.pg_id.clone());
    payment.card_quota = Some(0);
}

/// The customer approves: paid, an account issued, or a billing key
/// registered (and charged when the PG charges at issuance). `None`: no failure.
fn approve(store: &mut Store, order: &Order, payment: &mut Payment, now: i64) -> Option<(&'static str, String)> {
    let bank_name = codes::bank_name(BANK_CODE).unwrap_or_default();
    if let Some(customer_uid) = &order.customer_uid {
        set_card(payment, order, CARD_APPROVED);
        let masked = payment.card_number.clone().unwrap_or_default();
        let mut customer = match billing_key(customer_uid, &masked, now) {
            Ok(customer) => customer,
            Err(reply) => {
                let reason = reply.body["message"].as_str().unwrap_or_default().to_owned();
                charges::fail(payment, &reason, store, now);
                return Some((DECLINED, reason));
            }
        };
        customer.pg_provider = Some(order.pg_provider.clone());
        customer.pg_id = Some(order.pg_id.clone());
        order.buyer.clone().set_on_customer(&mut customer);
        if let Some(previous) = store.customers.get(customer_uid) {
            customer.inserted = previous.customer.inserted;
        }
        store.customers.insert(customer_uid.clone(), BillingKey { customer, card: TestCard::Approves });
        charges::pay(payment, store, now);
        return None;
    }
    match order.pay_method.as_str() {
        vbanks::PAY_METHOD => {
            let number = format!("{BANK_CODE}{:011}", store.next_id());
            let account = Account {
                bank_code: BANK_CODE.to_owned(),
                bank_name,
                number,
                holder: MERCHANT_HOLDER.to_owned(),
                due: order.vbank_due,
            };
            vbanks::issue(payment, account, now);
            return None;
        }
        "trans" => {
            payment.bank_code = Some(BANK_CODE.to_owned());
            payment.bank_name = Some(bank_name.to_owned());
        }
        _ if is_card_like(order) => {
            set_card(payment, order, CARD_APPROVED);
            payment.pay_method = Some("card".to_owned());
            payment.emb_pg_provider = order.easy_pay().map(str::to_owned);
        }
        _ => {}
    }
    charges::pay(payment, store, now);
    None
}
