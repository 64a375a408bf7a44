//! The sandbox's books at the end of a run, against what the clients saw:
//! every payment looked up, its cancels summed; each checksum honoured at
//! most once; every webhook the sandbox logged received once.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use serde_json::Value;

use crate::{
    ledger::{Charged, Ledger, SeenCancel},
    receiver::{Notice, Received},
    workload::snippet,
};

/// Lookups in flight at once while checking.
const CHECKERS: usize = 8;

/// What the books hold, for the report.
#[derive(Debug, Default)]
pub struct Summary {
    pub payments: usize,
    pub cancels: usize,
    pub cancelled_amount: f64,
    pub checksum_cancels: usize,
    pub stale_sent: u64,
    pub stale_refused: u64,
    pub webhooks_logged: usize,
    pub webhooks_received: usize,
}

/// Checks the books; every broken rule goes to `violations`.
pub async fn check(
    http: &reqwest::Client,
    base_url: &str,
    ledger: &Ledger,
    received: Received,
    notice_url: &str,
    violations: &mut Vec<String>,
) -> Summary {
    let mut summary = Summary {
        payments: ledger.charged.len(),
        cancels: ledger.cancels.len(),
        cancelled_amount: ledger.cancels.iter().map(|c| c.amount).sum(),
        checksum_cancels: ledger.cancels.iter().filter(|c| c.checksum.is_some()).count(),
        stale_sent: ledger.stale_sent,
        stale_refused: ledger.stale_refused,
        webhooks_received: received.notices.len(),
        ..Summary::default()
    };
    // Books that hold nothing balance trivially: a run where the sandbox
    // refused every cancel, say, must not pass.
    for (held, what) in [
        (!ledger.charged.is_empty(), "no charge succeeded"),
        (!ledger.cancels.is_empty(), "no cancel was accepted"),
        (summary.checksum_cancels > 0, "no cancel with a checksum was accepted"),
        (ledger.stale_sent > 0, "no stale checksum was sent"),
    ] {
        if !held {
            violations.push(format!("books: {what}, so they prove nothing"));
        }
    }
    payments(http, base_url, ledger, violations).await;
    checksums(&ledger.cancels, violations);
    listing_total(http, base_url, ledger.charged.len(), violations).await;
    summary.webhooks_logged = webhooks(http, base_url, ledger, received, notice_url, violations).await;
    summary
}

/// Each payment, looked up: the sum of its `cancel_history` is its
/// `cancel_amount`, never more than its amount, and is what the clients
/// saw accepted for it, cancel by cancel.
async fn payments(http: &reqwest::Client, base_url: &str, ledger: &Ledger, violations: &mut Vec<String>) {
    let mut seen: HashMap<&str, Vec<&SeenCancel>> = HashMap::new();
    for cancel in &ledger.cancels {
        seen.entry(&cancel.imp_uid).or_default().push(cancel);
    }
    let found = lookup_all(http, base_url, &ledger.charged).await;
    let (mut recorded_total, mut seen_total) = (0.0, 0.0);
    for (payment, answer) in ledger.charged.iter().zip(found) {
        let id = &payment.imp_uid;
        let answer = match answer {
            Ok(answer) => answer,
            Err(why) => {
                violations.push(format!("books: {id}: {why}"));
                continue;
            }
        };
        let p = &answer["response"];
        let (amount, cancel_amount) =
            (p["amount"].as_f64().unwrap_or(f64::NAN), p["cancel_amount"].as_f64().unwrap_or(f64::NAN));
        let history = p["cancel_history"].as_array().cloned().unwrap_or_default();
        let history_sum: f64 = history.iter().map(|c| c["amount"].as_f64().unwrap_or(f64::NAN)).sum();
        let mut history_ids: Vec<&str> = history.iter().filter_map(|c| c["cancellation_id"].as_str()).collect();
        let mine = seen.get(id.as_str()).map_or(&[][..], Vec::as_slice);
        let mine_sum: f64 = mine.iter().map(|c| c.amount).sum();
        let mut mine_ids: Vec<&str> = mine.iter().map(|c| c.cancellation_id.as_str()).collect();
        history_ids.sort_unstable();
        mine_ids.sort_unstable();
        recorded_total += cancel_amount;
        seen_total += mine_sum;
        if history_sum != cancel_amount {
            violations
                .push(format!("books: {id}: cancel_history sums to {history_sum}, cancel_amount is {cancel_amount}"));
        }
        if cancel_amount > amount || amount != payment.amount {
            violations.push(format!(
                "books: {id}: cancel_amount {cancel_amount} of an amount of {amount} (charged {})",
                payment.amount
            ));
        }
        if mine_sum != cancel_amount || history_ids != mine_ids {
            violations.push(format!(
                "books: {id}: the clients saw {} cancels of {mine_sum} in all ({mine_ids:?}); the sandbox records {} of {cancel_amount} ({history_ids:?})",
                mine.len(),
                history.len()
            ));
        }
        let status = p["status"].as_str().unwrap_or_default();
        let expected = if cancel_amount >= amount { "cancelled" } else { "paid" };
        if status != expected {
            violations.push(format!("books: {id}: status {status} with {cancel_amount} of {amount} cancelled"));
        }
    }
    if recorded_total != seen_total {
        violations.push(format!(
            "books: the clients saw {seen_total} cancelled in all; the sandbox records {recorded_total}"
        ));
    }
}

/// `GET /payments/{imp_uid}` of each payment, [`CHECKERS`] at a time, in order.
async fn lookup_all(http: &reqwest::Client, base_url: &str, payments: &[Charged]) -> Vec<Result<Value, String>> {
    let ids: Arc<Vec<String>> = Arc::new(payments.iter().map(|p| p.imp_uid.clone()).collect());
    let results: Arc<Mutex<Vec<Result<Value, String>>>> =
        Arc::new(Mutex::new((0..ids.len()).map(|_| Err("not looked up".to_owned())).collect()));
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CHECKERS {
        let (http, base_url, ids, results, next) =
            (http.clone(), base_url.to_owned(), Arc::clone(&ids), Arc::clone(&results), Arc::clone(&next));
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(id) = ids.get(i) else { break };
                let found = get_json(&http, &format!("{base_url}/payments/{id}")).await.and_then(|(status, body)| {
                    match status == 200 && body["code"] == 0 {
                        true => Ok(body),
                        false => Err(format!("not found (HTTP {status}): {}", snippet(&body))),
                    }
                });
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = found;
            }
        });
    }
    while workers.join_next().await.is_some() {}
    std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()))
}

async fn get_json(http: &reqwest::Client, url: &str) -> Result<(u16, Value), String> {
    let response = http.get(url).send().await.map_err(|e| format!("no answer: {e}"))?;
    let status = response.status().as_u16();
    let body = response.json::<Value>().await.map_err(|e| format!("HTTP {status}, not JSON: {e}"))?;
    Ok((status, body))
}

/// No `(payment, checksum)` honoured twice.
fn checksums(cancels: &[SeenCancel], violations: &mut Vec<String>) {
    let mut honoured: BTreeMap<(&str, i64), usize> = BTreeMap::new();
    for cancel in cancels {
        if let Some(checksum) = cancel.checksum {
            *honoured.entry((&cancel.imp_uid, checksum)).or_default() += 1;
        }
    }
    for ((imp_uid, checksum), times) in honoured.into_iter().filter(|(_, n)| *n > 1) {
        violations.push(format!("books: checksum {checksum} of {imp_uid} honoured {times} times"));
    }
}

/// The listing of every payment counts as many as the clients charged.
async fn listing_total(http: &reqwest::Client, base_url: &str, charged: usize, violations: &mut Vec<String>) {
    match get_json(http, &format!("{base_url}/payments/status/all?limit=1")).await {
        Ok((200, body)) if body["response"]["total"].as_u64() == Some(charged as u64) => {}
        Ok((status, body)) => violations.push(format!(
            "books: the listing of all payments should count {charged}; got HTTP {status}: {}",
            snippet(&body)
        )),
        Err(why) => violations.push(format!("books: the listing of all payments: {why}")),
    }
}

/// The sandbox's webhook log against what the receiver got and what the
/// clients caused: one notification per charge and per accepted cancel,
/// each logged once, answered 200 and received once. Returns how many
/// the log holds.
async fn webhooks(
    http: &reqwest::Client,
    base_url: &str,
    ledger: &Ledger,
    received: Received,
    notice_url: &str,
    violations: &mut Vec<String>,
) -> usize {
    let log = match get_json(http, &format!("{base_url}/_sandbox/webhooks")).await {
        Ok((200, body)) => body["response"].as_array().cloned().unwrap_or_default(),
        Ok((status, body)) => {
            violations.push(format!("webhooks: the log: HTTP {status}: {}", snippet(&body)));
            return 0;
        }
        Err(why) => {
            violations.push(format!("webhooks: the log: {why}"));
            return 0;
        }
    };
    let mut logged = Vec::with_capacity(log.len());
    for entry in &log {
        let answered = entry["kind"] == "notification" && entry["outcome"] == "answered" && entry["status"] == 200;
        if !answered || entry["url"] != notice_url {
            violations.push(format!("webhooks: not a notification answered 200 at {notice_url}: {}", snippet(entry)));
        }
        match Notice::from_json(&entry["body"]) {
            Some(notice) => logged.push(notice),
            None => violations.push(format!("webhooks: a logged body is not a notification: {}", snippet(entry))),
        }
    }
    for body in &received.malformed {
        violations.push(format!("webhooks: received a body that is not a notification: {body}"));
    }
    let charges = ledger.charged.iter().map(|p| Notice {
        imp_uid: p.imp_uid.clone(),
        merchant_uid: p.merchant_uid.clone(),
        status: "paid".to_owned(),
        cancellation_id: None,
    });
    let cancels = ledger.cancels.iter().map(|c| Notice {
        imp_uid: c.imp_uid.clone(),
        merchant_uid: c.merchant_uid.clone(),
        status: c.status.clone(),
        cancellation_id: Some(c.cancellation_id.clone()),
    });
    let caused: Vec<Notice> = charges.chain(cancels).collect();
    compare("caused by the clients", &caused, "logged by the sandbox", &logged, violations);
    compare("logged by the sandbox", &logged, "received", &received.notices, violations);
    log.len()
}

/// Each notice once on each side, and the same on both.
fn compare(left_name: &str, left: &[Notice], right_name: &str, right: &[Notice], violations: &mut Vec<String>) {
    let count = |notices: &[Notice]| {
        let mut counts: BTreeMap<Notice, usize> = BTreeMap::new();
        for notice in notices {
            *counts.entry(notice.clone()).or_default() += 1;
        }
        counts
    };
    let (left_counts, right_counts) = (count(left), count(right));
    let mut shown = 0;
    for notice in left_counts.keys().chain(right_counts.keys().filter(|n| !left_counts.contains_key(*n))) {
        let (l, r) = (left_counts.get(notice).copied().unwrap_or(0), right_counts.get(notice).copied().unwrap_or(0));
        if l != 1 || r != 1 {
            shown += 1;
            if shown <= 20 {
                violations.push(format!("webhooks: {notice:?}: {l} {left_name}, {r} {right_name}"));
            }
        }
    }
    if shown > 20 {
        violations.push(format!("webhooks: {} more notices differ between {left_name} and {right_name}", shown - 20));
    }
}
