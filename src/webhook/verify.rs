//! Checking an unsigned webhook against the API itself.

use crate::{
    Client, Result,
    verify::{Expected, Verification},
};

use super::{CvsConfirm, Notification};

/// Why a convenience-store confirm request is to be refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerificationError {
    /// The payment could not be read back: the API could not be asked (see
    /// [`crate::Error::is_retryable`]).
    #[error("could not read the payment back from the API")]
    Lookup(#[source] crate::Error),
    /// The payment is not a barcode of this order awaiting payment: it is
    /// unknown, another order's, for another amount, or no longer `ready`.
    #[error("the payment is not this order's barcode awaiting payment")]
    NotAwaitingPayment(Box<Verification>),
    /// The confirm request names another barcode than the payment's.
    #[error("the barcode of the confirm request is not the payment's")]
    BarcodeMismatch,
}

impl Client {
    /// Verifies a notification: [`Client::verify_payment`] for the
    /// notification's `imp_uid`, against the order the merchant's records
    /// hold for its `merchant_uid`.
    ///
    /// Notifications are unsigned and may come twice, late or out of order,
    /// and their `status` may be stale: act on the [`Verification`], never
    /// on the notification. An `Err` means the API could not be asked; when
    /// [`crate::Error::is_retryable`] says so, answer the webhook with a 5xx
    /// so that it can be sent again.
    pub async fn verify_notification(&self, notification: &Notification, expected: &Expected) -> Result<Verification> {
        self.verify_payment(&notification.imp_uid, expected).await
    }

    /// Verifies a convenience-store confirm request before answering it:
    /// the payment must be this order's, for its amount, still `ready`
    /// (a barcode issued, not paid), and carry the barcode of the request.
    /// Answer 200 only on `Ok`.
    pub async fn verify_cvs_confirm(
        &self,
        confirm: &CvsConfirm,
        expected: &Expected,
    ) -> std::result::Result<Verification, VerificationError> {
        let verification = self.verify_payment(&confirm.imp_uid, expected).await.map_err(VerificationError::Lookup)?;
        match &verification {
            Verification::VirtualAccountIssued { account, .. } if account.number == confirm.extra.barcode => {
                Ok(verification)
            }
            Verification::VirtualAccountIssued { .. } => Err(VerificationError::BarcodeMismatch),
            _ => Err(VerificationError::NotAwaitingPayment(Box::new(verification))),
        }
    }
}
