//! Taking control pages back: the module's released-page output is untrusted,
//! so it is validated completely (reserved bits, count, address, every entry);
//! each page is then flushed with TDH.PHYMEM.PAGE.WBINVD through the backend
//! before it reaches the allocator. Whatever cannot be freed safely goes to
//! the provider's quarantine, counted.

use crate::array::{Control, PageArray};
use crate::list_page::ListPage;
use crate::page::{Page, PageProvider, QuarantineReason};
use crate::store::AddrStore;
use crate::HostPageList;
use tdx_abi::leaves::phymem::{tdh_phymem_page_wbinvd, TdhPhymemPageWbinvdIn};
use tdx_abi::{LeafError, PhysAddr, Placement, Seamcall, TdxStatus};

/// What a release did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleaseReport {
    /// Pages flushed and returned to the provider.
    pub freed: usize,
    /// Pages quarantined (their flush failed).
    pub quarantined: usize,
}

/// How the module's released output disagreed with what was handed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Reserved bits of the released value are set.
    ReservedBits(u64),
    /// It reports a different number of pages.
    Count {
        /// Pages handed over.
        expected: usize,
        /// Pages the module reports.
        released: usize,
    },
    /// It points somewhere else (the list page, or the one page of a singleton).
    Address {
        /// Where it should point.
        expected: PhysAddr,
        /// Where it points.
        released: PhysAddr,
    },
    /// Entry `index` of the released list names another page.
    Entry {
        /// The entry.
        index: usize,
        /// What it should hold.
        expected: u64,
        /// What it holds.
        released: u64,
    },
}

impl core::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Mismatch::ReservedBits(bits) => write!(f, "reserved bits {bits:#x} are set"),
            Mismatch::Count { expected, released } => write!(f, "{released} pages released, {expected} handed over"),
            Mismatch::Address { expected, released } => {
                write!(f, "points at {:#x}, expected {:#x}", released.as_u64(), expected.as_u64())
            }
            Mismatch::Entry { index, expected, released } => {
                write!(f, "entry {index} is {released:#x}, expected {expected:#x}")
            }
        }
    }
}

/// A release did not hand every page back.
#[derive(Debug)]
pub enum ReleaseError<S: AddrStore> {
    /// The release leaf failed: the module still holds the pages, which are
    /// returned for a retry, with the raw error.
    Leaf(PageArray<S, Control>, LeafError),
    /// The released output does not match: every page was quarantined.
    Mismatch {
        /// What did not match.
        mismatch: Mismatch,
        /// The raw released value.
        released_raw: u64,
        /// Pages quarantined (all of them).
        quarantined: usize,
    },
    /// Some flushes failed: those pages were quarantined, the others freed.
    Flush {
        /// What happened to the pages.
        report: ReleaseReport,
        /// The status of the first failed flush.
        status: TdxStatus,
    },
}

fn check<L, P>(released: L, provider: &P, list: &ListPage, pages: &[PhysAddr], block: usize) -> Result<(), Mismatch>
where
    L: HostPageList,
    P: PageProvider,
{
    let reserved = released.into_bits() & L::RESERVED_MASK;
    if reserved != 0 {
        return Err(Mismatch::ReservedBits(reserved));
    }
    let n = pages.len() / block;
    if released.count() != n {
        return Err(Mismatch::Count { expected: n, released: released.count() });
    }
    let expected = match (L::placement(n), pages.first()) {
        (Placement::InPlace, Some(first)) => *first,
        _ => list.addr(),
    };
    if released.address() != expected {
        return Err(Mismatch::Address { expected, released: released.address() });
    }
    if L::placement(n) == Placement::ListPage {
        for (index, run) in pages.chunks(block).enumerate() {
            let got = list.read(provider, index);
            // Every field of the entry, not only its address, must be what was handed over.
            let expected = L::encode_entry(run[0], block).map_err(|_| Mismatch::Entry {
                index,
                expected: run[0].as_u64(),
                released: got,
            })?;
            if got != expected {
                return Err(Mismatch::Entry { index, expected, released: got });
            }
        }
    }
    Ok(())
}

impl<S: AddrStore> PageArray<S, Control> {
    /// Releases the control pages: `delete` issues the release leaf with the
    /// release input (the list page, or 0 for a singleton) and returns the
    /// module's released-page value. That value is validated; then each page is
    /// flushed under `keyed(page)` (its address with the HKID the module used)
    /// and freed. Pages that cannot be freed safely are quarantined.
    // The error hands the pages back by value (there is no allocator to box it in):
    // its size is the array's, on purpose.
    #[allow(clippy::result_large_err)]
    pub fn release<L, P, B>(
        mut self,
        provider: &mut P,
        list: &ListPage,
        seam: &mut B,
        keyed: impl Fn(PhysAddr) -> u64,
        delete: impl FnOnce(&mut B, u64) -> Result<L, LeafError>,
    ) -> Result<ReleaseReport, ReleaseError<S>>
    where
        L: HostPageList,
        P: PageProvider,
        B: Seamcall + ?Sized,
    {
        let input = self.release_input::<L>(list);
        let released = match delete(seam, input) {
            Ok(r) => r,
            Err(e) => return Err(ReleaseError::Leaf(self, e)),
        };
        if let Err(mismatch) = check(released, provider, list, self.pages(), self.pages_per_entry()) {
            let quarantined = self.drain(|p| provider.quarantine(p, QuarantineReason::ReleaseMismatch));
            return Err(ReleaseError::Mismatch { mismatch, released_raw: released.into_bits(), quarantined });
        }
        let mut report = ReleaseReport { freed: 0, quarantined: 0 };
        let mut first_failure = None;
        let block = self.pages_per_entry();
        while let Some(first) = self.pop_run() {
            // Every 4 KiB page of the run is flushed; the run goes back whole, or not at all.
            let mut failed = None;
            for page in crate::page::run(first, block) {
                let keyed_page = keyed(page.addr());
                if let Err(e) = tdh_phymem_page_wbinvd(seam, &TdhPhymemPageWbinvdIn { keyed_page }) {
                    failed.get_or_insert(e.status);
                }
            }
            match failed {
                None => {
                    provider.free_contiguous(Page::assume_owned(first), block);
                    report.freed += block;
                }
                Some(status) => {
                    for page in crate::page::run(first, block) {
                        provider.quarantine(page, QuarantineReason::FlushFailed);
                    }
                    report.quarantined += block;
                    first_failure.get_or_insert(status);
                }
            }
        }
        match first_failure {
            None => Ok(report),
            Some(status) => Err(ReleaseError::Flush { report, status }),
        }
    }

    /// Gives up on a release the module cannot complete (e.g. its release leaf
    /// keeps failing): every page goes to the quarantine, never to the allocator.
    pub fn quarantine_all<P: PageProvider>(mut self, provider: &mut P) -> usize {
        self.drain(|p| provider.quarantine(p, QuarantineReason::ReleaseFailed))
    }
}
