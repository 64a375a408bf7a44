//! Benepia welfare points (through KCP): read a balance, pay with points.
//!
//! The sandbox knows one Benepia account, [`BENEPIA_USER`] with password
//! [`BENEPIA_PASSWORD`], holding [`crate::BENEPIA_POINTS`] points; any other login
//! is refused, and a payment over the balance is `failed`.

use iamport::secret::Password;
use serde::Deserialize;
use serde_json::json;

use crate::core::{
    Shared, body,
    charges::{self, buyer_of, open_charge},
    reply::Reply,
    server::{Call, Handlers, later, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("queryBenepiaPoint", |shared, call| ready(points(shared, call))),
    ("payBenepiaPoint", |shared, call| later(pay(shared, call))),
];

/// The Benepia login the sandbox accepts.
pub const BENEPIA_USER: &str = "sandbox_benepia";
/// The password of [`BENEPIA_USER`].
pub const BENEPIA_PASSWORD: &str = "sandbox_password";

/// What the sandbox reads of a `BenepiaPointRequest`, checked against the spec whole.
#[derive(Deserialize)]
struct PointRequest {
    benepia_user: String,
    benepia_password: Password,
}

/// What the sandbox reads of a `BenepiaPaymentRequest`, checked against the spec whole.
#[derive(Deserialize)]
struct PaymentRequest {
    benepia_user: String,
    benepia_password: Password,
    merchant_uid: String,
    amount: f64,
    name: String,
    buyer_name: Option<String>,
    buyer_email: Option<String>,
    buyer_tel: Option<String>,
    buyer_addr: Option<String>,
    buyer_postcode: Option<String>,
    #[serde(default)]
    notice_url: Vec<String>,
    custom_data: Option<String>,
}

fn log_in(user: &str, password: &Password) -> Result<(), Reply> {
    match user == BENEPIA_USER && password.expose_secret() == BENEPIA_PASSWORD {
        true => Ok(()),
        false => Err(Reply::refused(1, "베네피아 아이디 또는 비밀번호가 일치하지 않습니다.")),
    }
}

/// `POST /benepia/point`.
fn points(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: PointRequest = body::parse_checked(&call.body, "BenepiaPointRequest")?;
    log_in(&request.benepia_user, &request.benepia_password)?;
    Ok(Reply::ok(json!({ "point": shared.store().benepia_points })))
}

/// `POST /benepia/payment`: `paid` while the points last, else `failed`.
async fn pay(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: PaymentRequest = body::parse_checked(&call.body, "BenepiaPaymentRequest")?;
    body::uri("notice_url", request.notice_url.iter())?;
    log_in(&request.benepia_user, &request.benepia_password)?;
    let now = shared.clock.now();
    let charged = {
        let mut store = shared.store();
        let mut payment = open_charge(&mut store, &request.merchant_uid, request.amount, None, now)?;
        payment.pay_method = Some("point".to_owned());
        payment.pg_provider = Some("kcp".to_owned());
        payment.emb_pg_provider = Some("benepia".to_owned());
        payment.pg_id = Some("iamport_sandbox".to_owned());
        payment.name = Some(request.name);
        buyer_of!(request).set_on(&mut payment);
        payment.custom_data = request.custom_data;
        if request.amount <= store.benepia_points as f64 {
            charges::pay(&mut payment, &mut store, now);
            store.benepia_points -= request.amount.ceil() as i64;
        } else {
            charges::fail(&mut payment, "[KCP] 베네피아 포인트 잔액이 부족합니다. (sandbox)", &mut store, now);
        }
        store.insert(payment.clone(), request.notice_url.clone(), None, now);
        (payment, request.notice_url)
    };
    Ok(charges::finish(shared, charged).await)
}
