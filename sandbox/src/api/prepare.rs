//! Registered amounts (payments.validation): `preparePayment`,
//! `editPreparePayment`, `getPaymentPrepareByMerchantUid`. A charge under a
//! prepared `merchant_uid` must have the registered amount (and currency,
//! when one was registered).

use iamport::{StatusCode, types};

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("preparePayment", |shared, call| ready(prepare(shared, call))),
    ("editPreparePayment", |shared, call| ready(edit(shared, call))),
    ("getPaymentPrepareByMerchantUid", |shared, call| ready(get(shared, call))),
];

fn not_found(merchant_uid: &str) -> Reply {
    Reply::failure(
        StatusCode::NOT_FOUND,
        -1,
        format!("사전 등록된 결제정보가 없습니다. (merchant_uid: {merchant_uid})"),
    )
}

fn read_request(call: &Call) -> Result<types::PaymentPrepare, Reply> {
    let request: types::PaymentPrepareRequest = body::parse(&call.body)?;
    body::at_least_zero("amount", Some(request.amount), false)?;
    Ok(types::PaymentPrepare {
        merchant_uid: Some(request.merchant_uid.to_string()),
        amount: Some(request.amount.into()),
        currency: request.currency,
    })
}

pub(crate) fn prepare(shared: &Shared, call: &Call) -> Reply {
    let prepared = match read_request(call) {
        Ok(prepared) => prepared,
        Err(reply) => return reply,
    };
    let merchant_uid = prepared.merchant_uid.clone().unwrap_or_default();
    let mut store = shared.store();
    if store.prepared.contains_key(&merchant_uid) {
        return Reply::refused(1, format!("이미 사전 등록된 merchant_uid({merchant_uid})입니다."));
    }
    store.prepared.insert(merchant_uid, prepared.clone());
    Reply::ok(prepared)
}

pub(crate) fn edit(shared: &Shared, call: &Call) -> Reply {
    let prepared = match read_request(call) {
        Ok(prepared) => prepared,
        Err(reply) => return reply,
    };
    let merchant_uid = prepared.merchant_uid.clone().unwrap_or_default();
    let mut store = shared.store();
    match store.prepared.get_mut(&merchant_uid) {
        Some(entry) => {
            *entry = prepared.clone();
            Reply::ok(prepared)
        }
        None => not_found(&merchant_uid),
    }
}

pub(crate) fn get(shared: &Shared, call: &Call) -> Reply {
    let merchant_uid = call.param("merchant_uid");
    match shared.store().prepared.get(merchant_uid) {
        Some(prepared) => Reply::ok(prepared),
        None => not_found(merchant_uid),
    }
}
