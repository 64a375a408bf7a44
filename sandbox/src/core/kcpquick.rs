//! What the store keeps of KCP Quick Pay (kcpquick): its members and their
//! prepaid money.

use iamport::Timestamp;
use serde::Serialize;

/// The Quick Pay member every sandbox starts with.
pub const KCPQUICK_MEMBER: &str = "sandbox_member";
/// The prepaid money [`KCPQUICK_MEMBER`] starts with (KRW).
pub const KCPQUICK_MONEY: i64 = 1_000_000;
pub(crate) const PG_PROVIDER: &str = "kcp_quick";

/// A Quick Pay member as the API answers it (`KcpQuickMember` in the spec).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KcpQuickMember {
    pub(crate) member_id: Option<String>,
    pub(crate) pg_provider: Option<String>,
    pub(crate) pg_id: Option<String>,
    pub(crate) inserted: Timestamp,
    pub(crate) updated: Timestamp,
}

/// A Quick Pay member and its prepaid money.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) member: KcpQuickMember,
    pub(crate) money: i64,
}

impl Member {
    /// [`KCPQUICK_MEMBER`], registered at `now`.
    pub(crate) fn sandbox(now: i64) -> Self {
        Self::named(KCPQUICK_MEMBER, now)
    }

    /// A member `member_id` with [`KCPQUICK_MONEY`], registered at `now`.
    pub(crate) fn named(member_id: &str, now: i64) -> Self {
        let member = KcpQuickMember {
            member_id: Some(member_id.to_owned()),
            pg_provider: Some(PG_PROVIDER.to_owned()),
            pg_id: Some("iamport_sandbox".to_owned()),
            inserted: Timestamp::from_unix(now),
            updated: Timestamp::from_unix(now),
        };
        Self { member, money: KCPQUICK_MONEY }
    }
}
