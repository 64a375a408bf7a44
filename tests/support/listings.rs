//! Payments for the listing tests, stored straight into a sandbox: shaped
//! like the API's (Korean text, URLs, a `custom_data` JSON text), so that
//! their size on the wire is a real payment's.

use iamport::{
    Client, Timestamp,
    enums::{Currency, PaymentChannel, PaymentStatus},
    types::Payment,
};
use iamport_sandbox::{Sandbox, SandboxClock};

pub const T0: i64 = 1_700_000_000;
pub const DAY: i64 = 86_400;

/// A sandbox whose clock stands after `payments`, holding them, and a client.
pub async fn sandbox_with(payments: Vec<Payment>, now: i64) -> (Sandbox, Client) {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(now)).start().await.expect("sandbox starts");
    let count = payments.len();
    assert_eq!(sandbox.import_payments(payments), Ok(count));
    let client = sandbox.client().expect("client builds");
    (sandbox, client)
}

/// Payment number `n`, paid at `at`, with `custom_data` padded by `extra`
/// Korean characters (6 bytes each on the wire).
pub fn payment(n: usize, at: i64, extra: usize) -> Payment {
    let custom_data = format!(r#"{{"order":"order-{n:05}","memo":"빠른 배송 부탁드립니다{}"}}"#, "가".repeat(extra));
    Payment::builder()
        .imp_uid(format!("imp_{n:012}"))
        .merchant_uid(format!("order-{n:05}"))
        .amount(8900.0)
        .cancel_amount(0.0)
        .currency(Currency::Krw)
        .status(PaymentStatus::Paid)
        .channel(PaymentChannel::Pc)
        .pay_method("card")
        .pg_provider("html5_inicis")
        .pg_tid(format!("StdpayCARDINIpayTest20231114{n:010}"))
        .name(format!("월간 이용권 {n}"))
        .buyer_name("홍길동")
        .buyer_email("buyer@example.com")
        .buyer_tel("010-1234-5678")
        .buyer_addr("서울특별시 강남구 테헤란로 123")
        .card_name("신한카드")
        .card_number("4092********1234")
        .custom_data(custom_data)
        .receipt_url(format!("https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid={n}"))
        .started_at(Timestamp::from_unix(at))
        .paid_at(Timestamp::from_unix(at + 30))
        .failed_at(Timestamp::NONE)
        .cancelled_at(Timestamp::NONE)
        .sandbox(true)
        .escrow(false)
        .try_into()
        .expect("a valid payment")
}

/// `count` payments spread evenly over `days` days from [`T0`].
pub fn spread(count: usize, days: i64) -> Vec<Payment> {
    let step = days * DAY / count as i64;
    (0..count).map(|n| payment(n, T0 + n as i64 * step, 0)).collect()
}
