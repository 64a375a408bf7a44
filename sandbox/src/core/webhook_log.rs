//! What the sandbox keeps about its webhooks: every one sent, held or
//! dropped (by id, oldest first), the notifications held for later, and how
//! notifications are delivered (the mode and the encoding), which the
//! builder sets and the control API changes.

use std::time::Duration;

use super::deliver::{Delivery, DeliveryKind, DeliveryOutcome, NotificationFormat};

/// How the sandbox delivers each payment notification, to test that a
/// merchant's handler copes with webhooks as they really arrive. Confirm
/// requests (`confirm_url`) are questions the payment waits on: they are
/// always sent once, at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookMode {
    /// Once, before the API call that caused it answers (the default).
    #[default]
    Once,
    /// Twice in a row, the same body each time: a handler must be idempotent.
    Twice,
    /// Held: the API call answers first, and the notification is sent once
    /// the sandbox clock has moved this far past the call (whole seconds),
    /// by the next request, the next tick (every second) or
    /// [`crate::Sandbox::advance_clock`]. `Late(Duration::ZERO)` sends it
    /// just after the answer.
    Late(Duration),
    /// Not at all: recorded as [`DeliveryOutcome::Dropped`]; it can be
    /// replayed ([`crate::Sandbox::replay_webhook`]).
    Never,
}

/// The webhooks and how notifications go.
#[derive(Debug, Default)]
pub(crate) struct WebhookLog {
    pub mode: WebhookMode,
    pub format: NotificationFormat,
    deliveries: Vec<Delivery>,
    /// Ids of held notifications, with the time they are due.
    held: Vec<(u64, i64)>,
}

impl WebhookLog {
    pub fn new(mode: WebhookMode, format: NotificationFormat) -> Self {
        Self { mode, format, ..Self::default() }
    }

    /// Every webhook, oldest first.
    pub fn deliveries(&self) -> &[Delivery] {
        &self.deliveries
    }

    pub fn get(&self, id: u64) -> Option<&Delivery> {
        id.checked_sub(1).and_then(|index| self.deliveries.get(usize::try_from(index).ok()?))
    }

    /// Records a webhook; its id (ids count from 1 in order).
    pub fn record(
        &mut self,
        url: &str,
        kind: DeliveryKind,
        format: NotificationFormat,
        outcome: DeliveryOutcome,
        at: i64,
    ) -> u64 {
        let id = self.deliveries.len() as u64 + 1;
        self.deliveries.push(Delivery { id, url: url.to_owned(), kind, format, at, outcome });
        if let DeliveryOutcome::Pending { due_at } = outcome {
            self.held.push((id, due_at));
        }
        id
    }

    /// Takes the held notifications due at `now`, oldest first: whoever
    /// takes one sends it, so it goes once.
    pub fn take_due(&mut self, now: i64) -> Vec<Delivery> {
        if self.held.is_empty() {
            return Vec::new();
        }
        let (due, later): (Vec<_>, Vec<_>) = self.held.iter().partition(|(_, due_at)| *due_at <= now);
        self.held = later;
        due.into_iter().filter_map(|(id, _)| self.get(id).cloned()).collect()
    }

    /// How a held notification went, when it went.
    pub fn sent(&mut self, id: u64, outcome: DeliveryOutcome, at: i64) {
        let index = id.checked_sub(1).and_then(|i| usize::try_from(i).ok());
        if let Some(delivery) = index.and_then(|i| self.deliveries.get_mut(i)) {
            delivery.outcome = outcome;
            delivery.at = at;
        }
    }
}
