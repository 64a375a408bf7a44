//! Convenience-store barcodes: issue and revoke (the simulated store
//! payment is `core::cvs`).

use iamport::{Timestamp, enums::PaymentStatus, types};

use crate::core::{
    Shared, body,
    charges::{buyer_of, open_unprepared},
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("issueCvsPayment", |shared, call| ready(issue(shared, call))),
    ("revokeCvsPayment", |shared, call| ready(revoke(shared, call))),
];

/// How long a barcode is valid without `expired_at` (7 days, a typical contract).
const DEFAULT_VALIDITY: i64 = 7 * 24 * 60 * 60;

pub(crate) fn issue(shared: &Shared, call: &Call) -> Reply {
    let request: types::CvsIssueRequest = match body::parse(&call.body) {
        Ok(request) => request,
        Err(reply) => return reply,
    };
    let checks = body::at_least_zero("amount", Some(request.amount), true)
        .and_then(|()| body::uri("confirm_url", request.confirm_url.iter()))
        .and_then(|()| body::uri("notice_url", request.notice_url.iter()));
    if let Err(reply) = checks {
        return reply;
    }
    let now = shared.clock.now();
    let expired_at = request.expired_at.unwrap_or(now + DEFAULT_VALIDITY);
    if expired_at <= now {
        return Reply::refused(1, "expired_at은 현재 시각 이후여야 합니다.");
    }
    let mut store = shared.store();
    let mut payment = match open_unprepared(&mut store, &request.merchant_uid, request.amount.into(), now) {
        Ok(payment) => payment,
        Err(reply) => return reply,
    };
    let barcode = match request.barcode.filter(|b| !b.trim().is_empty()) {
        Some(barcode) => barcode,
        None => (90_000_000_000_000 + store.next_id()).to_string(),
    };
    payment.pay_method = Some("cvs".to_owned());
    payment.pg_provider = Some("galaxia".to_owned());
    payment.pg_id = Some("iamport_sandbox".to_owned());
    payment.vbank_num = Some(barcode);
    payment.vbank_date = Timestamp::from_unix(expired_at);
    payment.vbank_issued_at = Timestamp::from_unix(now);
    payment.name = request.name.map(Into::into);
    buyer_of!(request).set_on(&mut payment);
    payment.custom_data = request.custom_data;
    store.insert(payment.clone(), request.notice_url, request.confirm_url, now);
    Reply::ok(payment)
}

pub(crate) fn revoke(shared: &Shared, call: &Call) -> Reply {
    let now = shared.clock.now();
    let mut store = shared.store();
    let Some(record) = store.get_mut(call.param("imp_uid")) else { return Reply::payment_not_found() };
    let payment = &mut record.payment;
    if payment.pay_method.as_deref() != Some("cvs") {
        return Reply::refused(1, "편의점 결제건이 아닙니다.");
    }
    match payment.status {
        PaymentStatus::Ready => {}
        PaymentStatus::Paid => return Reply::refused(1, "이미 결제된 바코드는 발급취소할 수 없습니다."),
        _ => return Reply::refused(1, "이미 취소된 바코드입니다."),
    }
    payment.status = PaymentStatus::Cancelled;
    payment.cancel_amount = payment.amount;
    payment.cancelled_at = Timestamp::from_unix(now);
    record.updated_at = now;
    Reply::ok(&record.payment)
}
