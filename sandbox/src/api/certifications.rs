//! Identity verification by one-time code (certifications): `requestOTP`
//! starts one, `confirmOTP` finishes it with the code, which in the sandbox
//! is always [`TEST_OTP`] and lives [`OTP_LIFETIME`] seconds on the sandbox
//! clock; `getCertification` and `deleteCertification` read and delete the
//! result.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use iamport::{
    StatusCode, Timestamp,
    secret::{BirthDate, BirthTimestamp, OtpCode, PersonalIdentifier, PhoneNumber},
    types::{self, Certification},
};
use serde_json::json;

use crate::core::{
    Shared,
    body::{self, BusinessFormat},
    certifications::Verification,
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

/// `YYMMDD` (or `YYYYMMDD`) as `YYYY-MM-DD`, the century from the gender
/// digit as resident registration numbers encode it.
fn birthday(birth: &str, gender_digit: u32) -> Option<BirthDate> {
    let digits: String = birth.chars().filter(char::is_ascii_digit).collect();
    let full = match digits.len() {
        8 => digits,
        6 => {
            let century = match gender_digit {
                1 | 2 | 5 | 6 => "19",
                3 | 4 | 7 | 8 => "20",
                _ => "18",
            };
            format!("{century}{digits}")
        }
        _ => return None,
    };
    let (month, day) = (full[4..6].parse::<u32>().ok()?, full[6..8].parse::<u32>().ok()?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    BirthDate::new(format!("{}-{}-{}", &full[..4], &full[4..6], &full[6..])).ok()
}

/// `birth` as the API still sends it: unix seconds at midnight KST.
fn birth_timestamp(birthday: &BirthDate) -> BirthTimestamp {
    let date = birthday.expose_secret();
    let [y, m, d] = [&date[..4], &date[5..7], &date[8..]].map(|part| part.parse::<i64>().unwrap_or_default());
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    BirthTimestamp::from_unix(days * 86_400 - 9 * 3_600)
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
    let n = store.next_id();
    let seed = store.seed();
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
    // The same person gets the same CI in every verification and sandbox
    // (as the real CI does); DI is per site, here per sandbox.
    let person = (
        certification.name.clone(),
        certification.birthday.as_ref().map(|b| b.expose_secret().to_owned()),
        certification.phone.as_ref().map(PhoneNumber::expose_secret).map(str::to_owned),
    );
    let ci = format!("sandbox-ci-{:016x}", BuildHasherDefault::<DefaultHasher>::default().hash_one(&person));
    let di = format!("sandbox-di-{:016x}", seed.wrapping_mul(31).wrapping_add(n));
    certification.certified = Some(true);
    certification.certified_at = Timestamp::from_unix(now);
    certification.unique_key = PersonalIdentifier::new(ci).ok();
    certification.unique_in_site = PersonalIdentifier::new(di).ok();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_take_their_century_from_the_gender_digit() {
        let show = |birth: &str, digit: u32| birthday(birth, digit).map(|b| b.expose_secret().to_owned());
        assert_eq!(show("900101", 1).as_deref(), Some("1990-01-01"));
        assert_eq!(show("050315", 4).as_deref(), Some("2005-03-15"));
        assert_eq!(show("19900101", 3).as_deref(), Some("1990-01-01"));
        assert_eq!(show("901301", 1), None);
    }

    #[test]
    fn birth_is_midnight_kst_in_unix_seconds() {
        let at = |date: &str| birth_timestamp(&BirthDate::new(date).unwrap()).expose_secret();
        assert_eq!(at("1988-07-15"), 584_895_600);
        assert_eq!(at("1990-01-01"), 631_119_600);
        assert_eq!(at("1970-01-01"), -32_400);
    }
}
