//! One realistic call per operation of the spec, with every optional field
//! the operation takes, so that Prism checks all of them.
//!
//! Adding an operation to the spec: add one function here and one line to
//! [`CASES`]. `every_operation_has_a_contract_case` names any operation
//! that is missing.

use std::{future::Future, pin::Pin};

use iamport::{
    Client,
    enums::PaymentSorting,
    types::{self, AgainRequest, CancelRequest, CvsIssueRequest, GetTokenRequest, OnetimeRequest},
};
use serde::Serialize;
use serde_json::{Value, json};

/// The call's answer, serialized back to JSON to compare with the example.
pub type Call<'a> = Pin<Box<dyn Future<Output = iamport::Result<Value>> + Send + 'a>>;

/// The contract case of one operation.
pub struct Case {
    /// The operation's `operationId`.
    pub id: &'static str,
    /// Makes the call.
    pub call: for<'a> fn(&'a Client) -> Call<'a>,
}

pub const CASES: &[Case] = &[
    Case { id: "getToken", call: get_token },
    Case { id: "issueCvsPayment", call: issue_cvs_payment },
    Case { id: "revokeCvsPayment", call: revoke_cvs_payment },
    Case { id: "onetime", call: onetime },
    Case { id: "again", call: again },
    Case { id: "getPaymentByImpUid", call: get_payment_by_imp_uid },
    Case { id: "getPaymentByMerchantUidAnyStatus", call: get_payment_by_merchant_uid_any_status },
    Case { id: "getPaymentByMerchantUid", call: get_payment_by_merchant_uid },
    Case { id: "cancelPayment", call: cancel_payment },
    Case { id: "customer_view", call: customer_view },
    Case { id: "customer_delete", call: customer_delete },
];

pub fn find(id: &str) -> Option<&'static Case> {
    CASES.iter().find(|case| case.id == id)
}

/// The credentials the contract client uses (Prism accepts any).
pub const KEY: &str = "contract_imp_key";
pub const SECRET: &str = "contract-imp-secret-0c4f";

fn answer<T: Serialize>(result: iamport::Result<T>) -> iamport::Result<Value> {
    result.map(|decoded| serde_json::to_value(decoded).expect("decoded answers serialize"))
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().expect("a JSON object").clone()
}

fn get_token(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = GetTokenRequest { imp_key: KEY.into(), imp_secret: SECRET.parse().expect("secret is not empty") };
        answer(client.get_token().body(body).send().await)
    })
}

fn issue_cvs_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = CvsIssueRequest::builder()
            .merchant_uid("order-20261122-0003")
            .amount(15000.0)
            .channel_key("channel-key-9f8e7d6c-5b4a-3210-fedc-ba9876543210")
            .pg("galaxia.im_galaxia0")
            .barcode("1234567890123456")
            .expired_at(1_700_086_400)
            .name("도시락")
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .buyer_addr("서울특별시 강남구 테헤란로 1")
            .buyer_postcode("06236")
            .confirm_url("https://shop.example.com/iamport/cvs-confirm")
            .notice_url(vec![
                "https://shop.example.com/iamport/notice".to_owned(),
                "https://backup.example.com/iamport/notice".to_owned(),
            ])
            .custom_data(r#"{"store":"gangnam"}"#);
        answer(client.issue_cvs_payment().body(body).send().await)
    })
}

fn revoke_cvs_payment(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.revoke_cvs_payment().imp_uid("imp_246824682468").send().await) })
}

fn onetime(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = OnetimeRequest::builder()
            .merchant_uid("order-20261122-0001")
            .amount(8900.0)
            .currency("KRW")
            .tax_free(0.0)
            .vat_amount(809.0)
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
            .secure_3d_token("3ds-token-0001")
            .extra(object(json!({ "requester": "contract-test" })));
        answer(client.onetime().body(body).send().await)
    })
}

fn again(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = AgainRequest::builder()
            .customer_uid("customer-0001")
            .merchant_uid("order-20261122-0002")
            .amount(8900.0)
            .name("월간 이용권")
            .currency("KRW")
            .tax_free(0.0)
            .vat_amount(809.0)
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

fn get_payment_by_imp_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        answer(client.get_payment_by_imp_uid().imp_uid("imp_123412341234").include_sandbox(true).send().await)
    })
}

fn get_payment_by_merchant_uid_any_status(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payment_by_merchant_uid_any_status()
            .merchant_uid("order-20261122-0001")
            .sorting(PaymentSorting::UpdatedNewestFirst);
        answer(call.send().await)
    })
}

fn get_payment_by_merchant_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payment_by_merchant_uid()
            .merchant_uid("order-20261122-0001")
            .payment_status(types::PaymentStatusFilter::Paid)
            .sorting(PaymentSorting::PaidNewestFirst);
        answer(call.send().await)
    })
}

fn cancel_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = CancelRequest::builder()
            .imp_uid("imp_123412341234")
            .merchant_uid("order-20261122-0001")
            .amount(1000.0)
            .tax_free(0.0)
            .vat_amount(91.0)
            .checksum(8900.0)
            .reason("부분 환불")
            .refund_holder("홍길동")
            .refund_bank("88")
            .refund_account("110123456789")
            .refund_tel("010-1234-5678")
            .retain_promotion(true)
            .enable_webhook(true);
        answer(client.cancel_payment().body(body).send().await)
    })
}

fn customer_view(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.customer_view().customer_uid("customer-0001").send().await) })
}

fn customer_delete(client: &Client) -> Call<'_> {
    Box::pin(async move {
        answer(client.customer_delete().customer_uid("customer-0001").reason("회원 탈퇴").send().await)
    })
}
