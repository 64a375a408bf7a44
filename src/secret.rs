//! Secrets and cardholder data.
//!
//! Each type serializes as the plain string the API expects, but its `Debug`
//! and `Display` never show the value (a card number shows its last four
//! digits). Constructors check the format the API documents and their errors
//! never repeat the value. Read the value with `expose_secret`, and only to
//! send it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that does not have the format the API expects.
///
/// The message names the field and the expected format, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: expected {expected}")]
pub struct InvalidValue {
    what: &'static str,
    expected: &'static str,
}

impl InvalidValue {
    pub(crate) fn new(what: &'static str, expected: &'static str) -> Self {
        Self { what, expected }
    }

    /// Which kind of value was rejected (e.g. "card number").
    pub fn what(&self) -> &'static str {
        self.what
    }
}

const REDACTED: &str = "** redacted **";

macro_rules! secret_string {
    (
        $(#[$doc:meta])*
        $name:ident, $what:literal, $expected:literal, $valid:expr, $redact:expr
    ) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Checks the format and wraps the value.
            pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
                let value = value.into();
                let valid: fn(&str) -> bool = $valid;
                if valid(&value) {
                    Ok(Self(value))
                } else {
                    Err(InvalidValue::new($what, $expected))
                }
            }

            /// The value itself, to be sent to the API and nowhere else.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let redact: fn(&str) -> String = $redact;
                f.debug_tuple(stringify!($name)).field(&format_args!("{}", redact(&self.0))).finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let redact: fn(&str) -> String = $redact;
                f.write_str(&redact(&self.0))
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidValue;
            fn from_str(value: &str) -> Result<Self, InvalidValue> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidValue;
            fn try_from(value: &str) -> Result<Self, InvalidValue> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(value: String) -> Result<Self, InvalidValue> {
                Self::new(value)
            }
        }

        impl TryFrom<&String> for $name {
            type Error = InvalidValue;
            fn try_from(value: &String) -> Result<Self, InvalidValue> {
                Self::new(value.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                // serde's own messages may quote the input; this one cannot.
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn hidden(_: &str) -> String {
    REDACTED.to_owned()
}

/// `dddd-dddd-dddd-dddd`, or another grouping of 3 or 4 groups (4-6-5).
fn card_number_format(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    matches!(groups.len(), 3 | 4)
        && groups[0].len() == 4
        && groups.iter().all(|g| all_digits(g))
        && groups[1..].iter().all(|g| (2..=6).contains(&g.len()))
}

fn last_four(s: &str) -> String {
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("****-{tail}")
}

secret_string!(
    /// The REST API secret (`imp_secret`).
    ImpSecret, "imp_secret", "a non-empty string", |s| !s.is_empty(), hidden
);
secret_string!(
    /// An access token from `getToken`.
    AccessToken, "access token", "a non-empty string", |s| !s.is_empty(), hidden
);
secret_string!(
    /// A card number, e.g. `1234-5678-9012-3456`. Prints its last four digits only.
    CardNumber,
    "card number",
    "digit groups separated by '-' (dddd-dddd-dddd-dddd or 3-4 groups of 2-6 digits)",
    card_number_format,
    last_four
);
secret_string!(
    /// A card expiry, `YYYY-MM`.
    CardExpiry,
    "card expiry",
    "YYYY-MM",
    |s| {
        let b = s.as_bytes();
        b.len() == 7
            && b[4] == b'-'
            && all_digits(&s[..4])
            && all_digits(&s[5..])
            && (1..=12).contains(&s[5..].parse::<u8>().unwrap_or(0))
    },
    hidden
);
secret_string!(
    /// The cardholder's birth date (`YYMMDD`) or a 10-digit business number.
    CardholderBirth,
    "birth",
    "YYMMDD or a 10-digit business registration number",
    |s| all_digits(s) && matches!(s.len(), 6 | 10),
    hidden
);
secret_string!(
    /// The first two digits of the card password (`pwd_2digit`).
    CardPassword2Digit, "pwd_2digit", "two digits", |s| all_digits(s) && s.len() == 2, hidden
);
secret_string!(
    /// A card verification code.
    CardCvc, "cvc", "3 or 4 digits", |s| all_digits(s) && matches!(s.len(), 3 | 4), hidden
);
secret_string!(
    /// A bank account number for a refund.
    BankAccountNumber,
    "bank account number",
    "1 to 20 characters",
    |s| (1..=20).contains(&s.chars().count()),
    hidden
);

secret_string!(
    /// An API key a PG issued to the merchant (`pg_api_key`).
    PgApiKey, "PG API key", "a non-empty string", |s| !s.is_empty(), hidden
);
secret_string!(
    /// A password of another system (an escrow account, a Benepia points account).
    Password, "password", "a non-empty string", |s| !s.is_empty(), hidden
);
secret_string!(
    /// A phone number used to verify a person or to refund them. Separators
    /// (`-`, `.`, spaces, `+`, parentheses) are allowed; the API keeps the digits.
    PhoneNumber,
    "phone number",
    "up to 32 characters of digits and separators, at least one digit",
    |s| s.chars().count() <= 32
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ' ' | '+' | '(' | ')')),
    hidden
);
secret_string!(
    /// A person's date of birth: `YYMMDD` in requests, `YYYY-MM-DD` in
    /// certification results. Separators (`-`, `.`, `/`, spaces) are allowed.
    BirthDate,
    "birth date",
    "6 or 8 digits (YYMMDD or YYYYMMDD), separators allowed",
    |s| {
        let digits = s.chars().filter(char::is_ascii_digit).count();
        matches!(digits, 6 | 8) && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ' '))
    },
    hidden
);
secret_string!(
    /// The first digit of the second half of a resident registration number
    /// (`gender_digit`: century and sex).
    GenderDigit, "gender digit", "one digit", |s| s.len() == 1 && all_digits(s), hidden
);
secret_string!(
    /// A one-time verification code sent by SMS.
    OtpCode, "one-time code", "1 to 16 letters or digits", |s| (1..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()), hidden
);
secret_string!(
    /// An identifier of a person: the CI/DI of an identity verification, a
    /// personal customs code, or a cash-receipt identifier (which may be a
    /// resident registration number). Any text is accepted, since the API
    /// decides what is valid.
    PersonalIdentifier, "personal identifier", "a string", |_| true, hidden
);

/// A person's date of birth as unix seconds at midnight KST (UTC+9): the
/// `birth` of an identity verification, which the live API still sends
/// beside `birthday`. Personal data: `Debug` and `Display` redact it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BirthTimestamp(i64);

impl BirthTimestamp {
    /// Wraps unix seconds.
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// The unix seconds, to be used and never logged.
    pub fn expose_secret(&self) -> i64 {
        self.0
    }
}

impl fmt::Debug for BirthTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BirthTimestamp").field(&format_args!("{REDACTED}")).finish()
    }
}

impl fmt::Display for BirthTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for BirthTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for BirthTimestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde's own message could quote a string value: replaced.
        i64::deserialize(deserializer)
            .map(Self)
            .map_err(|_| serde::de::Error::custom("a birth date must be unix seconds"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_timestamps_never_print() {
        let birth: BirthTimestamp = serde_json::from_str("584895600").unwrap();
        for printed in [format!("{birth:?}"), format!("{birth}")] {
            assert!(!printed.contains("584895600"), "{printed}");
        }
        assert_eq!(birth.expose_secret(), 584_895_600);
        assert_eq!(serde_json::to_string(&birth).unwrap(), "584895600");
        let err = serde_json::from_str::<BirthTimestamp>("\"19880715\"").unwrap_err().to_string();
        assert!(!err.contains("19880715"), "{err}");
    }

    #[test]
    fn card_number_shows_last_four_only() {
        let card = CardNumber::new("9410-1234-5678-4242").unwrap();
        for printed in [format!("{card:?}"), format!("{card}"), format!("{card:#?}")] {
            assert!(!printed.contains("9410-1234"), "{printed}");
            assert!(printed.contains("4242"), "{printed}");
        }
        assert_eq!(serde_json::to_string(&card).unwrap(), "\"9410-1234-5678-4242\"");
    }

    #[test]
    fn formats_are_checked_without_echoing_the_value() {
        let err = CardNumber::new("9410123456784242x").unwrap_err();
        assert!(!err.to_string().contains("9410"));
        assert!(CardNumber::new("3782-822463-10005").is_ok());
        assert!(CardExpiry::new("2030-13").is_err());
        assert!(CardExpiry::new("2030-01").is_ok());
        assert!(CardholderBirth::new("900101").is_ok());
        assert!(CardholderBirth::new("1234567890").is_ok());
        assert!(CardholderBirth::new("9001").is_err());
        assert!(CardCvc::new("12").is_err());
        let decoded: Result<ImpSecret, _> = serde_json::from_str("\"\"");
        assert!(decoded.is_err());
    }

    #[test]
    fn personal_data_never_prints() {
        let phone = PhoneNumber::new("010-9876-5432").unwrap();
        let birth = BirthDate::new("1988-07-15").unwrap();
        let ci = PersonalIdentifier::new("ci-value-9f8e7d").unwrap();
        for printed in [format!("{phone:?} {phone}"), format!("{birth:?} {birth}"), format!("{ci:?} {ci}")] {
            assert!(!printed.contains("9876") && !printed.contains("1988") && !printed.contains("9f8e7d"), "{printed}");
        }
        assert!(BirthDate::new("880715").is_ok());
        assert!(BirthDate::new("8807").is_err());
        assert!(PhoneNumber::new("phone").is_err());
        assert!(GenderDigit::new("12").is_err());
        assert!(OtpCode::new("").is_err());
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"010-9876-5432\"");
    }

    #[test]
    fn deserialize_errors_do_not_quote_the_value() {
        let err = serde_json::from_str::<CardCvc>("\"98765\"").unwrap_err();
        assert!(!err.to_string().contains("98765"), "{err}");
    }
}
