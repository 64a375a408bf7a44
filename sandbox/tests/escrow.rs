//! Escrow shipping information through the client: registered once,
//! changed, read; 409 when registered twice or missing, 404 for no payment.

mod support;

use iamport::{StatusCode, types};
use support::{T0, card_payment, start};

fn party(name: &str) -> types::builder::EscrowLogisParty {
    types::EscrowLogisParty::builder().name(name).tel("010-1234-5678").addr("서울시 중구").postcode("04524")
}

fn logis(invoice: &str) -> types::builder::EscrowLogisInfo {
    types::EscrowLogisInfo::builder().company("CJGLS").invoice(invoice).sent_at(T0 + 600)
}

/// A first registration, with the e-mail to the buyer only it takes.
fn shipment(invoice: &str) -> types::builder::EscrowLogisSaveRequest {
    types::EscrowLogisSaveRequest::builder()
        .sender(party("보내는사람"))
        .receiver(party("받는사람"))
        .logis(logis(invoice))
        .send_email(true)
}

fn change(invoice: &str) -> types::builder::EscrowLogisRequest {
    types::EscrowLogisRequest::builder().sender(party("보내는사람")).receiver(party("받는사람")).logis(logis(invoice))
}

#[tokio::test]
async fn shipping_is_registered_changed_and_read() {
    let (_sandbox, client) = start().await;
    let paid = card_payment(&client, "escrow-1", 50000.0).await;
    let imp_uid = paid.imp_uid.as_str();

    let none = client.escrow_logis_get().imp_uid(imp_uid).send().await.unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::CONFLICT), "nothing registered yet");
    let edit_first = client.escrow_logis_edit().imp_uid(imp_uid).body(change("1")).send().await.unwrap_err();
    assert_eq!(edit_first.status(), Some(StatusCode::CONFLICT));

    let saved = client.escrow_logis_save().imp_uid(imp_uid).body(shipment("123456789012")).send().await.unwrap();
    assert_eq!((saved.company.as_deref(), saved.invoice.as_deref()), (Some("CJGLS"), Some("123456789012")));
    assert_eq!((saved.sent_at.raw(), saved.applied_at.raw()), (T0 + 600, T0));
    let twice = client.escrow_logis_save().imp_uid(imp_uid).body(shipment("2")).send().await.unwrap_err();
    assert_eq!(twice.status(), Some(StatusCode::CONFLICT));

    let edited = client.escrow_logis_edit().imp_uid(imp_uid).body(change("999999999999")).send().await.unwrap();
    assert_eq!(edited.invoice.as_deref(), Some("999999999999"));
    let read = client.escrow_logis_get().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(read.invoice.as_deref(), Some("999999999999"));

    let unknown = client.escrow_logis_get().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
