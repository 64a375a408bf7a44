//! The table that names every operation's handler, above the core and the
//! groups: each API group's `HANDLERS`, the browser checkout's paths and
//! the control API under their prefixes, given to the core's server as a
//! [`Dispatch`].

use crate::{
    api::{
        balance, benepia, certifications, charges, codes, customers, cvs, escrow, kcpquick, listings, naver, partners,
        payco, payments, paymentwall, prepare, receipts, schedules, tiers, tokens, users, vbanks,
    },
    checkout, control,
    core::server::{Dispatch, Handler, Handlers, PrefixHandler},
};

/// Every group the sandbox implements.
const GROUPS: &[Handlers] = &[
    tokens::HANDLERS,
    cvs::HANDLERS,
    charges::HANDLERS,
    payments::HANDLERS,
    listings::HANDLERS,
    prepare::HANDLERS,
    customers::HANDLERS,
    schedules::HANDLERS,
    vbanks::HANDLERS,
    receipts::HANDLERS,
    escrow::HANDLERS,
    certifications::HANDLERS,
    balance::HANDLERS,
    tiers::HANDLERS,
    users::HANDLERS,
    kcpquick::HANDLERS,
    benepia::HANDLERS,
    payco::HANDLERS,
    paymentwall::HANDLERS,
    partners::HANDLERS,
    naver::HANDLERS,
    codes::HANDLERS,
];

/// The handler of an operation, if the sandbox implements it.
pub(crate) fn handler(operation_id: &str) -> Option<Handler> {
    GROUPS.iter().flat_map(|group| group.iter()).find(|(id, _)| *id == operation_id).map(|(_, handler)| *handler)
}

/// Requests outside the spec, by path prefix, the first that matches
/// taking the request: the checkout's control endpoints
/// (`/_sandbox/checkout`) before the rest of the control API.
const PREFIXES: &[(&str, PrefixHandler)] = &[
    (checkout::PREFIXES[0], checkout::handle),
    (checkout::PREFIXES[1], checkout::handle),
    (checkout::PREFIXES[2], checkout::handle),
    (control::PREFIX, control::handle),
];

/// What the server answers with: every operation's handler, the checkout
/// (open to pages of other origins) and the control API.
pub(crate) const DISPATCH: Dispatch = Dispatch { operation: handler, prefixes: PREFIXES, cors: checkout::PREFIXES };

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::spec;

    #[test]
    fn every_handler_names_an_operation_of_the_spec_once() {
        let ids: Vec<&str> = GROUPS.iter().flat_map(|group| group.iter()).map(|(id, _)| *id).collect();
        for id in &ids {
            assert!(spec::operation(id).is_some(), "{id} is not an operation of the spec");
            assert_eq!(ids.iter().filter(|other| *other == id).count(), 1, "{id} has two handlers");
        }
    }

    #[test]
    fn every_operation_of_the_spec_is_implemented() {
        let missing: Vec<&str> = spec::OPERATIONS.iter().map(|op| op.id).filter(|id| handler(id).is_none()).collect();
        assert!(missing.is_empty(), "the sandbox does not implement {missing:?}");
    }
}
