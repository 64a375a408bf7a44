//! The control API's fault routes: faults armed for the next call of an
//! operation, and the current token expired early.

use std::time::Duration;

use iamport::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::{
    Shared, body,
    faults::{Fault, FaultError},
    reply::Reply,
};

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Arm {
    operation_id: String,
    fault: String,
    delay_ms: Option<u64>,
}

/// The faults armed and not yet met, in the order they apply.
pub(super) fn list(shared: &Shared) -> Value {
    let faults: Vec<Value> = shared
        .faults()
        .armed()
        .iter()
        .map(|(operation_id, fault)| {
            let (name, delay) = describe(*fault);
            json!({ "operation_id": operation_id, "fault": name, "delay_ms": delay })
        })
        .collect();
    Value::Array(faults)
}

/// Arms a fault; answers the faults armed.
pub(super) fn arm(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let Arm { operation_id, fault, delay_ms } = body::parse(raw)?;
    let fault = match (fault.as_str(), delay_ms) {
        ("delay", Some(ms)) => Fault::Delay(Duration::from_millis(ms)),
        ("delay", None) => return Err(Reply::bad_request("a `delay` fault needs `delay_ms`")),
        (_, Some(_)) => return Err(Reply::bad_request("`delay_ms` goes with a `delay` fault only")),
        ("lose_answer_after", None) => Fault::LoseAnswerAfter,
        ("lose_answer_before", None) => Fault::LoseAnswerBefore,
        ("server_error", None) => Fault::ServerError,
        ("html_error_page", None) => Fault::HtmlErrorPage,
        _ => {
            return Err(Reply::bad_request(
                "`fault` must be lose_answer_after, lose_answer_before, delay, server_error or html_error_page",
            ));
        }
    };
    shared.faults().arm(&operation_id, fault).map_err(|error| match error {
        FaultError::UnknownOperation(_) => Reply::failure(StatusCode::NOT_FOUND, 1, error.to_string()),
        _ => Reply::bad_request(error.to_string()),
    })?;
    Ok(Reply::ok(list(shared)))
}

/// Disarms every fault; answers the (empty) list.
pub(super) fn clear(shared: &Shared) -> Reply {
    shared.faults().clear();
    Reply::ok(list(shared))
}

/// Ends the current token's life now.
pub(super) fn expire_token(shared: &Shared) -> Reply {
    let expired = shared.tokens().expire(shared.clock.now());
    Reply::ok(json!({ "expired": expired }))
}

/// A fault's name in the control API, and its delay in milliseconds.
fn describe(fault: Fault) -> (&'static str, Option<u64>) {
    match fault {
        Fault::LoseAnswerAfter => ("lose_answer_after", None),
        Fault::LoseAnswerBefore => ("lose_answer_before", None),
        Fault::Delay(delay) => ("delay", Some(delay.as_millis().try_into().unwrap_or(u64::MAX))),
        Fault::ServerError => ("server_error", None),
        Fault::HtmlErrorPage => ("html_error_page", None),
    }
}
