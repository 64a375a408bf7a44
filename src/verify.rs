//! What a payment really is, compared with the merchant's own order.
//!
//! Whatever reports a payment (the browser's callback or redirect, a
//! webhook) names it with an `imp_uid` and nothing in the report can be
//! trusted: `success: true` does not mean paid, and an amount the browser
//! shows can have been changed. [`crate::Client::verify_payment`] reads the
//! payment from the API and compares it with what the merchant's records
//! say ([`Expected`]), and says in one [`Verification`] what to do.

use crate::{
    Amount, Client, Error, Result, StatusCode,
    enums::{Currency, PaymentStatus},
    error::DecodeError,
    types::Payment,
};

/// The order as the merchant's own records have it: what the payment must
/// be for.
///
/// ```
/// use iamport::{enums::Currency, verify::Expected};
///
/// let price: u64 = 15_000; // from the merchant's database, not the browser
/// let expected = Expected::new("order-20261122-0003", price);
/// assert_eq!(expected.currency, Currency::Krw);
/// let in_dollars = Expected::new("order-20261122-0004", 25u32).currency(Currency::Usd);
/// # let _ = in_dollars;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The order's id, as given to `request_pay`.
    pub merchant_uid: String,
    /// The amount the order costs, compared exactly with the payment's.
    pub amount: Amount,
    /// The order's currency.
    pub currency: Currency,
}

impl Expected {
    /// An order of `amount` won (KRW); see [`Expected::currency`] for others.
    /// An amount held as a signed integer or a float converts with
    /// `Amount::try_from`, which refuses a negative one.
    pub fn new(merchant_uid: impl Into<String>, amount: impl Into<Amount>) -> Self {
        Self { merchant_uid: merchant_uid.into(), amount: amount.into(), currency: Currency::Krw }
    }

    /// The order's currency, when it is not KRW.
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = currency;
        self
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// How much.
    pub amount: Amount,
    /// In what.
    pub currency: Currency,
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Where the customer is to pay: a virtual bank account (or, for a
/// convenience-store payment, the barcode in `number`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualAccount {
    /// The bank's code (`vbank_code`).
    pub bank_code: Option<String>,
    /// The bank's name (`vbank_name`).
    pub bank_name: Option<String>,
    /// The account number, or the barcode (`vbank_num`).
    pub number: String,
    /// The account holder's name as the customer sees it (`vbank_holder`).
    pub holder: Option<String>,
    /// The deposit deadline (`vbank_date`); `Timestamp::NONE` if the API
    /// gives none.
    pub deadline: crate::Timestamp,
}

/// What a payment is, compared with the order it should pay. Every variant
/// but [`Verification::Paid`] means the order is not, or no longer wholly,
/// paid as it should be.
///
/// The enum is exhaustive on purpose: a `match` without a wildcard makes
/// the compiler check that every case is handled.
///
/// Its `Debug` shows a payment by its ids, status and amounts only, so that
/// logging a verification does not log the buyer's details.
#[derive(Clone)]
pub enum Verification {
    /// Paid in full, for the order's amount and currency, and nothing of it
    /// cancelled. Fulfil the order.
    Paid {
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// A virtual account (or a convenience-store barcode) was issued: the
    /// order is not paid until the customer deposits (status `ready`; a
    /// notification comes with the deposit). Show the account.
    VirtualAccountIssued {
        /// Where and until when to pay.
        account: VirtualAccount,
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// Not paid yet and no account issued: the payment window was opened
    /// and not finished (status `ready`), or the API reports a status this
    /// version of the crate does not know. Not paid.
    Pending {
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// The payment failed (declined, abandoned, timed out). Not paid.
    Failed {
        /// The API's `fail_reason`, to show the customer.
        reason: Option<String>,
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// Cancelled, wholly (status `cancelled`) or in part (status `paid`
    /// with a `cancel_amount`).
    Cancelled {
        /// How much was cancelled.
        cancelled: Amount,
        /// How much is still paid; zero when `wholly`.
        remaining: Amount,
        /// Whether nothing is left paid.
        wholly: bool,
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// The payment's amount or currency is not the order's: the browser's
    /// request may have been tampered with (or the order changed). Do not
    /// ship; cancel it or ask the customer to pay again.
    AmountMismatch {
        /// What the order costs.
        expected: Money,
        /// What the payment is for.
        actual: Money,
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// The payment belongs to another order (another `merchant_uid`): an
    /// `imp_uid` replayed from an earlier payment, say.
    OtherOrder {
        /// The order the payment is for.
        merchant_uid: String,
        /// The payment as the API reports it.
        payment: Box<Payment>,
    },
    /// The API has no payment with this `imp_uid` (a forged or mistyped id).
    NotFound,
}

impl Verification {
    /// Compares a payment the API reported with the order.
    pub fn of(payment: Payment, expected: &Expected) -> Result<Self> {
        let payment = Box::new(payment);
        if payment.merchant_uid != expected.merchant_uid {
            return Ok(Self::OtherOrder { merchant_uid: payment.merchant_uid.clone(), payment });
        }
        let amount = response_amount(payment.amount)?;
        if amount != expected.amount || payment.currency != expected.currency {
            let expected = Money { amount: expected.amount, currency: expected.currency.clone() };
            let actual = Money { amount, currency: payment.currency.clone() };
            return Ok(Self::AmountMismatch { expected, actual, payment });
        }
        let cancelled = response_amount(payment.cancel_amount)?;
        Ok(match payment.status {
            PaymentStatus::Cancelled => Self::Cancelled { cancelled, remaining: Amount::ZERO, wholly: true, payment },
            PaymentStatus::Paid if cancelled != Amount::ZERO => {
                let remaining = amount.saturating_sub(cancelled);
                Self::Cancelled { cancelled, wholly: remaining == Amount::ZERO, remaining, payment }
            }
            PaymentStatus::Paid => Self::Paid { payment },
            PaymentStatus::Failed => Self::Failed { reason: payment.fail_reason.clone(), payment },
            PaymentStatus::Ready => match virtual_account(&payment) {
                Some(account) => Self::VirtualAccountIssued { account, payment },
                None => Self::Pending { payment },
            },
            _ => Self::Pending { payment },
        })
    }

    /// Whether the order is paid and may be fulfilled.
    pub fn is_paid(&self) -> bool {
        matches!(self, Self::Paid { .. })
    }

    /// The payment as the API reports it, unless there is none.
    pub fn payment(&self) -> Option<&Payment> {
        match self {
            Self::Paid { payment }
            | Self::VirtualAccountIssued { payment, .. }
            | Self::Pending { payment }
            | Self::Failed { payment, .. }
            | Self::Cancelled { payment, .. }
            | Self::AmountMismatch { payment, .. }
            | Self::OtherOrder { payment, .. } => Some(payment),
            Self::NotFound => None,
        }
    }
}

impl std::fmt::Debug for Verification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Self::Paid { .. } => "Paid",
            Self::VirtualAccountIssued { .. } => "VirtualAccountIssued",
            Self::Pending { .. } => "Pending",
            Self::Failed { .. } => "Failed",
            Self::Cancelled { .. } => "Cancelled",
            Self::AmountMismatch { .. } => "AmountMismatch",
            Self::OtherOrder { .. } => "OtherOrder",
            Self::NotFound => return f.write_str("NotFound"),
        };
        let mut out = f.debug_struct(name);
        match self {
            Self::VirtualAccountIssued { account, .. } => out.field("account", account),
            Self::Failed { reason, .. } => out.field("reason", reason),
            Self::Cancelled { cancelled, remaining, wholly, .. } => {
                out.field("cancelled", cancelled).field("remaining", remaining).field("wholly", wholly)
            }
            Self::AmountMismatch { expected, actual, .. } => out.field("expected", expected).field("actual", actual),
            Self::OtherOrder { merchant_uid, .. } => out.field("merchant_uid", merchant_uid),
            _ => &mut out,
        };
        if let Some(payment) = self.payment() {
            out.field("imp_uid", &payment.imp_uid)
                .field("payment_merchant_uid", &payment.merchant_uid)
                .field("status", &payment.status)
                .field("amount", &payment.amount)
                .field("cancel_amount", &payment.cancel_amount)
                .field("currency", &payment.currency);
        }
        out.finish_non_exhaustive()
    }
}

impl Client {
    /// Looks the payment `imp_uid` up and compares it with the order
    /// (`getPaymentByImpUid`): the one check to make after the browser's
    /// callback or redirect and on every webhook, whatever they claim.
    ///
    /// Every answer of the API is an `Ok` ([`Verification::NotFound`]
    /// included); an `Err` means the API could not be asked (no answer, a
    /// token that could not be fetched, an error status): see
    /// [`Error::is_retryable`] for whether to try again.
    pub async fn verify_payment(&self, imp_uid: &str, expected: &Expected) -> Result<Verification> {
        match self.get_payment_by_imp_uid().imp_uid(imp_uid).send().await {
            Ok(payment) => Verification::of(payment, expected),
            Err(Error::Api { status: StatusCode::NOT_FOUND, .. }) => Ok(Verification::NotFound),
            Err(error) => Err(error),
        }
    }
}

/// An amount of a payment the API reported; a negative or non-finite one
/// is not an answer the spec describes.
fn response_amount(value: f64) -> Result<Amount> {
    Amount::try_from(value)
        .map_err(|_| Error::Decode { status: Some(StatusCode::OK), source: DecodeError::unexpected_shape() })
}

fn virtual_account(payment: &Payment) -> Option<VirtualAccount> {
    let number = payment.vbank_num.as_deref().filter(|n| !n.trim().is_empty())?;
    Some(VirtualAccount {
        bank_code: payment.vbank_code.clone(),
        bank_name: payment.vbank_name.clone(),
        number: number.to_owned(),
        holder: payment.vbank_holder.clone(),
        deadline: payment.vbank_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(fields: serde_json::Value) -> Payment {
        let mut base = serde_json::json!({
            "imp_uid": "imp_1", "merchant_uid": "order-1", "amount": 1000, "cancel_amount": 0,
            "currency": "KRW", "status": "paid"
        });
        base.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    fn verify(fields: serde_json::Value) -> Verification {
        Verification::of(payment(fields), &Expected::new("order-1", 1_000u32)).unwrap()
    }

    #[test]
    fn a_ready_payment_without_an_account_and_an_unknown_status_are_pending() {
        assert!(matches!(verify(serde_json::json!({ "status": "ready" })), Verification::Pending { .. }));
        assert!(matches!(
            verify(serde_json::json!({ "status": "ready", "vbank_num": " " })),
            Verification::Pending { .. }
        ));
        assert!(matches!(verify(serde_json::json!({ "status": "refunding" })), Verification::Pending { .. }));
    }

    #[test]
    fn a_fractional_amount_is_compared_exactly() {
        let expected = Expected::new("order-1", Amount::try_from(10.5).unwrap()).currency(Currency::Usd);
        let paid = payment(serde_json::json!({ "amount": 10.5, "currency": "USD" }));
        assert!(Verification::of(paid, &expected).unwrap().is_paid());
        let other = payment(serde_json::json!({ "amount": 10.51, "currency": "USD" }));
        assert!(matches!(Verification::of(other, &expected).unwrap(), Verification::AmountMismatch { .. }));
    }

    #[test]
    fn debug_leaves_the_buyer_out() {
        let verification = verify(serde_json::json!({ "buyer_email": "kim@example.com", "buyer_tel": "01012345678" }));
        let printed = format!("{verification:?}");
        assert!(printed.starts_with("Paid { imp_uid: \"imp_1\""), "{printed}");
        assert!(!printed.contains("kim@") && !printed.contains("0101234"), "{printed}");
        assert_eq!(format!("{:?}", Verification::NotFound), "NotFound");
    }

    #[test]
    fn a_negative_amount_from_the_api_is_a_decode_error() {
        let err = Verification::of(payment(serde_json::json!({ "amount": -1 })), &Expected::new("order-1", 1u8));
        assert!(matches!(err, Err(Error::Decode { .. })), "{err:?}");
    }
}
