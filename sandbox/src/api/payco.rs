//! `changeOrderStatus`: PAYCO order statuses. Any paid payment takes them
//! in the sandbox: `DELIVERY_START`, then `PURCHASE_DECISION` (final), or
//! `CANCELED` (final), which gives back what is left of the payment.

use iamport::enums::PaymentStatus;
use serde::Deserialize;
use serde_json::json;

use crate::core::{
    Shared, body, deliver,
    refunds::refund,
    reply::Reply,
    server::{Call, Handlers, later},
};

pub(crate) const HANDLERS: Handlers = &[("changeOrderStatus", |shared, call| later(change(shared, call)))];

const FINAL: &[&str] = &["PURCHASE_DECISION", "CANCELED"];

/// `PaycoStatusRequest`, checked against the spec.
#[derive(Deserialize)]
struct StatusRequest {
    status: String,
}

async fn change(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let StatusRequest { status } = body::parse_checked(&call.body, "PaycoStatusRequest")?;
    let now = shared.clock.now();
    let cancelled = {
        let mut store = shared.store();
        let n = store.next_id();
        let current = store.payco_statuses.get(imp_uid).cloned();
        // changeOrderStatus documents no 404: a business failure.
        let record = store.get_mut(imp_uid).ok_or_else(|| Reply::refused(-1, "존재하지 않는 결제정보입니다."))?;
        if record.payment.status != PaymentStatus::Paid {
            return Err(Reply::refused(1, "결제완료 상태의 주문만 상태를 변경할 수 있습니다."));
        }
        if let Some(current) = current.filter(|c| FINAL.contains(&c.as_str())) {
            return Err(Reply::refused(1, format!("이미 {current} 상태인 주문입니다.")));
        }
        let cancelled = (status == "CANCELED").then(|| {
            let left = record.payment.amount - record.payment.cancel_amount;
            let cancellation_id = refund(&mut record.payment, left, Some("PAYCO 주문취소".to_owned()), n, now);
            record.updated_at = now;
            (record.payment.clone(), record.notice_urls.clone(), cancellation_id)
        });
        store.payco_statuses.insert(imp_uid.to_owned(), status.clone());
        cancelled
    };
    if let Some((payment, notice_urls, cancellation_id)) = cancelled {
        deliver::notify(shared, &notice_urls, deliver::notification(&payment, Some(cancellation_id))).await;
    }
    Ok(Reply::ok(json!({ "status": status })))
}
