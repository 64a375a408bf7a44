//! The clients: each loops until the deadline or the shared request cap,
//! picking a kind of request by weight, and notes what it saw in the
//! [`Ledger`] and its [`Stats`].

use std::{
    hash::{BuildHasher, BuildHasherDefault, DefaultHasher},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use crate::{
    ledger::{Charged, Ledger, SeenCancel},
    stats::{Kind, Stats},
};

/// What each charge takes (KRW); cancels give back 1,000 to 3,000 of it at
/// a time, so a payment takes several cancels to empty.
pub const CHARGE: f64 = 10_000.0;
/// The sandbox's approved test card (`iamport_sandbox::CARD_APPROVED`).
pub const CARD: &str = "4242-4242-4242-4242";
pub const EXPIRY: &str = "2099-12";
/// How many billing keys the `again` charges share.
pub const BILLING_KEYS: usize = 4;
/// The longest a request may take before it counts as lost.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Listings ask for pages of this many payments, and follow `next` for at
/// most this many pages.
const PAGE_LIMIT: u64 = 20;
const MAX_PAGES: u64 = 3;

/// The mix, in percent of operations (a checksum cancel is two requests:
/// the lookup that reads the checksum, then the cancel).
const WEIGHTS: [(Kind, u64); 9] = [
    (Kind::Onetime, 10),
    (Kind::Again, 8),
    (Kind::ChargeTwice, 2),
    (Kind::Cancel, 20),
    (Kind::CancelChecksum, 15),
    (Kind::CancelStale, 5),
    (Kind::LookupImpUid, 20),
    (Kind::LookupMerchantUid, 10),
    (Kind::Listing, 10),
];

/// What every client of one target shares.
pub struct Run {
    pub http: reqwest::Client,
    pub base_url: String,
    /// Whether the server keeps state (the sandbox): its answers are held
    /// to the API's rules. Prism's fixed examples are only counted.
    pub stateful: bool,
    pub deadline: Instant,
    pub max_requests: u64,
    pub sent: AtomicU64,
    pub ledger: Mutex<Ledger>,
}

impl Run {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn violation(&self, what: String) {
        self.ledger().violation(what);
    }

    fn more(&self) -> bool {
        Instant::now() < self.deadline && self.sent.load(Ordering::Relaxed) < self.max_requests
    }
}

/// An answer: HTTP status and the body as JSON (`Null` when it is not).
struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    fn code(&self) -> Option<i64> {
        self.body.get("code").and_then(Value::as_i64)
    }

    fn response(&self) -> &Value {
        &self.body["response"]
    }
}

/// A small xorshift generator: each client its own, seeded by its number,
/// so a run's mix is the same from run to run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One client: operations until the deadline or the cap; its measurements.
pub async fn client(run: Arc<Run>, id: u16) -> Stats {
    let mut c = Client { run, id, rng: Rng::new(u64::from(id) + 1), stats: Stats::default(), charges: 0 };
    while c.run.more() {
        let mut roll = c.rng.below(100);
        let op = WEIGHTS
            .iter()
            .find(|(_, weight)| {
                let hit = roll < *weight;
                roll = roll.saturating_sub(*weight);
                hit
            })
            .map_or(Kind::Listing, |(op, _)| *op);
        c.operation(op).await;
    }
    c.stats
}

struct Client {
    run: Arc<Run>,
    id: u16,
    rng: Rng,
    stats: Stats,
    charges: u64,
}

impl Client {
    async fn operation(&mut self, op: Kind) {
        match op {
            Kind::Onetime => self.charge(false).await,
            Kind::Again => self.charge(true).await,
            Kind::ChargeTwice => self.charge_twice_at_once().await,
            Kind::Cancel => self.cancel().await,
            Kind::CancelChecksum => self.cancel_with_checksum().await,
            Kind::CancelStale => self.cancel_stale().await,
            Kind::LookupImpUid => self.lookup_by_imp_uid().await,
            Kind::LookupMerchantUid => self.lookup_by_merchant_uid().await,
            Kind::Listing => self.listing().await,
        }
    }

    /// Sends one request and records it; `None` when no answer came (a
    /// broken rule, as is any 5xx).
    async fn send(&mut self, kind: Kind, request: reqwest::RequestBuilder) -> Option<Answer> {
        let exchanged = exchange(&self.run, request).await;
        self.record(kind, exchanged)
    }

    fn record(&mut self, kind: Kind, (latency, answered): Exchanged) -> Option<Answer> {
        match answered {
            Ok((status, bytes)) => {
                let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                let answer = Answer { status, body };
                let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(&bytes[..]);
                self.stats.answered(kind, latency, status, answer.code(), hash);
                if status >= 500 {
                    self.run.violation(format!("{}: HTTP {status}: {}", kind.name(), snippet(&answer.body)));
                }
                Some(answer)
            }
            Err(error) => {
                self.stats.transport_error(kind, latency);
                self.run.violation(format!("{}: no answer after {latency:?}: {error}", kind.name()));
                None
            }
        }
    }

    fn post(&self, path: &str, body: Value) -> reqwest::RequestBuilder {
        self.run.http.post(format!("{}{path}", self.run.base_url)).json(&body)
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.run.http.get(format!("{}{path}", self.run.base_url))
    }

    /// Holds a stateful server's answer to the rule; broken, it is noted.
    fn expect(&self, kind: Kind, holds: bool, answer: &Answer, rule: &str) -> bool {
        if self.run.stateful && !holds {
            self.run.violation(format!(
                "{}: {rule}; got HTTP {}: {}",
                kind.name(),
                answer.status,
                snippet(&answer.body)
            ));
        }
        holds
    }

    async fn charge(&mut self, again: bool) {
        self.charges += 1;
        let merchant_uid = format!("load-{}-{}", self.id, self.charges);
        let (kind, request) = match again {
            false => (Kind::Onetime, self.post("/subscribe/payments/onetime", onetime(&merchant_uid))),
            true => {
                let key = billing_key(self.rng.below(BILLING_KEYS as u64) as usize);
                (
                    Kind::Again,
                    self.post(
                        "/subscribe/payments/again",
                        json!({"customer_uid": key, "merchant_uid": merchant_uid, "amount": CHARGE, "name": "load test"}),
                    ),
                )
            }
        };
        let Some(answer) = self.send(kind, request).await else { return };
        if self.expect(kind, paid(&answer), &answer, "a charge of the approved card is paid") {
            self.note_charge(&answer);
        }
    }

    /// The same new order charged twice at once (a double click, a retry
    /// racing the first try): exactly one charge is paid, the other is
    /// refused for its `merchant_uid`, and no second payment exists.
    async fn charge_twice_at_once(&mut self) {
        self.charges += 1;
        let merchant_uid = format!("load-{}-{}", self.id, self.charges);
        let first = self.post("/subscribe/payments/onetime", onetime(&merchant_uid));
        let second = self.post("/subscribe/payments/onetime", onetime(&merchant_uid));
        let (first, second) = tokio::join!(exchange(&self.run, first), exchange(&self.run, second));
        let (Some(first), Some(second)) =
            (self.record(Kind::ChargeTwice, first), self.record(Kind::ChargeTwice, second))
        else {
            return;
        };
        let refused = |a: &Answer| a.status == 200 && a.code().is_some_and(|code| code != 0);
        let (winner, loser) = if paid(&first) { (first, second) } else { (second, first) };
        let rule = format!("one of two charges of {merchant_uid} at once is paid, the other refused");
        let held = self.expect(Kind::ChargeTwice, paid(&winner), &winner, &rule)
            & self.expect(Kind::ChargeTwice, refused(&loser), &loser, &rule);
        if held || !self.run.stateful {
            self.note_charge(&winner);
        } else {
            // Whatever was paid goes in the books.
            for answer in [&winner, &loser].into_iter().filter(|a| paid(a)) {
                self.note_charge(answer);
            }
        }
    }

    fn note_charge(&self, answer: &Answer) {
        let response = answer.response();
        let (Some(imp_uid), Some(merchant_uid)) = (response["imp_uid"].as_str(), response["merchant_uid"].as_str())
        else {
            return;
        };
        let amount = response["amount"].as_f64().unwrap_or(CHARGE);
        self.run.ledger().charged(Charged {
            imp_uid: imp_uid.to_owned(),
            merchant_uid: merchant_uid.to_owned(),
            amount,
        });
    }

    /// A few thousand won, in whole thousands.
    fn cancel_amount(&mut self) -> f64 {
        1000.0 * (1 + self.rng.below(3)) as f64
    }

    async fn cancel(&mut self) {
        let pick = self.rng.next();
        let Some(payment) = self.run.ledger().racing(pick) else { return self.charge(false).await };
        let amount = self.cancel_amount();
        let body = json!({"imp_uid": payment.imp_uid, "amount": amount, "reason": "load test"});
        let request = self.post("/payments/cancel", body);
        self.settle_cancel(Kind::Cancel, &payment, amount, None, request).await;
    }

    /// Reads what is left (the checksum), then cancels part of it with that
    /// checksum: racing clients make many of these stale, and refused.
    async fn cancel_with_checksum(&mut self) {
        let pick = self.rng.next();
        let Some(payment) = self.run.ledger().racing(pick) else { return self.charge(false).await };
        let lookup = self.get(&format!("/payments/{}", payment.imp_uid));
        let Some(answer) = self.send(Kind::LookupImpUid, lookup).await else { return };
        let found = answer.status == 200 && answer.code() == Some(0);
        if !self.expect(Kind::LookupImpUid, found, &answer, "a payment charged is found") {
            return;
        }
        let response = answer.response();
        let left = response["amount"].as_f64().unwrap_or(0.0) - response["cancel_amount"].as_f64().unwrap_or(0.0);
        if left <= 0.0 {
            return;
        }
        let checksum = left as i64;
        let amount = self.cancel_amount().min(left);
        let body = json!({"imp_uid": payment.imp_uid, "amount": amount, "checksum": checksum, "reason": "load test"});
        let request = self.post("/payments/cancel", body);
        self.settle_cancel(Kind::CancelChecksum, &payment, amount, Some(checksum), request).await;
    }

    /// A checksum already honoured: what was left has shrunk since, so the
    /// server must refuse it.
    async fn cancel_stale(&mut self) {
        let pick = self.rng.next();
        let Some((payment, checksum)) = self.run.ledger().honoured_checksum(pick) else {
            return self.cancel_with_checksum().await;
        };
        let body = json!({"imp_uid": payment.imp_uid, "amount": 1000, "checksum": checksum, "reason": "load test"});
        let request = self.post("/payments/cancel", body);
        let Some(answer) = self.send(Kind::CancelStale, request).await else { return };
        let refused = answer.status == 200 && answer.code().is_some_and(|code| code != 0);
        self.run.ledger().stale_sent += 1;
        let rule = format!("checksum {checksum} of {} was already honoured", payment.imp_uid);
        if self.expect(Kind::CancelStale, refused, &answer, &rule) {
            self.run.ledger().stale_refused += 1;
        } else if answer.code() == Some(0) {
            // Wrongly accepted, but accepted: the books must show it.
            self.accepted(Kind::CancelStale, &payment, 1000.0, Some(checksum), &answer);
        }
    }

    /// Sends a cancel and notes it in the ledger when accepted. A refusal
    /// (`code: 1`: more than is left, already cancelled, a stale checksum)
    /// is an answer the race makes expected.
    async fn settle_cancel(
        &mut self,
        kind: Kind,
        payment: &Charged,
        amount: f64,
        checksum: Option<i64>,
        request: reqwest::RequestBuilder,
    ) {
        let Some(answer) = self.send(kind, request).await else { return };
        let answered = answer.status == 200 && matches!(answer.code(), Some(0 | 1));
        if self.expect(kind, answered, &answer, "a cancel is accepted (code 0) or refused (code 1) at HTTP 200")
            && answer.code() == Some(0)
        {
            self.accepted(kind, payment, amount, checksum, &answer);
        }
    }

    /// Notes a cancel the server accepted: with its checksum (for the
    /// stale cancels), and on the sandbox with its entry of `cancel_history`.
    fn accepted(&self, kind: Kind, payment: &Charged, amount: f64, checksum: Option<i64>, answer: &Answer) {
        if let Some(checksum) = checksum {
            self.run.ledger().honoured(payment, checksum);
        }
        if !self.run.stateful {
            // Prism's examples hold no history of this cancel.
            return;
        }
        let response = answer.response();
        // The payment as it was right after this cancel: its last entry is ours.
        let last = response["cancel_history"].as_array().and_then(|h| h.last());
        let cancellation_id = last.and_then(|c| c["cancellation_id"].as_str());
        let last_amount = last.and_then(|c| c["amount"].as_f64());
        let (Some(cancellation_id), Some(status)) = (cancellation_id, response["status"].as_str()) else {
            let what = format!("{}: an accepted cancel without its history: {}", kind.name(), snippet(&answer.body));
            return self.run.violation(what);
        };
        if last_amount != Some(amount) || response["imp_uid"] != payment.imp_uid.as_str() {
            self.run.violation(format!(
                "{}: cancelled {amount} of {}, but the answer's last cancel is {last_amount:?} of {}",
                kind.name(),
                payment.imp_uid,
                response["imp_uid"]
            ));
        }
        self.run.ledger().cancelled(SeenCancel {
            imp_uid: payment.imp_uid.clone(),
            merchant_uid: payment.merchant_uid.clone(),
            amount,
            checksum,
            cancellation_id: cancellation_id.to_owned(),
            status: status.to_owned(),
        });
    }

    async fn lookup_by_imp_uid(&mut self) {
        let pick = self.rng.next();
        let Some(payment) = self.run.ledger().any(pick) else { return self.charge(true).await };
        let request = self.get(&format!("/payments/{}", payment.imp_uid));
        let Some(answer) = self.send(Kind::LookupImpUid, request).await else { return };
        let found = answer.status == 200
            && answer.code() == Some(0)
            && answer.response()["imp_uid"] == payment.imp_uid.as_str();
        self.expect(Kind::LookupImpUid, found, &answer, &format!("{} is found", payment.imp_uid));
    }

    async fn lookup_by_merchant_uid(&mut self) {
        let pick = self.rng.next();
        let Some(payment) = self.run.ledger().any(pick) else { return self.charge(true).await };
        let request = self.get(&format!("/payments/find/{}", payment.merchant_uid));
        let Some(answer) = self.send(Kind::LookupMerchantUid, request).await else { return };
        let found = answer.status == 200
            && answer.code() == Some(0)
            && answer.response()["imp_uid"] == payment.imp_uid.as_str();
        self.expect(Kind::LookupMerchantUid, found, &answer, &format!("{} is found", payment.merchant_uid));
    }

    /// Paid, cancelled or all payments, page after page (following `next`).
    async fn listing(&mut self) {
        let status = ["paid", "cancelled", "all"][self.rng.below(3) as usize];
        let pages = 1 + self.rng.below(MAX_PAGES);
        let mut page = 1;
        for _ in 0..pages {
            let request = self.get(&format!("/payments/status/{status}?page={page}&limit={PAGE_LIMIT}"));
            let Some(answer) = self.send(Kind::Listing, request).await else { return };
            let list = answer.response()["list"].as_array();
            let listed =
                answer.status == 200 && answer.code() == Some(0) && list.is_some_and(|l| l.len() as u64 <= PAGE_LIMIT);
            if !self.expect(Kind::Listing, listed, &answer, "a page of at most 20 payments") {
                return;
            }
            match answer.response()["next"].as_u64() {
                Some(next) if next > page => page = next,
                _ => return,
            }
        }
    }
}

/// How long a request took, and its status and body or why none came.
type Exchanged = (Duration, Result<(u16, bytes::Bytes), reqwest::Error>);

/// Sends `request` and reads the whole answer.
async fn exchange(run: &Run, request: reqwest::RequestBuilder) -> Exchanged {
    run.sent.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let answered = async {
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.bytes().await?))
    }
    .await;
    (started.elapsed(), answered)
}

/// A charge answered `paid`.
fn paid(answer: &Answer) -> bool {
    answer.status == 200 && answer.code() == Some(0) && answer.response()["status"] == "paid"
}

/// The body of a `onetime` charge of the approved card.
fn onetime(merchant_uid: &str) -> Value {
    json!({"merchant_uid": merchant_uid, "amount": CHARGE, "card_number": CARD, "expiry": EXPIRY, "name": "load test"})
}

/// The `customer_uid` of billing key `i`.
pub fn billing_key(i: usize) -> String {
    format!("load-key-{i}")
}

/// The start of a body, for a message.
pub fn snippet(body: &Value) -> String {
    let text = body.to_string();
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}
