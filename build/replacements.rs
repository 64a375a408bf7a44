//! Named schemas of the spec that the crate implements by hand.
//!
//! Secrets get types whose `Debug`/`Display` redact them (generated types
//! always derive `Debug`); response enums get open types that keep unknown
//! values instead of failing to decode. Other languages still see the plain
//! strings, integers and enums of the spec.

use progenitor::{GenerationSettings, TypeImpl};

/// (schema name, Rust path, traits the type implements that typify may use).
const REPLACEMENTS: &[(&str, &str, &[TypeImpl])] = &[
    ("ImpSecret", "crate::secret::ImpSecret", &[]),
    ("AccessToken", "crate::secret::AccessToken", &[]),
    ("CardNumber", "crate::secret::CardNumber", &[]),
    ("CardExpiry", "crate::secret::CardExpiry", &[]),
    ("CardholderBirth", "crate::secret::CardholderBirth", &[]),
    ("CardPassword2Digit", "crate::secret::CardPassword2Digit", &[]),
    ("CardCvc", "crate::secret::CardCvc", &[]),
    ("BankAccountNumber", "crate::secret::BankAccountNumber", &[]),
    ("PgApiKey", "crate::secret::PgApiKey", &[]),
    ("Password", "crate::secret::Password", &[]),
    ("PhoneNumber", "crate::secret::PhoneNumber", &[]),
    ("BirthDate", "crate::secret::BirthDate", &[]),
    ("GenderDigit", "crate::secret::GenderDigit", &[]),
    ("OtpCode", "crate::secret::OtpCode", &[]),
    ("PersonalIdentifier", "crate::secret::PersonalIdentifier", &[]),
    ("PaymentStatus", "crate::enums::PaymentStatus", &[TypeImpl::Display]),
    ("PaymentChannel", "crate::enums::PaymentChannel", &[TypeImpl::Display]),
    ("Currency", "crate::enums::Currency", &[TypeImpl::Display]),
    ("CustomerUidUsage", "crate::enums::CustomerUidUsage", &[TypeImpl::Display]),
    ("CardType", "crate::enums::CardType", &[TypeImpl::Display]),
    ("PaymentSorting", "crate::enums::PaymentSorting", &[TypeImpl::Display, TypeImpl::Default]),
    ("UnixTimestamp", "crate::Timestamp", &[TypeImpl::Default, TypeImpl::Display]),
];

pub fn apply(settings: &mut GenerationSettings) {
    for (schema, rust_path, impls) in REPLACEMENTS {
        settings.with_replacement(*schema, *rust_path, impls.iter().cloned());
    }
}
