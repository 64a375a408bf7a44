//! Stored billing keys: store a card, read one or several, list the
//! payments charged to one, delete.

use iamport::{StatusCode, enums::PaymentSorting, types};

use crate::core::{
    Shared, body, cards,
    charges::billing_key,
    paging::Paging,
    reply::Reply,
    server::{Call, Handlers, ready},
    store::{BillingKey, sorted},
};

pub(crate) const HANDLERS: Handlers = &[
    ("customer_save", |shared, call| ready(save(shared, call))),
    ("customer_view", |shared, call| ready(view(shared, call))),
    ("customer_view_multiple", |shared, call| ready(view_multiple(shared, call))),
    ("customer_payments", |shared, call| ready(payments(shared, call))),
    ("customer_delete", |shared, call| ready(delete(shared, call))),
];

/// The longest `customer_uid` the spec allows.
const MAX_CUSTOMER_UID: usize = 80;

fn not_found(customer_uid: &str) -> Reply {
    Reply::failure(
        StatusCode::NOT_FOUND,
        1,
        format!("요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다."),
    )
}

/// `POST /subscribe/customers/{customer_uid}`: authenticates the card (see
/// the test cards) and stores it; a key already stored under the id is
/// replaced, keeping its `inserted` time. Nothing is charged.
pub(crate) fn save(shared: &Shared, call: &Call) -> Reply {
    let customer_uid = call.param("customer_uid");
    if customer_uid.is_empty() || customer_uid.chars().count() > MAX_CUSTOMER_UID {
        return Reply::bad_request(format!("`customer_uid` must be 1 to {MAX_CUSTOMER_UID} characters"));
    }
    let request: types::CustomerSaveRequest = match body::parse(&call.body) {
        Ok(request) => request,
        Err(reply) => return reply,
    };
    let now = shared.clock.now();
    let Some(card) = cards::authenticate(&request.card_number, &request.expiry, now) else {
        return Reply::refused(-1, cards::AUTHENTICATION_FAILED_MESSAGE);
    };
    let mut customer = match billing_key(customer_uid, &cards::masked(&request.card_number), now) {
        Ok(customer) => customer,
        Err(reply) => return reply,
    };
    customer.customer_name = request.customer_name.map(Into::into);
    customer.customer_email = request.customer_email.map(Into::into);
    customer.customer_tel = request.customer_tel.map(Into::into);
    customer.customer_addr = request.customer_addr.map(Into::into);
    customer.customer_postcode = request.customer_postcode.map(Into::into);
    let mut store = shared.store();
    if let Some(previous) = store.customers.get(customer_uid) {
        customer.inserted = previous.customer.inserted;
    }
    store.customers.insert(customer_uid.to_owned(), BillingKey { customer: customer.clone(), card });
    Reply::ok(customer)
}

pub(crate) fn view(shared: &Shared, call: &Call) -> Reply {
    let customer_uid = call.param("customer_uid");
    match shared.store().customers.get(customer_uid) {
        Some(key) => Reply::ok(&key.customer),
        None => not_found(customer_uid),
    }
}

/// `GET /subscribe/customers?customer_uid[]=..`: 200 when every key named
/// is found, 207 with the ones found when only some are, 404 when none is.
pub(crate) fn view_multiple(shared: &Shared, call: &Call) -> Reply {
    let asked: Vec<&str> = call.query.iter().filter(|(k, _)| k == "customer_uid[]").map(|(_, v)| v.as_str()).collect();
    if asked.is_empty() {
        return Reply::bad_request("customer_uid[] 파라메터가 누락되었습니다.");
    }
    let store = shared.store();
    let mut found: Vec<&types::Customer> = Vec::new();
    let mut missing = false;
    for customer_uid in &asked {
        match store.customers.get(*customer_uid) {
            Some(key) if !found.iter().any(|c| c.customer_uid == key.customer.customer_uid) => {
                found.push(&key.customer)
            }
            Some(_) => {}
            None => missing = true,
        }
    }
    match (found.is_empty(), missing) {
        (true, _) => not_found(asked[0]),
        (false, false) => Reply::ok(found),
        (false, true) => Reply::ok(found).with_status(StatusCode::MULTI_STATUS),
    }
}

/// `GET /subscribe/customers/{customer_uid}/payments`: the payments that
/// issued or used the key, newest first, 20 a page. 404 when the key is
/// unknown and no payment names it.
pub(crate) fn payments(shared: &Shared, call: &Call) -> Reply {
    let paging = match Paging::read(call) {
        Ok(paging) => paging,
        Err(reply) => return reply,
    };
    let customer_uid = call.param("customer_uid");
    let store = shared.store();
    let records = store.all().filter(|r| r.payment.customer_uid.as_deref() == Some(customer_uid)).collect::<Vec<_>>();
    if records.is_empty() && !store.customers.contains_key(customer_uid) {
        return not_found(customer_uid);
    }
    paging.page(&sorted(records.into_iter(), PaymentSorting::StartedNewestFirst))
}

pub(crate) fn delete(shared: &Shared, call: &Call) -> Reply {
    let customer_uid = call.param("customer_uid");
    match shared.store().customers.remove(customer_uid) {
        Some(key) => Reply::ok(key.customer),
        None => not_found(customer_uid),
    }
}
