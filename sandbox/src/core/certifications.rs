//! What the store keeps of an identity verification (certifications).

use iamport::types::Certification;

/// A verification, and when its code was sent.
#[derive(Clone)]
pub(crate) struct Verification {
    pub(crate) certification: Certification,
    pub(crate) otp_sent_at: i64,
}

// Written by hand: a person's data stays out of it (the generated types
// redact it too; this keeps the rule in one place).
impl std::fmt::Debug for Verification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verification").field("imp_uid", &self.certification.imp_uid).finish_non_exhaustive()
    }
}
