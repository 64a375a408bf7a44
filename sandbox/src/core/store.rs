//! The sandbox's state: payments, billing keys, and the ids it hands out.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    hash::{BuildHasher, RandomState},
};

use iamport::{
    Timestamp,
    enums::{Currency, PaymentChannel, PaymentSorting, PaymentStatus},
    types::{Customer, EscrowLogis, ExternalReceipt, Payment, PaymentPrepare, Receipt},
};

use super::{
    cards::TestCard,
    certifications::Verification,
    kcpquick::{KCPQUICK_MEMBER, Member},
    naver_orders::ProductOrder,
    reply::Reply,
    schedules::ScheduledPayment,
};

/// The `user_agent` the API writes in every payment (it no longer records
/// the buyer's browser).
const USER_AGENT: &str = "sorry_not_supported_anymore";

/// The points the sandbox's Benepia user ([`crate::BENEPIA_USER`]) starts with.
pub const BENEPIA_POINTS: i64 = 120_000;

/// A payment and what the sandbox keeps beside it.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub payment: Payment,
    /// Creation order, to break ties when sorting.
    pub seq: u64,
    pub updated_at: i64,
    /// Where notifications about this payment go.
    pub notice_urls: Vec<String>,
    /// CVS only: asked before a store accepts the payment.
    pub confirm_url: Option<String>,
}

/// A stored billing key and the card behind it.
#[derive(Debug, Clone)]
pub(crate) struct BillingKey {
    pub customer: Customer,
    pub card: TestCard,
}

#[derive(Debug)]
pub(crate) struct Store {
    payments: HashMap<String, Record>,
    by_merchant_uid: HashMap<String, Vec<String>>,
    pub customers: HashMap<String, BillingKey>,
    /// Amounts registered with `preparePayment`, by `merchant_uid`.
    pub prepared: HashMap<String, PaymentPrepare>,
    /// Scheduled payments, by `merchant_uid`.
    pub schedules: HashMap<String, ScheduledPayment>,
    /// Cash receipts of payments, by `imp_uid`.
    pub receipts: HashMap<String, Receipt>,
    /// Cash receipts of outside payments, by `merchant_uid`.
    pub external_receipts: HashMap<String, ExternalReceipt>,
    /// Shipping information of escrow payments, by `imp_uid`.
    pub escrow: HashMap<String, EscrowLogis>,
    /// Identity verifications, by `imp_uid`.
    pub certifications: HashMap<String, Verification>,
    /// What is left of the sandbox's Benepia points.
    pub benepia_points: i64,
    /// PAYCO order statuses, by `imp_uid`.
    pub payco_statuses: HashMap<String, String>,
    /// Naver Pay product orders, by `product_order_id`.
    pub naver_orders: HashMap<String, ProductOrder>,
    /// Naver Pay payments whose points were credited, by `imp_uid`.
    pub naver_points: HashSet<String>,
    /// KCP Quick Pay members, by `member_id`.
    pub kcpquick_members: HashMap<String, Member>,
    /// KCP Quick Pay payments registered in advance (without the PKCE
    /// verifier), by `merchant_uid`.
    pub kcpquick_prepared: HashMap<String, serde_json::Value>,
    /// Ids the next payments or verifications take instead of new ones,
    /// first in first out: set by the fixtures (`SandboxBuilder::fixtures`)
    /// so that what they create has the ids the spec's examples name.
    pub named_imp_uids: VecDeque<String>,
    /// The same for the next Naver Pay product orders.
    pub named_product_orders: VecDeque<String>,
    next: u64,
    seed: u64,
}

impl Store {
    /// An empty store, but for what every sandbox starts with (registered `now`).
    pub fn new(now: i64) -> Self {
        let seed = RandomState::new().hash_one("iamport-sandbox");
        Self {
            payments: HashMap::new(),
            by_merchant_uid: HashMap::new(),
            customers: HashMap::new(),
            prepared: HashMap::new(),
            schedules: HashMap::new(),
            receipts: HashMap::new(),
            external_receipts: HashMap::new(),
            escrow: HashMap::new(),
            certifications: HashMap::new(),
            benepia_points: BENEPIA_POINTS,
            payco_statuses: HashMap::new(),
            naver_orders: HashMap::new(),
            naver_points: HashSet::new(),
            kcpquick_members: HashMap::from([(KCPQUICK_MEMBER.to_owned(), Member::sandbox(now))]),
            kcpquick_prepared: HashMap::new(),
            named_imp_uids: VecDeque::new(),
            named_product_orders: VecDeque::new(),
            next: 0,
            seed,
        }
    }

    /// A random number fixed for this sandbox's life.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A number unique within this sandbox, for ids.
    pub fn next_id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// `imp_` and 12 digits, like the API's; unique within this sandbox
    /// (or the next of [`Self::named_imp_uids`]).
    pub fn new_imp_uid(&mut self) -> String {
        if let Some(named) = self.named_imp_uids.pop_front() {
            return named;
        }
        let n = self.next_id();
        // A multiplier coprime with 10^12 keeps distinct counters distinct.
        let digits = (self.seed % 1_000_000_000_000).wrapping_add(n.wrapping_mul(7_919_000_003)) % 1_000_000_000_000;
        format!("imp_{digits:012}")
    }

    /// Whether `merchant_uid` names a payment that is not `failed`: the API
    /// refuses to start another payment under it.
    pub fn merchant_uid_in_use(&self, merchant_uid: &str) -> bool {
        self.by_merchant_uid
            .get(merchant_uid)
            .into_iter()
            .flatten()
            .filter_map(|imp_uid| self.payments.get(imp_uid))
            .any(|r| r.payment.status != PaymentStatus::Failed)
    }

    pub fn insert(&mut self, payment: Payment, notice_urls: Vec<String>, confirm_url: Option<String>, now: i64) {
        let seq = self.next_id();
        self.by_merchant_uid.entry(payment.merchant_uid.clone()).or_default().push(payment.imp_uid.clone());
        let imp_uid = payment.imp_uid.clone();
        self.payments.insert(imp_uid, Record { payment, seq, updated_at: now, notice_urls, confirm_url });
    }

    pub fn get(&self, imp_uid: &str) -> Option<&Record> {
        self.payments.get(imp_uid)
    }

    pub fn get_mut(&mut self, imp_uid: &str) -> Option<&mut Record> {
        self.payments.get_mut(imp_uid)
    }

    /// The first payment under `merchant_uid` (in `status`, if given) in
    /// the order `sorting` asks for.
    pub fn find(&self, merchant_uid: &str, status: Option<&PaymentStatus>, sorting: PaymentSorting) -> Option<&Record> {
        let candidates =
            self.under_merchant_uid(merchant_uid).filter(|r| status.is_none_or(|s| &r.payment.status == s));
        sorted(candidates, sorting).into_iter().next()
    }

    /// Every payment under `merchant_uid`, in creation order.
    pub fn under_merchant_uid(&self, merchant_uid: &str) -> impl Iterator<Item = &Record> {
        self.by_merchant_uid.get(merchant_uid).into_iter().flatten().filter_map(|imp_uid| self.payments.get(imp_uid))
    }

    /// Every payment, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        self.payments.values()
    }
}

/// Records in the order `sorting` asks for (ties by creation order).
pub(crate) fn sorted<'a>(records: impl Iterator<Item = &'a Record>, sorting: PaymentSorting) -> Vec<&'a Record> {
    let key = |r: &Record| -> (i64, u64) {
        let at = |t: Timestamp| t.raw();
        let time = match sorting {
            PaymentSorting::StartedNewestFirst | PaymentSorting::StartedOldestFirst => at(r.payment.started_at),
            PaymentSorting::PaidNewestFirst | PaymentSorting::PaidOldestFirst => at(r.payment.paid_at),
            PaymentSorting::UpdatedNewestFirst | PaymentSorting::UpdatedOldestFirst => r.updated_at,
        };
        (time, r.seq)
    };
    let mut records: Vec<&Record> = records.collect();
    records.sort_by_key(|r| key(r));
    if matches!(
        sorting,
        PaymentSorting::StartedNewestFirst | PaymentSorting::PaidNewestFirst | PaymentSorting::UpdatedNewestFirst
    ) {
        records.reverse();
    }
    records
}

/// Refuses a fraction of a won as the API does (a business failure, `code:
/// 1`): KRW has no smaller unit. Other currencies may carry decimals.
pub(crate) fn whole_in(currency: &Currency, field: &str, amount: Option<f64>) -> Result<(), Reply> {
    match amount {
        Some(amount) if *currency == Currency::Krw && amount.fract() != 0.0 => {
            Err(Reply::refused(1, format!("원화(KRW) 금액은 소수점을 포함할 수 없습니다. ({field})")))
        }
        _ => Ok(()),
    }
}

/// A new payment in status `ready`, with the fields every payment has.
/// Built with the generated builder so that fields added to the spec later
/// start as `None`; fails only if the spec makes another field required.
pub(crate) fn new_payment(
    imp_uid: String,
    merchant_uid: &str,
    amount: f64,
    currency: Option<&str>,
    now: i64,
) -> Result<Payment, Reply> {
    let currency = Currency::from(currency.unwrap_or("KRW"));
    if let Currency::Unknown(_) = currency {
        return Err(Reply::refused(1, "지원하지 않는 통화입니다. (sandbox: KRW, USD, EUR, JPY)"));
    }
    whole_in(&currency, "amount", Some(amount))?;
    Payment::builder()
        .imp_uid(imp_uid)
        .merchant_uid(merchant_uid)
        .amount(amount)
        .cancel_amount(0.0)
        .currency(currency)
        .status(PaymentStatus::Ready)
        .channel(PaymentChannel::Api)
        // What the API writes in every payment since it stopped recording it.
        .user_agent(USER_AGENT)
        .sandbox(true)
        .escrow(false)
        .started_at(Timestamp::from_unix(now))
        .paid_at(Timestamp::NONE)
        .failed_at(Timestamp::NONE)
        .cancelled_at(Timestamp::NONE)
        .cancel_history(Vec::new())
        .cash_receipt_issued(false)
        .try_into()
        .map_err(|e: iamport::types::error::ConversionError| {
            Reply::failure(
                iamport::StatusCode::INTERNAL_SERVER_ERROR,
                -1,
                format!("sandbox cannot build a payment: {e}"),
            )
        })
}
