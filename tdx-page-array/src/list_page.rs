//! The host's list page: 512 eight-byte entries the module reads (and, on
//! release, writes). The module never keeps it, so it always goes back to the
//! provider's `free`.

use crate::page::{AllocError, Page, PageProvider};
use tdx_abi::PhysAddr;

/// Entries in one 4 KiB list page.
pub const LIST_PAGE_ENTRIES: usize = 512;

/// A host-owned list page.
#[derive(Debug)]
pub struct ListPage {
    page: Page,
}

impl ListPage {
    /// Allocates a zeroed list page.
    pub fn alloc<P: PageProvider>(provider: &mut P) -> Result<Self, AllocError> {
        Ok(ListPage { page: provider.alloc_zeroed()? })
    }

    /// The list page's address.
    pub fn addr(&self) -> PhysAddr {
        self.page.addr()
    }

    /// Writes entry `index` (below 512; callers write at most a list type's capacity).
    pub(crate) fn write_entry<P: PageProvider>(&mut self, provider: &mut P, index: usize, bits: u64) {
        provider.write_entry(&self.page, index, bits);
    }

    /// Writes entries `0..addrs.len()` with page addresses, in one provider call.
    pub(crate) fn write_addrs<P: PageProvider>(&mut self, provider: &mut P, addrs: &[PhysAddr]) {
        provider.write_addrs(&self.page, 0, addrs);
    }

    /// Reads entry `index` (below 512).
    pub(crate) fn read<P: PageProvider>(&self, provider: &P, index: usize) -> u64 {
        provider.read_entry(&self.page, index)
    }

    /// Returns the list page to the provider.
    pub fn free<P: PageProvider>(self, provider: &mut P) {
        provider.free(self.page);
    }
}
