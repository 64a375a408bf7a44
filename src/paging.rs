//! Paged listings walked to the end, as streams.
//!
//! The operations the spec marks `x-iamport-paging` (payments by status, by
//! `merchant_uid`, of a billing key; schedules by time or by key) answer a
//! page at a time. `build.rs` gives each of their request builders
//! `.pages()` and `.items()`, which return a [`Stream`] that asks for page
//! after page, following `next` until the API says there is none, and
//! splits a time window longer than the API accepts into windows it does.
//! Each page is an ordinary call (token, retries and the 401 rule apply to
//! it), and only one page is held at a time.
//!
//! ```no_run
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> iamport::Result<()> {
//! # let client = iamport::Client::from_env()?;
//! use futures_util::TryStreamExt;
//! use iamport::types::PaymentStatusOrAll;
//!
//! // Every payment of 200 days: three windows of at most 90 days, 100 a page.
//! let mut payments = client
//!     .get_payments_by_status()
//!     .payment_status(PaymentStatusOrAll::All)
//!     .from(1_700_000_000)
//!     .to(1_700_000_000 + 200 * 86_400)
//!     .items();
//! while let Some(payment) = payments.try_next().await? {
//!     println!("{} {}", payment.imp_uid, payment.amount);
//! }
//! # Ok(()) }
//! ```
//!
//! **Order.** Windows follow one another in the listing's order: newest
//! first unless the builder's `sorting` asks for an ascending order (a value
//! without a leading `-`, such as `started` or `scheduled`). Within a window
//! the order is the API's. The whole stream is in order when the sorting
//! compares the time the window does (the default does).
//!
//! **Changes during the walk.** Pages are numbered, so a payment made while
//! a newest-first walk runs pushes the others one place down and one of
//! them comes twice. For an exact reconciliation, end the window in the
//! past.

use std::time::{SystemTime, UNIX_EPOCH};

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::Serialize;

use crate::{
    Client, DecodeError, DecodeErrorKind, Error, Result,
    call::{Call, Output},
};

/// How many items a stream asks for in each page, for the listings whose
/// page size can be chosen (`limit`), unless the builder sets one.
///
/// A payment is 0.8 to 1.8 KB on the wire (the API writes non-ASCII text as
/// `\uXXXX`, six bytes for a Korean character), but `custom_data` and the
/// cancel history have no bound. With the client's default body limit of
/// 4 MiB ([`crate::ClientBuilder::max_response_bytes`]), a page of 100 fits
/// as long as its payments average under 41 KB; a page of the API's
/// maximum, 1,000, would stop at 4 KB. A page that does not fit is
/// [`Error::PageTooLarge`], which says how to go on.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// One page of a listing, as [`pages()`](crate::builder) streams yield it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of the page, in the API's order.
    pub items: Vec<T>,
    /// The page's number within its window (from 1).
    pub number: u32,
    /// The window the page was asked for, for listings split into windows;
    /// `None` when the request carried the builder's own bounds.
    pub window: Option<Window>,
}

/// A time window of a listing, in unix seconds, as sent in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Window {
    /// The start, inclusive.
    pub from: i64,
    /// The end: inclusive or exclusive as the operation defines it.
    pub to: i64,
}

/// The longest window an operation accepts, from `x-iamport-paging`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WindowRule {
    /// The most `to - from` may be.
    pub(crate) max_seconds: i64,
    /// Whether `to` is part of the window (`[from, to]`) or not (`[from, to)`).
    pub(crate) to_inclusive: bool,
}

/// What the builder asked for before the stream took over.
#[derive(Debug, Default)]
pub(crate) struct Asked {
    pub(crate) page: Option<i64>,
    pub(crate) limit: Option<i64>,
    pub(crate) from: Option<i64>,
    pub(crate) to: Option<i64>,
    /// The sorting parameter as sent (`-started`, `scheduled`).
    pub(crate) sorting: Option<String>,
}

/// A page as the generated code reads it from the operation's answer.
pub(crate) struct Parts<T> {
    pub(crate) items: Vec<T>,
    /// The next page's number; `None` or `0` on the last page.
    pub(crate) next: Option<i64>,
}

/// The request builder of a paged operation. `build.rs` implements it from
/// the operation's `x-iamport-paging`; nothing here names an operation.
pub(crate) trait Listing: Call + Clone + Send {
    /// What the page's list holds.
    type Item: Send;
    /// Whether the page size can be chosen (`limit`).
    const LIMIT: bool;
    /// The window the operation limits, if any.
    const WINDOW: Option<WindowRule>;

    /// The client the builder was started from.
    fn client(&self) -> &Client;
    /// The paging parameters as the builder holds them.
    fn asked(&self) -> Asked;
    /// The builder with the page, page size and window of one request.
    fn at(self, page: u32, limit: Option<u32>, window: Option<Window>) -> Self;
    /// Sends the request: `send`, whose future the generated code knows to be `Send`.
    fn fetch(self) -> impl Future<Output = Result<Output<Self>>> + Send;
    /// The items and next page number of an answer.
    fn into_page(response: Output<Self>) -> Parts<Self::Item>;
}

/// Every page of `listing`, one request each, holding one at a time.
/// Boxed once per walk, so that the stream is `Unpin` and `try_next()`
/// works on it without pinning.
pub(crate) fn pages<L: Listing>(listing: L) -> impl Stream<Item = Result<Page<L::Item>>> + Send + Unpin {
    let walk = Walk::new(listing.asked(), L::LIMIT, L::WINDOW, unix_now());
    Box::pin(stream::try_unfold((listing, walk), |(listing, mut walk)| async move {
        while let Some((number, window)) = walk.current()? {
            let request = listing.clone().at(number, walk.limit, window);
            let parts = match request.fetch().await {
                Ok(response) => L::into_page(response),
                Err(error) => return Err(explain::<L>(error, number, walk.limit, listing.client())),
            };
            // A `next` that cannot be followed ends the walk after its page.
            if let Err(error) = walk.advance(parts.next) {
                walk.failed = Some(error);
            }
            if !parts.items.is_empty() {
                return Ok(Some((Page { items: parts.items, number, window }, (listing, walk))));
            }
        }
        Ok(None)
    }))
}

/// Every item of `listing`, page after page.
pub(crate) fn items<L: Listing>(listing: L) -> impl Stream<Item = Result<L::Item>> + Send + Unpin {
    pages(listing).map_ok(|page| stream::iter(page.items).map(Ok)).try_flatten()
}

/// A page the client would not read names the two ways past it.
fn explain<L: Listing>(error: Error, page: u32, per_page: Option<u32>, client: &Client) -> Error {
    match error {
        Error::Decode { source, .. } if source.kind() == DecodeErrorKind::TooLarge => Error::PageTooLarge {
            operation: L::OPERATION.id,
            page,
            per_page,
            max_response_bytes: client.shared().max_response_bytes,
        },
        other => other,
    }
}

/// Where a walk is: the page to ask for next, in which window.
#[derive(Debug)]
struct Walk {
    limit: Option<u32>,
    windows: Option<Windows>,
    window: Option<Window>,
    page: Option<u32>,
    /// Why the walk cannot go on, reported after the page before it.
    failed: Option<Error>,
}

impl Walk {
    fn new(asked: Asked, has_limit: bool, rule: Option<WindowRule>, now: i64) -> Self {
        let limit = has_limit.then(|| asked.limit.and_then(|l| u32::try_from(l).ok()).unwrap_or(DEFAULT_PAGE_SIZE));
        let first_page = asked.page.and_then(|p| u32::try_from(p).ok()).unwrap_or(1);
        let newest_first = asked.sorting.as_deref().is_none_or(|s| s.starts_with('-'));
        // Without a start, the API's own default window applies (at most the
        // longest it accepts): the request goes as the builder has it.
        let mut windows = match (rule, asked.from) {
            (Some(rule), Some(from)) => Some(Windows::new(from, asked.to.unwrap_or(now), rule, newest_first)),
            _ => None,
        };
        let window = windows.as_mut().and_then(Iterator::next);
        Self { limit, windows, window, page: Some(first_page), failed: None }
    }

    /// The page to ask for, and its window; `None` when the walk is over,
    /// an error when it cannot go on.
    fn current(&mut self) -> Result<Option<(u32, Option<Window>)>> {
        match self.failed.take() {
            Some(error) => Err(error),
            None => Ok(self.page.map(|page| (page, self.window))),
        }
    }

    /// Moves past the page just read, whose answer named `next`.
    fn advance(&mut self, next: Option<i64>) -> Result<()> {
        let Some(page) = self.page else { return Ok(()) };
        match next.filter(|&n| n != 0) {
            Some(next) if next > i64::from(page) => {
                self.page = u32::try_from(next).ok();
                if self.page.is_none() {
                    return Err(not_a_page());
                }
            }
            // A `next` that does not move forward would walk forever.
            Some(_) => {
                self.page = None;
                return Err(not_a_page());
            }
            None => {
                self.window = self.windows.as_mut().and_then(Iterator::next);
                self.page = self.window.map(|_| 1);
            }
        }
        Ok(())
    }
}

fn not_a_page() -> Error {
    Error::Decode { status: Some(reqwest::StatusCode::OK), source: DecodeError::unexpected_shape() }
}

/// `[from, to]` cut into windows of at most the rule's length, in the
/// listing's order, none overlapping.
#[derive(Debug)]
struct Windows {
    from: i64,
    to: i64,
    rule: WindowRule,
    newest_first: bool,
    done: bool,
}

impl Windows {
    fn new(from: i64, to: i64, rule: WindowRule, newest_first: bool) -> Self {
        Self { from, to, rule, newest_first, done: false }
    }
}

impl Iterator for Windows {
    type Item = Window;

    fn next(&mut self) -> Option<Window> {
        if self.done {
            return None;
        }
        let span = self.rule.max_seconds.max(1);
        // The next window starts one second after an inclusive end, at an
        // exclusive one.
        let step = i64::from(self.rule.to_inclusive);
        let window = if self.from > self.to.saturating_sub(span) {
            self.done = true;
            Window { from: self.from, to: self.to }
        } else if self.newest_first {
            let window = Window { from: self.to - span, to: self.to };
            self.to = window.from.saturating_sub(step);
            window
        } else {
            let window = Window { from: self.from, to: self.from + span };
            self.from = window.to.saturating_add(step);
            window
        };
        // Nothing is left once the bounds meet (an inclusive end still
        // holds its one second).
        self.done |= self.from > self.to || (!self.rule.to_inclusive && self.from == self.to);
        Some(window)
    }
}

/// The value of a builder field as a number, for the paging parameters
/// (`NonZeroU32`, `i64`, ... all serialize as one); `None` when unset or
/// refused (the request then fails with the builder's own message).
pub(crate) fn number<T: Serialize>(field: &Result<T, String>) -> Option<i64> {
    field.as_ref().ok().and_then(|v| serde_json::to_value(v).ok()).and_then(|v| v.as_i64())
}

/// The value of a builder field as the string sent (a sorting).
pub(crate) fn text<T: Serialize>(field: &Result<T, String>) -> Option<String> {
    field.as_ref().ok().and_then(|v| serde_json::to_value(v).ok()).and_then(|v| v.as_str().map(str::to_owned))
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const INCLUSIVE: WindowRule = WindowRule { max_seconds: 90 * DAY, to_inclusive: true };
    const EXCLUSIVE: WindowRule = WindowRule { max_seconds: 90 * DAY, to_inclusive: false };

    fn windows(from: i64, to: i64, rule: WindowRule, newest_first: bool) -> Vec<(i64, i64)> {
        Windows::new(from, to, rule, newest_first).take(1000).map(|w| (w.from, w.to)).collect()
    }

    #[test]
    fn a_window_the_api_accepts_is_sent_as_it_is() {
        assert_eq!(windows(0, 90 * DAY, INCLUSIVE, true), [(0, 90 * DAY)]);
        assert_eq!(windows(0, 10, EXCLUSIVE, false), [(0, 10)]);
        // An empty or reversed window is the API's to answer.
        assert_eq!(windows(10, 5, INCLUSIVE, true), [(10, 5)]);
    }

    #[test]
    fn a_long_window_is_cut_newest_first_without_overlap() {
        let cut = windows(0, 200 * DAY, INCLUSIVE, true);
        assert_eq!(cut, [(110 * DAY, 200 * DAY), (20 * DAY - 1, 110 * DAY - 1), (0, 20 * DAY - 2)]);
        let cut = windows(0, 200 * DAY, EXCLUSIVE, true);
        assert_eq!(cut, [(110 * DAY, 200 * DAY), (20 * DAY, 110 * DAY), (0, 20 * DAY)]);
    }

    #[test]
    fn a_long_window_is_cut_oldest_first_without_overlap() {
        let cut = windows(0, 200 * DAY, INCLUSIVE, false);
        assert_eq!(cut, [(0, 90 * DAY), (90 * DAY + 1, 180 * DAY + 1), (180 * DAY + 2, 200 * DAY)]);
        let cut = windows(0, 180 * DAY, EXCLUSIVE, false);
        assert_eq!(cut, [(0, 90 * DAY), (90 * DAY, 180 * DAY)]);
    }

    #[test]
    fn every_second_is_in_exactly_one_window() {
        for (rule, newest_first) in [(INCLUSIVE, true), (INCLUSIVE, false), (EXCLUSIVE, true), (EXCLUSIVE, false)] {
            let small = WindowRule { max_seconds: 7, ..rule };
            let cut = windows(3, 50, small, newest_first);
            for second in 3..50 {
                let holding = cut
                    .iter()
                    .filter(|(from, to)| *from <= second && (second < *to || (rule.to_inclusive && second == *to)))
                    .count();
                assert_eq!(holding, 1, "second {second} in {cut:?}");
            }
            assert!(cut.iter().all(|(from, to)| to - from <= 7), "{cut:?}");
        }
    }

    fn walk(asked: Asked) -> Walk {
        Walk::new(asked, true, Some(INCLUSIVE), 1_000 * DAY)
    }

    #[test]
    fn a_walk_follows_next_then_moves_to_the_next_window() {
        let mut walk = walk(Asked { from: Some(0), to: Some(100 * DAY), ..Asked::default() });
        assert_eq!(walk.limit, Some(DEFAULT_PAGE_SIZE));
        assert_eq!(walk.current().unwrap(), Some((1, Some(Window { from: 10 * DAY, to: 100 * DAY }))));
        walk.advance(Some(2)).unwrap();
        assert_eq!(walk.current().unwrap(), Some((2, Some(Window { from: 10 * DAY, to: 100 * DAY }))));
        walk.advance(Some(0)).unwrap();
        assert_eq!(walk.current().unwrap(), Some((1, Some(Window { from: 0, to: 10 * DAY - 1 }))));
        walk.advance(None).unwrap();
        assert_eq!(walk.current().unwrap(), None);
    }

    #[test]
    fn a_next_that_does_not_move_forward_ends_the_walk_with_an_error() {
        for bad in [2, 1, -1, i64::from(u32::MAX) + 1] {
            let mut walk = walk(Asked::default());
            walk.advance(Some(2)).unwrap();
            assert!(matches!(walk.advance(Some(bad)), Err(Error::Decode { .. })), "next {bad} after page 2");
            assert_eq!(walk.current().unwrap(), None, "the walk is over");
        }
    }

    #[test]
    fn the_builders_own_settings_are_kept() {
        let mut walk =
            walk(Asked { page: Some(3), limit: Some(7), sorting: Some("started".into()), ..Asked::default() });
        assert_eq!((walk.current().unwrap(), walk.limit), (Some((3, None)), Some(7)));
        // Without `from`, the API's default window applies: nothing is cut.
        let mut ascending = walk_from(Some("started"));
        assert_eq!(ascending.current().unwrap(), Some((1, Some(Window { from: 0, to: 90 * DAY }))));
        let mut descending = walk_from(Some("-started"));
        assert_eq!(descending.current().unwrap(), Some((1, Some(Window { from: 910 * DAY, to: 1_000 * DAY }))));
    }

    fn walk_from(sorting: Option<&str>) -> Walk {
        walk(Asked { from: Some(0), sorting: sorting.map(str::to_owned), ..Asked::default() })
    }
}
