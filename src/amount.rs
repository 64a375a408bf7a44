//! Amounts of money in requests.
//!
//! Every request field the spec declares as a number of at least 0 (the
//! amount to charge, to cancel, its tax-free and VAT parts, a cancel's
//! checksum, ...) is an [`Amount`] (see `build/replacements.rs`), so a bad
//! amount is refused before anything is sent and a whole amount goes out as
//! a JSON integer. Amounts in responses stay `f64`: the API may send
//! negative figures there (balances after refunds); [`Amount::whole_of`]
//! reads one as a whole number of the currency (won) without a cast.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money in a request: a finite number, 0 or more.
///
/// Request builders take any value that converts into one, so amounts can
/// stay in the integer types they are usually held in:
///
/// ```
/// use iamport::{Amount, types};
///
/// let price: u64 = 15_000;
/// let refund: i64 = 1_000;
/// let request = types::CancelRequest::builder()
///     .imp_uid("imp_123412341234")
///     .amount(refund)
///     .checksum(price);
/// # let _ = request;
///
/// // A whole amount (every KRW amount) is sent as a JSON integer.
/// let amount = Amount::try_from(15_000.0)?;
/// assert_eq!(serde_json::to_string(&amount)?, "15000");
/// assert_eq!(serde_json::to_string(&Amount::try_from(10.5)?)?, "10.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A negative amount, NaN or an infinity is refused: a builder keeps the
/// error and the call returns [`crate::Error::InvalidRequest`] without
/// sending anything.
#[derive(Clone, Copy, PartialEq)]
pub struct Amount(Repr);

#[derive(Clone, Copy, PartialEq)]
enum Repr {
    /// A whole amount, sent as a JSON integer.
    Whole(u64),
    /// An amount with a fractional part (currencies with minor units), or a
    /// whole one too large for `u64`; finite and positive.
    Fractional(f64),
}

/// Why a value is not an [`Amount`]. The message shows the value: an amount
/// is not a secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("an amount must be a finite number, 0 or more (got {value})")]
pub struct InvalidAmount {
    value: String,
}

impl InvalidAmount {
    fn new(value: impl fmt::Display) -> Self {
        Self { value: value.to_string() }
    }
}

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Repr::Whole(0));

    /// The amount as a float (exact for whole amounts up to 2^53).
    pub fn as_f64(self) -> f64 {
        match self.0 {
            Repr::Whole(value) => value as f64,
            Repr::Fractional(value) => value,
        }
    }

    /// The amount as an integer, if it has no fractional part.
    pub fn as_whole(self) -> Option<u64> {
        match self.0 {
            Repr::Whole(value) => Some(value),
            Repr::Fractional(_) => None,
        }
    }

    /// The whole-currency reading of an amount the API reported (response
    /// amounts are `f64`): `Some` for a whole number from 0 up to 2^53 (every
    /// KRW amount), `None` for a fraction, a negative figure or one too
    /// large to be exact.
    ///
    /// ```
    /// use iamport::Amount;
    ///
    /// assert_eq!(Amount::whole_of(15_000.0), Some(15_000));
    /// assert_eq!(Amount::whole_of(10.5), None);
    /// assert_eq!(Amount::whole_of(-1_000.0), None);
    /// ```
    pub fn whole_of(value: f64) -> Option<u64> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        Amount::try_from(value).ok().filter(|_| value <= EXACT).and_then(Amount::as_whole)
    }

    /// `self - other`, or zero when `other` is larger.
    pub fn saturating_sub(self, other: Amount) -> Amount {
        match (self.0, other.0) {
            (Repr::Whole(a), Repr::Whole(b)) => Self(Repr::Whole(a.saturating_sub(b))),
            _ => Self::from_float((self.as_f64() - other.as_f64()).max(0.0)).unwrap_or(Self::ZERO),
        }
    }

    fn from_float(value: f64) -> Result<Self, InvalidAmount> {
        // NaN is not finite; -0.0 is not below 0.0 and becomes 0.
        if !value.is_finite() || value < 0.0 {
            return Err(InvalidAmount::new(value));
        }
        // 2^64 is exactly representable; anything below it with no fraction fits.
        if value.fract() == 0.0 && value < 18_446_744_073_709_551_616.0 {
            Ok(Self(Repr::Whole(value as u64)))
        } else {
            Ok(Self(Repr::Fractional(value)))
        }
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Amount {
            fn from(value: $t) -> Self {
                Self(Repr::Whole(value as u64))
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64);

macro_rules! try_from_integer {
    ($($t:ty),*) => {$(
        impl TryFrom<$t> for Amount {
            type Error = InvalidAmount;
            fn try_from(value: $t) -> Result<Self, InvalidAmount> {
                u64::try_from(value).map(|v| Self(Repr::Whole(v))).map_err(|_| InvalidAmount::new(value))
            }
        }
    )*};
}
try_from_integer!(i8, i16, i32, i64, isize, usize);

impl TryFrom<f64> for Amount {
    type Error = InvalidAmount;
    fn try_from(value: f64) -> Result<Self, InvalidAmount> {
        Self::from_float(value)
    }
}

impl TryFrom<f32> for Amount {
    type Error = InvalidAmount;
    fn try_from(value: f32) -> Result<Self, InvalidAmount> {
        Self::from_float(f64::from(value))
    }
}

impl From<Amount> for f64 {
    fn from(amount: Amount) -> f64 {
        amount.as_f64()
    }
}

impl PartialEq<f64> for Amount {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == *other
    }
}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        match (self.0, other.0) {
            (Repr::Whole(a), Repr::Whole(b)) => Some(a.cmp(&b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Whole(value) => write!(f, "{value}"),
            Repr::Fractional(value) => write!(f, "{value}"),
        }
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::Whole(value) => serializer.serialize_u64(value),
            Repr::Fractional(value) => serializer.serialize_f64(value),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, 0 or more")
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Amount, E> {
                Ok(Amount::from(value))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Amount, E> {
                Amount::try_from(value).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Amount, E> {
                Amount::try_from(value).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(amount: Amount) -> String {
        serde_json::to_string(&amount).unwrap()
    }

    #[test]
    fn whole_amounts_are_sent_as_integers() {
        assert_eq!(json(Amount::from(15_000u64)), "15000");
        assert_eq!(json(Amount::try_from(15_000i64).unwrap()), "15000");
        assert_eq!(json(Amount::try_from(15_000.0).unwrap()), "15000");
        assert_eq!(json(Amount::try_from(-0.0).unwrap()), "0");
        assert_eq!(json(Amount::from(u64::MAX)), u64::MAX.to_string());
    }

    #[test]
    fn fractional_amounts_keep_their_fraction() {
        assert_eq!(json(Amount::try_from(10.5).unwrap()), "10.5");
        assert_eq!(json(Amount::try_from(0.01f32).unwrap()), json(Amount::try_from(f64::from(0.01f32)).unwrap()));
        assert_eq!(Amount::try_from(10.5).unwrap().as_whole(), None);
    }

    #[test]
    fn negatives_nan_and_infinities_are_refused() {
        for bad in [-1.0, -0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = Amount::try_from(bad).unwrap_err();
            assert!(err.to_string().contains("0 or more"), "{err}");
        }
        assert!(Amount::try_from(-1i64).is_err());
        assert!(Amount::try_from(i32::MIN).is_err());
        assert!(Amount::try_from(f32::NAN).is_err());
    }

    #[test]
    fn decoding_accepts_numbers_and_refuses_negatives() {
        assert_eq!(serde_json::from_str::<Amount>("1000").unwrap().as_whole(), Some(1000));
        assert_eq!(serde_json::from_str::<Amount>("1000.0").unwrap().as_whole(), Some(1000));
        assert_eq!(serde_json::from_str::<Amount>("10.25").unwrap().as_f64(), 10.25);
        assert!(serde_json::from_str::<Amount>("-3").is_err());
        assert!(serde_json::from_str::<Amount>("\"1000\"").is_err());
    }

    #[test]
    fn whole_readings_and_differences() {
        assert_eq!(Amount::whole_of(0.0), Some(0));
        assert_eq!(Amount::whole_of(9_007_199_254_740_992.0), Some(9_007_199_254_740_992));
        assert_eq!(Amount::whole_of(1e300), None);
        assert_eq!(Amount::whole_of(f64::NAN), None);
        assert_eq!(Amount::from(8_900u32).saturating_sub(Amount::from(1_000u32)), Amount::from(7_900u32));
        assert_eq!(Amount::from(1u8).saturating_sub(Amount::from(2u8)), Amount::ZERO);
        assert_eq!(Amount::try_from(10.5).unwrap().saturating_sub(Amount::from(10u8)).as_f64(), 0.5);
    }

    #[test]
    fn comparisons_and_display() {
        assert!(Amount::from(2u8) > Amount::try_from(1.5).unwrap());
        assert_eq!(Amount::from(8_900u32), 8_900.0);
        assert_eq!(Amount::try_from(10.5).unwrap().to_string(), "10.5");
        assert_eq!(format!("{:?}", Amount::from(7u8)), "Amount(7)");
        assert_eq!(Amount::ZERO.as_f64(), 0.0);
    }
}
