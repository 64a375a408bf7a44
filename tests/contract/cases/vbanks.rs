//! Contract cases: convenience-store payments (`cvs`) and virtual accounts
//! (`vbanks`).

use iamport::{
    Client,
    types::{self, CvsIssueRequest},
};

use super::{CHANNEL_KEY, Call, DAY, NOV_22, answer};

/// The virtual account the vbank cases change and revoke.
const VBANK_IMP_UID: &str = "imp_135713571357";

pub fn issue_cvs_payment(client: &Client) -> Call<'_> {
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

pub fn revoke_cvs_payment(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.revoke_cvs_payment().imp_uid("imp_246824682468").send().await) })
}

pub fn create_vbank(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::VbankCreateRequest::builder()
            .channel_key(CHANNEL_KEY)
            .merchant_uid("order-20261122-0004")
            .amount(35000.0)
            .vbank_code("004")
            .vbank_due(NOV_22 + 3 * DAY)
            .vbank_holder("주식회사 예시상점")
            .vbank_num("56211234567890")
            .vbank_key("4001234567890")
            .product_type(types::ProductType::Real)
            .name("겨울 이불 세트")
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .buyer_addr("서울특별시 강남구 테헤란로 1")
            .buyer_postcode("06236")
            .business_registration_number("1234567890")
            .notice_url(vec!["https://shop.example.com/iamport/notice".to_owned()])
            .custom_data(r#"{"store":"gangnam"}"#)
            .tax_free(0.0)
            .vat_amount(3182.0)
            .product_count(1)
            .escrow_password("escrow-pass-1")
            .fixed_unlimited_vbank(false);
        answer(client.create_vbank().pg_api_key("inicis-api-key-0001").body(body).send().await)
    })
}

pub fn modify_vbank(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::VbankModifyRequest::builder().amount(32000.0).vbank_due(NOV_22 + 5 * DAY);
        answer(client.modify_vbank().imp_uid(VBANK_IMP_UID).body(body).send().await)
    })
}

pub fn revoke_vbank(client: &Client) -> Call<'_> {
    Box::pin(async move {
        answer(client.revoke_vbank().imp_uid(VBANK_IMP_UID).pg_api_key("inicis-api-key-0001").send().await)
    })
}

pub fn query_bank_holder(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.query_bank_holder().bank_code("004").bank_num("110123456789").send().await) })
}
