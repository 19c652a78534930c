//! The wasm32 global allocator (feature `small-heap`, on by default): a
//! smaller and faster heap for this library than std's dlmalloc
//! (BENCHMARKS.md §7 has the measured bytes and times).
//!
//! Every block is a power of two bytes, 8 or more, and starts at a multiple
//! of its size. A request of `size` bytes aligned to `align` takes the block
//! class `2^k ≥ max(size, align, 8)`; each class has a free list threaded
//! through its free blocks' first word, so allocating and freeing are O(1).
//! New blocks are cut from the end of the memory taken so far (`next..end`);
//! the space skipped to align a block, a shrunk block's tail and the
//! leftover when memory is not contiguous go back on the free lists, cut
//! into the largest aligned powers of two that fit. When a class has no
//! free block and the memory taken so far has no room for one, a larger
//! free block is halved down to it before memory grows (a large body signed
//! once does not strand its block: a later, smaller one reuses it). Free
//! blocks are never merged back.
//!
//! The bookkeeping ([`Heap`]) takes its pages from a [`Grow`], so it is
//! tested natively over an ordinary buffer; in the browser the pages come
//! from `memory.grow` ([`WasmHeap`]).
use core::alloc::Layout;
use core::ptr::null_mut;

/// Bytes in one WebAssembly memory page, the unit memory grows by.
pub(crate) const PAGE: usize = 65536;

/// The smallest class, 2^3 = 8 bytes: room for the free list's link.
const MIN_CLASS: u32 = 3;

/// Where fresh pages come from.
pub(crate) trait Grow {
    /// Adds `pages` pages of zeroed memory and returns the address of the
    /// first (a multiple of [`PAGE`]), or `None` when memory cannot grow.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The allocator's state: the free lists and the unused end of its memory.
pub(crate) struct Heap<G> {
    /// The first free block of each class `k` (2^k bytes); 0 when empty.
    free: [usize; usize::BITS as usize],
    /// Where the next new block may start.
    next: usize,
    /// The end of the memory taken from `grow`.
    end: usize,
    /// The source of pages.
    grow: G,
}

/// The class `k` of a request: the smallest `2^k` holding `size` bytes at
/// alignment `align` (at least 8 bytes). `None` when `2^k` does not fit a
/// `usize`.
fn class(layout: Layout) -> Option<u32> {
    let bytes = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let k = usize::BITS - (bytes - 1).leading_zeros();
    (k < usize::BITS).then_some(k)
}

impl<G: Grow> Heap<G> {
    /// An empty heap that takes its pages from `grow`.
    pub(crate) const fn new(grow: G) -> Self {
        Heap {
            free: [0; usize::BITS as usize],
            next: 0,
            end: 0,
            grow,
        }
    }

    /// A block for `layout`, or null when memory cannot grow.
    ///
    /// # Safety
    /// The memory handed out by `grow` belongs to this heap alone, and every
    /// block on a free list was given back through [`Heap::dealloc`] (or was
    /// never handed out).
    pub(crate) unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(k) = class(layout) else {
            return null_mut();
        };
        // SAFETY: the caller's contract.
        if let Some(at) = unsafe { self.pop(k) } {
            return at as *mut u8;
        }
        if !self.fits_at_end(k) {
            // Rather than growing memory: half of a larger free block, its
            // other halves back on the free lists.
            for j in k + 1..usize::BITS {
                // SAFETY: the caller's contract; `at..at + 2^j` is now
                // ours, aligned to 2^j, and `at + 2^k..at + 2^j` unused.
                if let Some(at) = unsafe { self.pop(j) } {
                    unsafe { self.release(at + (1 << k), at + (1 << j)) };
                    return at as *mut u8;
                }
            }
        }
        self.carve(k)
    }

    /// The first free block of class `k`, taken off its list.
    ///
    /// # Safety
    /// As [`Heap::alloc`].
    unsafe fn pop(&mut self, k: u32) -> Option<usize> {
        let head = self.free[k as usize];
        if head == 0 {
            return None;
        }
        // SAFETY: `head` is a free block of 2^k ≥ 8 bytes, aligned to its
        // size, whose first word `push` wrote with the next free block.
        self.free[k as usize] = unsafe { (head as *const usize).read() };
        Some(head)
    }

    /// Whether a new block of class `k` fits in the memory taken so far.
    fn fits_at_end(&self, k: u32) -> bool {
        let size = 1usize << k;
        self.next
            .checked_next_multiple_of(size)
            .and_then(|at| at.checked_add(size))
            .is_some_and(|stop| stop <= self.end)
    }

    /// Gives back the block at `ptr`.
    ///
    /// # Safety
    /// `ptr` came from this heap's [`Heap::alloc`] or [`Heap::realloc`]
    /// with this `layout` and is not used after this call.
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        if let Some(k) = class(layout) {
            // SAFETY: the block is 2^k bytes, aligned to 2^k, and now free.
            unsafe { self.push(ptr as usize, k) };
        }
    }

    /// The block at `ptr` resized to `new_size` bytes (same alignment), its
    /// first bytes kept: in place when the class does not grow (a shrunk
    /// block's tail is freed), else moved. Null (and `ptr` untouched) when
    /// memory cannot grow.
    ///
    /// # Safety
    /// As [`Heap::dealloc`] for `ptr` and `layout`; `new_size`, rounded up
    /// to `layout.align()`, does not exceed `isize::MAX`.
    pub(crate) unsafe fn realloc(
        &mut self,
        ptr: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: the caller's contract (GlobalAlloc::realloc's).
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let (Some(old_k), Some(new_k)) = (class(layout), class(new)) else {
            return null_mut();
        };
        let at = ptr as usize;
        if new_k <= old_k {
            // SAFETY: the block's tail past 2^new_k is no longer used; the
            // block is aligned to 2^old_k, so the tail splits into aligned
            // blocks.
            unsafe { self.release(at + (1 << new_k), at + (1 << old_k)) };
            return ptr;
        }
        // SAFETY: as for `alloc`; the two blocks are distinct and each holds
        // `layout.size()` bytes.
        unsafe {
            let moved = self.alloc(new);
            if !moved.is_null() {
                core::ptr::copy_nonoverlapping(ptr, moved, layout.size());
                self.push(at, old_k);
            }
            moved
        }
    }

    /// A new block of class `k` from the end of the memory, which grows when
    /// it is too short; null when it cannot.
    ///
    /// # Safety
    /// As [`Heap::alloc`].
    unsafe fn carve(&mut self, k: u32) -> *mut u8 {
        let size = 1usize << k;
        loop {
            let Some(at) = self.next.checked_next_multiple_of(size) else {
                return null_mut();
            };
            let Some(stop) = at.checked_add(size) else {
                return null_mut();
            };
            if stop <= self.end {
                // SAFETY: `next..at` is unused memory of this heap.
                unsafe { self.release(self.next, at) };
                self.next = stop;
                return at as *mut u8;
            }
            let pages = (stop - self.end).div_ceil(PAGE);
            let Some(base) = self.grow.grow(pages) else {
                return null_mut();
            };
            let Some(end) = pages
                .checked_mul(PAGE)
                .and_then(|len| base.checked_add(len))
            else {
                return null_mut();
            };
            if base != self.end {
                // Not contiguous (the first pages, or memory grown by
                // someone else): the old end's leftover is kept as free
                // blocks and cutting restarts at `base`.
                // SAFETY: `next..end` is unused memory of this heap.
                unsafe { self.release(self.next, self.end) };
                self.next = base;
            }
            self.end = end;
        }
    }

    /// Puts the unused memory `from..to` on the free lists, as the largest
    /// blocks that are aligned to their size.
    ///
    /// # Safety
    /// `from..to` is memory of this heap that nothing uses; both are
    /// multiples of 8 (every block and page boundary is).
    unsafe fn release(&mut self, mut from: usize, to: usize) {
        while from < to {
            let fits = usize::BITS - 1 - (to - from).leading_zeros();
            let k = from.trailing_zeros().min(fits);
            if k < MIN_CLASS {
                return;
            }
            // SAFETY: `from..from + 2^k` is unused, inside `from..to`, and
            // `from` is a multiple of 2^k.
            unsafe { self.push(from, k) };
            from += 1 << k;
        }
    }

    /// Puts the block at `at` on the free list of class `k`.
    ///
    /// # Safety
    /// `at..at + 2^k` is memory of this heap that nothing uses, `at` a
    /// multiple of 2^k and `k ≥ MIN_CLASS`.
    unsafe fn push(&mut self, at: usize, k: u32) {
        // SAFETY: the block is at least 8 bytes and aligned for a usize.
        unsafe { (at as *mut usize).write(self.free[k as usize]) };
        self.free[k as usize] = at;
    }
}

/// Pages from the module's own memory, by `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub(crate) struct MemoryGrow;

#[cfg(target_arch = "wasm32")]
impl Grow for MemoryGrow {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, pages) {
            usize::MAX => None,
            old_pages => old_pages.checked_mul(PAGE),
        }
    }
}

/// The [`Heap`] over the module's memory, as a `#[global_allocator]`.
#[cfg(target_arch = "wasm32")]
pub(crate) struct WasmHeap(core::cell::UnsafeCell<Heap<MemoryGrow>>);

#[cfg(target_arch = "wasm32")]
impl WasmHeap {
    /// The heap before its first page.
    pub(crate) const fn new() -> Self {
        WasmHeap(core::cell::UnsafeCell::new(Heap::new(MemoryGrow)))
    }
}

// SAFETY: built only for wasm32 without the atomics feature (lib.rs), where
// the module runs on one thread and nothing else can reach the heap.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for WasmHeap {}

// SAFETY: `Heap` returns blocks of at least the layout's size at its
// alignment, or null; none of its methods allocates, so the `&mut` taken
// below is the only one alive.
#[cfg(target_arch = "wasm32")]
unsafe impl core::alloc::GlobalAlloc for WasmHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl's comment; GlobalAlloc's contract is Heap's.
        unsafe { (*self.0.get()).alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { (*self.0.get()).realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    /// Pages from a buffer aligned to 1 MiB, handed out in order; `gap`
    /// pages are skipped before the next grant (memory grown by someone
    /// else), and growth stops after `limit` pages.
    struct Buffer {
        base: usize,
        used: usize,
        limit: usize,
        gap: usize,
    }

    const BUFFER_PAGES: usize = 64;
    const BUFFER: Layout = match Layout::from_size_align(BUFFER_PAGES * PAGE, 1 << 20) {
        Ok(layout) => layout,
        Err(_) => panic!("layout"),
    };

    impl Buffer {
        fn new(limit: usize) -> Self {
            // SAFETY: BUFFER has a non-zero size.
            let base = unsafe { alloc::alloc::alloc_zeroed(BUFFER) } as usize;
            assert_ne!(base, 0);
            Buffer {
                base,
                used: 0,
                limit,
                gap: 0,
            }
        }
    }

    impl Drop for Buffer {
        fn drop(&mut self) {
            // SAFETY: allocated in `new` with BUFFER.
            unsafe { alloc::alloc::dealloc(self.base as *mut u8, BUFFER) };
        }
    }

    impl Grow for Buffer {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            let first = self.used + self.gap;
            if first + pages > self.limit.min(BUFFER_PAGES) {
                return None;
            }
            self.gap = 0;
            self.used = first + pages;
            Some(self.base + first * PAGE)
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    fn inside(heap: &Heap<Buffer>, ptr: *mut u8, size: usize) -> bool {
        let at = ptr as usize;
        at >= heap.grow.base && at + size <= heap.grow.base + heap.grow.used * PAGE
    }

    #[test]
    fn classes_are_powers_of_two_of_at_least_eight_bytes() {
        assert_eq!(class(layout(0, 1)), Some(3));
        assert_eq!(class(layout(1, 1)), Some(3));
        assert_eq!(class(layout(8, 8)), Some(3));
        assert_eq!(class(layout(9, 1)), Some(4));
        assert_eq!(class(layout(16, 4)), Some(4));
        assert_eq!(class(layout(17, 4)), Some(5));
        assert_eq!(class(layout(4, 64)), Some(6));
        assert_eq!(class(layout(PAGE, 8)), Some(16));
        assert_eq!(class(layout(PAGE + 1, 8)), Some(17));
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_inside_the_pages() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for (i, (size, align)) in [
            (1, 1),
            (24, 8),
            (3, 4),
            (100, 4),
            (7, 1),
            (4096, 16),
            (40, 64),
        ]
        .into_iter()
        .cycle()
        .take(200)
        .enumerate()
        {
            // SAFETY: the heap owns its buffer; nothing is freed here.
            let ptr = unsafe { heap.alloc(layout(size, align)) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % align, 0);
            assert!(inside(&heap, ptr, size));
            // SAFETY: `ptr` holds `size` bytes of its own.
            unsafe { ptr.write_bytes(i as u8, size) };
            blocks.push((ptr as usize, size));
        }
        for (i, &(at, size)) in blocks.iter().enumerate() {
            // SAFETY: still allocated: each block kept its own bytes.
            let bytes = unsafe { core::slice::from_raw_parts(at as *const u8, size) };
            assert!(bytes.iter().all(|&b| b == i as u8), "block {i} overwritten");
        }
    }

    #[test]
    fn a_freed_block_is_reused_by_its_class() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer; each block is freed once.
        unsafe {
            let a = heap.alloc(layout(20, 4));
            let b = heap.alloc(layout(20, 4));
            heap.dealloc(a, layout(20, 4));
            assert_eq!(
                heap.alloc(layout(30, 8)),
                a,
                "same class (32 bytes): reused"
            );
            heap.dealloc(b, layout(20, 4));
            assert_ne!(heap.alloc(layout(40, 8)), b, "a larger class: not reused");
        }
    }

    #[test]
    fn the_alignment_gap_goes_back_on_the_free_lists() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer.
        unsafe {
            let small = heap.alloc(layout(8, 8));
            let big = heap.alloc(layout(256, 8));
            assert_eq!(big as usize % 256, 0);
            // The 248 bytes between `small`'s end and `big`: 8 + 16 + 32 + 64 + 128.
            for size in [8, 16, 32, 64, 128] {
                let p = heap.alloc(layout(size, 8)) as usize;
                assert!(
                    p > small as usize && p + size <= big as usize,
                    "{size} from the gap"
                );
            }
        }
    }

    #[test]
    fn large_blocks_grow_memory_by_whole_pages() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer.
        unsafe {
            let big = heap.alloc(layout(3 * PAGE, 8));
            assert!(!big.is_null());
            assert_eq!(big as usize % (4 * PAGE), 0, "class 2^18, aligned to it");
            assert!(inside(&heap, big, 4 * PAGE));
            heap.dealloc(big, layout(3 * PAGE, 8));
            assert_eq!(heap.alloc(layout(4 * PAGE - 1, 1)), big);
        }
    }

    #[test]
    fn a_large_free_block_is_halved_before_memory_grows() {
        let mut heap = Heap::new(Buffer::new(2));
        // SAFETY: the heap owns its buffer; each block is freed once.
        unsafe {
            let big = heap.alloc(layout(PAGE + 1, 8));
            assert!(!big.is_null(), "class 2^17: both pages");
            heap.dealloc(big, layout(PAGE + 1, 8));
            let quarter = heap.alloc(layout(PAGE / 2, 8));
            assert_eq!(quarter, big, "the first quarter of the free block");
            let half = heap.alloc(layout(PAGE, 8)) as usize;
            assert_eq!(half, big as usize + PAGE, "its second half");
            let second_quarter = heap.alloc(layout(PAGE / 2, 8)) as usize;
            assert_eq!(second_quarter, big as usize + PAGE / 2);
            assert_eq!(heap.grow.used, 2, "no page more");
        }
    }

    #[test]
    fn the_smallest_larger_free_block_is_halved_first() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer; each block is freed once.
        unsafe {
            // The first block leaves the rest of the first page free; `big`
            // leaves the end of the memory full.
            let first = heap.alloc(layout(8, 8));
            let big = heap.alloc(layout(2 * PAGE, 8));
            heap.dealloc(big, layout(2 * PAGE, 8));
            for _ in 0..100 {
                let small = heap.alloc(layout(24, 8)) as usize;
                assert!(
                    small > first as usize && small < big as usize,
                    "from the first page's free blocks, not from `big` nor new pages"
                );
            }
            assert_eq!(heap.alloc(layout(2 * PAGE, 8)), big, "kept whole");
        }
    }

    #[test]
    fn out_of_memory_is_null_and_the_heap_still_works() {
        let mut heap = Heap::new(Buffer::new(2));
        // SAFETY: the heap owns its buffer.
        unsafe {
            let small = heap.alloc(layout(64, 8));
            assert!(!small.is_null());
            assert!(heap.alloc(layout(2 * PAGE, 8)).is_null());
            let again = heap.alloc(layout(64, 8));
            assert!(!again.is_null() && again != small);
        }
    }

    #[test]
    fn memory_that_is_not_contiguous_starts_a_new_run() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer.
        unsafe {
            let first = heap.alloc(layout(PAGE / 2, 8));
            heap.grow.gap = 3;
            let second = heap.alloc(layout(PAGE, 8)) as usize;
            assert_eq!(second, heap.grow.base + 4 * PAGE, "after the pages skipped");
            // The first page's second half was kept as a free block.
            let half = heap.alloc(layout(PAGE / 2, 8)) as usize;
            assert_eq!(half, first as usize + PAGE / 2);
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_and_shrinks_in_place() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        // SAFETY: the heap owns its buffer; each pointer is used while allocated.
        unsafe {
            let a = heap.alloc(layout(10, 2));
            a.copy_from_nonoverlapping(b"0123456789".as_ptr(), 10);
            let same = heap.realloc(a, layout(10, 2), 16);
            assert_eq!(same, a, "still class 16");
            let grown = heap.realloc(same, layout(16, 2), 100);
            assert_ne!(grown, a);
            assert_eq!(core::slice::from_raw_parts(grown, 10), b"0123456789");
            assert_eq!(heap.alloc(layout(16, 2)), a, "the old block was freed");
            let shrunk = heap.realloc(grown, layout(100, 2), 20);
            assert_eq!(shrunk, grown, "shrinks in place");
            assert_eq!(core::slice::from_raw_parts(shrunk, 10), b"0123456789");
            // 128 → 32: the tail's 32 and 64 bytes are free blocks.
            assert_eq!(heap.alloc(layout(64, 8)) as usize, grown as usize + 64);
            assert_eq!(heap.alloc(layout(32, 8)) as usize, grown as usize + 32);
        }
    }

    #[test]
    fn random_alloc_realloc_and_free_never_overlap_nor_lose_bytes() {
        for limit in [3, 6, 64] {
            let mut heap = Heap::new(Buffer::new(limit));
            // (ptr, layout, fill byte)
            let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
            let mut seed = 0x9e37_79b9u32 ^ limit as u32;
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed
            };
            for round in 0..200_000u32 {
                let r = next();
                let fill = (round % 251) as u8;
                match r % 4 {
                    0 | 1 if live.len() < 80 => {
                        let size = if r % 97 == 0 {
                            1 + next() as usize % (3 * PAGE)
                        } else {
                            1 + next() as usize % (1 << (next() % 13))
                        };
                        let l = layout(size, 1 << (next() % 5));
                        // SAFETY: the heap owns its buffer.
                        let ptr = unsafe { heap.alloc(l) };
                        if ptr.is_null() {
                            continue;
                        }
                        assert_eq!(ptr as usize % l.align(), 0);
                        assert!(inside(&heap, ptr, size));
                        // SAFETY: `ptr` holds `size` bytes of its own.
                        unsafe { ptr.write_bytes(fill, size) };
                        live.push((ptr, l, fill));
                    }
                    2 if !live.is_empty() => {
                        let i = next() as usize % live.len();
                        let (ptr, l, f) = live[i];
                        let new_size = if r % 7 == 0 {
                            1 + next() as usize % (2 * PAGE)
                        } else {
                            1 + next() as usize % (1 << (next() % 13))
                        };
                        // SAFETY: allocated with `l`.
                        let moved = unsafe { heap.realloc(ptr, l, new_size) };
                        if moved.is_null() {
                            continue;
                        }
                        let kept = l.size().min(new_size);
                        // SAFETY: `moved` holds `new_size` bytes.
                        let bytes = unsafe { std::slice::from_raw_parts(moved, kept) };
                        assert!(bytes.iter().all(|&b| b == f), "realloc lost bytes");
                        unsafe { moved.write_bytes(fill, new_size) };
                        live[i] = (moved, layout(new_size, l.align()), fill);
                    }
                    _ if !live.is_empty() => {
                        let (ptr, l, f) = live.swap_remove(next() as usize % live.len());
                        // SAFETY: still allocated.
                        let bytes = unsafe { std::slice::from_raw_parts(ptr, l.size()) };
                        assert!(
                            bytes.iter().all(|&b| b == f),
                            "a live block was overwritten"
                        );
                        unsafe { heap.dealloc(ptr, l) };
                    }
                    _ => {}
                }
            }
            let mut spans: Vec<(usize, usize)> = live
                .iter()
                .map(|&(p, l, _)| (p as usize, p as usize + l.size()))
                .collect();
            spans.sort();
            assert!(
                spans.windows(2).all(|w| w[0].1 <= w[1].0),
                "live blocks overlap"
            );
            for &(ptr, l, f) in &live {
                let bytes = unsafe { std::slice::from_raw_parts(ptr, l.size()) };
                assert!(
                    bytes.iter().all(|&b| b == f),
                    "a live block was overwritten"
                );
            }
        }
    }

    #[test]
    fn many_rounds_of_alloc_and_free_stay_within_a_few_pages() {
        let mut heap = Heap::new(Buffer::new(BUFFER_PAGES));
        let mut live: Vec<(*mut u8, Layout)> = Vec::new();
        let mut seed = 0x2545_f491u32;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            if live.len() < 64 && seed % 3 != 0 {
                let l = layout(1 + (seed >> 8) as usize % 2000, 1 << (seed % 4));
                // SAFETY: the heap owns its buffer.
                let ptr = unsafe { heap.alloc(l) };
                assert!(!ptr.is_null() && ptr as usize % l.align() == 0);
                live.push((ptr, l));
            } else if !live.is_empty() {
                let (ptr, l) = live.swap_remove(seed as usize % live.len());
                // SAFETY: allocated above with `l`, freed once.
                unsafe { heap.dealloc(ptr, l) };
            }
        }
        assert!(heap.grow.used <= 4, "{} pages", heap.grow.used);
    }
}
