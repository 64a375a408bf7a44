//! Paged listings walked as streams against the sandbox: every item once,
//! in order, across pages and across windows the API accepts; the page that
//! does not fit the client's body limit; the token rules per page.

mod support;

use std::{collections::HashSet, time::Duration};

use futures_util::{StreamExt, TryStreamExt};
use iamport::{
    Error,
    enums::PaymentSorting,
    paging::{DEFAULT_PAGE_SIZE, Page, Window},
    types::{self, Payment, PaymentStatusOrAll},
};
use iamport_sandbox::CARD_APPROVED;
use support::listings::{DAY, T0, payment, sandbox_with, spread};

#[tokio::test]
async fn ten_thousand_payments_over_200_days_come_once_each_in_order() {
    let payments = spread(10_000, 200);
    let (_sandbox, client) = sandbox_with(payments, T0 + 201 * DAY).await;
    let listing =
        || client.get_payments_by_status().payment_status(PaymentStatusOrAll::All).from(T0).to(T0 + 200 * DAY);

    // Newest first (the API's default): the ids counted down.
    let ids: Vec<String> = listing().items().map_ok(|p| p.imp_uid).try_collect().await.unwrap();
    let expected: Vec<String> = (0..10_000).rev().map(|n| format!("imp_{n:012}")).collect();
    assert_eq!(ids.len(), 10_000);
    assert_eq!(ids, expected, "every payment once, newest first");

    // Pages of at most the default size, in three windows the API accepts.
    let pages: Vec<(u32, usize, Option<Window>)> =
        listing().pages().map_ok(|p| (p.number, p.items.len(), p.window)).try_collect().await.unwrap();
    assert!(pages.iter().all(|(_, len, _)| *len <= DEFAULT_PAGE_SIZE as usize), "{pages:?}");
    let mut windows: Vec<Window> = pages.iter().filter_map(|(_, _, w)| *w).collect();
    windows.dedup();
    assert_eq!(windows.len(), 3, "{windows:?}");
    assert!(windows.iter().all(|w| w.to - w.from <= 90 * DAY), "{windows:?}");
    assert_eq!((windows[0].to, windows[2].from), (T0 + 200 * DAY, T0));
    assert_eq!(pages.iter().map(|(_, len, _)| len).sum::<usize>(), 10_000);

    // Oldest first walks the windows forward.
    let ascending: Vec<String> = listing()
        .sorting(PaymentSorting::StartedOldestFirst)
        .limit(1000)
        .items()
        .map_ok(|p| p.imp_uid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ascending, expected.iter().rev().cloned().collect::<Vec<_>>());
}

#[tokio::test]
async fn a_window_the_api_accepts_and_the_builders_own_page_are_kept() {
    let (_sandbox, client) = sandbox_with(spread(50, 10), T0 + 11 * DAY).await;
    let pages: Vec<Page<Payment>> = client
        .get_payments_by_status()
        .payment_status(PaymentStatusOrAll::Paid)
        .from(T0)
        .to(T0 + 10 * DAY)
        .limit(20)
        .page(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let shape: Vec<(u32, usize)> = pages.iter().map(|p| (p.number, p.items.len())).collect();
    assert_eq!(shape, [(2, 20), (3, 10)], "from page 2 on, 20 a page");
    assert_eq!(pages[0].window.map(|w| (w.from, w.to)), Some((T0, T0 + 10 * DAY)));
}

#[tokio::test]
async fn a_page_larger_than_the_body_limit_names_the_way_out() {
    // 8,000 Korean characters of custom_data: 24 KB as UTF-8, 48 KB on the
    // wire, so 100 of them (4.8 MB) pass the 4 MiB default where their
    // UTF-8 (2.4 MB) would not.
    let payments: Vec<Payment> = (0..120).map(|n| payment(n, T0 + n as i64 * 60, 8_000)).collect();
    let (sandbox, client) = sandbox_with(payments, T0 + DAY).await;
    let listing = || client.get_payments_by_status().payment_status(PaymentStatusOrAll::All).from(T0).to(T0 + DAY);

    let token = client.get_token().body(types::GetTokenRequest {
        imp_key: sandbox.credentials().0.to_owned(),
        imp_secret: sandbox.credentials().1.parse().unwrap(),
    });
    let token = token.send().await.unwrap().access_token;
    let one = reqwest::Client::new()
        .get(format!("{}/payments/status/all?from={T0}&to={}&limit=1", sandbox.base_url(), T0 + DAY))
        .bearer_auth(token.expose_secret())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(one.is_ascii() && one.contains(r"\uac00\uac00"), "the sandbox escapes as the API does");
    assert!(one.len() > 48_000 && one.len() * 100 > 4 * 1024 * 1024, "a payment is {} bytes on the wire", one.len());

    let mut stream = listing().items();
    let error = stream.next().await.expect("an error").unwrap_err();
    assert!(matches!(error, Error::PageTooLarge { page: 1, per_page: Some(100), .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("getPaymentsByStatus") && message.contains("page 1"), "{message}");
    assert!(message.contains(".limit(..)") && message.contains("max_response_bytes"), "{message}");
    assert!(stream.next().await.is_none(), "the stream ends after its error");

    // Either way out works.
    let smaller = listing().limit(50).items().try_collect::<Vec<_>>().await.unwrap();
    assert_eq!(smaller.len(), 120);
    let (key, secret) = sandbox.credentials();
    let roomier = iamport::Client::builder(key, secret)
        .base_url(sandbox.base_url())
        .max_response_bytes(8 * 1024 * 1024)
        .build()
        .unwrap();
    let all = roomier
        .get_payments_by_status()
        .payment_status(PaymentStatusOrAll::All)
        .from(T0)
        .to(T0 + DAY)
        .items()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(all.len(), 120);
}

#[tokio::test]
async fn a_token_that_expires_between_pages_is_renewed() {
    let (sandbox, client) = sandbox_with(spread(300, 30), T0 + 31 * DAY).await;
    let mut stream =
        client.get_payments_by_status().payment_status(PaymentStatusOrAll::All).from(T0).to(T0 + 30 * DAY).items();
    let mut seen = HashSet::new();
    for _ in 0..DEFAULT_PAGE_SIZE {
        seen.insert(stream.try_next().await.unwrap().expect("a payment").imp_uid);
    }
    // The client's token is still good by its own clock; the sandbox's
    // says it expired, and answers 401.
    sandbox.clock().advance(Duration::from_secs(3600));
    while let Some(payment) = stream.try_next().await.unwrap() {
        assert!(seen.insert(payment.imp_uid), "a payment came twice");
    }
    assert_eq!(seen.len(), 300);
}

#[tokio::test]
async fn a_billing_keys_payments_come_in_the_apis_pages() {
    let mut payments = spread(45, 5);
    for p in &mut payments {
        p.customer_uid = Some("customer-1".into());
    }
    let (_sandbox, client) = sandbox_with(payments, T0 + 6 * DAY).await;
    let sizes: Vec<usize> = client
        .customer_payments()
        .customer_uid("customer-1")
        .pages()
        .map_ok(|p| p.items.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sizes, [20, 20, 5], "no `limit` here: the API's 20 a page");
    let none = client.customer_payments().customer_uid("nobody").items().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(none.status(), Some(iamport::StatusCode::NOT_FOUND), "{none:?}");
}

#[tokio::test]
async fn schedules_over_200_days_come_from_windows_of_at_most_90() {
    let (_sandbox, client) = sandbox_with(Vec::new(), T0).await;
    let key = types::CustomerSaveRequest::builder()
        .channel_key("channel-key-sandbox")
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    client.customer_save().customer_uid("sub-1").body(key).send().await.unwrap();
    let at: Vec<i64> = (1..=40).map(|n| T0 + n * 5 * DAY).collect();
    let items: Vec<types::ScheduleItem> = at
        .iter()
        .enumerate()
        .map(|(n, at)| {
            types::ScheduleItem::builder()
                .merchant_uid(format!("sub-1-{n:02}"))
                .schedule_at(*at)
                .amount(8900.0)
                .name("월간 이용권")
                .try_into()
                .unwrap()
        })
        .collect();
    client
        .schedule()
        .body(types::ScheduleRequest::builder().customer_uid("sub-1").schedules(items))
        .send()
        .await
        .unwrap();

    let range = || client.find_schedules_by_range().schedule_from(T0).schedule_to(T0 + 201 * DAY).limit(7);
    let earliest_first: Vec<i64> = range()
        .sorting(types::FindSchedulesByRangeSorting::Scheduled)
        .items()
        .map_ok(|s| s.schedule_at.raw())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(earliest_first, at, "every schedule once, earliest first");
    let newest_first: Vec<i64> = range().items().map_ok(|s| s.schedule_at.raw()).try_collect().await.unwrap();
    assert_eq!(newest_first, at.iter().rev().copied().collect::<Vec<_>>());

    let by_key: Vec<i64> = client
        .customer_schedules()
        .customer_uid("sub-1")
        .from(T0)
        .to(T0 + 201 * DAY)
        .items()
        .map_ok(|s| s.schedule_at.raw())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_key, at.iter().rev().copied().collect::<Vec<_>>(), "by key, newest first");
}

/// A page answered by a mock of the API: `list` and `next`.
fn mock_page(imp_uids: &[&str], next: i32) -> serde_json::Value {
    let list: Vec<serde_json::Value> =
        imp_uids.iter().map(|id| support::payment_with(serde_json::json!({ "imp_uid": id }))).collect();
    support::envelope(serde_json::json!({ "total": 2, "previous": 0, "next": next, "list": list }))
}

#[tokio::test]
async fn each_page_is_retried_like_any_lookup() {
    use wiremock::{Mock, ResponseTemplate, matchers};
    let server = support::server().await;
    let listing = "/payments/findAll/order-1";
    let page = |n: &str| Mock::given(matchers::path(listing)).and(matchers::query_param("page", n));
    page("1").respond_with(ResponseTemplate::new(200).set_body_json(mock_page(&["imp_a"], 2))).mount(&server).await;
    page("2")
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page("2").respond_with(ResponseTemplate::new(200).set_body_json(mock_page(&["imp_b"], 0))).mount(&server).await;

    let client = support::client(&server);
    let ids: Vec<String> = client
        .get_all_payments_by_merchant_uid_any_status()
        .merchant_uid("order-1")
        .items()
        .map_ok(|p| p.imp_uid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["imp_a", "imp_b"]);
    assert_eq!(support::hits(&server, listing).await, 3, "page 2 sent twice, page 1 once");
    let limits: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == listing)
        .filter_map(|r| r.url.query_pairs().find(|(k, _)| k == "limit").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(limits, ["100"; 3], "the stream asks for its page size");
}

#[tokio::test]
async fn a_next_that_does_not_move_forward_ends_the_stream_with_an_error() {
    use wiremock::{Mock, ResponseTemplate, matchers};
    let server = support::server().await;
    Mock::given(matchers::path("/payments/findAll/order-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(mock_page(&["imp_a"], 1)))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let mut stream = client.get_all_payments_by_merchant_uid_any_status().merchant_uid("order-1").items();
    assert_eq!(stream.try_next().await.unwrap().map(|p| p.imp_uid).as_deref(), Some("imp_a"));
    assert!(matches!(stream.try_next().await, Err(Error::Decode { .. })), "page 1 again would loop forever");
    assert!(stream.try_next().await.unwrap().is_none());
    assert_eq!(support::hits(&server, "/payments/findAll/order-1").await, 1);
}

#[tokio::test]
async fn a_schedule_listing_answered_as_a_bare_list_is_one_page() {
    use wiremock::{Mock, ResponseTemplate, matchers};
    let server = support::server().await;
    let path = "/subscribe/customers/customer-1/schedules";
    let schedule =
        |id: &str| serde_json::json!({ "customer_uid": "customer-1", "merchant_uid": id, "schedule_at": T0 });
    Mock::given(matchers::path(path))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(support::envelope(serde_json::json!([schedule("s-1"), schedule("s-2")]))),
        )
        .mount(&server)
        .await;
    let client = support::client(&server);
    let ids: Vec<Option<String>> = client
        .customer_schedules()
        .customer_uid("customer-1")
        .from(T0)
        .to(T0 + DAY)
        .items()
        .map_ok(|s| s.merchant_uid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [Some("s-1".to_owned()), Some("s-2".to_owned())]);
    assert_eq!(support::hits(&server, path).await, 1);
}
