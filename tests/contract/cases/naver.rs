//! Contract cases: Naver Pay orders (`naver`).

use iamport::{Client, types};

use super::{Call, DAY, NOV_22, answer};

/// The Naver Pay payment the cases act on, and two of its product orders.
const NAVER_IMP_UID: &str = "imp_202611221234";
const PRODUCT_ORDERS: [&str; 2] = ["2026112212345678", "2026112212345679"];

fn product_orders() -> Vec<String> {
    PRODUCT_ORDERS.map(str::to_owned).to_vec()
}

pub fn naver_cancel_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverCancelRequest::builder()
            .product_order_id(product_orders())
            .reason(types::NaverCancelRequestReason::SoldOut);
        answer(client.naver_cancel_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_approve_cancel_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverProductOrdersRequest::builder().product_order_id(product_orders());
        answer(client.naver_approve_cancel_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_ship_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverShipRequest::builder()
            .product_order_id(product_orders())
            .delivery_method(types::NaverDeliveryMethod::Delivery)
            .dispatched_at(NOV_22 + DAY)
            .delivery_company(types::NaverDeliveryCompany::Cjgls)
            .tracking_number("612345678901");
        answer(client.naver_ship_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_ship_exchanged_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverShipExchangedRequest::builder()
            .product_order_id(product_orders())
            .delivery_method(types::NaverDeliveryMethod::Delivery)
            .delivery_company(types::NaverDeliveryCompany::Hanjin)
            .tracking_number("412345678901");
        answer(client.naver_ship_exchanged_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_collect_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverProductOrdersRequest::builder().product_order_id(product_orders());
        answer(client.naver_collect_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_place_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverProductOrdersRequest::builder().product_order_id(product_orders());
        answer(client.naver_place_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_request_return_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverRequestReturnRequest::builder()
            .product_order_id(product_orders())
            .reason(types::NaverRequestReturnRequestReason::Broken)
            .delivery_method(types::NaverRequestReturnRequestDeliveryMethod::ReturnDelivery)
            .delivery_company(types::NaverDeliveryCompany::Epost)
            .tracking_number("6012345678901");
        answer(client.naver_request_return_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_approve_return_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body =
            types::NaverApproveReturnRequest::builder().product_order_id(product_orders()).memo("반품 상품 확인 완료");
        answer(client.naver_approve_return_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_reject_return_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverRejectReturnRequest::builder()
            .product_order_id(product_orders())
            .memo("사용 흔적이 있어 반품이 불가합니다");
        answer(client.naver_reject_return_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_withhold_return_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverWithholdReturnRequest::builder()
            .product_order_id(product_orders())
            .reason(types::NaverWithholdReturnRequestReason::ReturnDeliveryfee)
            .memo("반품 배송비 입금 확인 후 처리")
            .extra_charge(3000);
        answer(client.naver_withhold_return_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_resolve_return_product_order(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverProductOrdersRequest::builder().product_order_id(product_orders());
        answer(client.naver_resolve_return_product_order().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn naver_deposit_point(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.naver_deposit_point().imp_uid(NAVER_IMP_UID).send().await) })
}

pub fn naver_confirm_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::NaverConfirmRequest::builder().requester(types::NaverConfirmRequestRequester::Customer);
        answer(client.naver_confirm_payment().imp_uid(NAVER_IMP_UID).body(body).send().await)
    })
}

pub fn get_product_orders(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_product_orders().imp_uid(NAVER_IMP_UID).send().await) })
}

pub fn get_product_order_single(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_product_order_single().product_order_id(PRODUCT_ORDERS[0]).send().await) })
}

pub fn get_reviews(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_reviews()
            .channel_key("naverpay-channel-key-0001")
            .from(NOV_22 - 30 * DAY)
            .to(NOV_22)
            .review_type(types::GetReviewsReviewType::Premium);
        answer(call.send().await)
    })
}

pub fn query_cash_amount(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.query_cash_amount().imp_uid(NAVER_IMP_UID).send().await) })
}
