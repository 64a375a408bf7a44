//! Open enumerations of the API's responses.
//!
//! The API adds values over time (a new status, currency or channel), so each
//! enum keeps a value it does not know in `Unknown` instead of failing to
//! decode the whole payment. They serialize back to the wire value.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_string_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this version of the crate does not know.
            Unknown(String),
        }

        impl $name {
            /// The value as the API sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}

open_string_enum!(
    /// Where a payment stands.
    PaymentStatus {
        /// Waiting: an unpaid barcode or virtual account, or a started payment.
        Ready = "ready",
        /// Paid (possibly partly cancelled).
        Paid = "paid",
        /// Cancelled in full.
        Cancelled = "cancelled",
        /// Failed or declined; see `fail_reason`.
        Failed = "failed",
    }
);

open_string_enum!(
    /// How a payment was made.
    PaymentChannel {
        /// In a PC browser, with customer authentication.
        Pc = "pc",
        /// On a mobile device, with customer authentication.
        Mobile = "mobile",
        /// Through the REST API (billing key or non-authenticated payment).
        Api = "api",
    }
);

open_string_enum!(
    /// An ISO 4217 currency code.
    Currency {
        /// Korean won.
        Krw = "KRW",
        /// US dollar.
        Usd = "USD",
        /// Euro.
        Eur = "EUR",
        /// Japanese yen.
        Jpy = "JPY",
    }
);

open_string_enum!(
    /// What a payment did with its billing key.
    CustomerUidUsage {
        /// Stored a billing key.
        Issue = "issue",
        /// Charged a billing key.
        Payment = "payment",
        /// A scheduled charge of a billing key.
        PaymentScheduled = "payment.scheduled",
    }
);

/// Whether a card is a credit or a check (debit) card.
///
/// The API sends an integer; older documents say a string, so `"0"` and `"1"`
/// are accepted too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardType {
    /// `0`: credit card.
    Credit,
    /// `1`: check (debit) card.
    Check,
    /// A value this version of the crate does not know.
    Unknown(i64),
}

impl CardType {
    /// The value as the API sends it.
    pub fn code(self) -> i64 {
        match self {
            Self::Credit => 0,
            Self::Check => 1,
            Self::Unknown(other) => other,
        }
    }
}

impl From<i64> for CardType {
    fn from(code: i64) -> Self {
        match code {
            0 => Self::Credit,
            1 => Self::Check,
            other => Self::Unknown(other),
        }
    }
}

impl fmt::Display for CardType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Credit => f.write_str("credit"),
            Self::Check => f.write_str("check"),
            Self::Unknown(other) => write!(f, "unknown card type {other}"),
        }
    }
}

impl Serialize for CardType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for CardType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire<'a> {
            Number(i64),
            Text(std::borrow::Cow<'a, str>),
        }
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Number(code) => Self::from(code),
            Wire::Text(text) => text.trim().parse::<i64>().map(Self::from).unwrap_or(Self::Unknown(-1)),
        })
    }
}

/// Which of several payments sharing a `merchant_uid` a lookup returns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentSorting {
    /// The most recently started first (`-started`), the API's default.
    #[default]
    #[serde(rename = "-started")]
    StartedNewestFirst,
    /// The earliest started first (`started`).
    #[serde(rename = "started")]
    StartedOldestFirst,
    /// The most recently paid first (`-paid`).
    #[serde(rename = "-paid")]
    PaidNewestFirst,
    /// The earliest paid first (`paid`).
    #[serde(rename = "paid")]
    PaidOldestFirst,
    /// The most recently updated first (`-updated`).
    #[serde(rename = "-updated")]
    UpdatedNewestFirst,
    /// The least recently updated first (`updated`).
    #[serde(rename = "updated")]
    UpdatedOldestFirst,
}

impl fmt::Display for PaymentSorting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StartedNewestFirst => "-started",
            Self::StartedOldestFirst => "started",
            Self::PaidNewestFirst => "-paid",
            Self::PaidOldestFirst => "paid",
            Self::UpdatedNewestFirst => "-updated",
            Self::UpdatedOldestFirst => "updated",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_round_trip() {
        let status: PaymentStatus = serde_json::from_str("\"partial_refunded\"").unwrap();
        assert_eq!(status, PaymentStatus::Unknown("partial_refunded".into()));
        assert_eq!(serde_json::to_string(&status).unwrap(), "\"partial_refunded\"");
        assert_eq!(serde_json::from_str::<Currency>("\"KRW\"").unwrap(), Currency::Krw);
    }

    #[test]
    fn card_type_accepts_integers_and_strings() {
        assert_eq!(serde_json::from_str::<CardType>("1").unwrap(), CardType::Check);
        assert_eq!(serde_json::from_str::<CardType>("\"0\"").unwrap(), CardType::Credit);
        assert_eq!(serde_json::from_str::<CardType>("7").unwrap(), CardType::Unknown(7));
    }
}
