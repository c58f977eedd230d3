//! Every address a page array holds is page aligned, checked once as each run
//! is allocated; the list-page writers rely on it to copy a window of bare
//! page addresses in one provider call instead of checking it again.

use tdx_abi::{HpaListInfo, PageList, PhysAddr};
use tdx_page_array::{AllocError, AllocFailed, ListPage, Page, PageArray, PageProvider, QuarantineReason};

/// A provider of consecutive pages, one of which may come back off a page boundary,
/// counting how list pages are written.
#[derive(Default)]
struct Counting {
    next: u64,
    misaligned_at: Option<usize>,
    handed: usize,
    freed: Vec<PhysAddr>,
    entries: Vec<u64>,
    entry_writes: usize,
    bulk_writes: usize,
    bulk: bool,
}

impl PageProvider for Counting {
    fn alloc_zeroed(&mut self) -> Result<Page, AllocError> {
        self.next += 0x1000;
        let off = if self.misaligned_at == Some(self.handed) { 0x10 } else { 0 };
        self.handed += 1;
        Ok(Page::assume_owned(PhysAddr::new(0x100_0000 + self.next + off).ok_or(AllocError)?))
    }
    fn write_entry(&mut self, _page: &Page, index: usize, value: u64) {
        self.entry_writes += 1;
        if self.entries.len() <= index {
            self.entries.resize(index + 1, 0);
        }
        self.entries[index] = value;
    }
    fn write_addrs(&mut self, page: &Page, first: usize, addrs: &[PhysAddr]) {
        if !self.bulk {
            // What a provider without its own bulk write gets: entry by entry.
            for (i, a) in addrs.iter().enumerate() {
                self.write_entry(page, first + i, a.as_u64());
            }
            return;
        }
        self.bulk_writes += 1;
        self.entries.resize(first + addrs.len(), 0);
        for (e, a) in self.entries[first..].iter_mut().zip(addrs) {
            *e = a.as_u64();
        }
    }
    fn read_entry(&self, _page: &Page, index: usize) -> u64 {
        self.entries.get(index).copied().unwrap_or(0)
    }
    fn free(&mut self, page: Page) {
        self.freed.push(page.addr());
    }
    fn quarantine(&mut self, _page: Page, _reason: QuarantineReason) {}
}

#[test]
fn a_page_off_a_boundary_fails_the_allocation_and_every_page_goes_back() {
    let mut provider = Counting { misaligned_at: Some(2), ..Counting::default() };
    let err = PageArray::alloc(&mut provider, Vec::new(), 5).unwrap_err();
    let AllocFailed::Misaligned(addr) = err else { panic!("{err:?}") };
    assert_eq!(addr.as_u64() & 0xfff, 0x10);
    assert_eq!(provider.handed, 3, "allocation stops at the bad page");
    let mut freed = provider.freed.clone();
    freed.sort();
    assert_eq!(freed.len(), 3, "the two good pages and the bad one go back: {freed:?}");
    assert!(freed.contains(&addr));
}

#[test]
fn a_store_that_already_holds_addresses_is_refused() {
    let mut provider = Counting::default();
    let held = vec![PhysAddr::new(0x5010).unwrap()];
    assert_eq!(PageArray::alloc(&mut provider, held, 2).unwrap_err(), AllocFailed::StoreNotEmpty);
    assert_eq!(provider.handed, 0);
}

#[test]
fn a_window_of_page_addresses_is_one_bulk_write_with_the_same_entries() {
    for bulk in [true, false] {
        let mut provider = Counting { bulk, ..Counting::default() };
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), 300).unwrap();
        let value = array.lend::<HpaListInfo, _, _>(&mut provider, &mut list, |v| v).unwrap();
        assert_eq!((value.count(), value.address()), (300, list.addr()));
        let expected: Vec<u64> = array.pages().iter().map(|p| p.as_u64()).collect();
        assert_eq!(provider.entries, expected, "bulk {bulk}");
        if bulk {
            assert_eq!((provider.bulk_writes, provider.entry_writes), (1, 0));
        } else {
            assert_eq!(provider.entry_writes, 300);
        }
        array.free(&mut provider);
        list.free(&mut provider);
    }
}
