//! Payment listings against the sandbox, through the client: several
//! payments by id (200, 207, 404), every payment of a merchant_uid, and
//! payments by status in a time window, a page at a time.

mod support;

use std::num::NonZeroU32;

use iamport::{
    Client, StatusCode,
    enums::{PaymentSorting, PaymentStatus},
    types::{self, Payment, PaymentStatusFilter, PaymentStatusOrAll},
};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED};
use support::{T0, start};

async fn charge(client: &Client, merchant_uid: &str, card: &str) -> Payment {
    let request =
        types::OnetimeRequest::builder().merchant_uid(merchant_uid).amount(1000.0).card_number(card).expiry("2099-12");
    match client.onetime().body(request).send().await {
        Ok(payment) => payment,
        Err(err) => err.declined_payment().cloned().expect("paid or declined"),
    }
}

fn ids(list: &[Payment]) -> Vec<&str> {
    list.iter().map(|p| p.imp_uid.as_str()).collect()
}

fn page(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

#[tokio::test]
async fn several_payments_by_id_answer_200_207_or_404() {
    let (sandbox, client) = start().await;
    let a = charge(&client, "order-a", CARD_APPROVED).await;
    let b = charge(&client, "order-b", CARD_APPROVED).await;

    let both = client
        .get_payment_list_by_imp_uid()
        .imp_uid(vec![a.imp_uid.clone()])
        .merchant_uid(vec!["order-b".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&both), [a.imp_uid.as_str(), b.imp_uid.as_str()]);

    // 207 carries the same envelope: the client returns the readable ones.
    let some = client
        .get_payment_list_by_imp_uid()
        .imp_uid(vec![b.imp_uid.clone(), "imp_000000000000".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&some), [b.imp_uid.as_str()]);
    let (key, secret) = sandbox.credentials();
    let login = types::GetTokenRequest { imp_key: key.to_owned(), imp_secret: secret.parse().unwrap() };
    let token = client.get_token().body(login).send().await.unwrap().access_token;
    let raw = reqwest::Client::new()
        .get(format!("{}/payments?imp_uid[]={}&imp_uid[]=imp_000000000000", sandbox.base_url(), b.imp_uid))
        .bearer_auth(token.expose_secret())
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::MULTI_STATUS);

    let none =
        client.get_payment_list_by_imp_uid().imp_uid(vec!["imp_000000000000".to_owned()]).send().await.unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::NOT_FOUND), "{none:?}");
}

#[tokio::test]
async fn every_payment_of_a_merchant_uid_a_page_at_a_time() {
    let (sandbox, client) = start().await;
    let mut failed = Vec::new();
    for _ in 0..3 {
        failed.push(charge(&client, "order-retry", CARD_DECLINED).await);
        sandbox.clock().advance(std::time::Duration::from_secs(1));
    }
    let paid = charge(&client, "order-retry", CARD_APPROVED).await;

    let all = client.get_all_payments_by_merchant_uid_any_status().merchant_uid("order-retry").send().await.unwrap();
    assert_eq!((all.total, all.previous, all.next), (Some(4), Some(0), Some(0)));
    let newest_first = [&paid, &failed[2], &failed[1], &failed[0]].map(|p| p.imp_uid.as_str());
    assert_eq!(ids(all.list.as_deref().unwrap()), newest_first);

    let second = client
        .get_all_payments_by_merchant_uid()
        .merchant_uid("order-retry")
        .payment_status(PaymentStatusFilter::Failed)
        .sorting(PaymentSorting::StartedOldestFirst)
        .limit(page(2))
        .page(page(2))
        .send()
        .await
        .unwrap();
    assert_eq!((second.total, second.previous, second.next), (Some(3), Some(1), Some(0)));
    assert_eq!(ids(second.list.as_deref().unwrap()), [failed[2].imp_uid.as_str()]);

    let first = client
        .get_all_payments_by_merchant_uid()
        .merchant_uid("order-retry")
        .payment_status(PaymentStatusFilter::Failed)
        .limit(page(2))
        .send()
        .await
        .unwrap();
    assert_eq!((first.previous, first.next), (Some(0), Some(2)));

    let none =
        client.get_all_payments_by_merchant_uid_any_status().merchant_uid("order-none").send().await.unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::NOT_FOUND), "{none:?}");
}

#[tokio::test]
async fn payments_by_status_within_a_window() {
    let (sandbox, client) = start().await;
    let old = charge(&client, "order-old", CARD_APPROVED).await;
    sandbox.clock().advance(std::time::Duration::from_secs(100 * 86_400));
    let declined = charge(&client, "order-declined", CARD_DECLINED).await;
    let recent = charge(&client, "order-recent", CARD_APPROVED).await;

    // Default window: the 90 days before now.
    let paid = client.get_payments_by_status().payment_status(PaymentStatusOrAll::Paid).send().await.unwrap();
    assert_eq!(paid.total, Some(1));
    assert_eq!(ids(paid.list.as_deref().unwrap()), [recent.imp_uid.as_str()]);

    let all = client.get_payments_by_status().payment_status(PaymentStatusOrAll::All).send().await.unwrap();
    assert_eq!(all.total, Some(2));
    let failed = client.get_payments_by_status().payment_status(PaymentStatusOrAll::Failed).send().await.unwrap();
    assert_eq!(ids(failed.list.as_deref().unwrap()), [declined.imp_uid.as_str()]);
    assert_eq!(failed.list.unwrap()[0].status, PaymentStatus::Failed);

    let then = client
        .get_payments_by_status()
        .payment_status(PaymentStatusOrAll::Paid)
        .from(T0)
        .to(T0 + 86_400)
        .send()
        .await
        .unwrap();
    assert_eq!(ids(then.list.as_deref().unwrap()), [old.imp_uid.as_str()]);

    // A window of 90 days is taken; a wider one is refused, as the API does.
    let widest = client
        .get_payments_by_status()
        .payment_status(PaymentStatusOrAll::Paid)
        .from(T0 + 10 * 86_400)
        .to(T0 + 100 * 86_400)
        .send()
        .await
        .unwrap();
    assert_eq!(ids(widest.list.as_deref().unwrap()), [recent.imp_uid.as_str()]);
    let wide = client
        .get_payments_by_status()
        .payment_status(PaymentStatusOrAll::Paid)
        .from(T0 + 10 * 86_400 - 1)
        .to(T0 + 100 * 86_400)
        .send()
        .await
        .unwrap_err();
    assert_eq!(wide.code(), Some(1), "{wide:?}");
    assert!(wide.message().unwrap().contains("90 days"), "{wide:?}");
}

#[tokio::test]
async fn pages_follow_limit_and_next_to_an_empty_last_page() {
    let (_sandbox, client) = start().await;
    let mut paid = Vec::new();
    for n in 0..5 {
        paid.push(charge(&client, &format!("order-page-{n}"), CARD_APPROVED).await);
    }
    let ask = |n: u32| {
        client
            .get_payments_by_status()
            .payment_status(PaymentStatusOrAll::Paid)
            .sorting(PaymentSorting::StartedOldestFirst)
            .limit(page(2))
            .page(page(n))
            .send()
    };
    let mut seen = Vec::new();
    for (n, next) in [(1, 2), (2, 3), (3, 0)] {
        let answer = ask(n).await.unwrap();
        assert_eq!((answer.total, answer.previous, answer.next), (Some(5), Some(n as i32 - 1), Some(next)));
        seen.extend(answer.list.unwrap());
    }
    assert_eq!(ids(&seen), ids(&paid));
    let beyond = ask(4).await.unwrap();
    assert_eq!((beyond.next, beyond.list.map(|l| l.len())), (Some(0), Some(0)));
}

#[tokio::test]
async fn malformed_paging_is_a_400_naming_the_parameter() {
    let (sandbox, client) = start().await;
    let (key, secret) = sandbox.credentials();
    let login = types::GetTokenRequest { imp_key: key.to_owned(), imp_secret: secret.parse().unwrap() };
    let token = client.get_token().body(login).send().await.unwrap().access_token;
    for (query, field) in [("limit=0", "limit"), ("limit=1001", "limit"), ("page=0", "page"), ("from=soon", "from")] {
        let response = reqwest::Client::new()
            .get(format!("{}/payments/status/all?{query}", sandbox.base_url()))
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains(&format!("`{field}`")), "{query}: {body}");
    }
}

#[tokio::test]
async fn schedule_windows_over_90_days_are_refused() {
    let (_sandbox, client) = start().await;
    let day = 86_400;
    let taken = client.find_schedules_by_range().schedule_from(T0).schedule_to(T0 + 90 * day).send().await;
    assert!(taken.is_ok(), "{taken:?}");
    let refused =
        client.find_schedules_by_range().schedule_from(T0).schedule_to(T0 + 90 * day + 1).send().await.unwrap_err();
    assert_eq!(refused.code(), Some(1), "{refused:?}");
    let refused =
        client.customer_schedules().customer_uid("nobody").from(T0).to(T0 + 91 * day).send().await.unwrap_err();
    assert!(refused.message().unwrap().contains("`from` to `to`"), "{refused:?}");
}
