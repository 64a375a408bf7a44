//! The API groups, one module per group of the spec's operations, beside
//! each other above the core: each imports the core only (what two groups
//! share is a core service), and names its operations' handlers in its
//! `HANDLERS`, which the operation table (`crate::operations`) gathers.

pub(crate) mod balance;
pub(crate) mod benepia;
pub(crate) mod certifications;
pub(crate) mod charges;
pub(crate) mod codes;
pub(crate) mod customers;
pub(crate) mod cvs;
pub(crate) mod escrow;
pub(crate) mod kcpquick;
pub(crate) mod listings;
pub(crate) mod naver;
pub(crate) mod partners;
pub(crate) mod payco;
pub(crate) mod payments;
pub(crate) mod paymentwall;
pub(crate) mod prepare;
pub(crate) mod receipts;
pub(crate) mod schedules;
pub(crate) mod tiers;
pub(crate) mod tokens;
pub(crate) mod users;
pub(crate) mod vbanks;
