//! Identity verifications (certifications), what the API group and the
//! browser checkout share: what the store keeps, and [`certify`], which
//! marks a person verified with their CI and DI.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use iamport::{
    Timestamp,
    secret::{BirthDate, BirthTimestamp, PersonalIdentifier, PhoneNumber},
    types::Certification,
};

use super::store::Store;

/// A verification, and when its code was sent.
#[derive(Clone)]
pub(crate) struct Verification {
    pub(crate) certification: Certification,
    pub(crate) otp_sent_at: i64,
}

// Written by hand: a person's data stays out of it (the generated types
// redact it too; this keeps the rule in one place).
impl std::fmt::Debug for Verification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verification").field("imp_uid", &self.certification.imp_uid).finish_non_exhaustive()
    }
}

/// What [`certify`] takes from the store: its seed and a fresh id.
pub(crate) fn identity_seed(store: &mut Store) -> (u64, u64) {
    (store.seed(), store.next_id())
}

/// Marks the verification certified `now`. The same person (name, birthday,
/// phone) gets the same CI in every verification and sandbox, as the real
/// CI is the same everywhere; the DI is per site, here per sandbox
/// (`(seed, n)` from [`identity_seed`]).
pub(crate) fn certify(certification: &mut Certification, (seed, n): (u64, u64), now: i64) {
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
}

/// `YYMMDD` (or `YYYYMMDD`, with or without dashes) as `YYYY-MM-DD`, the
/// century of a six-digit date from the gender digit as resident
/// registration numbers encode it.
pub(crate) fn birthday(birth: &str, gender_digit: u32) -> Option<BirthDate> {
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
pub(crate) fn birth_timestamp(birthday: &BirthDate) -> BirthTimestamp {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_take_their_century_from_the_gender_digit() {
        let show = |birth: &str, digit: u32| birthday(birth, digit).map(|b| b.expose_secret().to_owned());
        assert_eq!(show("900101", 1).as_deref(), Some("1990-01-01"));
        assert_eq!(show("050315", 4).as_deref(), Some("2005-03-15"));
        assert_eq!(show("19900101", 3).as_deref(), Some("1990-01-01"));
        assert_eq!(show("1990-01-01", 0).as_deref(), Some("1990-01-01"));
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
