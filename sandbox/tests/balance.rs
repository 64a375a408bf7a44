//! `balanceByImpUid` through the client: what is left after partial
//! cancels, with each change in the history.

mod support;

use std::time::Duration;

use iamport::{StatusCode, types};
use support::{T0, card_payment, start};

#[tokio::test]
async fn the_balance_follows_partial_cancels() {
    let (sandbox, client) = start().await;
    let paid = card_payment(&client, "balance-1", 8900.0).await;
    let imp_uid = paid.imp_uid.as_str();

    let before = client.balance_by_imp_uid().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(before.amount, Some(8900.0));
    let primary = before.primary.expect("primary amounts");
    assert_eq!((primary.supply, primary.vat), (Some(8091.0), Some(809.0)));
    assert_eq!(before.histories.as_ref().map(Vec::len), Some(1));

    for (minutes, amount) in [(10, 1000.0), (20, 2300.0)] {
        sandbox.clock().advance(Duration::from_secs(minutes * 60));
        let cancel = types::CancelRequest::builder().imp_uid(imp_uid).amount(amount).reason("부분 환불");
        client.cancel_payment().body(cancel).send().await.unwrap();
    }
    let after = client.balance_by_imp_uid().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(after.amount, Some(5600.0));
    let primary = after.primary.expect("primary amounts");
    assert_eq!(primary.supply.zip(primary.vat).map(|(s, v)| s + v), Some(5600.0));
    let histories = after.histories.expect("histories");
    let changes: Vec<(f64, i64)> = histories
        .iter()
        .map(|h| {
            let p = h.primary.as_ref().expect("primary");
            (p.supply.unwrap_or_default() + p.vat.unwrap_or_default(), h.created.raw())
        })
        .collect();
    assert_eq!(changes, [(8900.0, T0), (-1000.0, T0 + 600), (-2300.0, T0 + 1800)]);

    let unknown = client.balance_by_imp_uid().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
