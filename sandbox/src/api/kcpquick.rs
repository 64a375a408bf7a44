//! KCP Quick Pay (kcpquick): members paying with their KCP prepaid money,
//! automatic-payment keys, payments registered in advance, FIDO locks.
//!
//! Every sandbox has one member, [`crate::KCPQUICK_MEMBER`], with
//! [`crate::KCPQUICK_MONEY`] KRW of prepaid money; a charge over what is left is
//! a `failed` payment. An automatic-payment key is a billing key stored
//! under its `customer_uid` (`customer_save`, say): its test card decides.

use iamport::{StatusCode, enums::CustomerUidUsage};
use serde::{Deserialize, de::IgnoredAny};
use serde_json::json;

use crate::core::{
    Shared, body,
    charges::{self, Buyer, KeyCharge, charge_key, open_charge},
    kcpquick::PG_PROVIDER,
    reply::Reply,
    server::{Call, Handlers, later, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("payWithMoney", |shared, call| later(pay_with_money(shared, call))),
    ("member_delete", |shared, call| ready(member_delete(shared, call))),
    ("releaseFido", |shared, call| ready(release_fido(shared, call))),
    ("prepare_create", |shared, call| ready(prepare(shared, call, false))),
    ("prepare_update", |shared, call| ready(prepare(shared, call, true))),
    ("payWithAutoPaymentKey", |shared, call| later(pay_with_key(shared, call))),
    ("deleteAutoPayKey", |shared, call| ready(delete_key(shared, call))),
];

// What the sandbox reads of each request, checked against its schema in
// the spec whole (lengths, `amount` 0 or more, `prepaid_amount` at most
// 999999999, ...).

/// `KcpQuickMoneyRequest`.
#[derive(Deserialize)]
struct MoneyRequest {
    imp_uid: String,
    member_id: String,
    merchant_uid: String,
    name: String,
    amount: u64,
    notice_url: Option<String>,
}

/// `KcpQuickPrepareRequest` (its PKCE verifier is not kept).
#[derive(Deserialize)]
struct PrepareRequest {
    btid: String,
    prepaid_auth_yn: Option<String>,
    prepaid_amount: Option<i64>,
}

/// `KcpQuickAutopayRequest`.
#[derive(Deserialize)]
struct AutopayRequest {
    customer_uid: String,
    merchant_uid: String,
    name: String,
    buyer_name: String,
    amount: u64,
    notice_url: Option<String>,
}

const NOT_ENOUGH_MONEY: &str = "[KCP] 퀵페이 머니 잔액이 부족합니다. (sandbox)";

fn unknown_member(member_id: &str) -> Reply {
    Reply::refused(1, format!("등록되지 않은 퀵페이 회원({member_id})입니다."))
}

/// `POST /kcpquick/payment/money`: `paid` while the money lasts, else `failed`.
async fn pay_with_money(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: MoneyRequest = body::parse_checked(&call.body, "KcpQuickMoneyRequest")?;
    body::uri("notice_url", request.notice_url.iter())?;
    let now = shared.clock.now();
    let member_id = request.member_id;
    let charged = {
        let mut store = shared.store();
        let money = store.kcpquick_members.get(&member_id).ok_or_else(|| unknown_member(&member_id))?.money;
        // The charge completes the payment `imp_uid` the buyer started; in
        // the sandbox nothing starts one, so it is new under that id.
        let imp_uid = request.imp_uid;
        if store.get(&imp_uid).is_some() {
            return Err(Reply::refused(1, format!("이미 처리된 결제건(imp_uid: {imp_uid})입니다.")));
        }
        let mut payment = open_charge(&mut store, &request.merchant_uid, request.amount as f64, None, now)?;
        payment.imp_uid = imp_uid;
        payment.pay_method = Some("point".to_owned());
        payment.pg_provider = Some(PG_PROVIDER.to_owned());
        payment.pg_id = Some("iamport_sandbox".to_owned());
        payment.name = Some(request.name);
        let amount = i64::try_from(request.amount).unwrap_or(i64::MAX);
        if amount <= money {
            charges::pay(&mut payment, &mut store, now);
            if let Some(member) = store.kcpquick_members.get_mut(&member_id) {
                member.money -= amount;
            }
        } else {
            charges::fail(&mut payment, NOT_ENOUGH_MONEY, &mut store, now);
        }
        let notice_urls: Vec<String> = request.notice_url.into_iter().collect();
        store.insert(payment.clone(), notice_urls.clone(), None, now);
        (payment, notice_urls)
    };
    Ok(charges::finish(shared, charged).await)
}

/// `DELETE /kcpquick/members/{member_id}`: the member, gone.
fn member_delete(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    for name in ["site_code", "partner_type", "partner_subtype"] {
        body::required_query(&call.query, name, body::text_value)?;
    }
    let member_id = call.param("member_id");
    let mut store = shared.store();
    let removed = store.kcpquick_members.remove(member_id).ok_or_else(|| {
        Reply::failure(StatusCode::NOT_FOUND, 1, format!("등록되지 않은 퀵페이 회원({member_id})입니다."))
    })?;
    Ok(Reply::ok(removed.member))
}

/// `POST /kcpquick/members/{member_id}/fido/release`: the lock of a known member.
fn release_fido(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let _: IgnoredAny = body::parse_checked(&call.body, "KcpQuickFidoReleaseRequest")?;
    let member_id = call.param("member_id");
    let store = shared.store();
    store.kcpquick_members.get(member_id).ok_or_else(|| unknown_member(member_id))?;
    Ok(Reply::ok(json!({ "member_id": member_id, "released": true })))
}

/// `POST` (409 when registered) and `PUT` (404 when not) `/kcpquick/prepare/{merchant_uid}`.
fn prepare(shared: &Shared, call: &Call, update: bool) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    if merchant_uid.chars().count() > 40 {
        return Err(Reply::bad_request("`merchant_uid` must be at most 40 characters"));
    }
    let request: PrepareRequest = body::parse_checked(&call.body, "KcpQuickPrepareRequest")?;
    let mut store = shared.store();
    match (update, store.kcpquick_prepared.contains_key(merchant_uid)) {
        (false, true) => {
            return Err(Reply::failure(
                StatusCode::CONFLICT,
                1,
                format!("이미 등록된 merchant_uid({merchant_uid})입니다."),
            ));
        }
        (true, false) => {
            return Err(Reply::failure(
                StatusCode::NOT_FOUND,
                1,
                format!("등록된 결제정보가 없습니다. (merchant_uid: {merchant_uid})"),
            ));
        }
        _ => {}
    }
    // What is kept and echoed leaves out the PKCE verifier.
    let answer = json!({
        "merchant_uid": merchant_uid,
        "btid": request.btid,
        "prepaid_auth_yn": request.prepaid_auth_yn,
        "prepaid_amount": request.prepaid_amount,
    });
    store.kcpquick_prepared.insert(merchant_uid.to_owned(), answer.clone());
    Ok(Reply::ok(answer))
}

/// `POST /kcpquick/payment/autopay`: a charge of the billing key `customer_uid`.
async fn pay_with_key(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: AutopayRequest = body::parse_checked(&call.body, "KcpQuickAutopayRequest")?;
    body::uri("notice_url", request.notice_url.iter())?;
    let now = shared.clock.now();
    let charged = {
        let mut store = shared.store();
        let order = KeyCharge {
            merchant_uid: request.merchant_uid,
            amount: request.amount as f64,
            currency: None,
            name: request.name,
            buyer: Buyer { name: Some(request.buyer_name), ..Buyer::default() },
            custom_data: None,
            card_quota: None,
            usage: CustomerUidUsage::Payment,
            decline: false,
        };
        let mut payment = charge_key(&mut store, &request.customer_uid, order, now)?;
        payment.pg_provider = Some(PG_PROVIDER.to_owned());
        let notice_urls: Vec<String> = request.notice_url.into_iter().collect();
        store.insert(payment.clone(), notice_urls.clone(), None, now);
        (payment, notice_urls)
    };
    Ok(charges::finish(shared, charged).await)
}

/// `DELETE /kcpquick/autopay/{customer_uid}`: the billing key, gone.
fn delete_key(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let customer_uid = call.param("customer_uid");
    let mut store = shared.store();
    store.customers.remove(customer_uid).ok_or_else(|| {
        Reply::failure(
            StatusCode::NOT_FOUND,
            1,
            format!("요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다."),
        )
    })?;
    Ok(Reply::ok(json!({ "customer_uid": customer_uid })))
}
