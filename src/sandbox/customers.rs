//! Stored billing keys: read and delete.

use crate::StatusCode;

use super::{Shared, reply::Reply, server::Call};

fn not_found(customer_uid: &str) -> Reply {
    Reply::failure(
        StatusCode::NOT_FOUND,
        1,
        format!("요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다."),
    )
}

pub(crate) fn view(shared: &Shared, call: &Call) -> Reply {
    let customer_uid = call.param("customer_uid");
    match shared.store().customers.get(customer_uid) {
        Some(key) => Reply::ok(&key.customer),
        None => not_found(customer_uid),
    }
}

pub(crate) fn delete(shared: &Shared, call: &Call) -> Reply {
    let customer_uid = call.param("customer_uid");
    match shared.store().customers.remove(customer_uid) {
        Some(key) => Reply::ok(key.customer),
        None => not_found(customer_uid),
    }
}
