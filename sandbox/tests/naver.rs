//! Naver Pay through the client: an order paid on Naver's side, its product
//! orders placed, shipped, delivered, returned and refunded; the buyer's
//! cancel and exchange; partial success; points, confirmation, reviews.

mod support;

use std::time::Duration;

use iamport::{Client, StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{NaverClaim, Sandbox, SimulationError};
use support::{Raw, T0, start};

const DAY: u64 = 86_400;

fn ids(ids: &[&str]) -> types::NaverProductOrderIds {
    types::NaverProductOrderIds(ids.iter().map(|id| (*id).to_owned()).collect())
}

async fn orders(client: &Client, imp_uid: &str) -> Vec<types::NaverProductOrder> {
    client.get_product_orders().imp_uid(imp_uid).send().await.expect("product orders")
}

fn status(order: &types::NaverProductOrder) -> (&str, Option<&str>) {
    (order.product_order_status.as_deref().unwrap_or_default(), order.claim_status.as_deref())
}

/// An order of two products, 10,000 and 5,000 KRW: the payment and the two ids.
fn order(sandbox: &Sandbox, merchant_uid: &str) -> types::Payment {
    sandbox.simulate_naver_order(merchant_uid, &[("도시락", 10000.0), ("음료", 5000.0)]).expect("ordered")
}

#[tokio::test]
async fn an_order_is_placed_shipped_delivered_returned_and_refunded() {
    let (sandbox, client) = start().await;
    let paid = order(&sandbox, "naver-1");
    assert_eq!((paid.status.clone(), paid.amount), (PaymentStatus::Paid, 15000.0));
    let imp_uid = paid.imp_uid.as_str();
    let listed = orders(&client, imp_uid).await;
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|o| status(o) == ("PAYED", None)));
    let (lunch, drink) = (listed[0].product_order_id.clone().unwrap(), listed[1].product_order_id.clone().unwrap());

    let placed = client
        .naver_place_product_order()
        .imp_uid(imp_uid)
        .body(types::NaverProductOrdersRequest::builder())
        .send()
        .await
        .unwrap();
    assert_eq!(placed.len(), 2, "every product order of the payment");

    let ship = types::NaverShipRequest::builder()
        .product_order_id(ids(&[&lunch]))
        .delivery_method(types::NaverDeliveryMethod::Delivery)
        .delivery_company(types::NaverDeliveryCompany::Cjgls)
        .tracking_number("123456789012")
        .dispatched_at(T0);
    let shipped = client.naver_ship_product_order().imp_uid(imp_uid).body(ship).send().await.unwrap();
    assert_eq!(status(&shipped[0]), ("DELIVERING", None));
    sandbox.clock().advance(Duration::from_secs(DAY));
    let single = client.get_product_order_single().product_order_id(lunch.as_str()).send().await.unwrap();
    assert_eq!(status(&single), ("DELIVERED", None), "a day after dispatch");

    // The unshipped drink is cancelled by the seller; the lunch is returned.
    let cancel = types::NaverCancelRequest::builder()
        .product_order_id(ids(&[&drink]))
        .reason(types::NaverCancelRequestReason::SoldOut);
    let cancelled = client.naver_cancel_product_order().imp_uid(imp_uid).body(cancel).send().await.unwrap();
    assert_eq!(status(&cancelled[0]), ("CANCELED", Some("CANCEL_DONE")));
    let request_return = types::NaverRequestReturnRequest::builder()
        .product_order_id(ids(&[&lunch]))
        .delivery_method(types::NaverRequestReturnRequestDeliveryMethod::ReturnDesignated)
        .reason(types::NaverRequestReturnRequestReason::IntentChanged);
    client.naver_request_return_product_order().imp_uid(imp_uid).body(request_return).send().await.unwrap();
    let withhold =
        types::NaverWithholdReturnRequest::builder().product_order_id(ids(&[&lunch])).memo("반품 배송비 청구");
    client.naver_withhold_return_product_order().imp_uid(imp_uid).body(withhold).send().await.unwrap();
    let approve = || types::NaverApproveReturnRequest::builder().product_order_id(ids(&[&lunch]));
    let held = client.naver_approve_return_product_order().imp_uid(imp_uid).body(approve()).send().await.unwrap_err();
    assert_eq!(held.status(), Some(StatusCode::INTERNAL_SERVER_ERROR), "{held:?}");
    let resolve = types::NaverProductOrdersRequest::builder().product_order_id(ids(&[&lunch]));
    client.naver_resolve_return_product_order().imp_uid(imp_uid).body(resolve).send().await.unwrap();
    let returned = client.naver_approve_return_product_order().imp_uid(imp_uid).body(approve()).send().await.unwrap();
    assert_eq!(status(&returned[0]), ("RETURNED", Some("RETURN_DONE")));

    // Both refunds reached the payment.
    let payment = client.get_payment_by_imp_uid().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!((payment.status, payment.cancel_amount), (PaymentStatus::Cancelled, 15000.0));
    assert_eq!(payment.cancel_history.map(|h| h.len()), Some(2));
}

#[tokio::test]
async fn some_moves_succeed_and_the_answer_says_207() {
    let (sandbox, client) = start().await;
    let paid = order(&sandbox, "naver-2");
    let imp_uid = paid.imp_uid.as_str();
    let listed = orders(&client, imp_uid).await;
    let first = listed[0].product_order_id.clone().unwrap();
    let place = |names: &[&str]| types::NaverProductOrdersRequest::builder().product_order_id(ids(names));
    client.naver_place_product_order().imp_uid(imp_uid).body(place(&[&first])).send().await.unwrap();

    // Placing both again: the second moves, the first was placed already.
    let raw = Raw::new(&sandbox).await;
    let second = listed[1].product_order_id.clone().unwrap();
    let body = serde_json::json!({ "product_order_id": [first, second] });
    let answer = raw.call("POST", &format!("/payments/{imp_uid}/naver/place"), Some(body)).await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS);
    assert_eq!(answer.body["response"].as_array().map(Vec::len), Some(1));
    assert_eq!(answer.body["response"][0]["product_order_id"], second.as_str());

    let missing =
        client.naver_place_product_order().imp_uid("imp_000000000000").body(place(&[])).send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn the_buyer_cancels_and_exchanges() {
    let (sandbox, client) = start().await;
    let paid = order(&sandbox, "naver-3");
    let imp_uid = paid.imp_uid.as_str();
    let listed = orders(&client, imp_uid).await;
    let (lunch, drink) = (listed[0].product_order_id.clone().unwrap(), listed[1].product_order_id.clone().unwrap());

    let requested = sandbox.simulate_naver_claim(&drink, NaverClaim::Cancel).unwrap();
    let requested_status = (requested.product_order_status.as_deref(), requested.claim_status.as_deref());
    assert_eq!(requested_status, (Some("PAYED"), Some("CANCEL_REQUEST")));
    assert_eq!(requested.product_order_id.as_deref(), Some(drink.as_str()));
    let approve = types::NaverProductOrdersRequest::builder().product_order_id(ids(&[&drink]));
    let approved = client.naver_approve_cancel_product_order().imp_uid(imp_uid).body(approve).send().await.unwrap();
    assert_eq!(status(&approved[0]), ("CANCELED", Some("CANCEL_DONE")));
    assert_eq!(
        sandbox.simulate_naver_claim("2026000000000000", NaverClaim::Cancel).unwrap_err(),
        SimulationError::UnknownProductOrder
    );
    assert_eq!(
        sandbox.simulate_naver_claim(&lunch, NaverClaim::Exchange).unwrap_err(),
        SimulationError::ClaimNotAllowed
    );

    let ship = types::NaverShipRequest::builder()
        .product_order_id(ids(&[&lunch]))
        .delivery_method(types::NaverDeliveryMethod::Delivery)
        .dispatched_at(T0);
    client.naver_ship_product_order().imp_uid(imp_uid).body(ship).send().await.unwrap();
    sandbox.simulate_naver_claim(&lunch, NaverClaim::Exchange).unwrap();
    let collect = types::NaverProductOrdersRequest::builder().product_order_id(ids(&[&lunch]));
    client.naver_collect_product_order().imp_uid(imp_uid).body(collect).send().await.unwrap();
    let reship = types::NaverShipExchangedRequest::builder()
        .product_order_id(ids(&[&lunch]))
        .delivery_method(types::NaverDeliveryMethod::Delivery);
    let reshipped = client.naver_ship_exchanged_product_order().imp_uid(imp_uid).body(reship).send().await.unwrap();
    assert_eq!(status(&reshipped[0]), ("DELIVERING", Some("EXCHANGE_REDELIVERING")));
    sandbox.clock().advance(Duration::from_secs(DAY));
    assert_eq!(status(&orders(&client, imp_uid).await[0]), ("EXCHANGED", Some("EXCHANGE_DONE")));

    // The purchase is confirmed; it shows in the reviews; points once.
    let confirm = types::NaverConfirmRequest::builder().requester(types::NaverConfirmRequestRequester::Customer);
    client.naver_confirm_payment().imp_uid(imp_uid).body(confirm.clone()).send().await.unwrap();
    assert_eq!(status(&orders(&client, imp_uid).await[0]).0, "PURCHASE_DECIDED");
    assert_eq!(client.naver_confirm_payment().imp_uid(imp_uid).body(confirm).send().await.unwrap_err().code(), Some(1));
    let reviews = client
        .get_reviews()
        .channel_key("channel-key-sandbox-naverpay")
        .from(T0)
        .to(T0 + 2 * DAY as i64)
        .review_type(types::GetReviewsReviewType::General)
        .send()
        .await
        .unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].product_order_id.as_deref(), Some(lunch.as_str()));
    client.naver_deposit_point().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(client.naver_deposit_point().imp_uid(imp_uid).send().await.unwrap_err().code(), Some(1));

    let cash = client.query_cash_amount().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(cash.amount_total, Some(10000.0), "the cancelled drink is not covered");
}
