//! Contract cases: charges with a card or a billing key, scheduled charges
//! (`subscribe`) and billing keys (`subscribe.customer`).

use iamport::{
    Client,
    types::{self, AgainRequest, OnetimeRequest},
};
use serde_json::json;

use super::{CHANNEL_KEY, CUSTOMER_UID, Call, DAY, NOV_22, answer, object};

pub fn onetime(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = OnetimeRequest::builder()
            .merchant_uid("order-20261122-0001")
            .amount(8900.0)
            .currency("KRW")
            .tax_free(0.0)
            .vat_amount(809.0)
            .vat(809.0)
            .card_number("1234-5678-9012-3456")
            .expiry("2030-12")
            .birth("900101")
            .pwd_2digit("12")
            .cvc("123")
            .customer_uid("customer-0001")
            .pg("nice.nictest04m")
            .channel_group_id("channel-group-1")
            .name("월간 이용권")
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .buyer_addr("서울특별시 강남구 테헤란로 1")
            .buyer_postcode("06236")
            .card_quota(0)
            .interest_free_by_merchant(false)
            .use_card_point(false)
            .custom_data(r#"{"plan":"monthly"}"#)
            .notice_url("https://shop.example.com/iamport/notice")
            .browser_ip("203.0.113.7")
            .product_type(types::ProductType::Digital)
            .promotion_id("promotion-2026-11")
            .bypass(object(json!({ "nice": { "MallReserved": "order-20261122-0001" } })))
            .secure_3d_charge_id("charge-3ds-0001")
            .secure_3d_token("3ds-token-0001");
        answer(client.onetime().body(body).send().await)
    })
}

pub fn again(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = AgainRequest::builder()
            .customer_uid("customer-0001")
            .merchant_uid("order-20261122-0002")
            .amount(8900.0)
            .name("월간 이용권")
            .currency("KRW")
            .tax_free(0.0)
            .vat_amount(809.0)
            .vat(809.0)
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .buyer_addr("서울특별시 강남구 테헤란로 1")
            .buyer_postcode("06236")
            .card_quota(3)
            .interest_free_by_merchant(true)
            .use_card_point(false)
            .custom_data(r#"{"plan":"monthly"}"#)
            .notice_url("https://shop.example.com/iamport/notice")
            .browser_ip("203.0.113.7")
            .product_type(types::ProductType::Real)
            .product_count(2)
            .cash_receipt_type(types::CashReceiptType::Person)
            .promotion_id("promotion-2026-11")
            .channel_key("channel-key-9f8e7d6c-5b4a-3210-fedc-ba9876543210")
            .bypass(object(json!({ "nice": { "MallReserved": "order-20261122-0002" } })))
            .extra(object(json!({ "requester": "contract-test" })));
        answer(client.again().body(body).send().await)
    })
}

pub fn customer_view(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.customer_view().customer_uid("customer-0001").send().await) })
}

pub fn customer_delete(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .customer_delete()
            .customer_uid("customer-0001")
            .reason("회원 탈퇴")
            .extra_requester(types::CustomerDeleteExtraRequester::Customer);
        answer(call.send().await)
    })
}

pub fn find_schedules_by_range(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .find_schedules_by_range()
            .schedule_from(NOV_22)
            .schedule_to(NOV_22 + 30 * DAY)
            .schedule_status(types::ScheduleStatus::Scheduled)
            .page(1u32)
            .limit(10u32)
            .sorting(types::FindSchedulesByRangeSorting::Scheduled);
        answer(call.send().await)
    })
}

/// One scheduled charge with every field a schedule item takes.
fn schedule_item(merchant_uid: &str, schedule_at: i64) -> types::ScheduleItem {
    types::ScheduleItem::builder()
        .merchant_uid(merchant_uid)
        .schedule_at(schedule_at)
        .currency("KRW")
        .amount(8900.0)
        .tax_free(0.0)
        .vat_amount(809.0)
        .name("월간 이용권")
        .buyer_name("홍길동")
        .buyer_email("buyer@example.com")
        .buyer_tel("010-1234-5678")
        .buyer_addr("서울특별시 강남구 테헤란로 1")
        .buyer_postcode("06236")
        .custom_data(r#"{"plan":"monthly"}"#)
        .notice_url("https://shop.example.com/iamport/notice")
        .product_type(types::ProductType::Digital)
        .cash_receipt_type(types::CashReceiptType::Person)
        .card_quota(0)
        .interest_free_by_merchant(false)
        .use_card_point(false)
        .product_count(1)
        .browser_ip("203.0.113.7")
        .extra(types::ScheduleExtra::builder().naver_use_cfm("20261222"))
        .bypass(r#"{"nice":{"MallReserved":"monthly"}}"#)
        .promotion_id("promotion-2026-11")
        .try_into()
        .expect("the schedule item is valid")
}

pub fn schedule(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::ScheduleRequest::builder()
            .customer_uid(CUSTOMER_UID)
            .customer_id("member-7001")
            .checking_amount(1000)
            .card_number("1234-5678-9012-3456")
            .expiry("2030-12")
            .birth("900101")
            .pwd_2digit("12")
            .cvc("123")
            .channel_key(CHANNEL_KEY)
            .schedules(vec![
                schedule_item("order-20261222-0001", NOV_22 + 30 * DAY),
                schedule_item("order-20270122-0001", NOV_22 + 61 * DAY),
            ]);
        answer(client.schedule().body(body).send().await)
    })
}

pub fn unschedule(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let merchant_uids = ["order-20261222-0001", "order-20270122-0001"]
            .map(|uid| types::MerchantUid::try_from(uid).expect("a valid merchant_uid"));
        let body = types::UnscheduleRequest::builder().customer_uid(CUSTOMER_UID).merchant_uid(merchant_uids.to_vec());
        answer(client.unschedule().body(body).send().await)
    })
}

pub fn get_schedule_by_mid(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_schedule_by_mid().merchant_uid("order-20261222-0001").send().await) })
}

pub fn update_schedule_by_mid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::ScheduleTimeRequest::builder().schedule_at(NOV_22 + 31 * DAY);
        answer(client.update_schedule_by_mid().merchant_uid("order-20261222-0001").body(body).send().await)
    })
}

pub fn reschedule_by_mid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::ScheduleTimeRequest::builder().schedule_at(NOV_22 + 32 * DAY);
        answer(client.reschedule_by_mid().merchant_uid("order-20261222-0001").body(body).send().await)
    })
}

pub fn retry_schedule_by_mid(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.retry_schedule_by_mid().merchant_uid("order-20261222-0001").send().await) })
}

pub fn find_schedules_by_customer(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .find_schedules_by_customer()
            .customer_uid(CUSTOMER_UID)
            .page(1u32)
            .from(NOV_22)
            .to(NOV_22 + 90 * DAY)
            .schedule_status(types::ScheduleStatus::Executed);
        answer(call.send().await)
    })
}

pub fn customer_save(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::CustomerSaveRequest::builder()
            .channel_key(CHANNEL_KEY)
            .pg("nice.nictest04m")
            .customer_id("member-7001")
            .card_number("1234-5678-9012-3456")
            .expiry("2030-12")
            .birth("900101")
            .pwd_2digit("12")
            .cvc("123")
            .customer_name("홍길동")
            .customer_tel("010-1234-5678")
            .customer_email("buyer@example.com")
            .customer_addr("서울특별시 강남구 테헤란로 1")
            .customer_postcode("06236")
            .channel_group_id("channel-group-1");
        answer(client.customer_save().customer_uid(CUSTOMER_UID).body(body).send().await)
    })
}

pub fn customer_view_multiple(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let uids = vec![CUSTOMER_UID.to_owned(), "customer-0002".to_owned()];
        answer(client.customer_view_multiple().customer_uid(uids).send().await)
    })
}

pub fn customer_payments(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.customer_payments().customer_uid(CUSTOMER_UID).page(2u32).send().await) })
}

pub fn customer_schedules(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .customer_schedules()
            .customer_uid(CUSTOMER_UID)
            .page(1u32)
            .from(NOV_22)
            .to(NOV_22 + 90 * DAY)
            .schedule_status(types::ScheduleStatus::Scheduled);
        answer(call.send().await)
    })
}
