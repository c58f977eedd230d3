//! Filling a 512-entry list page and encoding the HPA_LIST_INFO for it. Every
//! implementation reads the same page addresses and writes the same list page
//! (one [`Fill`]), so no variant gains or loses by where its buffers happen to sit.

use tdx_abi::{HpaListInfo, PhysAddr};
use tdx_page_array::{AllocError, ListPage, Page, PageArray, PageProvider, QuarantineReason, Shared};

/// A provider whose list page is a buffer in memory and whose pages are
/// consecutive (pretend) physical addresses.
pub struct BufferProvider {
    /// The list page's entries.
    pub entries: Box<[u64; 512]>,
    next: u64,
}

impl Default for BufferProvider {
    fn default() -> Self {
        BufferProvider { entries: Box::new([0; 512]), next: 0x7000_0000 }
    }
}

impl PageProvider for BufferProvider {
    fn alloc_zeroed(&mut self) -> Result<Page, AllocError> {
        let page = PhysAddr::new(self.next).ok_or(AllocError)?;
        self.next += 0x1000;
        Ok(Page::assume_owned(page))
    }
    #[inline]
    fn write_entry(&mut self, _page: &Page, index: usize, value: u64) {
        if let Some(e) = self.entries.get_mut(index) {
            *e = value;
        }
    }
    #[inline]
    fn write_addrs(&mut self, _page: &Page, first: usize, addrs: &[PhysAddr]) {
        let entries = self.entries.get_mut(first..).unwrap_or_default();
        for (e, a) in entries.iter_mut().zip(addrs) {
            *e = a.as_u64();
        }
    }
    fn read_entry(&self, _page: &Page, index: usize) -> u64 {
        self.entries.get(index).copied().unwrap_or(0)
    }
    fn free(&mut self, _page: Page) {}
    fn quarantine(&mut self, _page: Page, _reason: QuarantineReason) {}
}

/// One list page and `n` pages to list in it, shared by every implementation.
pub struct Fill {
    /// Holds the list page's entries.
    pub provider: BufferProvider,
    /// The list page.
    pub list: ListPage,
    /// The pages, as tdx-page-array holds them.
    pub array: Option<PageArray<Vec<PhysAddr>, Shared>>,
    /// The same addresses as plain integers, as the C loops take them.
    pub raw: Vec<u64>,
}

impl Fill {
    /// A list page and `n` (at most 512) pages.
    pub fn new(n: usize) -> Fill {
        let mut provider = BufferProvider::default();
        let list = ListPage::alloc(&mut provider).unwrap_or_else(|_| unreachable!("the buffer provider has pages"));
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap_or_else(|_| unreachable!("likewise"));
        let raw = array.pages().iter().map(|p| p.as_u64()).collect();
        Fill { provider, list, array: Some(array), raw }
    }

    /// The pages' addresses.
    pub fn pages(&self) -> &[PhysAddr] {
        self.array.as_ref().map_or(&[], |a| a.pages())
    }
}

impl Drop for Fill {
    fn drop(&mut self) {
        if let Some(array) = self.array.take() {
            array.free(&mut self.provider);
        }
    }
}

/// The list page's value, written through tdx-page-array (`PageArray::lend`).
#[inline]
pub fn through_page_array(f: &mut Fill) -> u64 {
    let Fill { provider, list, array, .. } = f;
    array.as_ref().map_or(0, |a| a.lend::<HpaListInfo, _, _>(provider, list, HpaListInfo::into_bits).unwrap_or(0))
}

/// The same as a plain loop with hand-written masks (no checks), written as a
/// kernel developer would: a function of the list page and the pages.
#[inline]
pub fn plain_loop(f: &mut Fill) -> u64 {
    let list_pa = f.list.addr().as_u64();
    let pages = f.array.as_ref().map_or(&[][..], |a| a.pages());
    fill_plain(&mut f.provider.entries, list_pa, pages)
}

/// The hand-written fill itself.
#[inline]
pub fn fill_plain(entries: &mut [u64; 512], list_pa: u64, pages: &[PhysAddr]) -> u64 {
    let n = pages.len().min(512);
    for (e, p) in entries.iter_mut().zip(&pages[..n]) {
        *e = p.as_u64();
    }
    crate::baseline::encode_list_info(list_pa >> 12, 0, (n as u16).wrapping_sub(1))
}

/// The seed patch's C loop.
pub fn c_seed_loop(f: &mut Fill) -> u64 {
    crate::c_populate::populate(&f.raw, 0, &mut f.provider.entries, f.list.addr().as_u64())
}

/// The same in well-written C (`size_t` index, `restrict` pointers).
pub fn c_good_loop(f: &mut Fill) -> u64 {
    crate::c_populate::populate_good(&f.raw, &mut f.provider.entries, f.list.addr().as_u64())
}
