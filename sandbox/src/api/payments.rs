//! Looking payments up and cancelling them.

use iamport::{
    enums::{PaymentSorting, PaymentStatus},
    types,
};

use crate::core::{
    Shared, body, deliver,
    paging::status_filter,
    refunds::refund,
    reply::Reply,
    server::{Call, Handlers, later, ready},
    store::whole_in,
};

pub(crate) const HANDLERS: Handlers = &[
    ("getPaymentByImpUid", |shared, call| ready(by_imp_uid(shared, call))),
    ("getPaymentByMerchantUidAnyStatus", |shared, call| ready(by_merchant_uid(shared, call, false))),
    ("getPaymentByMerchantUid", |shared, call| ready(by_merchant_uid(shared, call, true))),
    ("cancelPayment", |shared, call| later(cancel(shared, call))),
];

pub(crate) fn by_imp_uid(shared: &Shared, call: &Call) -> Reply {
    if let Err(reply) = body::query_value(&call.query, "include_sandbox", parse_bool) {
        return reply;
    }
    match shared.store().get(call.param("imp_uid")) {
        Some(record) => Reply::ok(&record.payment),
        None => Reply::payment_not_found(),
    }
}

/// `/payments/find/{merchant_uid}` and, `with_status`, `.../{payment_status}`.
pub(crate) fn by_merchant_uid(shared: &Shared, call: &Call, with_status: bool) -> Reply {
    let status = match status_filter(call, with_status) {
        Ok(status) => status,
        Err(reply) => return reply,
    };
    let sorting = match body::query_value(&call.query, "sorting", body::enum_value::<PaymentSorting>) {
        Ok(sorting) => sorting.unwrap_or_default(),
        Err(reply) => return reply,
    };
    match shared.store().find(call.param("merchant_uid"), status.as_ref(), sorting) {
        Some(record) => Reply::ok(&record.payment),
        None => Reply::payment_not_found(),
    }
}

pub(crate) async fn cancel(shared: &Shared, call: &Call) -> Reply {
    let request: types::CancelRequest = match body::parse(&call.body) {
        Ok(request) => request,
        Err(reply) => return reply,
    };
    let amounts = [("amount", request.amount), ("checksum", request.checksum)]
        .into_iter()
        .chain([("tax_free", request.tax_free), ("vat_amount", request.vat_amount)]);
    for (field, value) in amounts {
        if let Err(reply) = body::at_least_zero(field, value.map(f64::from), false) {
            return reply;
        }
    }
    if request.imp_uid.is_none() && request.merchant_uid.is_none() {
        return Reply::refused(1, "imp_uid 또는 merchant_uid 파라메터가 누락되었습니다.");
    }
    let now = shared.clock.now();
    let (payment, notice_urls, cancellation_id) = {
        let mut store = shared.store();
        let imp_uid = match (&request.imp_uid, &request.merchant_uid) {
            (Some(imp_uid), _) => Some(imp_uid.to_string()),
            (None, Some(merchant_uid)) => store
                .find(merchant_uid, Some(&PaymentStatus::Paid), PaymentSorting::StartedNewestFirst)
                .map(|r| r.payment.imp_uid.clone()),
            (None, None) => None,
        };
        let next = store.next_id();
        let Some(record) = imp_uid.and_then(|imp_uid| store.get_mut(&imp_uid)) else {
            return Reply::refused(1, "취소할 결제건이 존재하지 않습니다.");
        };
        let payment = &mut record.payment;
        match payment.status {
            PaymentStatus::Paid => {}
            PaymentStatus::Cancelled => return Reply::refused(1, "이미 전액취소된 주문입니다."),
            _ => return Reply::refused(1, "결제완료 상태가 아니어서 취소할 수 없습니다."),
        }
        let parts = [("amount", request.amount), ("tax_free", request.tax_free), ("vat_amount", request.vat_amount)];
        for (field, value) in parts {
            if let Err(reply) = whole_in(&payment.currency, field, value.map(f64::from)) {
                return reply;
            }
        }
        let cancellable = payment.amount - payment.cancel_amount;
        if let Some(checksum) = request.checksum.map(f64::from)
            && checksum != cancellable
        {
            return Reply::refused(
                1,
                format!("[취소실패] 취소가능잔액({cancellable})과 checksum({checksum})이 일치하지 않습니다."),
            );
        }
        let amount = request.amount.map_or(cancellable, f64::from);
        if amount <= 0.0 {
            return Reply::refused(1, "취소할 금액은 0보다 커야 합니다.");
        }
        if amount > cancellable {
            return Reply::refused(1, format!("취소가능잔액({cancellable})보다 큰 금액은 취소할 수 없습니다."));
        }
        if request.tax_free.is_some_and(|t| t.as_f64() > amount)
            || request.vat_amount.is_some_and(|v| v.as_f64() > amount)
        {
            return Reply::refused(1, "면세금액 또는 부가세가 취소금액보다 큽니다.");
        }
        let cancellation_id = refund(payment, amount, request.reason.clone(), next, now);
        record.updated_at = now;
        let notify = request.enable_webhook != Some(false);
        (record.payment.clone(), notify.then(|| record.notice_urls.clone()), cancellation_id)
    };
    if let Some(notice_urls) = notice_urls {
        deliver::notify(shared, &notice_urls, deliver::notification(&payment, Some(cancellation_id))).await;
    }
    Reply::ok(payment)
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}
