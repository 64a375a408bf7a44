//! The identity-verification window (`IMP.certification`): a form with
//! the person's name, phone, birthday, gender and carrier (defaults make
//! `approve` alone work), then the customer's choice. The verification is
//! stored as `POST /certifications/otp/...` stores one, so that
//! `GET /certifications/{imp_uid}` returns it.

use iamport::{
    Timestamp,
    secret::{BirthDate, PhoneNumber},
    types::Certification,
};
use serde_json::{Value, json};

use super::{
    CheckoutError, CheckoutResult, Choice, Dialect, Merchant,
    result::{self, CANCELLED, DECLINED, REFUSED, TOO_YOUNG},
};
use crate::core::{
    Shared,
    certifications::{Verification, birth_timestamp, birthday, certify, identity_seed},
};

/// The person the form starts with.
const DEFAULT_PERSON: [(&str, &str); 5] =
    [("name", "홍길동"), ("phone", "01012345678"), ("birthday", "1990-01-01"), ("gender", "male"), ("carrier", "SKT")];
/// The carriers the form takes.
const CARRIERS: &[&str] = &["SKT", "KT", "LGT", "SKT_MVNO", "KT_MVNO", "LGT_MVNO", "MVNO"];
const DECLINE_REASON: &str = "본인인증에 실패하였습니다. (sandbox)";
const CANCEL_REASON: &str = "[본인인증포기] 사용자가 본인인증을 취소하셨습니다";

/// The form's fields: those given, else the page's parameters (`name`,
/// `phone`, `carrier`), else the defaults.
fn person(params: &Value, fields: Option<&Value>) -> Vec<(&'static str, String)> {
    DEFAULT_PERSON
        .iter()
        .map(|(field, default)| {
            let given = fields.and_then(|f| f.get(*field)).or_else(|| params.get(*field)).and_then(Value::as_str);
            (*field, given.filter(|v| !v.is_empty()).unwrap_or(default).to_owned())
        })
        .collect()
}

fn text<'a>(params: &'a Value, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

/// What the window shows, or the result of a refusal before it opens.
pub(crate) fn window(
    shared: &Shared,
    params: &Value,
    merchant: &Merchant,
    dialect: Dialect,
) -> Result<Value, CheckoutResult> {
    let merchant_uid = text(params, "merchant_uid");
    if let Err(message) = merchant.check(shared) {
        let m_redirect_url = text(params, "m_redirect_url");
        return Err(result::of_certification(None, merchant_uid, m_redirect_url, Some((REFUSED, message)), dialect));
    }
    // `[name, value]` pairs: a JSON object would come out sorted by name,
    // and the form shows them in a person's order (name first).
    let fields = person(params, None);
    Ok(json!({
        "purpose": "certification",
        "merchant": merchant.label(shared),
        "merchant_uid": merchant_uid,
        "fields": fields,
        "carriers": CARRIERS,
    }))
}

/// Plays a verification window (`IMP.certification`): the form checked (a
/// malformed field is an error the window shows), then the choice.
pub(crate) fn run(
    shared: &Shared,
    params: &Value,
    fields: Option<&Value>,
    choice: Choice,
    dialect: Dialect,
    merchant: &Merchant,
) -> Result<CheckoutResult, CheckoutError> {
    if !params.is_object() {
        return Err(CheckoutError::new("`params` must be an object"));
    }
    let merchant_uid = text(params, "merchant_uid").map(str::to_owned);
    let m_redirect_url = text(params, "m_redirect_url").map(str::to_owned);
    if let Err(message) = merchant.check(shared) {
        let failure = Some((REFUSED, message));
        return Ok(result::of_certification(
            None,
            merchant_uid.as_deref(),
            m_redirect_url.as_deref(),
            failure,
            dialect,
        ));
    }
    let person = person(params, fields);
    let field = |name: &str| person.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str());
    let name = field("name").to_owned();
    let phone = PhoneNumber::new(field("phone").replace('-', ""))
        .map_err(|_| CheckoutError::new("phone: 휴대폰 번호 형식이 올바르지 않습니다."))?;
    let gender = match field("gender") {
        gender @ ("male" | "female") => gender.to_owned(),
        _ => return Err(CheckoutError::new("gender: male 또는 female이어야 합니다.")),
    };
    // A full date takes no century from the gender digit.
    let born: BirthDate = birthday(field("birthday"), 0)
        .ok_or_else(|| CheckoutError::new("birthday: 생년월일은 YYYY-MM-DD 형식이어야 합니다."))?;
    let carrier = field("carrier").to_owned();
    if !CARRIERS.contains(&carrier.as_str()) {
        return Err(CheckoutError::new(format!("carrier: {} 중 하나여야 합니다.", CARRIERS.join(", "))));
    }
    let pg_provider = text(params, "pg").and_then(|pg| pg.split('.').next()).unwrap_or("danal").to_owned();
    let now = shared.clock.now();
    let min_age = params.get("min_age").and_then(Value::as_i64);
    let too_young = min_age.is_some_and(|min| age(born.expose_secret(), now) < min);
    let mut store = shared.store();
    let imp_uid = store.new_imp_uid();
    let n = store.next_id();
    let mut certification = Certification {
        imp_uid: Some(imp_uid.clone()),
        merchant_uid: merchant_uid.clone(),
        pg_provider: Some(pg_provider),
        pg_tid: Some(format!("sandbox_cert_{n}")),
        name: Some(name),
        gender: Some(gender),
        birth: Some(birth_timestamp(&born)),
        birthday: Some(born),
        foreigner: Some(false),
        foreigner_v2: Some(false),
        phone: Some(phone),
        carrier: Some(carrier),
        certified: Some(false),
        certified_at: Timestamp::NONE,
        unique_key: None,
        unique_in_site: None,
        origin: None,
    };
    let failure = match choice {
        Choice::Approve if too_young => {
            Some((TOO_YOUNG, format!("만 {}세 이상만 인증할 수 있습니다.", min_age.unwrap_or_default())))
        }
        Choice::Approve => {
            certify(&mut certification, identity_seed(&mut store), now);
            None
        }
        Choice::Decline => Some((DECLINED, DECLINE_REASON.to_owned())),
        Choice::Cancel => Some((CANCELLED, CANCEL_REASON.to_owned())),
    };
    store.certifications.insert(imp_uid.clone(), Verification { certification, otp_sent_at: now });
    drop(store);
    Ok(result::of_certification(Some(&imp_uid), merchant_uid.as_deref(), m_redirect_url.as_deref(), failure, dialect))
}

/// Whole years from a `YYYY-MM-DD` birthday to `now` (UTC dates; a day
/// either way does not matter to a sandbox's age check).
fn age(birthday: &str, now: i64) -> i64 {
    let part = |range: std::ops::Range<usize>| birthday.get(range).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let (year, month, day) = (part(0..4), part(5..7), part(8..10));
    // Civil date of `now`, by the inverse of days_from_civil.
    let days = now.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let today_day = day_of_year - (153 * mp + 2) / 5 + 1;
    let today_month = if mp < 10 { mp + 3 } else { mp - 9 };
    let today_year = year_of_era + era * 400 + i64::from(today_month <= 2);
    let had_birthday = (today_month, today_day) >= (month, day);
    today_year - year - i64::from(!had_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        // 2023-11-14 22:13:20 UTC.
        let now = 1_700_000_000;
        assert_eq!(age("1990-01-01", now), 33);
        assert_eq!(age("2005-11-14", now), 18);
        assert_eq!(age("2005-11-15", now), 17);
    }
}
