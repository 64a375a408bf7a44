//! Work the sandbox clock sets off: scheduled payments whose time has come,
//! and notifications held until then.
//!
//! It runs before every request (so an answer never shows a schedule that
//! should have run), once a second (so a server on the system clock charges
//! on time with no request), and when the clock is advanced through the
//! sandbox. Charging happens under the store's lock, so each schedule is
//! charged once whoever gets there first.

use std::{sync::Arc, time::Duration};

use iamport::types::Payment;

use super::{Shared, deliver, schedules};

/// How often the background task looks for due work.
const TICK: Duration = Duration::from_secs(1);

/// Moves the clock, then charges and notifies what is due. Holds the turn
/// so that the background task cannot take these payments: the caller gets
/// every payment the move made.
pub(crate) async fn advance(shared: &Shared, by: Duration) -> Vec<Payment> {
    let _turn = shared.jobs.lock().await;
    shared.clock.advance(by);
    let charged = schedules::charge_due(shared);
    let payments = schedules::notify(shared, charged).await;
    deliver::send_due(shared).await;
    payments
}

/// Before a request: charges what is due and sends its notifications. No
/// turn is taken: the merchant's webhook handler, called from here or from
/// a run in progress, may call the sandbox back.
pub(crate) async fn catch_up(shared: &Shared) {
    let charged = schedules::charge_due(shared);
    if !charged.is_empty() {
        schedules::notify(shared, charged).await;
    }
    deliver::send_due(shared).await;
}

/// The background task: charges what is due every [`TICK`], unless a move
/// of the clock is in progress, until aborted.
pub(crate) async fn tick(shared: Arc<Shared>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Ok(_turn) = shared.jobs.try_lock() {
            catch_up(&shared).await;
        }
    }
}
