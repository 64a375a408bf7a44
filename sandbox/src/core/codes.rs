//! KFTC standard codes of card companies and banks: a fixed table of the
//! domestic institutions, not the API's full list. The code operations
//! (`api::codes`) list them; virtual accounts take a bank from them.

/// Card companies by KFTC standard code.
pub(crate) const CARDS: &[(&str, &str)] = &[
    ("361", "BC카드"),
    ("364", "광주카드"),
    ("365", "삼성카드"),
    ("366", "신한카드"),
    ("367", "현대카드"),
    ("368", "롯데카드"),
    ("369", "수협카드"),
    ("370", "씨티카드"),
    ("371", "NH카드"),
    ("372", "전북카드"),
    ("373", "제주카드"),
    ("374", "하나카드"),
    ("381", "KB국민카드"),
    ("041", "우리카드"),
    ("071", "우체국"),
];

/// Banks by KFTC standard code.
pub(crate) const BANKS: &[(&str, &str)] = &[
    ("002", "KDB산업은행"),
    ("003", "IBK기업은행"),
    ("004", "KB국민은행"),
    ("007", "수협은행"),
    ("011", "NH농협은행"),
    ("020", "우리은행"),
    ("023", "SC제일은행"),
    ("027", "한국씨티은행"),
    ("031", "대구은행"),
    ("032", "부산은행"),
    ("034", "광주은행"),
    ("035", "제주은행"),
    ("037", "전북은행"),
    ("039", "경남은행"),
    ("045", "새마을금고"),
    ("048", "신협"),
    ("071", "우체국"),
    ("081", "하나은행"),
    ("088", "신한은행"),
    ("089", "케이뱅크"),
    ("090", "카카오뱅크"),
    ("092", "토스뱅크"),
];

/// The name of the bank with this KFTC code, if the table has it.
pub(crate) fn bank_name(code: &str) -> Option<&'static str> {
    BANKS.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_three_digit_kftc_codes() {
        for table in [CARDS, BANKS] {
            let mut codes: Vec<&str> = table.iter().map(|(c, _)| *c).collect();
            assert!(codes.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())), "{codes:?}");
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), table.len());
        }
    }
}
