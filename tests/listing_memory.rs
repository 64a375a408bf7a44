//! What a listing walked as a stream holds: one page, however many pages
//! there are. A counting allocator (this test binary's only) measures the
//! bytes held while 10,000 payments go by, against the bytes the sandbox
//! holds for them; sizes, not times, so the figures do not depend on load.

mod support;

use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering},
};

use futures_util::TryStreamExt;
use iamport::{paging::DEFAULT_PAGE_SIZE, types::PaymentStatusOrAll};
use support::listings::{DAY, T0, sandbox_with, spread};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

// One thread: the sandbox's tasks run only while the walk awaits a page,
// so a figure taken between items is the walk's own.
#[tokio::test(flavor = "current_thread")]
async fn a_walk_of_100_pages_holds_one_page() {
    const COUNT: usize = 10_000;
    let before = held();
    let (_sandbox, client) = sandbox_with(spread(COUNT, 200), T0 + 201 * DAY).await;
    let stored = held() - before;

    let pages = COUNT / DEFAULT_PAGE_SIZE as usize;
    let mut stream =
        client.get_payments_by_status().payment_status(PaymentStatusOrAll::All).from(T0).to(T0 + 200 * DAY).items();
    let baseline = held();
    // The most held at once, over the first fifth of the pages and the last.
    let (mut early, mut late) = (0, 0);
    let mut expected = COUNT;
    while let Some(payment) = stream.try_next().await.expect("a page") {
        expected -= 1;
        assert_eq!(payment.imp_uid, format!("imp_{expected:012}"), "once each, newest first");
        let now = held().saturating_sub(baseline);
        let page = (COUNT - expected - 1) / DEFAULT_PAGE_SIZE as usize;
        if page < pages / 5 {
            early = early.max(now);
        } else if page >= pages - pages / 5 {
            late = late.max(now);
        }
    }
    assert_eq!(expected, 0, "all {COUNT} payments came");
    println!(
        "{COUNT} payments in {pages} pages: the sandbox holds {stored} bytes for them; the walk held at most \
         {early} bytes over its first {} pages and {late} over its last {}",
        pages / 5,
        pages / 5
    );
    // One page of 100 is a hundredth of the data: the walk holds a few
    // pages' worth at most, never the pages it has passed.
    assert!(early.max(late) < stored / 10, "held {} of {stored} bytes", early.max(late));
    assert!(late <= early + early / 2, "the walk grew from {early} to {late} bytes");
}
