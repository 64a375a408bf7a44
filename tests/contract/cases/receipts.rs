//! Contract cases: cash receipts, of i'mport payments and of payments made
//! elsewhere (`receipts`), and the receipts of a partner's sub-merchants
//! (`partners`).

use iamport::{Client, types};

use super::{CHANNEL_KEY, Call, IMP_UID, answer};

/// The order paid outside i'mport whose receipt the external cases handle.
const EXTERNAL_MERCHANT_UID: &str = "offline-20261122-0042";

pub fn get_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_receipt().imp_uid(IMP_UID).send().await) })
}

pub fn issue_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::ReceiptIssueRequest::builder()
            .identifier("01012345678")
            .identifier_type(types::ReceiptIdentifierType::Phone)
            .type_(types::ReceiptType::Person)
            .product_type(types::ProductType::Real)
            .company_tel("02-1234-5678")
            .company_name("주식회사 예시상점")
            .corp_reg_no("1234567890")
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .tax_free(0)
            .vat(809)
            .vat_amount(809.0);
        answer(client.issue_receipt().imp_uid(IMP_UID).body(body).send().await)
    })
}

pub fn revoke_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.revoke_receipt().imp_uid(IMP_UID).send().await) })
}

pub fn get_external_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_external_receipt().merchant_uid(EXTERNAL_MERCHANT_UID).send().await) })
}

pub fn issue_external_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::ExternalReceiptIssueRequest::builder()
            .channel_key(CHANNEL_KEY)
            .name("매장 결제 (계좌이체)")
            .amount(22000)
            .identifier("1234567890")
            .identifier_type(types::ReceiptIdentifierType::Business)
            .type_(types::ReceiptType::Company)
            .product_type(types::ProductType::Real)
            .buyer_name("김상점")
            .buyer_email("accounting@example.co.kr")
            .buyer_tel("02-1234-5678")
            .tax_free(0)
            .vat_amount(2000.0)
            .corp_reg_no("1234567890")
            .pay_method(types::ExternalReceiptIssueRequestPayMethod::Trans);
        answer(client.issue_external_receipt().merchant_uid(EXTERNAL_MERCHANT_UID).body(body).send().await)
    })
}

pub fn revoke_external_receipt(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.revoke_external_receipt().merchant_uid(EXTERNAL_MERCHANT_UID).send().await) })
}

pub fn partner(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let item = |registration: &str, company: &str, amount: f64, vat: f64| -> types::PartnerReceiptItem {
            types::PartnerReceiptItem::builder()
                .business_registration_number(registration)
                .company_name(company)
                .amount(amount)
                .tax_free(0.0)
                .vat_amount(vat)
                .try_into()
                .expect("the partner receipt item is valid")
        };
        let body = types::PartnerReceiptRequest::builder().data(vec![
            item("1234567890", "강남 꽃집", 33000.0, 3000.0),
            item("2345678901", "역삼 빵집", 11000.0, 1000.0),
        ]);
        answer(client.partner().imp_uid(IMP_UID).body(body).send().await)
    })
}
