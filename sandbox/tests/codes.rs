//! KFTC card company and bank codes against the sandbox, through the client.

use iamport::StatusCode;
use iamport_sandbox::Sandbox;

#[tokio::test]
async fn card_and_bank_codes_are_listed_and_named() {
    let sandbox = Sandbox::start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");

    let cards = client.all_card_codes().send().await.unwrap();
    assert!(cards.len() >= 10, "{cards:?}");
    let shinhan = client.card_codes().card_standard_code("366").send().await.unwrap();
    assert_eq!((shinhan.code.as_deref(), shinhan.name.as_deref()), (Some("366"), Some("신한카드")));
    assert!(cards.iter().any(|c| c.code == shinhan.code && c.name == shinhan.name));

    let banks = client.all_bank_codes().send().await.unwrap();
    assert!(banks.len() >= 10, "{banks:?}");
    let kb = client.bank_codes().bank_standard_code("004").send().await.unwrap();
    assert_eq!((kb.code.as_deref(), kb.name.as_deref()), (Some("004"), Some("KB국민은행")));

    for unknown in [
        client.card_codes().card_standard_code("999").send().await.unwrap_err(),
        client.bank_codes().bank_standard_code("999").send().await.unwrap_err(),
    ] {
        assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND), "{unknown:?}");
    }
}
