//! Scheduled payments through the client: charged when the sandbox clock
//! reaches their time (the billing key's test card decides), notified to
//! their `notice_url`; moved, revoked, rescheduled, retried and listed.

mod support;

use std::time::Duration;

use iamport::{
    Client, Error, StatusCode,
    enums::{CustomerUidUsage, PaymentStatus},
    types::{self, Schedule, ScheduleListing, ScheduleStatus},
    webhook::Notification,
};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED, DECLINE_REASON, DeliveryKind, DeliveryOutcome, SimulationError};
use support::{T0, start};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const HOUR: i64 = 3600;

/// A merchant whose `/notice` answers 200.
async fn merchant() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/notice")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

async fn save_key(client: &Client, customer_uid: &str, card: &str) {
    let request = types::CustomerSaveRequest::builder()
        .channel_key("channel-key-sandbox")
        .card_number(card)
        .expiry("2099-12")
        .customer_name("홍길동");
    client.customer_save().customer_uid(customer_uid).body(request).send().await.expect("key saved");
}

fn item(merchant_uid: &str, at: i64, notice_url: Option<String>) -> types::builder::ScheduleItem {
    let item =
        types::ScheduleItem::builder().merchant_uid(merchant_uid).schedule_at(at).amount(8900.0).name("월간 이용권");
    match notice_url {
        Some(url) => item.notice_url(url),
        None => item,
    }
}

async fn schedule(
    client: &Client,
    customer_uid: &str,
    items: Vec<types::builder::ScheduleItem>,
) -> iamport::Result<Vec<Schedule>> {
    let items: Vec<types::ScheduleItem> = items.into_iter().map(|i| i.try_into().expect("a valid item")).collect();
    let request = types::ScheduleRequest::builder().customer_uid(customer_uid).schedules(items);
    client.schedule().body(request).send().await
}

async fn get(client: &Client, merchant_uid: &str) -> Schedule {
    client.get_schedule_by_mid().merchant_uid(merchant_uid).send().await.expect("schedule found")
}

fn page(listing: ScheduleListing) -> (i64, Vec<Schedule>) {
    match listing {
        ScheduleListing::SchedulePage(page) => (page.total.unwrap_or_default(), page.list.unwrap_or_default()),
        ScheduleListing::Array(list) => (list.len() as i64, list),
    }
}

/// The notifications the sandbox sent, in order.
fn notifications(sandbox: &iamport_sandbox::Sandbox) -> Vec<(Notification, DeliveryOutcome)> {
    sandbox
        .deliveries()
        .into_iter()
        .filter_map(|d| match d.kind {
            DeliveryKind::Notification(n) => Some((n, d.outcome)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_schedule_is_charged_when_the_clock_reaches_its_time_and_notified() {
    let (sandbox, client) = start().await;
    let merchant = merchant().await;
    save_key(&client, "sub-1", CARD_APPROVED).await;
    let notice_url = format!("{}/notice", merchant.uri());
    let scheduled =
        schedule(&client, "sub-1", vec![item("sub-1-m1", T0 + HOUR, Some(notice_url.clone()))]).await.unwrap();
    assert_eq!(scheduled.len(), 1);
    assert_eq!(scheduled[0].schedule_status.as_deref(), Some("scheduled"));
    assert_eq!(scheduled[0].imp_uid, None);

    // A minute early: nothing happens.
    assert!(sandbox.advance_clock(Duration::from_secs(59 * 60)).await.is_empty());
    assert_eq!(get(&client, "sub-1-m1").await.schedule_status.as_deref(), Some("scheduled"));
    assert!(notifications(&sandbox).is_empty());

    let charged = sandbox.advance_clock(Duration::from_secs(60)).await;
    assert_eq!(charged.len(), 1);
    let payment = &charged[0];
    assert_eq!((payment.status.clone(), payment.amount), (PaymentStatus::Paid, 8900.0));
    assert_eq!(payment.merchant_uid, "sub-1-m1");
    assert_eq!(payment.customer_uid.as_deref(), Some("sub-1"));
    assert_eq!(payment.customer_uid_usage, Some(CustomerUidUsage::PaymentScheduled));
    assert_eq!(payment.paid_at.raw(), T0 + HOUR);
    assert_eq!(payment.buyer_name.as_deref(), Some("홍길동"), "from the billing key");

    let executed = get(&client, "sub-1-m1").await;
    assert_eq!(executed.schedule_status.as_deref(), Some("executed"));
    assert_eq!(executed.payment_status.as_deref(), Some("paid"));
    assert_eq!(executed.imp_uid.as_deref(), Some(payment.imp_uid.as_str()));
    assert_eq!(executed.executed_at.raw(), T0 + HOUR);

    // The merchant was told, and what it was told checks out with the API.
    let sent = notifications(&sandbox);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, DeliveryOutcome::Answered(200));
    assert_eq!(sent[0].0.status, PaymentStatus::Paid);
    let expected = iamport::verify::Expected::new(&sent[0].0.merchant_uid, 8_900u32);
    let verified = client.verify_notification(&sent[0].0, &expected).await.expect("the API could be asked");
    assert!(verified.is_paid(), "{verified:?}");
    assert_eq!(verified.payment().unwrap().imp_uid, payment.imp_uid);
    assert_eq!(merchant.received_requests().await.unwrap_or_default().len(), 1);

    // It runs once: later moves of the clock charge nothing more.
    assert!(sandbox.advance_clock(Duration::from_secs(24 * 3600)).await.is_empty());
}

#[tokio::test]
async fn a_schedule_on_a_declined_card_fails_then_is_rescheduled_and_retried() {
    let (sandbox, client) = start().await;
    let merchant = merchant().await;
    save_key(&client, "sub-2", CARD_DECLINED).await;
    let notice_url = format!("{}/notice", merchant.uri());
    schedule(&client, "sub-2", vec![item("sub-2-m1", T0 + HOUR, Some(notice_url))]).await.unwrap();

    let charged = sandbox.advance_clock(Duration::from_secs(HOUR as u64)).await;
    assert_eq!(charged.len(), 1);
    assert_eq!(charged[0].status, PaymentStatus::Failed);
    assert_eq!(charged[0].fail_reason.as_deref(), Some(DECLINE_REASON));
    let failed = get(&client, "sub-2-m1").await;
    assert_eq!(failed.schedule_status.as_deref(), Some("executed"));
    assert_eq!(failed.payment_status.as_deref(), Some("failed"));
    assert_eq!(failed.fail_reason.as_deref(), Some(DECLINE_REASON));
    let sent = notifications(&sandbox);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0.status, PaymentStatus::Failed);

    // Moving it is only for schedules that have not run.
    let refused = client
        .update_schedule_by_mid()
        .merchant_uid("sub-2-m1")
        .body(types::ScheduleTimeRequest::builder().schedule_at(T0 + 2 * HOUR))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(1), "{refused:?}");

    // Retried at once, the same card is declined again: the client says so.
    let retried = client.retry_schedule_by_mid().merchant_uid("sub-2-m1").send().await.unwrap_err();
    let Error::Declined { payment } = &retried else { panic!("expected a decline, got {retried:?}") };
    assert_eq!(payment.merchant_uid, "sub-2-m1");

    // With a working card on the key, a reschedule runs at its new time.
    save_key(&client, "sub-2", CARD_APPROVED).await;
    let rescheduled = client
        .reschedule_by_mid()
        .merchant_uid("sub-2-m1")
        .body(types::ScheduleTimeRequest::builder().schedule_at(T0 + 3 * HOUR))
        .send()
        .await
        .unwrap();
    assert_eq!(rescheduled.schedule_status.as_deref(), Some("scheduled"));
    assert_eq!(rescheduled.fail_reason, None);
    let charged = sandbox.advance_clock(Duration::from_secs(2 * HOUR as u64)).await;
    assert_eq!(charged.len(), 1);
    assert_eq!(charged[0].status, PaymentStatus::Paid);
    assert_eq!(get(&client, "sub-2-m1").await.payment_status.as_deref(), Some("paid"));
    // A paid schedule is neither retried nor rescheduled.
    let refused = client.retry_schedule_by_mid().merchant_uid("sub-2-m1").send().await.unwrap_err();
    assert_eq!(refused.code(), Some(1));
}

#[tokio::test]
async fn a_simulated_decline_fails_one_run_of_a_good_card() {
    let (sandbox, client) = start().await;
    save_key(&client, "sub-3", CARD_APPROVED).await;
    schedule(&client, "sub-3", vec![item("sub-3-m1", T0 + HOUR, None)]).await.unwrap();
    assert_eq!(sandbox.decline_schedule("no-such-schedule").unwrap_err(), SimulationError::UnknownSchedule);
    let marked = sandbox.decline_schedule("sub-3-m1").expect("a pending schedule");
    assert_eq!(marked.merchant_uid.as_deref(), Some("sub-3-m1"));

    let charged = sandbox.advance_clock(Duration::from_secs(HOUR as u64)).await;
    assert_eq!(charged[0].status, PaymentStatus::Failed);
    assert_eq!(sandbox.decline_schedule("sub-3-m1").unwrap_err(), SimulationError::ScheduleNotPending);

    // The decline was for one run: the retry goes through.
    let retried = client.retry_schedule_by_mid().merchant_uid("sub-3-m1").send().await.expect("paid");
    assert_eq!(retried.status, PaymentStatus::Paid);
    assert_eq!(retried.merchant_uid, "sub-3-m1");
}

#[tokio::test]
async fn a_request_after_the_time_sees_the_schedule_run() {
    let (sandbox, client) = start().await;
    save_key(&client, "sub-4", CARD_APPROVED).await;
    schedule(&client, "sub-4", vec![item("sub-4-m1", T0 + HOUR, None)]).await.unwrap();
    // Moving the clock itself runs nothing; the next request catches up.
    sandbox.clock().advance(Duration::from_secs(HOUR as u64));
    let executed = get(&client, "sub-4-m1").await;
    assert_eq!(executed.payment_status.as_deref(), Some("paid"));
    let payment = client.get_payment_by_merchant_uid_any_status().merchant_uid("sub-4-m1").send().await.unwrap();
    assert_eq!(payment.status, PaymentStatus::Paid);
}

#[tokio::test]
async fn schedules_are_revoked_moved_and_listed() {
    let (sandbox, client) = start().await;
    save_key(&client, "sub-5", CARD_APPROVED).await;
    let items = (1..=3).map(|n| item(&format!("sub-5-m{n}"), T0 + n * HOUR, None)).collect();
    assert_eq!(schedule(&client, "sub-5", items).await.unwrap().len(), 3);

    // Moved to later, then revoked: it never runs.
    let moved = client
        .update_schedule_by_mid()
        .merchant_uid("sub-5-m1")
        .body(types::ScheduleTimeRequest::builder().schedule_at(T0 + 10 * HOUR))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.schedule_at.raw(), T0 + 10 * HOUR);
    let revoked = client
        .unschedule()
        .body(
            types::UnscheduleRequest::builder()
                .customer_uid("sub-5")
                .merchant_uid(vec!["sub-5-m2".try_into().unwrap()]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].schedule_status.as_deref(), Some("revoked"));
    assert_eq!(revoked[0].revoked_at.raw(), T0);

    let listing = client
        .find_schedules_by_range()
        .schedule_from(T0)
        .schedule_to(T0 + 24 * HOUR)
        .sorting(types::FindSchedulesByRangeSorting::Scheduled)
        .send()
        .await
        .unwrap();
    let (total, list) = page(listing);
    assert_eq!(total, 3);
    let order: Vec<&str> = list.iter().filter_map(|s| s.merchant_uid.as_deref()).collect();
    assert_eq!(order, ["sub-5-m2", "sub-5-m3", "sub-5-m1"], "earliest first");
    let pending = client
        .customer_schedules()
        .customer_uid("sub-5")
        .from(T0)
        .to(T0 + 24 * HOUR)
        .schedule_status(ScheduleStatus::Scheduled)
        .send()
        .await
        .unwrap();
    let (total, list) = page(pending);
    assert_eq!(total, 2);
    assert_eq!(list[0].merchant_uid.as_deref(), Some("sub-5-m1"), "newest first");

    let charged = sandbox.advance_clock(Duration::from_secs(24 * HOUR as u64)).await;
    let merchant_uids: Vec<&str> = charged.iter().map(|p| p.merchant_uid.as_str()).collect();
    assert_eq!(merchant_uids, ["sub-5-m3", "sub-5-m1"], "in the order of their times; the revoked one not at all");
    assert_eq!(get(&client, "sub-5-m2").await.schedule_status.as_deref(), Some("revoked"));

    // Nothing left to revoke.
    let none = client.unschedule().body(types::UnscheduleRequest::builder().customer_uid("sub-5")).send().await;
    assert_eq!(none.unwrap_err().code(), Some(1));
}

#[tokio::test]
async fn schedules_are_refused_for_the_past_for_unknown_keys_and_twice() {
    let (_sandbox, client) = start().await;
    let unknown = schedule(&client, "nobody", vec![item("x-1", T0 + HOUR, None)]).await.unwrap_err();
    assert_eq!((unknown.status(), unknown.code()), (Some(StatusCode::OK), Some(1)), "{unknown:?}");

    // Card fields issue the key with the schedule.
    let items: Vec<types::ScheduleItem> = vec![item("x-1", T0 + HOUR, None).try_into().unwrap()];
    let request = types::ScheduleRequest::builder()
        .customer_uid("new-key")
        .card_number(CARD_APPROVED)
        .expiry("2099-12")
        .schedules(items);
    client.schedule().body(request).send().await.expect("scheduled with a new key");
    let key = client.customer_view().customer_uid("new-key").send().await.expect("the key was issued");
    assert_eq!(key.card_number.as_deref(), Some("42424242****4242"));

    let past = schedule(&client, "new-key", vec![item("x-2", T0, None)]).await.unwrap_err();
    assert_eq!(past.code(), Some(1));
    let twice = schedule(&client, "new-key", vec![item("x-1", T0 + 2 * HOUR, None)]).await.unwrap_err();
    assert_eq!(twice.code(), Some(1));
    let missing = client.get_schedule_by_mid().merchant_uid("x-404").send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
}
