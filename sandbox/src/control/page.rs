//! `GET /_sandbox/`: a page showing what the sandbox holds (the payments,
//! the webhooks sent with the merchant's answers, the schedules, the
//! clock), with a form for what the control API does. Plain HTML written
//! by the server, no script: each form POSTs to the control API's own
//! route, which answers a form by sending the browser back here.
//! Everything that comes from the store is escaped.

use iamport::{enums::PaymentSorting, webhook::Notification};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::core::{
    Shared,
    deliver::{Delivery, DeliveryKind},
    reply::Reply,
    schedules::SCHEDULED,
    store::{self, Record},
    webhook_log::WebhookMode,
};

use super::{
    PREFIX,
    html::{amount, escape, utc},
    webhooks::{format_name, outcome},
};

/// What a path segment keeps unencoded (RFC 3986's unreserved characters).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}\
table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;\
text-align:left;vertical-align:top}th{background:#f3f3f3}form{display:inline;margin-right:.25rem}\
td.empty{color:#777}code{font-size:.9em}div{margin:.5rem 0}";

/// The page, as it is now.
pub(super) fn page(shared: &Shared) -> Reply {
    let now = shared.clock.now();
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>iamport sandbox</title><style>{STYLE}</style></head><body>\n\
         <h1>iamport sandbox</h1>\n<p>Merchant code <code>{}</code>. \
         The same as JSON: <a href=\"{PREFIX}webhooks\">webhooks</a>, <a href=\"{PREFIX}clock\">clock</a>.</p>\n",
        escape(&shared.merchant_code)
    );
    html.push_str(&clock(now));
    html.push_str(&payments(shared));
    html.push_str(&webhooks(shared));
    html.push_str(&schedules(shared));
    html.push_str("</body></html>\n");
    Reply::content("text/html; charset=utf-8", html)
}

/// A form that POSTs `fields` to a control route: one button.
fn button(route: &str, label: &str, fields: &[(&str, &str)]) -> String {
    let hidden: String = fields
        .iter()
        .map(|(name, value)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(name), escape(value)))
        .collect();
    format!("<form method=\"post\" action=\"{}\">{hidden}<button>{}</button></form>", escape(route), escape(label))
}

/// A control route with a segment from the store, encoded.
fn route(before: &str, segment: &str, after: &str) -> String {
    format!("{PREFIX}{before}/{}/{after}", utf8_percent_encode(segment, SEGMENT))
}

fn table(headers: &[&str], rows: Vec<String>) -> String {
    let headers: String = headers.iter().map(|h| format!("<th>{h}</th>")).collect();
    let body = match rows.is_empty() {
        true => format!("<tr><td class=\"empty\" colspan=\"{}\">none yet</td></tr>", headers.len()),
        false => rows.concat(),
    };
    format!("<table><thead><tr>{headers}</tr></thead><tbody>\n{body}</tbody></table>\n")
}

fn row(cells: &[String]) -> String {
    let cells: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
    format!("<tr>{cells}</tr>\n")
}

fn optional(text: Option<&str>) -> String {
    escape(text.unwrap_or("-"))
}

fn clock(now: i64) -> String {
    let advance = format!("{PREFIX}clock/advance");
    let steps: String = [("+1 minute", "60"), ("+1 hour", "3600"), ("+1 day", "86400")]
        .iter()
        .map(|(label, seconds)| button(&advance, label, &[("seconds", seconds)]))
        .collect();
    format!(
        "<h2>Clock</h2>\n<div>{} (<code>{now}</code>) {steps}\
         <form method=\"post\" action=\"{advance}\"><input name=\"seconds\" type=\"number\" min=\"0\" \
         required placeholder=\"seconds\" aria-label=\"seconds\"> <button>Advance</button></form></div>\n\
         <p>Advancing runs the scheduled payments and sends the webhooks held until then.</p>\n",
        utc(now)
    )
}

fn payments(shared: &Shared) -> String {
    let rows = {
        let store = shared.store();
        store::sorted(store.all(), PaymentSorting::StartedNewestFirst).into_iter().map(payment).collect()
    };
    let headers =
        ["imp_uid", "merchant_uid", "name", "status", "amount", "method", "cancellations", "started", "simulate"];
    format!("<h2>Payments</h2>\n{}", table(&headers, rows))
}

fn payment(record: &Record) -> String {
    let p = &record.payment;
    let method = match (&p.pay_method, &p.pg_provider) {
        (Some(method), Some(pg)) => format!("{} ({})", escape(method), escape(pg)),
        (method, pg) => optional(method.as_deref().or(pg.as_deref())),
    };
    let cancels = p.cancel_history.as_deref().unwrap_or_default();
    let cancellations = match cancels.len() {
        0 => "-".to_owned(),
        1 => format!("{} {} in 1 cancel", amount(p.cancel_amount), escape(p.currency.as_str())),
        n => format!("{} {} in {n} cancels", amount(p.cancel_amount), escape(p.currency.as_str())),
    };
    let ready = p.status.as_str() == "ready";
    let simulate = match p.pay_method.as_deref() {
        Some("vbank") if ready => button(&route("vbanks", &p.imp_uid, "deposit"), "Deposit", &[]),
        Some("cvs") if ready => button(&route("cvs", &p.imp_uid, "pay"), "Pay at a store", &[("pay_type", "cash")]),
        _ => String::new(),
    };
    let started = p.started_at.unix().map(utc).unwrap_or_default();
    row(&[
        format!("<code>{}</code>", escape(&p.imp_uid)),
        escape(&p.merchant_uid),
        optional(p.name.as_deref()),
        escape(p.status.as_str()),
        format!("{} {}", amount(p.amount), escape(p.currency.as_str())),
        method,
        cancellations,
        started,
        simulate,
    ])
}

fn webhooks(shared: &Shared) -> String {
    let (deliveries, mode, format) = {
        let log = shared.webhooks();
        (log.deliveries().to_vec(), log.mode, log.format)
    };
    let settings = format!("{PREFIX}webhooks/settings");
    let mode = match mode {
        WebhookMode::Once => "once".to_owned(),
        WebhookMode::Twice => "twice".to_owned(),
        WebhookMode::Late(delay) => format!("late, {} s after the action", delay.as_secs()),
        WebhookMode::Never => "never".to_owned(),
    };
    let modes: String = ["once", "twice", "never"].iter().map(|m| button(&settings, m, &[("mode", m)])).collect();
    let formats: String = ["json", "form"].iter().map(|f| button(&settings, f, &[("format", f)])).collect();
    let mut html = format!(
        "<h2>Webhooks</h2>\n<p>Notifications are delivered <strong>{mode}</strong>, encoded as \
         <strong>{}</strong>.</p>\n<div>Deliver: {modes}<form method=\"post\" action=\"{settings}\">\
         <input type=\"hidden\" name=\"mode\" value=\"late\"><input name=\"delay_seconds\" type=\"number\" \
         min=\"0\" required placeholder=\"seconds\" aria-label=\"delay in seconds\"> <button>late</button></form> \
         Encode as: {formats}</div>\n",
        format_name(format)
    );
    // Newest first.
    let rows = deliveries.iter().rev().map(delivery).collect();
    let headers = ["id", "at", "kind", "to", "what", "format", "answer", "replay"];
    html.push_str(&table(&headers, rows));
    html
}

fn delivery(d: &Delivery) -> String {
    let (kind, what, replay) = match &d.kind {
        DeliveryKind::Notification(n) => {
            let replay_route = format!("{PREFIX}webhooks/{}/replay", d.id);
            let replay = ["json", "form"]
                .iter()
                .map(|f| button(&replay_route, &format!("as {f}"), &[("format", f)]))
                .collect::<String>();
            ("notification", notification(n), replay)
        }
        DeliveryKind::CvsConfirm(c) => {
            let what = format!("<code>{}</code> {}", escape(&c.imp_uid), escape(&c.merchant_uid));
            ("cvs confirm", what, String::new())
        }
        DeliveryKind::PaymentConfirm(c) => {
            let what = format!("<code>{}</code> {} {}", escape(&c.imp_uid), escape(&c.merchant_uid), c.amount);
            ("payment confirm", what, String::new())
        }
    };
    let (name, status, due_at) = outcome(d.outcome);
    let answer = match (status, due_at) {
        (Some(status), _) => format!("HTTP {status}"),
        (None, Some(due_at)) => format!("pending until {}", utc(due_at)),
        (None, None) => name.replace('_', " "),
    };
    row(&[
        d.id.to_string(),
        utc(d.at),
        kind.to_owned(),
        escape(&d.url),
        what,
        format_name(d.format).to_owned(),
        answer,
        replay,
    ])
}

fn notification(n: &Notification) -> String {
    let cancellation = n.cancellation_id.as_deref().map(|id| format!(" (cancel {})", escape(id))).unwrap_or_default();
    format!(
        "<code>{}</code> {} <strong>{}</strong>{cancellation}",
        escape(&n.imp_uid),
        escape(&n.merchant_uid),
        escape(n.status.as_str())
    )
}

fn schedules(shared: &Shared) -> String {
    let rows = {
        let store = shared.store();
        let mut schedules: Vec<_> = store.schedules.values().collect();
        schedules.sort_by_key(|s| (s.at(), s.seq));
        schedules
            .into_iter()
            .map(|s| {
                let merchant_uid = s.item.merchant_uid.to_string();
                let decline = match s.status() == SCHEDULED && !s.decline {
                    true => button(&route("schedules", &merchant_uid, "decline"), "Decline next run", &[]),
                    false if s.decline => "declines next run".to_owned(),
                    false => String::new(),
                };
                let schedule = &s.schedule;
                row(&[
                    escape(&merchant_uid),
                    optional(schedule.customer_uid.as_deref()),
                    utc(s.at()),
                    schedule.amount.map(amount).unwrap_or_default(),
                    escape(s.status()),
                    optional(schedule.payment_status.as_deref()),
                    decline,
                ])
            })
            .collect()
    };
    let headers = ["merchant_uid", "customer_uid", "at", "amount", "schedule", "payment", "simulate"];
    format!("<h2>Scheduled payments</h2>\n{}", table(&headers, rows))
}
