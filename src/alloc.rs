//! Counts the bytes each thread holds, so that a rule can be stopped when it
//! holds too much: Rhai's own limits bound each string and array, not their
//! sum (a map of 9,000 strings of 64 KB is within every one of them).
//!
//! The binary wraps its allocator in [`Counting`]; the script engine reads
//! [`thread_bytes`] from its progress callback. Without the wrapper (a
//! library user, a unit test) the count stays 0 and nothing is stopped.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread. A const thread
    /// local without destructor: safe to touch from inside the allocator.
    static HELD: Cell<i64> = const { Cell::new(0) };
}

/// The bytes this thread has allocated and not freed since it started
/// (memory freed here that another thread allocated makes it smaller).
pub fn thread_bytes() -> i64 {
    HELD.with(Cell::get)
}

fn add(n: usize, sign: i64) {
    let _ = HELD.try_with(|h| h.set(h.get() + sign * n as i64));
}

/// A global allocator that counts each thread's bytes, then defers to `A`.
pub struct Counting<A>(pub A);

// SAFETY: every call is passed unchanged to the inner allocator, which
// upholds `GlobalAlloc`'s contract; the counting touches no allocation.
#[allow(unsafe_code)]
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size(), 1);
        // SAFETY: same layout as the caller's, per this trait's contract.
        unsafe { self.0.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(layout.size(), -1);
        // SAFETY: `ptr` came from `alloc` of the same inner allocator.
        unsafe { self.0.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size(), 1);
        // SAFETY: as for `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(new_size, 1);
        add(layout.size(), -1);
        // SAFETY: as for `dealloc` and `alloc`.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}
