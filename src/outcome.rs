//! Finding out what happened to a call whose answer was lost.

use crate::{Client, Error, Result, StatusCode, enums::PaymentSorting, types::Payment};

impl Client {
    /// The most recently started payment for `merchant_uid`, whatever its
    /// status, or `None` when the API has no payment under that id.
    pub async fn find_payment(&self, merchant_uid: &str) -> Result<Option<Payment>> {
        let found = self
            .get_payment_by_merchant_uid_any_status()
            .merchant_uid(merchant_uid)
            .sorting(PaymentSorting::StartedNewestFirst)
            .send()
            .await;
        none_if_not_found(found)
    }

    /// Looks up the payment behind an [`Error::OutcomeUnknown`], by its
    /// `imp_uid` or else its `merchant_uid`. `Ok(None)` means the API has no
    /// such payment: the call did not take effect and may be sent again.
    /// Any payment returned (paid, ready, failed) tells what did happen.
    pub async fn resolve_outcome(&self, error: &Error) -> Result<Option<Payment>> {
        if let Some(imp_uid) = error.outcome_key("imp_uid") {
            return none_if_not_found(self.get_payment_by_imp_uid().imp_uid(imp_uid).send().await);
        }
        match error.outcome_key("merchant_uid") {
            Some(merchant_uid) => self.find_payment(merchant_uid).await,
            None => Err(Error::InvalidRequest {
                message: "the error does not name a payment (no imp_uid or merchant_uid)".into(),
            }),
        }
    }
}

fn none_if_not_found(found: Result<Payment>) -> Result<Option<Payment>> {
    match found {
        Ok(payment) => Ok(Some(payment)),
        Err(Error::Api { status: StatusCode::NOT_FOUND, .. }) => Ok(None),
        Err(error) => Err(error),
    }
}
