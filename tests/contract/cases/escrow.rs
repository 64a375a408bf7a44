//! Contract cases: shipping information of escrow payments (`escrow.logis`).

use iamport::{Client, types};

use super::{Call, DAY, NOV_22, answer};

/// The escrow payment whose shipment the cases register and edit.
const ESCROW_IMP_UID: &str = "imp_864286428642";

/// A shipment with every field the request takes (the PGs differ in which
/// they require).
fn shipment(invoice: &str) -> types::builder::EscrowLogisRequest {
    let party = |name: &str, relationship: &str| {
        types::EscrowLogisParty::builder()
            .name(name)
            .tel("010-1234-5678")
            .addr("서울특별시 강남구 테헤란로 1, 3층")
            .postcode("06236")
            .relationship(relationship)
            .formed_address(
                types::FormedAddress::builder().address_line_1("서울특별시 강남구 테헤란로 1").address_line_2("3층"),
            )
    };
    let product = types::EscrowLogisProduct::builder()
        .id("product-1001")
        .name("겨울 이불 세트")
        .code("SKU-BED-1001")
        .amount(35000.0)
        .currency("KRW")
        .quantity(1)
        .tag("침구");
    types::EscrowLogisRequest::builder()
        .sender(party("김상점", "본인"))
        .receiver(party("홍길동", "본인"))
        .logis(
            types::EscrowLogisInfo::builder()
                .company("CJGLS")
                .invoice(invoice)
                .sent_at(NOV_22 + DAY)
                .receiving_at("20261125")
                .address("서울특별시 강남구 테헤란로 1, 3층"),
        )
        .products(vec![product.try_into().expect("the product is valid")])
}

pub fn escrow_logis_get(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.escrow_logis_get().imp_uid(ESCROW_IMP_UID).send().await) })
}

pub fn escrow_logis_save(client: &Client) -> Call<'_> {
    Box::pin(async move {
        // Registering takes the same fields as an edit, and `send_email`.
        let edit = types::EscrowLogisRequest::try_from(shipment("612345678901")).expect("the shipment is valid");
        let body = types::EscrowLogisSaveRequest::builder()
            .sender(edit.sender)
            .receiver(edit.receiver)
            .logis(edit.logis)
            .products(edit.products)
            .send_email(true);
        answer(client.escrow_logis_save().imp_uid(ESCROW_IMP_UID).body(body).send().await)
    })
}

pub fn escrow_logis_edit(client: &Client) -> Call<'_> {
    Box::pin(async move {
        answer(client.escrow_logis_edit().imp_uid(ESCROW_IMP_UID).body(shipment("612345678902")).send().await)
    })
}
