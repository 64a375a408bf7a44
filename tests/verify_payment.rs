//! `Client::verify_payment` against the sandbox, for every outcome: paid,
//! a virtual account issued, failed, cancelled in part and wholly, a
//! tampered amount, another currency, another order's payment, an unknown
//! `imp_uid`; and the two kinds of `Err` (worth asking again, or not).

use iamport::{
    Amount, Client, Error,
    enums::Currency,
    types,
    verify::{Expected, Money, Verification},
};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED, Sandbox, SandboxClock};

const T0: i64 = 1_700_000_000;

async fn start() -> (Sandbox, Client) {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).start().await.unwrap();
    let client = sandbox.client().unwrap();
    (sandbox, client)
}

fn card(merchant_uid: &str, amount: u64, number: &str) -> types::builder::OnetimeRequest {
    types::OnetimeRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(amount)
        .card_number(number)
        .expiry("2030-12")
        .name("월간 이용권")
}

async fn charge(client: &Client, merchant_uid: &str, amount: u64) -> String {
    client.onetime().body(card(merchant_uid, amount, CARD_APPROVED)).send().await.unwrap().imp_uid
}

#[tokio::test]
async fn a_payment_of_the_order_s_amount_is_paid() {
    let (_sandbox, client) = start().await;
    let imp_uid = charge(&client, "verify-paid", 8_900).await;
    let verification = client.verify_payment(&imp_uid, &Expected::new("verify-paid", 8_900u64)).await.unwrap();
    assert!(verification.is_paid(), "{verification:?}");
    let Verification::Paid { payment } = verification else { unreachable!() };
    assert_eq!(payment.imp_uid, imp_uid);
}

#[tokio::test]
async fn a_tampered_amount_is_a_mismatch_with_both_figures() {
    let (_sandbox, client) = start().await;
    // The page asked for 100 won where the order costs 15,000.
    let imp_uid = charge(&client, "verify-tampered", 100).await;
    let verification = client.verify_payment(&imp_uid, &Expected::new("verify-tampered", 15_000u64)).await.unwrap();
    let Verification::AmountMismatch { expected, actual, .. } = verification else { panic!("{verification:?}") };
    assert_eq!(expected, Money { amount: Amount::from(15_000u32), currency: Currency::Krw });
    assert_eq!(actual, Money { amount: Amount::from(100u32), currency: Currency::Krw });
    assert_eq!(actual.to_string(), "100 KRW");
}

#[tokio::test]
async fn another_currency_is_a_mismatch() {
    let (_sandbox, client) = start().await;
    let paid = client.onetime().body(card("verify-usd", 25, CARD_APPROVED).currency("USD")).send().await.unwrap();
    let verification = client.verify_payment(&paid.imp_uid, &Expected::new("verify-usd", 25u32)).await.unwrap();
    let Verification::AmountMismatch { expected, actual, .. } = verification else { panic!("{verification:?}") };
    assert_eq!((expected.currency, actual.currency), (Currency::Krw, Currency::Usd));
    let in_dollars = Expected::new("verify-usd", 25u32).currency(Currency::Usd);
    assert!(client.verify_payment(&paid.imp_uid, &in_dollars).await.unwrap().is_paid());
}

#[tokio::test]
async fn another_order_s_payment_and_an_unknown_one() {
    let (_sandbox, client) = start().await;
    let imp_uid = charge(&client, "verify-earlier-order", 8_900).await;
    // An `imp_uid` of an earlier, paid order replayed for a new one.
    let verification = client.verify_payment(&imp_uid, &Expected::new("verify-new-order", 8_900u64)).await.unwrap();
    let Verification::OtherOrder { merchant_uid, .. } = verification else { panic!("{verification:?}") };
    assert_eq!(merchant_uid, "verify-earlier-order");
    let unknown = client.verify_payment("imp_000000000000", &Expected::new("verify-new-order", 8_900u64)).await;
    assert!(matches!(unknown, Ok(Verification::NotFound)), "{unknown:?}");
}

#[tokio::test]
async fn a_declined_charge_is_failed_with_its_reason() {
    let (_sandbox, client) = start().await;
    let err = client.onetime().body(card("verify-declined", 8_900, CARD_DECLINED)).send().await.unwrap_err();
    let imp_uid = err.declined_payment().expect("a declined payment").imp_uid.clone();
    let verification = client.verify_payment(&imp_uid, &Expected::new("verify-declined", 8_900u64)).await.unwrap();
    let Verification::Failed { reason, .. } = verification else { panic!("{verification:?}") };
    assert_eq!(reason, err.declined_payment().unwrap().fail_reason);
    assert!(reason.is_some());
}

#[tokio::test]
async fn cancels_in_part_and_wholly_say_how_much() {
    let (_sandbox, client) = start().await;
    let imp_uid = charge(&client, "verify-cancel", 10_000).await;
    let order = Expected::new("verify-cancel", 10_000u64);
    let cancel = |amount: Option<u64>| {
        let mut request = types::CancelRequest::builder().imp_uid(imp_uid.clone()).reason("환불");
        if let Some(amount) = amount {
            request = request.amount(amount);
        }
        client.cancel_payment().body(request).send()
    };
    cancel(Some(3_000)).await.unwrap();
    let verification = client.verify_payment(&imp_uid, &order).await.unwrap();
    let Verification::Cancelled { cancelled, remaining, wholly, .. } = verification else { panic!("{verification:?}") };
    assert_eq!((cancelled, remaining, wholly), (Amount::from(3_000u32), Amount::from(7_000u32), false));

    cancel(None).await.unwrap();
    let verification = client.verify_payment(&imp_uid, &order).await.unwrap();
    let Verification::Cancelled { cancelled, remaining, wholly, .. } = verification else { panic!("{verification:?}") };
    assert_eq!((cancelled, remaining, wholly), (Amount::from(10_000u32), Amount::ZERO, true));
}

#[tokio::test]
async fn a_ready_virtual_account_is_issued_not_paid() {
    let (sandbox, client) = start().await;
    let due = T0 + 86_400;
    let request = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox")
        .merchant_uid("verify-vbank")
        .amount(32_000u32)
        .vbank_code("004")
        .vbank_due(due)
        .vbank_holder("홍길동상점");
    let ready = client.create_vbank().body(request).send().await.unwrap();
    let order = Expected::new("verify-vbank", 32_000u64);
    let verification = client.verify_payment(&ready.imp_uid, &order).await.unwrap();
    assert!(!verification.is_paid());
    let Verification::VirtualAccountIssued { account, .. } = verification else { panic!("{verification:?}") };
    assert_eq!(Some(account.number.as_str()), ready.vbank_num.as_deref());
    assert_eq!((account.bank_code.as_deref(), account.holder.as_deref()), (Some("004"), Some("홍길동상점")));
    assert!(account.bank_name.is_some());
    assert_eq!(account.deadline.unix(), Some(due));

    // Once the customer deposits, it is paid.
    sandbox.simulate_vbank_deposit(&ready.imp_uid).await.unwrap();
    assert!(client.verify_payment(&ready.imp_uid, &order).await.unwrap().is_paid());
}

#[tokio::test]
async fn no_answer_is_an_error_worth_retrying_and_a_wrong_secret_is_not() {
    let (sandbox, _) = start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = Client::builder("key", "secret").base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    let order = Expected::new("verify-errors", 1_000u32);
    let err = unreachable.verify_payment("imp_1", &order).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");

    let wrong = Client::builder("wrong-key", "wrong-secret").base_url(sandbox.base_url()).build().unwrap();
    let err = wrong.verify_payment("imp_1", &order).await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert!(!err.is_retryable(), "{err:?}");
}
