//! A fractional amount the client writes reads back in the sandbox as the
//! same float.

use iamport::Amount;

/// Found by the `amount` fuzz target (fuzz/): serde_json's default float
/// parser is not always correctly rounded, so a fractional amount written
/// out read back one unit in the last place off (`9.355881720223404e-67`
/// came back as `...405`). The sandbox, which reads
/// what the client writes, turns on serde_json's `float_roundtrip`.
#[test]
fn an_amount_reads_back_from_its_json_unchanged() {
    for value in [9.355881720223404e-67, 10.5, 0.1, 1234.5678, 1e20, 2f64.powi(53) + 2.0] {
        let amount = Amount::try_from(value).unwrap();
        let json = serde_json::to_string(&amount).unwrap();
        let back: Amount = serde_json::from_str(&json).unwrap();
        assert_eq!(back.as_f64(), value, "{json}");
    }
}
