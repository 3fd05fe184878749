//! What keeping a value really costs in memory. A cache bounded by bytes must weigh
//! each entry by the heap it holds, and a parsed GraphQL document holds about a
//! hundred times its text for short names: an estimate from the text let 3,500
//! adversarial documents keep 490 MiB in a cache of 64. [`Counting`] wraps the
//! process's allocator and keeps, per thread, the net bytes allocated; [`retained`]
//! reads it around the work that builds an entry. Installed by the `tenure` binary;
//! elsewhere (library tests) it reads 0, and callers fall back to an estimate.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread: only differences mean anything.
    static NET: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    // `try_with`: a thread being torn down still frees memory after its locals go.
    let _ = NET.try_with(|net| net.set(net.get().wrapping_add(bytes)));
}

/// A global allocator that counts what it hands out on each thread.
pub struct Counting<A>(pub A);

// SAFETY: every call is forwarded to the wrapped allocator unchanged; counting touches
// only a thread-local integer, which allocates nothing.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { self.0.alloc(layout) };
        if !pointer.is_null() {
            count(layout.size() as isize);
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { self.0.alloc_zeroed(layout) };
        if !pointer.is_null() {
            count(layout.size() as isize);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { self.0.dealloc(pointer, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { self.0.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        moved
    }
}

/// Runs `build` and returns what it made with the heap bytes it left allocated on
/// this thread: the memory the value holds (0 without [`Counting`] installed).
pub fn retained<T>(build: impl FnOnce() -> T) -> (T, u64) {
    let before = NET.with(Cell::get);
    let value = build();
    let after = NET.with(Cell::get);
    (value, after.wrapping_sub(before).max(0) as u64)
}
