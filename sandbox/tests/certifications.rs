//! Identity verification by one-time code through the client: requested,
//! confirmed with the sandbox's code, read and deleted; a wrong or late
//! code is refused.

mod support;

use std::time::Duration;

use iamport::{Client, StatusCode, types};
use iamport_sandbox::{OTP_LIFETIME, TEST_OTP};
use support::start;

async fn request(client: &Client, phone: &str) -> String {
    let request = types::OtpRequest::builder()
        .name("홍길동")
        .phone(phone)
        .birth("900101")
        .gender_digit("1")
        .carrier(types::OtpRequestCarrier::Skt)
        .channel_key("channel-key-sandbox")
        .merchant_uid("cert-1");
    client.request_otp().body(request).send().await.expect("code sent").imp_uid
}

async fn confirm(client: &Client, imp_uid: &str, otp: &str) -> iamport::Result<types::Certification> {
    client.confirm_otp().imp_uid(imp_uid).body(types::OtpConfirmRequest::builder().otp(otp)).send().await
}

#[tokio::test]
async fn an_otp_certification_is_confirmed_read_and_deleted() {
    let (_sandbox, client) = start().await;
    let imp_uid = request(&client, "010-1234-5678").await;
    let pending = client.get_certification().imp_uid(imp_uid.as_str()).send().await.unwrap();
    assert_eq!(pending.certified, Some(false));

    let wrong = confirm(&client, &imp_uid, "000000").await.unwrap_err();
    assert_eq!((wrong.status(), wrong.code()), (Some(StatusCode::OK), Some(1)));

    let certified = confirm(&client, &imp_uid, TEST_OTP).await.unwrap();
    assert_eq!(certified.certified, Some(true));
    assert_eq!(certified.imp_uid.as_deref(), Some(imp_uid.as_str()));
    assert_eq!(certified.merchant_uid.as_deref(), Some("cert-1"));
    assert_eq!(certified.name.as_deref(), Some("홍길동"));
    assert_eq!(certified.gender.as_deref(), Some("male"));
    assert_eq!(certified.birthday.as_ref().map(|b| b.expose_secret()), Some("1990-01-01"));
    assert_eq!(certified.phone.as_ref().map(|p| p.expose_secret()), Some("010-1234-5678"));
    assert_eq!(certified.carrier.as_deref(), Some("SKT"));
    assert!(certified.unique_key.is_some() && certified.unique_in_site.is_some());
    // The person's data never prints.
    let printed = format!("{certified:?}");
    assert!(!printed.contains("5678") && !printed.contains("1990"), "{printed}");

    assert_eq!(confirm(&client, &imp_uid, TEST_OTP).await.unwrap_err().code(), Some(1), "once only");
    let read = client.get_certification().imp_uid(imp_uid.as_str()).send().await.unwrap();
    assert_eq!(
        read.unique_key.as_ref().map(|k| k.expose_secret().to_owned()),
        certified.unique_key.as_ref().map(|k| k.expose_secret().to_owned())
    );

    // The same person verified again has the same CI.
    let second = request(&client, "010-1234-5678").await;
    let again = confirm(&client, &second, TEST_OTP).await.unwrap();
    assert_eq!(
        again.unique_key.as_ref().map(|k| k.expose_secret().to_owned()),
        certified.unique_key.as_ref().map(|k| k.expose_secret().to_owned())
    );

    let deleted = client.delete_certification().imp_uid(imp_uid.as_str()).send().await.unwrap();
    assert_eq!(deleted.imp_uid.as_deref(), Some(imp_uid.as_str()));
    let gone = client.get_certification().imp_uid(imp_uid.as_str()).send().await.unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let gone = client.delete_certification().imp_uid(imp_uid.as_str()).send().await.unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn a_late_code_is_refused() {
    let (sandbox, client) = start().await;
    let imp_uid = request(&client, "010-2222-3333").await;
    sandbox.clock().advance(Duration::from_secs(OTP_LIFETIME as u64 + 1));
    assert_eq!(confirm(&client, &imp_uid, TEST_OTP).await.unwrap_err().code(), Some(1));
    let unknown = confirm(&client, "imp_000000000000", TEST_OTP).await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
