//! The account's sub-merchants (`GetTier`) and PG settings
//! (`getPgSettingList`) through the client.

use iamport::StatusCode;
use iamport_sandbox::{DEFAULT_TIER, Sandbox};

#[tokio::test]
async fn tiers_are_the_default_one_and_those_configured() {
    let sandbox = Sandbox::builder().tier("GNM", "강남점").start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    let default = client.get_tier().tier_code(DEFAULT_TIER.0).send().await.unwrap();
    assert_eq!(
        (default.tier_code.as_deref(), default.tier_name.as_deref()),
        (Some(DEFAULT_TIER.0), Some(DEFAULT_TIER.1))
    );
    let gangnam = client.get_tier().tier_code("GNM").send().await.unwrap();
    assert_eq!(gangnam.tier_name.as_deref(), Some("강남점"));
    let unknown = client.get_tier().tier_code("ZZZ").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn pg_settings_list_the_sandbox_channels() {
    let sandbox = Sandbox::start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    let settings = client.get_pg_setting_list().send().await.unwrap();
    assert!(settings.len() >= 2, "{settings:?}");
    assert!(settings.iter().all(|s| s.sandbox == Some(true) && s.channel_key.is_some()));
    assert!(settings.iter().any(|s| s.channel_key.as_deref() == Some("channel-key-sandbox")));
}
