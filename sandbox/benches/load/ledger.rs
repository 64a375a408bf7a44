//! What the clients saw, shared between them: the payments they charged
//! (the newest few are the ones they race to cancel), every cancel the
//! server accepted, the checksums honoured, and every broken rule.

use std::collections::VecDeque;

/// How many of the newest payments the cancels aim at: few, so that
/// several clients cancel the same payment at once.
const RACED: usize = 8;
/// The most broken rules kept word for word (all are counted).
const MAX_KEPT_VIOLATIONS: usize = 200;

/// A payment a client charged (status `paid`).
#[derive(Debug, Clone)]
pub struct Charged {
    pub imp_uid: String,
    pub merchant_uid: String,
    pub amount: f64,
}

/// A cancel the server accepted (`code: 0`), as the client saw it.
#[derive(Debug, Clone)]
pub struct SeenCancel {
    pub imp_uid: String,
    pub merchant_uid: String,
    pub amount: f64,
    /// The `checksum` sent, if any.
    pub checksum: Option<i64>,
    /// The new entry of `cancel_history`.
    pub cancellation_id: String,
    /// The payment's status in the answer (what its notification says).
    pub status: String,
}

/// Everything the clients share.
#[derive(Debug, Default)]
pub struct Ledger {
    pub charged: Vec<Charged>,
    recent: VecDeque<usize>,
    pub cancels: Vec<SeenCancel>,
    /// Each payment cancelled with a checksum, and the checksum honoured.
    honoured: Vec<(Charged, i64)>,
    /// Cancels sent with an already honoured checksum, and how many were refused.
    pub stale_sent: u64,
    pub stale_refused: u64,
    violations: Vec<String>,
    violation_count: u64,
}

impl Ledger {
    /// Adds a payment a client charged.
    pub fn charged(&mut self, payment: Charged) {
        self.charged.push(payment);
        self.recent.push_back(self.charged.len() - 1);
        if self.recent.len() > RACED {
            self.recent.pop_front();
        }
    }

    /// One of the newest payments (`pick` chooses which), if any.
    pub fn racing(&self, pick: u64) -> Option<Charged> {
        let n = self.recent.len() as u64;
        (n > 0).then(|| self.charged[self.recent[(pick % n) as usize]].clone())
    }

    /// Any payment charged so far.
    pub fn any(&self, pick: u64) -> Option<Charged> {
        let n = self.charged.len() as u64;
        (n > 0).then(|| self.charged[(pick % n) as usize].clone())
    }

    /// A checksum already honoured.
    pub fn honoured_checksum(&self, pick: u64) -> Option<(Charged, i64)> {
        let n = self.honoured.len() as u64;
        (n > 0).then(|| self.honoured[(pick % n) as usize].clone())
    }

    /// Adds a cancel the server accepted.
    pub fn cancelled(&mut self, cancel: SeenCancel) {
        self.cancels.push(cancel);
    }

    /// Notes that `payment` was cancelled with `checksum`: a later cancel
    /// with it is stale.
    pub fn honoured(&mut self, payment: &Charged, checksum: i64) {
        self.honoured.push((payment.clone(), checksum));
    }

    /// Notes a broken rule.
    pub fn violation(&mut self, what: String) {
        self.violation_count += 1;
        if self.violations.len() < MAX_KEPT_VIOLATIONS {
            self.violations.push(what);
        }
    }

    /// The broken rules kept, and how many there were in all.
    pub fn violations(&self) -> (&[String], u64) {
        (&self.violations, self.violation_count)
    }
}
