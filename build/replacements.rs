//! Named schemas of the spec that the crate implements by hand.
//!
//! Secrets get types whose `Debug`/`Display` redact them (generated types
//! always derive `Debug`); response enums get open types that keep unknown
//! values instead of failing to decode. Other languages still see the plain
//! strings, integers and enums of the spec.
//!
//! Amounts need no named schema: every `type: number` with a lower bound
//! of 0 (what the spec writes for an amount in a request) becomes
//! `crate::Amount`, whatever its description, so request amounts take
//! integers, refuse NaN and negatives, and go out as JSON integers when whole.
//! An amount the spec types `integer` (`format: int64`, `minimum: 0`: a
//! receipt's amount, a test charge) becomes `u64`, so that a negative one is
//! refused when the request is built instead of being sent.

use progenitor::{GenerationSettings, TypeImpl, TypePatch};
use schemars::schema::{InstanceType, NumberValidation, SchemaObject};

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
    // The known values of each open enum, a schema of their own so that other
    // languages can name them; in Rust they are the open enum's variants.
    ("PaymentStatusKnown", "crate::enums::PaymentStatus", &[TypeImpl::Display]),
    ("PaymentChannelKnown", "crate::enums::PaymentChannel", &[TypeImpl::Display]),
    ("CurrencyKnown", "crate::enums::Currency", &[TypeImpl::Display]),
    ("CustomerUidUsageKnown", "crate::enums::CustomerUidUsage", &[TypeImpl::Display]),
    ("CardTypeKnown", "crate::enums::CardType", &[TypeImpl::Display]),
    ("PaymentSorting", "crate::enums::PaymentSorting", &[TypeImpl::Display, TypeImpl::Default]),
    ("UnixTimestamp", "crate::Timestamp", &[TypeImpl::Default, TypeImpl::Display]),
];

/// (schema name, the name of its generated Rust type): schemas renamed in
/// the spec whose Rust type keeps its published name.
const RENAMES: &[(&str, &str)] = &[
    // Named `BankHolder` in Python, the schema's one field `bank_holder`
    // clashed with the generated code's local variable of the same name.
    ("BankAccountHolder", "BankHolder"),
];

pub fn apply(settings: &mut GenerationSettings) {
    for (schema, rust_path, impls) in REPLACEMENTS {
        settings.with_replacement(*schema, *rust_path, impls.iter().cloned());
    }
    for (schema, rust_name) in RENAMES {
        settings.with_patch(*schema, TypePatch::default().with_rename(*rust_name));
    }
    // typify matches these ignoring descriptions and examples.
    for bound in [
        NumberValidation { minimum: Some(0.0), ..Default::default() },
        NumberValidation { exclusive_minimum: Some(0.0), ..Default::default() },
    ] {
        let amount = SchemaObject {
            instance_type: Some(InstanceType::Number.into()),
            number: Some(Box::new(bound)),
            ..Default::default()
        };
        settings.with_conversion(amount, "crate::Amount", [TypeImpl::Display].into_iter());
    }
    let whole_amount = SchemaObject {
        instance_type: Some(InstanceType::Integer.into()),
        format: Some("int64".into()),
        number: Some(Box::new(NumberValidation { minimum: Some(0.0), ..Default::default() })),
        ..Default::default()
    };
    settings.with_conversion(whole_amount, "u64", [TypeImpl::Display, TypeImpl::Default].into_iter());
}
