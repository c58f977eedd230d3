//! The C populate loops (c/populate.c, built by build.rs with the system C compiler).
#![allow(unsafe_code)] // one FFI call

extern "C" {
    fn tdx_bench_c_populate(pages: *const u64, nr_pages: u32, offset: u32, root: *mut u64, root_pa: u64) -> u64;
    fn tdx_bench_c_populate_good(pages: *const u64, nr_pages: usize, root: *mut u64, root_pa: u64) -> u64;
}

/// Fills `root` from `pages[offset..]` (at most 512) and returns the HPA_LIST_INFO value, in C.
pub fn populate(pages: &[u64], offset: usize, root: &mut [u64; 512], root_pa: u64) -> u64 {
    let nr = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let offset = u32::try_from(offset).unwrap_or(u32::MAX);
    // SAFETY: the C function reads at most min(nr - offset, 512) entries of `pages`
    // starting at `offset` (within the slice, since nr is its length) and writes at
    // most 512 entries of `root`, which is exactly 512 long; it keeps no pointer.
    unsafe { tdx_bench_c_populate(pages.as_ptr(), nr, offset, root.as_mut_ptr(), root_pa) }
}

/// The same in well-written C: fills `root` from `pages` (at most 512).
pub fn populate_good(pages: &[u64], root: &mut [u64; 512], root_pa: u64) -> u64 {
    // SAFETY: the C function reads min(pages.len(), 512) entries of `pages` and writes
    // as many of `root` (512 long); the two do not overlap (a shared and a unique
    // borrow), as its `restrict` pointers require; it keeps no pointer.
    unsafe { tdx_bench_c_populate_good(pages.as_ptr(), pages.len(), root.as_mut_ptr(), root_pa) }
}
