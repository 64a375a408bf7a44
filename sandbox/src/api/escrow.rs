//! Shipping information of escrow payments (escrow.logis): register,
//! change, read. The sandbox keeps no escrow contracts: any paid payment
//! takes shipping information.

use iamport::{
    StatusCode, Timestamp,
    enums::PaymentStatus,
    types::{self, EscrowLogis},
};

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
    store::Store,
};

pub(crate) const HANDLERS: Handlers = &[
    ("escrow_logis_save", |shared, call| ready(save(shared, call, false))),
    ("escrow_logis_edit", |shared, call| ready(save(shared, call, true))),
    ("escrow_logis_get", |shared, call| ready(get(shared, call))),
];

fn conflict(message: &str) -> Reply {
    Reply::failure(StatusCode::CONFLICT, -1, message)
}

/// The payment must exist (404) and be paid.
fn paid_payment(store: &Store, imp_uid: &str) -> Result<(), Reply> {
    let record = store.get(imp_uid).ok_or_else(Reply::payment_not_found)?;
    match record.payment.status {
        PaymentStatus::Paid => Ok(()),
        _ => Err(Reply::refused(1, "결제완료 상태의 에스크로 결제건에만 배송정보를 등록할 수 있습니다.")),
    }
}

/// `POST` (register: 409 when registered) and `PUT` (change: 409 when not).
fn save(shared: &Shared, call: &Call, edit: bool) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    // The two bodies differ only by `send_email`, which registering takes.
    let (logis, products) = match edit {
        true => body::parse::<types::EscrowLogisRequest>(&call.body).map(|r| (r.logis, r.products))?,
        false => body::parse::<types::EscrowLogisSaveRequest>(&call.body).map(|r| (r.logis, r.products))?,
    };
    for (i, product) in products.iter().enumerate() {
        body::int32(&format!("products[{i}].quantity"), product.quantity.map(|n| i64::from(n.get())))?;
    }
    let now = shared.clock.now();
    let mut store = shared.store();
    paid_payment(&store, imp_uid)?;
    match (edit, store.escrow.contains_key(imp_uid)) {
        (false, true) => return Err(conflict("이미 배송정보가 등록되어 있습니다.")),
        (true, false) => return Err(conflict("등록된 배송정보가 없습니다.")),
        _ => {}
    }
    let logis = EscrowLogis {
        company: Some(logis.company.to_string()),
        invoice: Some(logis.invoice.to_string()),
        sent_at: Timestamp::from_unix(logis.sent_at),
        applied_at: Timestamp::from_unix(now),
    };
    store.escrow.insert(imp_uid.to_owned(), logis.clone());
    Ok(Reply::ok(logis))
}

fn get(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let store = shared.store();
    store.get(imp_uid).ok_or_else(Reply::payment_not_found)?;
    let logis = store.escrow.get(imp_uid).ok_or_else(|| conflict("등록된 배송정보가 없습니다."))?;
    Ok(Reply::ok(logis))
}
