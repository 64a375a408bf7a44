//! Contract cases: identity verifications (`certifications`).

use iamport::{Client, types};

use super::{CHANNEL_KEY, Call, answer};

/// The verification the cases read, delete and confirm.
const CERTIFICATION_UID: &str = "imp_975397539753";

pub fn get_certification(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_certification().imp_uid(CERTIFICATION_UID).send().await) })
}

pub fn delete_certification(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.delete_certification().imp_uid(CERTIFICATION_UID).send().await) })
}

pub fn request_otp(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::OtpRequest::builder()
            .name("홍길동")
            .phone("010-1234-5678")
            .birth("19900101")
            .gender_digit("1")
            .carrier(types::OtpRequestCarrier::Skt)
            .is_mvno(false)
            .company("예시상점")
            .merchant_uid("cert-20261122-0001")
            .pg("danal")
            .channel_key(CHANNEL_KEY)
            .verification_method(types::OtpRequestVerificationMethod::Sms)
            .bypass(r#"{"danal":{"AGELIMIT":19}}"#);
        answer(client.request_otp().body(body).send().await)
    })
}

pub fn confirm_otp(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::OtpConfirmRequest::builder().otp("123456");
        answer(client.confirm_otp().imp_uid(CERTIFICATION_UID).body(body).send().await)
    })
}
