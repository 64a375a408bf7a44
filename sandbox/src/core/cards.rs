//! Test card numbers and what the sandbox does with a card.

use iamport::secret::{CardExpiry, CardNumber};

/// A card every charge of which is approved. Any other well-formed number
/// that is not one of the special cards below behaves the same.
pub const CARD_APPROVED: &str = "4242-4242-4242-4242";
/// A card that passes authentication but whose charges are declined: the
/// call succeeds with a payment in status `failed` and a `fail_reason`
/// (the client reports [`iamport::Error::Declined`]).
pub const CARD_DECLINED: &str = "4000-0000-0000-0002";
/// A card that fails authentication: the call answers `code: -1` and no
/// payment is created (the client reports [`iamport::Error::Api`]). A card whose
/// expiry is before the sandbox's current month fails the same way.
pub const CARD_AUTHENTICATION_FAILS: &str = "4000-0000-0000-0127";

/// The `fail_reason` of a charge of [`CARD_DECLINED`].
pub const DECLINE_REASON: &str = "[F113] 잔액이 부족합니다. (sandbox)";
/// The `message` of a card that fails authentication.
pub const AUTHENTICATION_FAILED_MESSAGE: &str = "카드정보 인증에 실패하였습니다.";

/// How a card that passed authentication behaves when charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TestCard {
    Approves,
    Declines,
}

/// Authenticates a card: its behaviour, or `None` when authentication fails.
pub(crate) fn authenticate(number: &CardNumber, expiry: &CardExpiry, now: i64) -> Option<TestCard> {
    let digits = digits(number);
    if digits == digits_of(CARD_AUTHENTICATION_FAILS) || is_expired(expiry, now) {
        return None;
    }
    Some(if digits == digits_of(CARD_DECLINED) { TestCard::Declines } else { TestCard::Approves })
}

/// The card number as the API shows it: the first 8 and last 4 digits.
pub(crate) fn masked(number: &CardNumber) -> String {
    let digits = digits(number);
    let head: String = digits.chars().take(8).collect();
    let tail: String = digits.chars().skip(digits.len().saturating_sub(4).max(8)).collect();
    let hidden = digits.len().saturating_sub(head.len() + tail.len());
    format!("{head}{}{tail}", "*".repeat(hidden))
}

fn digits(number: &CardNumber) -> String {
    digits_of(number.expose_secret())
}

fn digits_of(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `YYYY-MM` is before the month of `now` (unix seconds, UTC).
fn is_expired(expiry: &CardExpiry, now: i64) -> bool {
    let text = expiry.expose_secret();
    let (Ok(year), Ok(month)) = (text[..4].parse::<i64>(), text[5..].parse::<i64>()) else { return true };
    let (this_year, this_month) = year_month(now);
    (year, month) < (this_year, this_month)
}

/// The UTC calendar year and month of unix seconds (days-to-civil algorithm).
fn year_month(unix: i64) -> (i64, i64) {
    let days = unix.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(n: &str) -> CardNumber {
        CardNumber::new(n).unwrap()
    }

    #[test]
    fn test_cards_behave_as_documented() {
        let expiry = CardExpiry::new("2030-12").unwrap();
        let now = 1_700_000_000; // 2023-11-14
        assert_eq!(authenticate(&card(CARD_APPROVED), &expiry, now), Some(TestCard::Approves));
        assert_eq!(authenticate(&card("1234-5678-9012-3456"), &expiry, now), Some(TestCard::Approves));
        assert_eq!(authenticate(&card(CARD_DECLINED), &expiry, now), Some(TestCard::Declines));
        assert_eq!(authenticate(&card(CARD_AUTHENTICATION_FAILS), &expiry, now), None);
        assert_eq!(authenticate(&card(CARD_APPROVED), &CardExpiry::new("2023-10").unwrap(), now), None);
        assert!(authenticate(&card(CARD_APPROVED), &CardExpiry::new("2023-11").unwrap(), now).is_some());
    }

    #[test]
    fn calendar_and_masking() {
        assert_eq!(year_month(0), (1970, 1));
        assert_eq!(year_month(1_700_000_000), (2023, 11));
        assert_eq!(year_month(951_782_400), (2000, 2)); // 2000-02-29
        assert_eq!(masked(&card("4518-4212-3456-1234")), "45184212****1234");
        assert_eq!(masked(&card("3782-822463-10005")), "37828224***0005");
    }
}
