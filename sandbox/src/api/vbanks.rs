//! Virtual accounts (vbanks): issue one, change its amount or deadline,
//! revoke it, look an account's holder up.
//!
//! An issued account is a payment in status `ready` with the account in its
//! `vbank_*` fields. The simulated deposit (`core::vbanks`) plays the
//! customer paying into it: the payment becomes `paid` and its notification goes to its
//! `notice_url`s. An account past its deadline (`vbank_date` on the
//! sandbox clock) or revoked refuses the deposit.

use iamport::{
    StatusCode, Timestamp,
    enums::PaymentStatus,
    secret::{BankAccountNumber, PgApiKey},
    types::{self, Payment},
};
use serde_json::json;

use crate::core::{
    Shared, body,
    charges::{self, buyer_of, open_unprepared},
    codes,
    reply::Reply,
    server::{Call, Handlers, ready},
    store::Store,
    vbanks::{self, Account, MERCHANT_HOLDER, is_expired, is_vbank},
};

pub(crate) const HANDLERS: Handlers = &[
    ("createVbank", |shared, call| ready(create(shared, call))),
    ("modifyVbank", |shared, call| ready(modify(shared, call))),
    ("revokeVbank", |shared, call| ready(revoke(shared, call))),
    ("queryBankHolder", |_, call| ready(holder(call))),
];

/// The holder `queryBankHolder` reports for any account of a known bank.
pub const TEST_ACCOUNT_HOLDER: &str = "홍길동";

/// KG Inicis's `pg_api_key`, when given, must not be empty (the sandbox
/// needs none).
fn pg_api_key(call: &Call) -> Result<(), Reply> {
    body::query_value(&call.query, "pg_api_key", |raw| PgApiKey::new(raw).ok()).map(drop)
}

/// `POST /vbanks`: a new account, `ready` until the deposit.
fn create(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    pg_api_key(call)?;
    let request: types::VbankCreateRequest = body::parse(&call.body)?;
    body::at_least_zero("amount", Some(request.amount), false)?;
    body::at_least_zero("tax_free", request.tax_free, false)?;
    body::at_least_zero("vat_amount", request.vat_amount, false)?;
    body::uri("notice_url", request.notice_url.iter())?;
    body::int32("product_count", request.product_count.map(|n| i64::from(n.get())))?;
    let vbank_code = request.vbank_code.to_string();
    let Some(bank) = codes::bank_name(&vbank_code) else {
        return Err(Reply::refused(1, format!("가상계좌 발급이 지원되지 않는 은행코드({vbank_code})입니다.")));
    };
    let now = shared.clock.now();
    if request.vbank_due <= now {
        return Err(Reply::refused(1, "vbank_due는 현재 시각 이후여야 합니다."));
    }
    let mut store = shared.store();
    let mut payment = open_unprepared(&mut store, &request.merchant_uid, request.amount.into(), now)?;
    let account = match request.vbank_num.filter(|n| !n.trim().is_empty()) {
        Some(fixed) => fixed,
        None => format!("{}{:011}", &vbank_code, store.next_id()),
    };
    let holder = request.vbank_holder.map_or_else(|| MERCHANT_HOLDER.to_owned(), String::from);
    let account = Account { bank_code: vbank_code, bank_name: bank, number: account, holder, due: request.vbank_due };
    vbanks::issue(&mut payment, account, now);
    payment.pg_provider = Some(charges::API_PG.to_owned());
    payment.pg_id = Some("iamport_sandbox".to_owned());
    payment.name = request.name.map(Into::into);
    buyer_of!(request).set_on(&mut payment);
    payment.custom_data = request.custom_data;
    store.insert(payment.clone(), request.notice_url, None, now);
    Ok(Reply::ok(payment))
}

/// The unpaid, unexpired account `imp_uid`, for a change.
fn open_account<'a>(store: &'a mut Store, imp_uid: &str, now: i64) -> Result<&'a mut Payment, Reply> {
    let record = store.get_mut(imp_uid).ok_or_else(Reply::payment_not_found)?;
    let payment = &mut record.payment;
    if !is_vbank(payment) {
        return Err(Reply::refused(1, "가상계좌 결제건이 아닙니다."));
    }
    match payment.status {
        PaymentStatus::Ready => {}
        PaymentStatus::Paid => return Err(Reply::refused(1, "이미 입금이 완료된 가상계좌입니다.")),
        _ => return Err(Reply::refused(1, "이미 취소된 가상계좌입니다.")),
    }
    record.updated_at = now;
    Ok(&mut record.payment)
}

/// `PUT /vbanks/{imp_uid}`: a new amount and/or deadline for an unpaid account.
fn modify(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let request: types::VbankModifyRequest = body::parse(&call.body)?;
    body::at_least_zero("amount", request.amount, false)?;
    let now = shared.clock.now();
    if request.vbank_due.is_some_and(|due| due <= now) {
        return Err(Reply::refused(1, "vbank_due는 현재 시각 이후여야 합니다."));
    }
    let mut store = shared.store();
    let payment = open_account(&mut store, imp_uid, now)?;
    if is_expired(payment, now) {
        return Err(Reply::refused(1, "입금기한이 지난 가상계좌입니다."));
    }
    if let Some(amount) = request.amount {
        payment.amount = amount.into();
    }
    if let Some(due) = request.vbank_due {
        payment.vbank_date = Timestamp::from_unix(due);
    }
    Ok(Reply::ok(&*payment))
}

/// `DELETE /vbanks/{imp_uid}`: closes an unpaid account.
fn revoke(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    pg_api_key(call)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    let payment = open_account(&mut store, call.param("imp_uid"), now)?;
    payment.status = PaymentStatus::Cancelled;
    payment.cancel_amount = payment.amount;
    payment.cancelled_at = Timestamp::from_unix(now);
    Ok(Reply::ok(&*payment))
}

/// `GET /vbanks/holder`: any well-formed account of a bank in the code
/// table belongs to [`TEST_ACCOUNT_HOLDER`]; other banks answer 404.
fn holder(call: &Call) -> Result<Reply, Reply> {
    let bank_code = body::required_query(&call.query, "bank_code", body::text_value)?;
    let bank_num = body::required_query(&call.query, "bank_num", body::text_value)?;
    // Checked as the spec's `BankAccountNumber`, never echoed.
    BankAccountNumber::new(bank_num).map_err(|_| Reply::bad_request("`bank_num` is not a valid account number"))?;
    match codes::bank_name(&bank_code) {
        Some(_) => Ok(Reply::ok(json!({ "bank_holder": TEST_ACCOUNT_HOLDER }))),
        None => Err(Reply::failure(StatusCode::NOT_FOUND, 1, "계좌정보를 찾을 수 없습니다.")),
    }
}
