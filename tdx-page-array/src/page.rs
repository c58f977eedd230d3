//! Pages and where they come from: the provider trait a kernel, a VMM or a
//! test implements, and the move-only page handle.

use tdx_abi::PhysAddr;

/// Ownership of one 4 KiB page. Move-only: whoever holds it owns the page.
/// Dropping it does not free the page; only a [`PageProvider`] frees.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    addr: PhysAddr,
}

impl Page {
    /// Wraps a page the caller owns. For providers: call this only for a page
    /// you just allocated (or received back), since the handle claims ownership.
    pub fn assume_owned(addr: PhysAddr) -> Page {
        Page { addr }
    }

    /// The page's host physical address.
    pub fn addr(&self) -> PhysAddr {
        self.addr
    }
}

/// Why a page was quarantined instead of freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuarantineReason {
    /// The module's released-page output did not match what was handed over.
    ReleaseMismatch,
    /// The release leaf failed, so the module may still hold the page.
    ReleaseFailed,
    /// The per-page cache flush (TDH.PHYMEM.PAGE.WBINVD) failed.
    FlushFailed,
}

/// Allocation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllocError;

/// Where pages come from and go back to. A kernel, a VMM and a test each
/// implement it (tdx-sim's simulated machine is one).
pub trait PageProvider {
    /// Allocates a zeroed 4 KiB page.
    fn alloc_zeroed(&mut self) -> Result<Page, AllocError>;
    /// Writes 8-byte entry `index` of list page `page`.
    fn write_entry(&mut self, page: &Page, index: usize, value: u64);
    /// Reads 8-byte entry `index` of list page `page` (for validating the module's output).
    fn read_entry(&self, page: &Page, index: usize) -> u64;
    /// Returns a page to the allocator. Only pages the module does not hold reach here.
    fn free(&mut self, page: Page);
    /// Takes a page that must never be reused (the module may still hold it).
    /// The provider counts and reports it; it never reaches `free`.
    fn quarantine(&mut self, page: Page, reason: QuarantineReason);

    /// Allocates `pages` physically contiguous zeroed 4 KiB pages (a compound
    /// page, for list entries that name a multi-page block) and returns the
    /// first; the caller owns the whole run. The default has single pages only:
    /// a provider that can allocate contiguous memory overrides it.
    fn alloc_contiguous(&mut self, pages: usize) -> Result<Page, AllocError> {
        if pages == 1 {
            self.alloc_zeroed()
        } else {
            Err(AllocError)
        }
    }

    /// Writes entries `first..first + addrs.len()` of list page `page` with the
    /// page addresses `addrs` (a list type whose entries are bare page addresses).
    /// The default writes them one by one; a provider whose list pages are
    /// mapped memory overrides it with one copy.
    fn write_addrs(&mut self, page: &Page, first: usize, addrs: &[PhysAddr]) {
        for (i, addr) in addrs.iter().enumerate() {
            self.write_entry(page, first + i, addr.as_u64());
        }
    }

    /// Returns a run from [`PageProvider::alloc_contiguous`] in one piece.
    /// The default frees it page by page.
    fn free_contiguous(&mut self, first: Page, pages: usize) {
        for page in run(first.addr(), pages) {
            self.free(page);
        }
    }
}

/// The `pages` 4 KiB pages from `first`, as handles.
pub(crate) fn run(first: PhysAddr, pages: usize) -> impl Iterator<Item = Page> {
    (0..pages as u64).map(move |i| Page::assume_owned(PhysAddr::new_truncate(first.as_u64() + i * tdx_abi::PAGE_SIZE)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_handle_carries_its_address() {
        let p = Page::assume_owned(PhysAddr::from_pfn(7).unwrap());
        assert_eq!(p.addr().as_u64(), 0x7000);
    }
}
