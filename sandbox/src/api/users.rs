//! `getPgSettingList`: the PG settings (channels) of the sandbox's account,
//! one per kind of payment the sandbox takes. Any `channel_key` is accepted
//! where a call asks for one; these are what an admin console would list.

use iamport::types::PgSetting;

use crate::core::{
    charges::API_PG,
    reply::Reply,
    server::{Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("getPgSettingList", |_, _| ready(list()))];

/// (PG, MID, kind, channel name, channel key).
const SETTINGS: &[(&str, &str, &str, &str, &str)] = &[
    (API_PG, "iamport_sandbox", "api_payment", "카드 API 결제", "channel-key-sandbox"),
    (API_PG, "iamport_sandbox", "vbank", "가상계좌", "channel-key-sandbox-vbank"),
    ("galaxia", "iamport_sandbox", "cvs", "편의점 결제", "channel-key-sandbox-cvs"),
    ("naverpay", "iamport_sandbox", "payment", "네이버페이", "channel-key-sandbox-naverpay"),
    ("kcp_quick", "iamport_sandbox", "payment", "KCP 퀵페이", "channel-key-sandbox-kcpquick"),
];

fn list() -> Reply {
    let settings: Vec<PgSetting> = SETTINGS
        .iter()
        .map(|(pg, mid, kind, name, key)| PgSetting {
            pg_provider: Some((*pg).to_owned()),
            pg_id: Some((*mid).to_owned()),
            sandbox: Some(true),
            type_: Some((*kind).to_owned()),
            channel_name: Some((*name).to_owned()),
            channel_key: Some((*key).to_owned()),
        })
        .collect();
    Reply::ok(settings)
}
