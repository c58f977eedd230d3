//! A page array and the typestates that record what the module holds.
//!
//! - [`Shared`]: the host owns every page. Pages may be lent to the module for
//!   one call (a shared buffer) and are freed normally.
//! - [`Control`]: the module holds the pages as control pages. Only a
//!   successful, validated release hands them back (see `release.rs`).
//! - Gifted pages are never returned: [`PageArray::gift`] consumes the array.
//!
//! Dropping an array that still holds module-owned pages never frees them; the
//! count is kept in [`crate::dropped_while_module_owned`] (and dropped host pages in
//! [`crate::dropped_without_free`]).

use crate::list_page::ListPage;
use crate::page::{AllocError, Page, PageProvider, QuarantineReason};
use crate::store::{AddrStore, StoreFull};
use crate::window::{array_window_value, windows, write_array_window};
use crate::HostPageList;
use core::marker::PhantomData;
use tdx_abi::{LeafError, ListError, PhysAddr};

/// What the module holds; a typestate of [`PageArray`].
pub trait State: sealed::Sealed {
    /// True when the module may hold the pages.
    const MODULE_OWNED: bool;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Shared {}
    impl Sealed for super::Control {}
}

/// The host owns the pages (fresh, or lent to the module for one call).
#[derive(Debug)]
pub struct Shared;

/// The module holds the pages as control pages.
#[derive(Debug)]
pub struct Control;

impl State for Shared {
    const MODULE_OWNED: bool = false;
}

impl State for Control {
    const MODULE_OWNED: bool = true;
}

/// Pages handed to the TDX module, with ownership recorded in the type.
#[derive(Debug)]
pub struct PageArray<S: AddrStore, St: State> {
    // `None` only after a consuming method moved the store on; `Drop` then counts nothing.
    store: Option<S>,
    // Contiguous 4 KiB pages per list entry (1, or a compound page's size); the
    // store holds every 4 KiB page, runs in order.
    block: usize,
    state: PhantomData<St>,
}

/// Allocating the pages failed; the ones already allocated were freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocFailed {
    /// The provider had no page.
    Provider(AllocError),
    /// The storage holds fewer addresses than asked for.
    Storage(StoreFull),
    /// The storage already held addresses: an array holds only pages it allocated.
    StoreNotEmpty,
    /// The provider returned an address off a page boundary (a provider bug); it was given back.
    Misaligned(PhysAddr),
}

/// Handing pages over failed; the host still owns them.
#[derive(Debug)]
pub enum HandOverError<S: AddrStore> {
    /// The pages do not fit one list page of the list type (control pages come back in one list).
    TooMany {
        /// The pages, still the host's.
        array: PageArray<S, Shared>,
        /// The list type's capacity.
        capacity: usize,
    },
    /// The list value could not be encoded.
    Encode(PageArray<S, Shared>, ListError),
    /// The leaf failed, so the module took nothing; the raw error is kept.
    Leaf(PageArray<S, Shared>, LeafError),
}

/// What a gift did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiftReport {
    /// Pages the module now owns for good.
    pub gifted: usize,
}

/// A gift stopped part-way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiftError {
    /// Pages the module owns for good (whole windows before the failure).
    pub gifted: usize,
    /// Pages of the failing window: the module may hold some, so they are quarantined.
    pub quarantined: usize,
    /// Pages never handed over, returned to the provider.
    pub freed: usize,
    /// Why it stopped: an encoding error, or the leaf's error with its raw status.
    pub cause: GiftCause,
}

/// Why a gift stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiftCause {
    /// A window could not be encoded.
    Encode(ListError),
    /// The leaf failed.
    Leaf {
        /// The leaf number.
        leaf: u16,
        /// Why, as in [`LeafError::kind`].
        kind: tdx_abi::LeafErrorKind,
        /// Its raw completion status.
        status: tdx_abi::TdxStatus,
    },
}

impl From<LeafError> for GiftCause {
    fn from(e: LeafError) -> Self {
        GiftCause::Leaf { leaf: e.leaf, kind: e.kind, status: e.status }
    }
}

impl<S: AddrStore, St: State> PageArray<S, St> {
    /// The pages' addresses.
    pub fn pages(&self) -> &[PhysAddr] {
        self.store.as_ref().map_or(&[], |s| s.as_slice())
    }

    /// Number of 4 KiB pages.
    pub fn len(&self) -> usize {
        self.pages().len()
    }

    /// Contiguous 4 KiB pages each list entry names (1 unless built by [`PageArray::alloc_blocks`]).
    pub fn pages_per_entry(&self) -> usize {
        self.block
    }

    /// Number of list entries the pages make: one per run of [`PageArray::pages_per_entry`] pages.
    pub fn entries(&self) -> usize {
        self.len() / self.block
    }

    /// True when the array holds no page.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with_state<T: State>(mut self) -> PageArray<S, T> {
        PageArray { store: self.store.take(), block: self.block, state: PhantomData }
    }

    /// Removes the last run of pages (one entry's) and returns its first page.
    pub(crate) fn pop_run(&mut self) -> Option<PhysAddr> {
        let mut first = None;
        for _ in 0..self.block {
            first = Some(self.pop()?);
        }
        first
    }

    /// Returns every run to the provider in one piece, leaving the array empty.
    pub(crate) fn free_runs<P: PageProvider>(&mut self, provider: &mut P) -> usize {
        let mut n = 0;
        while let Some(first) = self.pop_run() {
            provider.free_contiguous(Page::assume_owned(first), self.block);
            n += self.block;
        }
        n
    }

    /// Removes the last page's address.
    pub(crate) fn pop(&mut self) -> Option<PhysAddr> {
        self.store.as_mut()?.pop()
    }

    /// Gives every page to `to`, leaving the array empty.
    pub(crate) fn drain(&mut self, mut to: impl FnMut(Page)) -> usize {
        let mut n = 0;
        while let Some(a) = self.pop() {
            to(Page::assume_owned(a));
            n += 1;
        }
        n
    }

    /// The storage back, empty of module-owned pages' meaning (for reuse by the caller).
    pub fn into_storage(mut self) -> Option<S> {
        // Only reachable once every page has been dealt with, or for a shared array.
        if St::MODULE_OWNED && !self.is_empty() {
            return None;
        }
        self.store.take()
    }
}

impl<S: AddrStore, St: State> Drop for PageArray<S, St> {
    fn drop(&mut self) {
        if !self.is_empty() {
            crate::dropped::record(self.len(), St::MODULE_OWNED);
        }
    }
}

impl<S: AddrStore> PageArray<S, Shared> {
    /// Allocates `count` zeroed pages into `store`. On failure the pages
    /// already allocated are freed.
    pub fn alloc<P: PageProvider>(provider: &mut P, store: S, count: usize) -> Result<Self, AllocFailed> {
        Self::alloc_blocks(provider, store, count, 1)
    }

    /// Allocates `blocks` runs of `pages_per_block` contiguous zeroed pages
    /// ([`PageProvider::alloc_contiguous`]), for list types whose entries name
    /// multi-page blocks; each run becomes one entry. On failure the runs
    /// already allocated are freed.
    pub fn alloc_blocks<P: PageProvider>(
        provider: &mut P,
        store: S,
        blocks: usize,
        pages_per_block: usize,
    ) -> Result<Self, AllocFailed> {
        // Every address an array holds is page aligned, checked here once per run: the
        // list-page writers rely on it to copy a window without checking it again.
        if !store.as_slice().is_empty() {
            return Err(AllocFailed::StoreNotEmpty);
        }
        let mut array = PageArray { store: Some(store), block: pages_per_block.max(1), state: PhantomData };
        for _ in 0..blocks {
            let first = match provider.alloc_contiguous(array.block) {
                Ok(first) if first.addr().is_page_aligned() => first.addr(),
                Ok(first) => {
                    let addr = first.addr();
                    provider.free_contiguous(first, array.block);
                    array.free(provider);
                    return Err(AllocFailed::Misaligned(addr));
                }
                Err(e) => {
                    array.free(provider);
                    return Err(AllocFailed::Provider(e));
                }
            };
            let mut pushed = 0;
            let result = crate::page::run(first, array.block).try_for_each(|page| {
                let r = array.store.as_mut().map_or(Err(StoreFull), |s| s.push(page.addr()));
                pushed += usize::from(r.is_ok());
                r
            });
            if let Err(e) = result {
                // The run is returned whole; the part already stored is dropped from the store first.
                for _ in 0..pushed {
                    array.pop();
                }
                provider.free_contiguous(Page::assume_owned(first), array.block);
                array.free(provider);
                return Err(AllocFailed::Storage(e));
            }
        }
        Ok(array)
    }

    /// Returns every page to the provider (each run in one piece).
    pub fn free<P: PageProvider>(mut self, provider: &mut P) {
        self.free_runs(provider);
    }

    /// Lends the pages to the module for one call, as a shared buffer: `call`
    /// gets the encoded list value; afterwards the host still owns every page.
    pub fn lend<L, P, T>(
        &self,
        provider: &mut P,
        list: &mut ListPage,
        call: impl FnOnce(L) -> T,
    ) -> Result<T, ListError>
    where
        L: HostPageList,
        P: PageProvider,
    {
        Ok(call(write_array_window::<L, P>(provider, list, self.pages(), self.block)?))
    }

    /// Hands the pages to the module as control pages through `create`, which
    /// issues the leaf with the encoded list value. Only a successful call
    /// yields a [`PageArray<S, Control>`]; otherwise the host keeps the pages.
    // The error hands the pages back by value (there is no allocator to box it in):
    // its size is the array's, on purpose.
    #[allow(clippy::result_large_err)]
    pub fn hand_over<L, P, T>(
        self,
        provider: &mut P,
        list: &mut ListPage,
        create: impl FnOnce(L) -> Result<T, LeafError>,
    ) -> Result<(PageArray<S, Control>, T), HandOverError<S>>
    where
        L: HostPageList,
        P: PageProvider,
    {
        if self.entries() > L::CAPACITY {
            return Err(HandOverError::TooMany { array: self, capacity: L::CAPACITY });
        }
        let value = match write_array_window::<L, P>(provider, list, self.pages(), self.block) {
            Ok(v) => v,
            Err(e) => return Err(HandOverError::Encode(self, e)),
        };
        match create(value) {
            Ok(out) => Ok((self.with_state(), out)),
            Err(e) => Err(HandOverError::Leaf(self, e)),
        }
    }

    /// Donates the pages for good, one window of `L::CAPACITY` at a time,
    /// through `add` (which issues the leaf, resuming it as its table says).
    /// Consumes the array: gifted pages never come back.
    pub fn gift<L, P>(
        mut self,
        provider: &mut P,
        list: &mut ListPage,
        mut add: impl FnMut(L) -> Result<(), LeafError>,
    ) -> Result<GiftReport, GiftError>
    where
        L: HostPageList,
        P: PageProvider,
    {
        let total = self.len();
        // Every window is checked before the first leaf: a page (or list page) the
        // list type cannot name is refused while the host still owns every page.
        let block = self.block;
        if let Some(e) =
            windows::<L>(self.pages(), block).find_map(|w| array_window_value::<L>(list.addr(), w, block).err())
        {
            let freed = self.free_runs(provider);
            return Err(GiftError { gifted: 0, quarantined: 0, freed, cause: GiftCause::Encode(e) });
        }
        let mut gifted = 0;
        let mut failure = None;
        for window in windows::<L>(self.pages(), block) {
            let result = write_array_window::<L, P>(provider, list, window, block)
                .map_err(GiftCause::Encode)
                .and_then(|v| add(v).map_err(GiftCause::from));
            if let Err(cause) = result {
                failure = Some((cause, window.len()));
                break;
            }
            gifted += window.len();
        }
        // The store is popped from the end: first the never-handed-over tail, then
        // the failing window, and the gifted pages are simply forgotten.
        let (cause, failing) = match failure {
            None => {
                self.store_forget(total);
                return Ok(GiftReport { gifted });
            }
            Some(f) => f,
        };
        let untouched = total - gifted - failing;
        let mut freed = 0;
        let mut quarantined = 0;
        for _ in 0..untouched / block {
            if let Some(first) = self.pop_run() {
                provider.free_contiguous(Page::assume_owned(first), block);
                freed += block;
            }
        }
        for _ in 0..failing / block {
            let Some(first) = self.pop_run() else { break };
            match cause {
                // Encoding failed before the call: the module never saw these pages.
                GiftCause::Encode(_) => {
                    provider.free_contiguous(Page::assume_owned(first), block);
                    freed += block;
                }
                GiftCause::Leaf { .. } => {
                    for page in crate::page::run(first, block) {
                        provider.quarantine(page, QuarantineReason::ReleaseFailed);
                    }
                    quarantined += block;
                }
            }
        }
        self.store_forget(gifted);
        Err(GiftError { gifted, quarantined, freed, cause })
    }

    /// Forgets `n` addresses (pages the module now owns for good).
    fn store_forget(&mut self, n: usize) {
        for _ in 0..n {
            self.pop();
        }
    }
}

impl<S: AddrStore> PageArray<S, Control> {
    /// The value a release (DELETE) leaf takes: the list page, or 0 for a singleton.
    pub fn release_input<L: HostPageList>(&self, list: &ListPage) -> u64 {
        L::release_input(list.addr(), self.entries())
    }
}
