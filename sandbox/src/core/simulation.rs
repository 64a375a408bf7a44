//! Why a simulated event (a store payment, a deposit, a declined schedule)
//! did not happen.

use iamport::enums::PaymentStatus;

/// Why a simulation did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SimulationError {
    /// No payment has this `imp_uid`.
    #[error("no payment has this imp_uid")]
    UnknownPayment,
    /// The payment is not a convenience-store payment.
    #[error("the payment is not a convenience-store payment")]
    NotCvs,
    /// The payment is not a virtual-account payment.
    #[error("the payment is not a virtual-account payment")]
    NotVbank,
    /// The payment is not `ready` (already paid, or revoked).
    #[error("the payment is {0}, not ready")]
    NotReady(PaymentStatus),
    /// The barcode's or account's deadline has passed on the sandbox clock.
    #[error("the barcode or account has expired")]
    Expired,
    /// The merchant's `confirm_url` answered something other than HTTP 200.
    #[error("the merchant rejected the payment at confirm_url (HTTP {status})")]
    Rejected {
        /// The status the merchant answered with.
        status: u16,
    },
    /// The `confirm_url` did not answer, or is not on a loopback host (the
    /// sandbox only calls local URLs).
    #[error("confirm_url could not be reached from the sandbox")]
    ConfirmUnreachable,
    /// No scheduled payment has this `merchant_uid`.
    #[error("no scheduled payment has this merchant_uid")]
    UnknownSchedule,
    /// The scheduled payment has already run or was revoked.
    #[error("the scheduled payment is not waiting to run")]
    ScheduleNotPending,
    /// A Naver Pay order needs at least one product.
    #[error("an order needs at least one product")]
    EmptyOrder,
    /// The sandbox refused what was simulated, as the API would (a
    /// `merchant_uid` already paid, say); the message says why.
    #[error("refused: {0}")]
    Refused(String),
    /// No Naver Pay product order has this id.
    #[error("no product order has this id")]
    UnknownProductOrder,
    /// The product order's status does not allow this claim.
    #[error("the product order's status does not allow this claim")]
    ClaimNotAllowed,
    /// No webhook has this id.
    #[error("no webhook has this id")]
    UnknownWebhook,
    /// The webhook is a confirm request, which is not replayed: only
    /// notifications are.
    #[error("only notifications are replayed, not confirm requests")]
    NotANotification,
}
