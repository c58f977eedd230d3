//! Filling a 512-entry list page and encoding the HPA_LIST_INFO for it:
//! through tdx-page-array (the provider trait and the generated `PageList`
//! impl), and as a plain loop with the hand-written encoding.

use tdx_abi::{HpaListInfo, PhysAddr};
use tdx_page_array::window::encode_window;
use tdx_page_array::{AllocError, ListPage, Page, PageProvider, QuarantineReason};

/// A provider whose one list page is a buffer in memory.
pub struct BufferProvider {
    /// The list page's entries.
    pub entries: Box<[u64; 512]>,
    /// The list page's (pretend) physical address.
    pub list_pa: PhysAddr,
}

impl Default for BufferProvider {
    fn default() -> Self {
        BufferProvider { entries: Box::new([0; 512]), list_pa: PhysAddr::new_truncate(0x7000_0000) }
    }
}

impl PageProvider for BufferProvider {
    fn alloc_zeroed(&mut self) -> Result<Page, AllocError> {
        Ok(Page::assume_owned(self.list_pa))
    }
    #[inline]
    fn write_entry(&mut self, _page: &Page, index: usize, value: u64) {
        if let Some(e) = self.entries.get_mut(index) {
            *e = value;
        }
    }
    fn read_entry(&self, _page: &Page, index: usize) -> u64 {
        self.entries.get(index).copied().unwrap_or(0)
    }
    fn free(&mut self, _page: Page) {}
    fn quarantine(&mut self, _page: Page, _reason: QuarantineReason) {}
}

/// The list page's value for `window` (at most 512 pages), through tdx-page-array.
pub fn through_page_array(provider: &mut BufferProvider, list: &mut ListPage, window: &[PhysAddr]) -> u64 {
    encode_window::<HpaListInfo, _>(provider, list, window, 1).map_or(0, HpaListInfo::into_bits)
}

/// The same as a plain loop with hand-written masks.
pub fn plain_loop(entries: &mut [u64; 512], list_pa: u64, window: &[PhysAddr]) -> u64 {
    let n = window.len().min(512);
    for (e, p) in entries.iter_mut().zip(&window[..n]) {
        *e = p.as_u64();
    }
    crate::baseline::encode_list_info(list_pa >> 12, 0, (n as u16).wrapping_sub(1))
}
