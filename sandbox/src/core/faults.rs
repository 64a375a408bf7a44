//! Faults on demand: what a network, a proxy or a struggling API does to
//! an answer, armed for the next call of a named operation so that a test
//! can make each of the client's errors happen. The server
//! ([`super::server`]) takes the fault of each call before its handler
//! runs and applies it around the handler.

use std::time::Duration;

use iamport::StatusCode;

use super::reply::Reply;

/// The longest [`Fault::Delay`] the sandbox accepts: a test waiting longer
/// is a test that hangs.
pub const MAX_FAULT_DELAY: Duration = Duration::from_secs(600);

/// What happens to the next call of an operation (see
/// `Sandbox::inject_fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The operation takes effect (a charge is made, a webhook sent), then
    /// the connection is closed without an answer: the answer was lost on
    /// its way back. A charge is then `Error::OutcomeUnknown`, and
    /// `resolve_outcome` finds the payment.
    LoseAnswerAfter,
    /// The connection is closed without an answer before the operation
    /// runs: the request was lost. A charge is `Error::OutcomeUnknown`, and
    /// `resolve_outcome` finds nothing; a lookup is `Error::Transport`
    /// (retried unless the client's policy says not).
    LoseAnswerBefore,
    /// The operation takes effect and its answer is sent this long after
    /// (at most [`MAX_FAULT_DELAY`]): past the client's deadline, its
    /// `Error::Timeout` or `Error::Transport`.
    Delay(Duration),
    /// HTTP 500 in the envelope (`code: -1`), the operation not run: the
    /// API failing. A lookup is retried; without retries it is `Error::Api`
    /// with status 500.
    ServerError,
    /// HTTP 502 with an HTML page, as a proxy or load balancer answers when
    /// the API behind it fails; the operation is not run. Without retries
    /// a lookup is `Error::Decode` with status 502.
    HtmlErrorPage,
}

/// Why a fault was not armed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// The spec has no operation with this `operationId`.
    #[error("the spec has no operation {0:?}")]
    UnknownOperation(String),
    /// The delay is longer than [`MAX_FAULT_DELAY`].
    #[error("a delay may be at most {} seconds", MAX_FAULT_DELAY.as_secs())]
    DelayTooLong,
}

/// The faults armed, in the order they were: each call of an operation
/// takes the first one armed for it.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    armed: Vec<(&'static str, Fault)>,
}

impl Faults {
    /// Arms `fault` for the next call of `operation_id` not already given
    /// a fault.
    pub(crate) fn arm(&mut self, operation_id: &str, fault: Fault) -> Result<(), FaultError> {
        let Some(op) = super::spec::operation(operation_id) else {
            return Err(FaultError::UnknownOperation(operation_id.to_owned()));
        };
        if matches!(fault, Fault::Delay(delay) if delay > MAX_FAULT_DELAY) {
            return Err(FaultError::DelayTooLong);
        }
        self.armed.push((op.id, fault));
        Ok(())
    }

    /// The fault of this call of `operation_id`, if one is armed (and then
    /// no longer).
    pub(crate) fn take(&mut self, operation_id: &str) -> Option<Fault> {
        let position = self.armed.iter().position(|(id, _)| *id == operation_id)?;
        Some(self.armed.remove(position).1)
    }

    /// The faults armed and not yet taken, in order.
    pub(crate) fn armed(&self) -> &[(&'static str, Fault)] {
        &self.armed
    }

    /// Disarms every fault.
    pub(crate) fn clear(&mut self) {
        self.armed.clear();
    }
}

/// What a call with a fault gets instead of its handler's answer.
pub(crate) enum Instead {
    /// The handler does not run; this is the answer.
    Reply(Reply),
    /// The handler does not run; the connection is closed.
    Drop,
}

/// What `fault` puts in place of the handler, if it replaces it.
pub(crate) fn instead(fault: Fault) -> Option<Instead> {
    match fault {
        Fault::LoseAnswerBefore => Some(Instead::Drop),
        Fault::ServerError => Some(Instead::Reply(Reply::failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            -1,
            "the sandbox answered 500, as asked (an injected fault)",
        ))),
        Fault::HtmlErrorPage => Some(Instead::Reply(
            Reply::content("text/html; charset=utf-8", BAD_GATEWAY_PAGE).with_status(StatusCode::BAD_GATEWAY),
        )),
        Fault::LoseAnswerAfter | Fault::Delay(_) => None,
    }
}

/// The page an nginx in front of a failing upstream answers with.
const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
     <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_call_takes_the_first_fault_armed_for_its_operation() {
        let mut faults = Faults::default();
        faults.arm("onetime", Fault::LoseAnswerAfter).unwrap();
        faults.arm("getPaymentByImpUid", Fault::ServerError).unwrap();
        faults.arm("onetime", Fault::HtmlErrorPage).unwrap();
        assert_eq!(faults.take("onetime"), Some(Fault::LoseAnswerAfter));
        assert_eq!(faults.take("onetime"), Some(Fault::HtmlErrorPage));
        assert_eq!(faults.take("onetime"), None);
        assert_eq!(faults.armed(), &[("getPaymentByImpUid", Fault::ServerError)]);
        faults.clear();
        assert!(faults.armed().is_empty());
    }

    #[test]
    fn unknown_operations_and_long_delays_are_refused() {
        let mut faults = Faults::default();
        assert_eq!(
            faults.arm("noSuchOperation", Fault::ServerError),
            Err(FaultError::UnknownOperation("noSuchOperation".to_owned()))
        );
        let too_long = Fault::Delay(MAX_FAULT_DELAY + Duration::from_secs(1));
        assert_eq!(faults.arm("onetime", too_long), Err(FaultError::DelayTooLong));
        assert!(faults.armed().is_empty());
    }
}
