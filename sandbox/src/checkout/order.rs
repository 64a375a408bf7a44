//! `IMP.request_pay`'s parameters, read and checked as the real SDK does
//! before its window opens: what it refuses comes back to the page as a
//! failed result, not as an HTTP error.

use serde_json::Value;

use crate::core::{Shared, charges::Buyer};

/// The longest `merchant_uid` the SDK takes.
const MAX_MERCHANT_UID: usize = 40;
/// The longest `customer_uid` the API takes.
const MAX_CUSTOMER_UID: usize = 80;
/// A virtual account's deadline when the page gives none: three days.
const DEFAULT_VBANK_DAYS: i64 = 3;
/// Korea's offset from UTC: `vbank_due` is a local date and time.
const KST: i64 = 9 * 3600;

/// Easy-pay methods: a card payment through the easy-pay service, which
/// the payment names in `emb_pg_provider`.
const EASY_PAY: &[&str] =
    &["kakaopay", "naverpay", "tosspay", "payco", "samsungpay", "lpay", "ssgpay", "applepay", "kpay", "chaipay"];

/// The PG of a payment window that names none (`pg` unset): KG Inicis,
/// the API's usual PG for a browser checkout.
const DEFAULT_PG: &str = "html5_inicis";

/// PGs whose billing-key window charges `amount` when it issues the key
/// (the others show it only).
const CHARGE_AT_ISSUANCE: &[&str] = &["kakaopay", "naverpay", "danal_tpay", "nice", "jtnet", "kicc"];

/// Why the SDK refused before its window opened.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub merchant_uid: Option<String>,
    pub message: String,
}

impl Refusal {
    fn new(merchant_uid: Option<&str>, message: impl Into<String>) -> Self {
        Self { merchant_uid: merchant_uid.map(str::to_owned), message: message.into() }
    }
}

/// What the window is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A payment by `pay_method`.
    Payment,
    /// A billing key for `customer_uid`, with a first charge of `amount`
    /// when the PG charges at issuance.
    BillingKey { charges: bool },
}

/// The parameters of one `request_pay`, checked.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub purpose: Purpose,
    /// The PG module's name (`pg` before its `.`), `sandbox` for a
    /// `channelKey` or no `pg`.
    pub pg_provider: String,
    pub pg_id: String,
    pub pay_method: String,
    pub merchant_uid: String,
    pub name: Option<String>,
    pub amount: f64,
    pub currency: Option<String>,
    pub buyer: Buyer,
    pub custom_data: Option<String>,
    pub m_redirect_url: Option<String>,
    pub notice_urls: Vec<String>,
    pub confirm_url: Option<String>,
    pub customer_uid: Option<String>,
    pub vbank_due: i64,
    pub escrow: bool,
}

impl Order {
    /// The easy-pay service of the method, if it is one.
    pub fn easy_pay(&self) -> Option<&str> {
        EASY_PAY.iter().find(|m| **m == self.pay_method).copied()
    }
}

/// A string parameter: `None` when absent or null, a refusal when another type.
fn text(params: &Value, name: &str, merchant_uid: Option<&str>) -> Result<Option<String>, Refusal> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        // A telephone number or postcode written as a number is taken as the SDK takes it.
        Some(Value::Number(n)) if name.starts_with("buyer_") => Ok(Some(n.to_string())),
        Some(_) => Err(Refusal::new(merchant_uid, format!("{name}은(는) 문자열이어야 합니다."))),
    }
}

/// Reads `request_pay`'s parameters, as the SDK checks them before its
/// window opens (the merchant code, the store's rules come after).
pub(crate) fn read(shared: &Shared, params: &Value) -> Result<Order, Refusal> {
    if !params.is_object() {
        return Err(Refusal::new(None, "결제 요청 파라미터가 객체가 아닙니다."));
    }
    let given_uid = params.get("merchant_uid").and_then(Value::as_str);
    let merchant_uid = match text(params, "merchant_uid", None)? {
        Some(uid) if uid.chars().count() > MAX_MERCHANT_UID => {
            return Err(Refusal::new(given_uid, format!("merchant_uid는 최대 {MAX_MERCHANT_UID}자까지 가능합니다.")));
        }
        Some(uid) if uid.is_empty() => return Err(Refusal::new(given_uid, "merchant_uid가 비어 있습니다.")),
        Some(uid) => uid,
        // The SDK names an order without one itself.
        None => format!("nobody_{}", shared.clock.now() * 1000 + shared.store().next_id() as i64 % 1000),
    };
    let uid = Some(merchant_uid.as_str());
    let customer_uid = text(params, "customer_uid", uid)?;
    if customer_uid.as_ref().is_some_and(|c| c.is_empty() || c.chars().count() > MAX_CUSTOMER_UID) {
        return Err(Refusal::new(uid, format!("customer_uid는 1자 이상 {MAX_CUSTOMER_UID}자 이하여야 합니다.")));
    }
    let amount = match params.get("amount") {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(-1.0),
        // A billing-key window shows the amount only; it may be left out.
        None | Some(Value::Null) if customer_uid.is_some() => 0.0,
        None | Some(Value::Null) => return Err(Refusal::new(uid, "amount가 누락되었습니다.")),
        Some(_) => return Err(Refusal::new(uid, "amount는 숫자(number)여야 합니다. 문자열은 허용되지 않습니다.")),
    };
    if amount < 0.0 {
        return Err(Refusal::new(uid, "amount는 0 이상이어야 합니다."));
    }
    let (pg_provider, pg_id) = match (text(params, "pg", uid)?, text(params, "channelKey", uid)?) {
        (Some(pg), _) if !pg.is_empty() => match pg.split_once('.') {
            Some((provider, mid)) => (provider.to_owned(), mid.to_owned()),
            None => (pg, "iamport_sandbox".to_owned()),
        },
        _ => (DEFAULT_PG.to_owned(), "iamport_sandbox".to_owned()),
    };
    let pay_method = text(params, "pay_method", uid)?.unwrap_or_else(|| "card".to_owned());
    if pay_method == "phone" && !params.get("digital").is_some_and(Value::is_boolean) {
        return Err(Refusal::new(uid, "휴대폰 소액결제는 digital 파라미터(true 또는 false)가 필요합니다."));
    }
    let m_redirect_url = text(params, "m_redirect_url", uid)?;
    if m_redirect_url.as_deref().is_some_and(|u| url::Url::parse(u).is_err()) {
        return Err(Refusal::new(uid, "m_redirect_url은 절대 URL이어야 합니다."));
    }
    let notice_urls = match params.get("notice_url") {
        // The sandbox's default notice URL then (see `deliver::notify`).
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(url)) => vec![url.clone()],
        Some(Value::Array(urls)) if urls.iter().all(Value::is_string) => {
            urls.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        Some(_) => return Err(Refusal::new(uid, "notice_url은 문자열 또는 문자열 배열이어야 합니다.")),
    };
    let now = shared.clock.now();
    let vbank_due = match params.get("vbank_due") {
        None | Some(Value::Null) => now + DEFAULT_VBANK_DAYS * 86_400,
        Some(due) => vbank_due(due).ok_or_else(|| {
            Refusal::new(uid, "vbank_due 형식이 올바르지 않습니다. (YYYYMMDD, YYYY-MM-DD, YYYYMMDDhhmm 등)")
        })?,
    };
    if pay_method == "vbank" && vbank_due <= now {
        return Err(Refusal::new(uid, "vbank_due는 현재 시각 이후여야 합니다."));
    }
    let custom_data = match params.get("custom_data") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        // The API keeps an object as its JSON text.
        Some(other) => Some(other.to_string()),
    };
    let purpose = match customer_uid {
        Some(_) => Purpose::BillingKey { charges: CHARGE_AT_ISSUANCE.contains(&pg_provider.as_str()) && amount > 0.0 },
        None => Purpose::Payment,
    };
    Ok(Order {
        purpose,
        pg_provider,
        pg_id,
        pay_method,
        name: text(params, "name", uid)?,
        amount,
        currency: text(params, "currency", uid)?,
        buyer: Buyer {
            name: text(params, "buyer_name", uid)?,
            email: text(params, "buyer_email", uid)?,
            tel: text(params, "buyer_tel", uid)?,
            addr: text(params, "buyer_addr", uid)?,
            postcode: text(params, "buyer_postcode", uid)?,
        },
        custom_data,
        m_redirect_url,
        notice_urls,
        confirm_url: text(params, "confirm_url", uid)?,
        customer_uid,
        vbank_due,
        escrow: params.get("escrow").and_then(Value::as_bool).unwrap_or(false),
        merchant_uid,
    })
}

/// `vbank_due` as the SDK takes it: `YYYYMMDD`, `YYYY-MM-DD`, either with
/// `hhmm` or `hhmmss` (a date alone is its last second), Korean time; or a
/// Unix time in seconds.
fn vbank_due(due: &Value) -> Option<i64> {
    if let Some(unix) = due.as_i64() {
        return Some(unix);
    }
    let digits: String = due.as_str()?.chars().filter(char::is_ascii_digit).collect();
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = match digits.len() {
        8 => (23, 59, 59),
        12 => (number(8..10)?, number(10..12)?, 0),
        14 => (number(8..10)?, number(10..12)?, number(12..14)?),
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - KST)
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vbank_due_is_korean_time_in_every_format() {
        // 2023-11-15 00:00:00 KST is 2023-11-14 15:00:00 UTC.
        let midnight = 1_699_974_000;
        assert_eq!(vbank_due(&Value::from("202311150000")), Some(midnight));
        assert_eq!(vbank_due(&Value::from("2023-11-15 00:00:00")), Some(midnight));
        assert_eq!(vbank_due(&Value::from("20231115")), Some(midnight + 86_399));
        assert_eq!(vbank_due(&Value::from("2023-11-15")), Some(midnight + 86_399));
        assert_eq!(vbank_due(&Value::from(midnight)), Some(midnight));
        assert_eq!(vbank_due(&Value::from("2023-13-15")), None);
        assert_eq!(vbank_due(&Value::from("soon")), None);
    }
}
