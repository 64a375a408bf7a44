//! Unix timestamps as the API sends them.

use std::{
    fmt,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Unix seconds on the API's clock, where `0` means "has not happened".
///
/// The API sends integers (`paid_at: 0` for an unpaid payment); `null` and
/// numeric strings (older documents call the fields strings) decode too,
/// `null` as "none". A response's timestamp fields are plain `Timestamp`s,
/// never `Option`s: a field that is `null` or absent is [`Timestamp::NONE`]
/// too, so there is one way to ask, `payment.paid_at.unix()`.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// "Has not happened".
    pub const NONE: Self = Self(0);

    /// A timestamp from unix seconds (`0` is "none").
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Unix seconds, or `None` when the event has not happened.
    pub fn unix(self) -> Option<i64> {
        (self.0 != 0).then_some(self.0)
    }

    /// The moment as a `SystemTime`, or `None` when it has not happened.
    pub fn to_system_time(self) -> Option<SystemTime> {
        let seconds = self.unix()?;
        if seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(seconds.unsigned_abs()))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(seconds.unsigned_abs()))
        }
    }

    /// Whether the event has happened.
    pub fn is_set(self) -> bool {
        self.0 != 0
    }

    /// The raw value as sent, `0` included.
    pub fn raw(self) -> i64 {
        self.0
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unix() {
            Some(s) => write!(f, "Timestamp({s})"),
            None => f.write_str("Timestamp(none)"),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unix() {
            Some(s) => write!(f, "{s}"),
            None => f.write_str("none"),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire<'a> {
            Integer(i64),
            Float(f64),
            Text(std::borrow::Cow<'a, str>),
            Null(()),
        }
        Ok(Self(match Wire::deserialize(deserializer)? {
            Wire::Integer(s) => s,
            Wire::Float(s) if s.is_finite() => s.trunc() as i64,
            Wire::Text(t) if t.trim().is_empty() => 0,
            Wire::Text(t) => {
                t.trim().parse().map_err(|_| serde::de::Error::custom("a timestamp must be unix seconds"))?
            }
            Wire::Float(_) | Wire::Null(()) => 0,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_null_mean_none() {
        for wire in ["0", "null", "\"\""] {
            let t: Timestamp = serde_json::from_str(wire).unwrap();
            assert_eq!(t.unix(), None, "{wire}");
            assert_eq!(t.to_system_time(), None);
        }
        let t: Timestamp = serde_json::from_str("\"1700000000\"").unwrap();
        assert_eq!(t.unix(), Some(1_700_000_000));
        assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000");
    }
}
