//! `GetTier`: the sub-merchants (tiers) of the sandbox's agency account,
//! set with [`crate::SandboxBuilder::tier`].

use iamport::{StatusCode, types::Tier};

use crate::core::{
    Shared,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("GetTier", |shared, call| ready(get(shared, call)))];

/// The sub-merchant every sandbox has: code and name.
pub const DEFAULT_TIER: (&str, &str) = ("SBX", "샌드박스 하위가맹점");

fn get(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let code = call.param("tier_code");
    let (tier_code, tier_name) = shared.tiers.iter().find(|(c, _)| c == code).ok_or_else(|| {
        Reply::failure(StatusCode::NOT_FOUND, 1, format!("존재하지 않는 하위가맹점 코드({code})입니다."))
    })?;
    Ok(Reply::ok(Tier { tier_code: Some(tier_code.clone()), tier_name: Some(tier_name.clone()) }))
}
