//! `Amount` from any JSON text, and from any `f64` and `i64` (the input's
//! first 8 bytes): refused exactly when negative or not finite; what is
//! accepted keeps its value and reads back from its JSON unchanged.
#![no_main]

use iamport::Amount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(amount) = serde_json::from_slice::<Amount>(data) {
        is_an_amount(amount);
    }
    let Some(bytes) = data.first_chunk::<8>() else { return };
    let float = f64::from_le_bytes(*bytes);
    match Amount::try_from(float) {
        Ok(amount) => {
            assert_eq!(amount.as_f64(), float, "{float:e}");
            is_an_amount(amount);
        }
        Err(error) => assert!(!float.is_finite() || float < 0.0, "{float:e} refused: {error}"),
    }
    let integer = i64::from_le_bytes(*bytes);
    match Amount::try_from(integer) {
        Ok(amount) => assert_eq!(amount.as_whole(), u64::try_from(integer).ok()),
        Err(_) => assert!(integer < 0),
    }
});

fn is_an_amount(amount: Amount) {
    let value = amount.as_f64();
    assert!(value.is_finite() && value >= 0.0, "{amount:?}");
    if let Some(whole) = amount.as_whole() {
        assert_eq!(whole as f64, value);
    }
    let json = serde_json::to_string(&amount).expect("an amount serializes");
    let back: Amount = serde_json::from_str(&json).expect("an amount's JSON decodes");
    assert_eq!(back, amount, "{json}");
    assert_eq!(amount.to_string().parse::<f64>().ok(), Some(value), "{amount}");
}
