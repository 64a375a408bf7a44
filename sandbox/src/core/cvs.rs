//! Convenience-store barcodes (cvs): [`simulate_payment`], a customer
//! paying one at a store, which the control API and `Sandbox` share.

use iamport::{
    Timestamp,
    enums::PaymentStatus,
    types::Payment,
    webhook::{CVS_CONFIRM_EVENT, CvsConfirm, CvsConfirmExtra, CvsPayType},
};

use super::{
    Shared,
    deliver::{self, DeliveryOutcome},
    simulation::SimulationError,
};

/// Plays a customer paying the barcode `imp_uid` at a store: asks the
/// merchant's `confirm_url` (if any), then marks the payment paid and
/// notifies it.
pub(crate) async fn simulate_payment(
    shared: &Shared,
    imp_uid: &str,
    pay_type: CvsPayType,
) -> Result<Payment, SimulationError> {
    let (confirm, confirm_url) = {
        let store = shared.store();
        let record = store.get(imp_uid).ok_or(SimulationError::UnknownPayment)?;
        let payment = ready_barcode(&record.payment, shared.clock.now())?;
        let confirm = CvsConfirm {
            event: CVS_CONFIRM_EVENT.to_owned(),
            imp_uid: payment.imp_uid.clone(),
            merchant_uid: payment.merchant_uid.clone(),
            status: PaymentStatus::Ready,
            extra: CvsConfirmExtra { barcode: payment.vbank_num.clone().unwrap_or_default(), pay_type },
        };
        (confirm, record.confirm_url.clone())
    };
    if let Some(url) = confirm_url {
        match deliver::confirm(shared, &url, confirm).await {
            DeliveryOutcome::Answered(200) => {}
            DeliveryOutcome::Answered(status) => return Err(SimulationError::Rejected { status }),
            // A confirm request is never held or dropped: it is sent at once.
            DeliveryOutcome::NoAnswer
            | DeliveryOutcome::NotLoopback
            | DeliveryOutcome::Pending { .. }
            | DeliveryOutcome::Dropped => {
                return Err(SimulationError::ConfirmUnreachable);
            }
        }
    }
    let (payment, notice_urls) = {
        let now = shared.clock.now();
        let mut store = shared.store();
        let record = store.get_mut(imp_uid).ok_or(SimulationError::UnknownPayment)?;
        // The state may have moved while the merchant was being asked.
        ready_barcode(&record.payment, now)?;
        record.payment.status = PaymentStatus::Paid;
        record.payment.paid_at = Timestamp::from_unix(now);
        record.updated_at = now;
        (record.payment.clone(), record.notice_urls.clone())
    };
    deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
    Ok(payment)
}

fn ready_barcode(payment: &Payment, now: i64) -> Result<&Payment, SimulationError> {
    if payment.pay_method.as_deref() != Some("cvs") {
        return Err(SimulationError::NotCvs);
    }
    if payment.status != PaymentStatus::Ready {
        return Err(SimulationError::NotReady(payment.status.clone()));
    }
    if payment.vbank_date.is_set() && payment.vbank_date.raw() <= now {
        return Err(SimulationError::Expired);
    }
    Ok(payment)
}
