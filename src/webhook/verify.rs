//! Checking an unsigned webhook against the API itself.

use crate::{Client, Error, enums::PaymentStatus, types::Payment};

use super::{CvsConfirm, Notification};

/// Why a webhook could not be trusted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerificationError {
    /// The payment could not be read back: an unknown `imp_uid` (HTTP 404,
    /// likely a forged webhook) or the API could not be reached.
    #[error("could not read the payment back from the API")]
    Lookup(#[source] Error),
    /// The payment belongs to another order than the webhook says.
    #[error("the payment belongs to merchant_uid {actual:?}, not {claimed:?} as the webhook says")]
    MerchantUidMismatch {
        /// What the webhook says.
        claimed: String,
        /// What the API says.
        actual: String,
    },
    /// The payment's amount is not what the merchant expected.
    #[error("the payment's amount is {actual}, not the {expected} expected")]
    AmountMismatch {
        /// What the merchant expected.
        expected: f64,
        /// What the API says.
        actual: f64,
    },
    /// The payment's status is not what the webhook says (a stale or forged
    /// webhook: act on the API's status, not the webhook's).
    #[error("the payment's status is {actual}, not {claimed} as the webhook says")]
    StatusMismatch {
        /// What the webhook says (or, for a CVS confirm, `ready`).
        claimed: PaymentStatus,
        /// What the API says.
        actual: PaymentStatus,
    },
    /// A CVS confirm request names another barcode than the payment's.
    #[error("the barcode of the confirm request is not the payment's")]
    BarcodeMismatch,
}

impl Client {
    /// Verifies a notification: re-reads the payment by `imp_uid` and checks
    /// that its `merchant_uid` and `status` are what the notification says
    /// and that its amount is `expected_amount`, the amount of the merchant's
    /// own order. Returns the payment as the API reports it.
    ///
    /// Notifications are unsigned and may come twice or out of order; act on
    /// the returned payment, never on the notification.
    pub async fn verify_notification(
        &self,
        notification: &Notification,
        expected_amount: f64,
    ) -> Result<Payment, VerificationError> {
        let payment = self.read_back(&notification.imp_uid).await?;
        check(&payment, &notification.merchant_uid, &notification.status, expected_amount)?;
        Ok(payment)
    }

    /// Verifies a convenience-store confirm request before answering it:
    /// the payment must exist under that `merchant_uid`, still be `ready`,
    /// carry the barcode of the request and be for `expected_amount`.
    pub async fn verify_cvs_confirm(
        &self,
        confirm: &CvsConfirm,
        expected_amount: f64,
    ) -> Result<Payment, VerificationError> {
        let payment = self.read_back(&confirm.imp_uid).await?;
        check(&payment, &confirm.merchant_uid, &PaymentStatus::Ready, expected_amount)?;
        if payment.vbank_num.as_deref() != Some(confirm.extra.barcode.as_str()) {
            return Err(VerificationError::BarcodeMismatch);
        }
        Ok(payment)
    }

    async fn read_back(&self, imp_uid: &str) -> Result<Payment, VerificationError> {
        self.get_payment_by_imp_uid().imp_uid(imp_uid).send().await.map_err(VerificationError::Lookup)
    }
}

fn check(
    payment: &Payment,
    merchant_uid: &str,
    status: &PaymentStatus,
    expected_amount: f64,
) -> Result<(), VerificationError> {
    if payment.merchant_uid != merchant_uid {
        return Err(VerificationError::MerchantUidMismatch {
            claimed: merchant_uid.to_owned(),
            actual: payment.merchant_uid.clone(),
        });
    }
    if payment.amount != expected_amount {
        return Err(VerificationError::AmountMismatch { expected: expected_amount, actual: payment.amount });
    }
    if &payment.status != status {
        return Err(VerificationError::StatusMismatch { claimed: status.clone(), actual: payment.status.clone() });
    }
    Ok(())
}
