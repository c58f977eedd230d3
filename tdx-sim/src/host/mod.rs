//! The host's view of a simulated TDX module over simulated physical memory: a
//! `Seamcall` backend and a `PageProvider` that share one memory, track which
//! pages the module owns, record every violation of the page-ownership rules,
//! and inject faults on request.

mod codec;
mod leaves;
mod module;
mod provider;
mod serve;
mod table_regs;
mod td;

pub use crate::faults::{Fault, MismatchKind};
pub use codec::{GuestListCodec, LinkedCodec, ListCodec};
pub use module::{ControlLeaves, SimModule, PAGE_NOT_FREE, RELEASE_FAILED, WBINVD_FAILED};
pub use provider::SimProvider;
pub use table_regs::{list_input, shared_registers, MissingRegister};

use core::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use tdx_abi::PhysAddr;
use tdx_page_array::QuarantineReason;

/// A rule the host broke (the page array must never cause one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A page the module owns reached the provider's `free`.
    FreedModuleOwned(PhysAddr),
    /// A released control page reached `free` without TDH.PHYMEM.PAGE.WBINVD.
    FreedUnflushed(PhysAddr),
    /// A page was freed twice.
    DoubleFree(PhysAddr),
    /// The provider was handed a page it never allocated.
    UnknownPage(PhysAddr),
}

/// Who holds a simulated page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The host (allocated, not freed).
    Host,
    /// Back in the allocator.
    Free,
    /// Quarantined by the host: never reused.
    Quarantined,
    /// The module, as a control page of object `id`.
    Control(u64),
    /// The module, for good.
    Gifted,
}

pub(crate) struct PageState {
    pub data: Box<[u64; 512]>,
    pub owner: Owner,
    /// Released by the module and not flushed since.
    pub needs_flush: bool,
}

#[derive(Default)]
pub(crate) struct SimState {
    pub next_pfn: u64,
    pub pages: BTreeMap<u64, PageState>,
    pub violations: Vec<Violation>,
    pub quarantined: Vec<(PhysAddr, QuarantineReason)>,
    pub frees: usize,
}

impl SimState {
    pub fn page(&self, addr: PhysAddr) -> Option<&PageState> {
        self.pages.get(&addr.pfn()).filter(|_| addr.is_page_aligned())
    }

    /// `len` bytes from `addr` on, within one simulated page (None past its end or for an unknown page).
    pub fn bytes(&self, addr: PhysAddr, len: usize) -> Option<Vec<u8>> {
        let offset = (addr.as_u64() % tdx_abi::PAGE_SIZE) as usize;
        let page = self.page(PhysAddr::new_truncate(addr.as_u64() - offset as u64))?;
        let all = page.data.iter().flat_map(|w| w.to_le_bytes());
        (offset + len <= 4096).then(|| all.skip(offset).take(len).collect())
    }

    pub fn page_mut(&mut self, addr: PhysAddr) -> Option<&mut PageState> {
        if !addr.is_page_aligned() {
            return None;
        }
        self.pages.get_mut(&addr.pfn())
    }
}

/// Counts after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Pages ever allocated.
    pub allocated: usize,
    /// Pages back in the allocator.
    pub in_allocator: usize,
    /// Pages the host holds (allocated, neither freed nor quarantined).
    pub host_live: usize,
    /// Pages the module holds as control pages.
    pub module_control: usize,
    /// Pages the module holds for good.
    pub module_gifted: usize,
    /// Calls to the provider's `free`.
    pub frees: usize,
    /// Pages quarantined, with why.
    pub quarantined: Vec<(PhysAddr, QuarantineReason)>,
    /// Every rule the host broke.
    pub violations: Vec<Violation>,
}

/// One simulated machine: hand out its provider and module, then read its stats.
#[derive(Clone, Default)]
pub struct Sim {
    state: Rc<RefCell<SimState>>,
}

impl Sim {
    /// A machine with empty memory (pages are numbered from PFN 0x1000).
    pub fn new() -> Self {
        let sim = Sim::default();
        sim.state.borrow_mut().next_pfn = 0x1000;
        sim
    }

    /// A machine whose pages are numbered from `pfn` (to test list types whose
    /// frame fields cannot name every page).
    pub fn starting_at_pfn(pfn: u64) -> Self {
        let sim = Sim::default();
        sim.state.borrow_mut().next_pfn = pfn;
        sim
    }

    /// The page provider over this machine's memory.
    pub fn provider(&self) -> SimProvider {
        SimProvider::new(self.state.clone())
    }

    /// The simulated TDX module of this machine, with tdx-abi's list-using leaves.
    pub fn module(&self) -> SimModule {
        SimModule::tdx(self.state.clone())
    }

    /// A simulated module for custom list types: no list-using leaf is registered
    /// (add them with `with_gift_leaf`, `with_control_leaves`, ...), but the page
    /// flush TDH.PHYMEM.PAGE.WBINVD is, so releases work as on the real module.
    pub fn bare_module(&self) -> SimModule {
        SimModule::bare(self.state.clone())
    }

    /// The counts now.
    pub fn stats(&self) -> Stats {
        let s = self.state.borrow();
        let count = |f: &dyn Fn(Owner) -> bool| s.pages.values().filter(|p| f(p.owner)).count();
        Stats {
            allocated: s.pages.len(),
            in_allocator: count(&|o| o == Owner::Free),
            host_live: count(&|o| o == Owner::Host),
            module_control: count(&|o| matches!(o, Owner::Control(_))),
            module_gifted: count(&|o| o == Owner::Gifted),
            frees: s.frees,
            quarantined: s.quarantined.clone(),
            violations: s.violations.clone(),
        }
    }

    /// True when the module holds the page at `addr` (as a control page, or for good).
    pub fn owned_by_module(&self, addr: PhysAddr) -> bool {
        self.state.borrow().page(addr).is_some_and(|p| matches!(p.owner, Owner::Control(_) | Owner::Gifted))
    }

    /// Writes the 8-byte word `index` of the page at `addr`, as the module would
    /// (for tests that make the module's output hostile). Unknown pages are ignored.
    pub fn write(&self, addr: PhysAddr, index: usize, value: u64) {
        if let Some(word) = self.state.borrow_mut().page_mut(addr).and_then(|p| p.data.get_mut(index)) {
            *word = value;
        }
    }

    /// Writes `bytes` from byte `offset` of the page at `addr` on (a structure
    /// the host passes by address, such as a TD_PARAMS). False if they do not
    /// fit in the page or it is unknown.
    pub fn write_bytes(&self, addr: PhysAddr, offset: usize, bytes: &[u8]) -> bool {
        let mut s = self.state.borrow_mut();
        let Some(page) = s.page_mut(addr).filter(|_| offset + bytes.len() <= 4096) else {
            return false;
        };
        for (i, b) in bytes.iter().enumerate() {
            let (word, shift) = ((offset + i) / 8, (offset + i) % 8 * 8);
            page.data[word] = (page.data[word] & !(0xff << shift)) | (u64::from(*b) << shift);
        }
        true
    }

    /// The 8-byte word `index` of the page at `addr` (0 for unknown pages).
    pub fn read(&self, addr: PhysAddr, index: usize) -> u64 {
        self.state.borrow().page(addr).and_then(|p| p.data.get(index).copied()).unwrap_or(0)
    }
}
