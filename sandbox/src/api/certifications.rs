//! Identity verification by one-time code (certifications): `requestOTP`
//! starts one, `confirmOTP` finishes it with the code, which in the sandbox
//! is always [`TEST_OTP`] and lives [`OTP_LIFETIME`] seconds on the sandbox
//! clock; `getCertification` and `deleteCertification` read and delete the
//! result.

use iamport::{
    StatusCode, Timestamp,
    secret::{BirthDate, OtpCode, PhoneNumber},
    types::{self, Certification},
};
use serde_json::json;

use crate::core::{
    Shared,
    body::{self, BusinessFormat},
    certifications::{Verification, birth_timestamp, birthday, certify, identity_seed},
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("requestOTP", |shared, call| ready(request_otp(shared, call))),
    ("confirmOTP", |shared, call| ready(confirm_otp(shared, call))),
    ("getCertification", |shared, call| ready(get(shared, call))),
    ("deleteCertification", |shared, call| ready(delete(shared, call))),
];

/// The one-time code every sandbox verification accepts.
pub const TEST_OTP: &str = "123456";
/// How long a code stays valid after `requestOTP` (seconds).
pub const OTP_LIFETIME: i64 = 180;

fn not_found() -> Reply {
    Reply::failure(StatusCode::NOT_FOUND, 1, "존재하지 않는 본인인증 정보입니다.")
}

/// `POST /certifications/otp/request`: the person's details are taken as
/// they come (the carrier is not asked) and the code "sent".
fn request_otp(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    // The spec takes any string for both; the carrier refuses what is not one.
    let formats = [
        BusinessFormat {
            field: "birth",
            spec_allows: |_| true,
            type_accepts: |s| BirthDate::new(s).is_ok(),
            stand_in: "900101",
        },
        BusinessFormat {
            field: "phone",
            spec_allows: |_| true,
            type_accepts: |s| PhoneNumber::new(s).is_ok(),
            stand_in: "01000000000",
        },
    ];
    let (request, refused): (types::OtpRequest, _) = body::parse_with_formats(&call.body, &formats)?;
    if let Some(field) = refused {
        return Err(Reply::refused(1, format!("{field} 형식이 올바르지 않습니다.")));
    }
    let now = shared.clock.now();
    let gender_digit = request.gender_digit.expose_secret().chars().next().and_then(|c| c.to_digit(10)).unwrap_or(0);
    let birthday = birthday(request.birth.expose_secret(), gender_digit)
        .ok_or_else(|| Reply::refused(1, "생년월일이 올바르지 않습니다."))?;
    let mut store = shared.store();
    let imp_uid = store.new_imp_uid();
    let n = store.next_id();
    let certification = Certification {
        imp_uid: Some(imp_uid.clone()),
        merchant_uid: request.merchant_uid,
        pg_provider: Some("danal".to_owned()),
        pg_tid: Some(format!("sandbox_cert_{n}")),
        name: Some(request.name.to_string()),
        gender: Some(if gender_digit % 2 == 1 { "male" } else { "female" }.to_owned()),
        birth: Some(birth_timestamp(&birthday)),
        birthday: Some(birthday),
        foreigner: Some((5..=8).contains(&gender_digit)),
        foreigner_v2: Some((5..=8).contains(&gender_digit)),
        phone: Some(request.phone),
        carrier: Some(request.carrier.to_string()),
        certified: Some(false),
        certified_at: Timestamp::NONE,
        unique_key: None,
        unique_in_site: None,
        origin: None,
    };
    store.certifications.insert(imp_uid.clone(), Verification { certification, otp_sent_at: now });
    Ok(Reply::ok(json!({ "imp_uid": imp_uid })))
}

/// `POST /certifications/otp/confirm/{imp_uid}`: [`TEST_OTP`] within
/// [`OTP_LIFETIME`] certifies the person.
fn confirm_otp(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    // The spec takes 1 to 16 characters; a code that is not letters and
    // digits is simply not the code.
    let formats = [BusinessFormat {
        field: "otp",
        spec_allows: |s| (1..=16).contains(&s.chars().count()),
        type_accepts: |s| OtpCode::new(s).is_ok(),
        stand_in: "0",
    }];
    let (request, refused): (types::OtpConfirmRequest, _) = body::parse_with_formats(&call.body, &formats)?;
    let request = types::OtpConfirmRequest { otp: request.otp.filter(|_| refused.is_none()) };
    let now = shared.clock.now();
    let mut store = shared.store();
    let identity = identity_seed(&mut store);
    let verification = store.certifications.get_mut(call.param("imp_uid")).ok_or_else(not_found)?;
    let certification = &mut verification.certification;
    if certification.certified == Some(true) {
        return Err(Reply::refused(1, "이미 인증이 완료된 건입니다."));
    }
    if now - verification.otp_sent_at > OTP_LIFETIME {
        return Err(Reply::refused(1, "인증번호 입력시간이 초과되었습니다. 인증을 다시 요청해주세요."));
    }
    if request.otp.as_ref().map(|otp| otp.expose_secret()) != Some(TEST_OTP) {
        return Err(Reply::refused(1, "인증번호가 일치하지 않습니다."));
    }
    certify(certification, identity, now);
    Ok(Reply::ok(&*certification))
}

fn get(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let store = shared.store();
    let verification = store.certifications.get(call.param("imp_uid")).ok_or_else(not_found)?;
    Ok(Reply::ok(&verification.certification))
}

fn delete(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let mut store = shared.store();
    let verification = store.certifications.remove(call.param("imp_uid")).ok_or_else(not_found)?;
    Ok(Reply::ok(verification.certification))
}
