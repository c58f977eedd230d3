//! The simulated TDX module: a `Seamcall` backend whose leaves read list pages
//! from the simulated memory, take and give back page ownership, and inject
//! faults. Leaves are registered per list type, so a list type generated from
//! a downstream crate's YAML is simulated with no glue beyond one registration.

use super::codec::{GuestListCodec, LinkedCodec, ListCodec};
use super::td::HostTd;
use super::SimState;
use crate::dispatch::seamcall;
use crate::faults::{Call, Fault, Injector, MismatchKind};
use crate::metadata::Metadata;
use crate::platform::Platform;
use core::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::vec::Vec;
use tdx_abi::{operand, Instruction, LinkedPageList, PageList, PhysAddr, Reg, Registers, Seamcall, TdxStatus};
use tdx_page_array::HostPageList;

/// The registers of a create/delete leaf pair that hands control pages over and back.
#[derive(Clone, Copy, Debug)]
pub struct ControlLeaves {
    /// The create leaf.
    pub create: u16,
    /// Where create takes the list value.
    pub list: Reg,
    /// Where create returns the new object's handle.
    pub id_out: Reg,
    /// The delete (release) leaf.
    pub delete: u16,
    /// Where delete takes the handle.
    pub id_in: Reg,
    /// Where delete takes the release input (the list page, or 0 for a singleton).
    pub release: Reg,
    /// Where delete returns the released-page value.
    pub released_out: Reg,
}

#[derive(Clone, Copy)]
enum Handler {
    /// Takes the listed pages for good; interruptible, resumed from the value's cursor.
    Gift { codec: ListCodec, list: Reg },
    /// Takes the listed pages as control pages of a new object.
    Create { codec: ListCodec, leaves: ControlLeaves },
    /// Releases an object's control pages and reports them.
    Delete { codec: ListCodec, leaves: ControlLeaves },
    /// Writes into the listed pages (a shared output buffer) and returns the length written.
    Shared { codec: ListCodec, list: Reg, len_out: Reg },
    /// Like `Shared`, through a chain of list-page nodes.
    Linked { codec: LinkedCodec, list: Reg, len_out: Reg },
    /// Reads a list of guest pages from a host list page (and records them).
    GuestList { codec: GuestListCodec, list: Reg },
}

/// Status the simulated release leaf fails with under [`Fault::FailRelease`].
pub const RELEASE_FAILED: TdxStatus = TdxStatus::LIFECYCLE_STATE_INCORRECT;
/// Status a simulated flush fails with under [`Fault::FailWbinvd`].
pub const WBINVD_FAILED: TdxStatus = TdxStatus::INVALID_WBINVD_SCOPE;

/// Status of a flush of a page the module holds: its PAMT entry is not PT_NDA (operand RCX).
pub const PAGE_NOT_FREE: TdxStatus = crate::dispatch::page_metadata_incorrect(operand::RCX);

/// Host physical address bits 51:0; the HKID of a keyed page sits above the
/// platform's MAXPA, and the simulator takes it to be bits 63:52.
pub(super) const PA_MASK: u64 = PhysAddr::MAX;

/// A page no simulated allocation ever returns, used for mismatching outputs.
pub(super) const STRAY_PAGE: u64 = 0xdead_0000;

/// The simulated module. Every call is recorded.
pub struct SimModule {
    pub(super) state: Rc<RefCell<SimState>>,
    handlers: BTreeMap<u16, Handler>,
    pub(super) injector: Injector,
    /// Objects holding control pages, by handle: the create leaf that made each, and its pages.
    pub(super) objects: BTreeMap<u64, (u16, Vec<super::codec::Block>)>,
    pub(super) next_id: u64,
    pub(super) wbinvd_calls: usize,
    pub(super) guest_seen: Vec<(u64, usize)>,
    pub(super) platform: Platform,
    pub(super) global_metadata: Metadata,
    /// TDs by TDR address.
    pub(super) tds: BTreeMap<u64, HostTd>,
    /// Whether tdx-abi's list-using leaves are served (not on a bare module).
    pub(super) tdx_list_leaves: bool,
}

impl SimModule {
    /// No list-using leaf, only TDH.PHYMEM.PAGE.WBINVD: every release flushes
    /// through it, whatever list types the caller registers.
    pub(crate) fn bare(state: Rc<RefCell<SimState>>) -> Self {
        SimModule {
            state,
            handlers: BTreeMap::new(),
            injector: Injector::default(),
            objects: BTreeMap::new(),
            next_id: 1,
            wbinvd_calls: 0,
            platform: Platform::default(),
            global_metadata: Platform::default().global_metadata(),
            tds: BTreeMap::new(),
            guest_seen: Vec::new(),
            tdx_list_leaves: false,
        }
    }

    /// tdx-abi's list-using leaves too, served through the generated dispatch
    /// (`serve.rs`): each takes its list type from its input struct.
    pub(crate) fn tdx(state: Rc<RefCell<SimState>>) -> Self {
        SimModule { tdx_list_leaves: true, ..SimModule::bare(state) }
    }

    /// Registers `leaf` as a gift of list type `L` (like TDH.EXT.MEM.ADD).
    pub fn with_gift_leaf<L: HostPageList>(mut self, leaf: u16, list: Reg) -> Self {
        self.handlers.insert(leaf, Handler::Gift { codec: ListCodec::of::<L>(), list });
        self
    }

    /// Registers a create/delete pair handing control pages of list type `L` over and back.
    pub fn with_control_leaves<L: HostPageList>(mut self, leaves: ControlLeaves) -> Self {
        let codec = ListCodec::of::<L>();
        self.handlers.insert(leaves.create, Handler::Create { codec, leaves });
        self.handlers.insert(leaves.delete, Handler::Delete { codec, leaves });
        self
    }

    /// Registers `leaf` as writing into a shared buffer of list type `L`.
    pub fn with_shared_leaf<L: HostPageList>(mut self, leaf: u16, list: Reg, len_out: Reg) -> Self {
        self.handlers.insert(leaf, Handler::Shared { codec: ListCodec::of::<L>(), list, len_out });
        self
    }

    /// Registers `leaf` as writing into a shared buffer lent as a chain of `L` nodes.
    pub fn with_linked_leaf<L: LinkedPageList>(mut self, leaf: u16, list: Reg, len_out: Reg) -> Self {
        self.handlers.insert(leaf, Handler::Linked { codec: LinkedCodec::of::<L>(), list, len_out });
        self
    }

    /// Registers `leaf` as reading a list of pages that are not the host's
    /// (a GPA list) from a host list page; [`SimModule::guest_pages_seen`] has them.
    pub fn with_guest_list_leaf<L: PageList<ListAddr = PhysAddr>>(mut self, leaf: u16, list: Reg) -> Self {
        self.handlers.insert(leaf, Handler::GuestList { codec: GuestListCodec::of::<L>(), list });
        self
    }

    /// The addresses and page counts the last guest-list leaf read, in order.
    pub fn guest_pages_seen(&self) -> &[(u64, usize)] {
        &self.guest_seen
    }

    /// Simulates `platform` (what TDH.SYS.RD reports and TD creation checks against).
    pub fn with_platform(mut self, platform: Platform) -> Self {
        self.global_metadata = platform.global_metadata();
        self.platform = platform;
        self
    }

    /// Global-scope metadata (TDH.SYS.RD), to set fields or read them without access checks.
    pub fn global_metadata(&mut self) -> &mut Metadata {
        &mut self.global_metadata
    }

    /// The TD-scope metadata of the TD whose TDR is at `tdr`, bypassing access (for assertions).
    pub fn td_metadata(&self, tdr: PhysAddr) -> Option<&Metadata> {
        self.tds.get(&tdr.as_u64()).map(HostTd::metadata)
    }

    /// Adds a fault to inject.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.injector.add(fault);
        self
    }

    /// Replaces the faults (e.g. to let a retry succeed).
    pub fn set_faults(&mut self, faults: &[Fault]) {
        self.injector.set(faults);
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> &[Call] {
        self.injector.calls()
    }

    /// How often `leaf` was called (faulted calls included).
    pub fn count(&self, leaf: u16) -> usize {
        self.injector.count(leaf)
    }

    /// Objects that hold control pages.
    pub fn live_objects(&self) -> usize {
        self.objects.len()
    }

    pub(super) fn has(&self, fault: Fault) -> bool {
        self.injector.faults().contains(&fault)
    }

    pub(super) fn interrupt_every(&self) -> Option<usize> {
        self.injector.faults().iter().find_map(|f| match f {
            Fault::InterruptEvery(k) => Some((*k).max(1)),
            _ => None,
        })
    }

    pub(super) fn mismatch(&self) -> Option<MismatchKind> {
        self.injector.faults().iter().find_map(|f| match f {
            Fault::MismatchRelease(k) => Some(*k),
            _ => None,
        })
    }
}

impl Seamcall for SimModule {
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        Injector::serve(
            self,
            |module| &mut module.injector,
            Instruction::Seamcall,
            rax,
            regs,
            |module, regs| {
                let leaf = tdx_abi::LeafAndVersion::from_bits(rax).leaf();
                match module.handlers.get(&leaf).copied() {
                    Some(handler) => module.serve_registered(handler, leaf, regs),
                    None => seamcall::dispatch(module, rax, regs),
                }
            },
        )
    }
}

/// A registered leaf's status, and its outputs when it writes any: every
/// register is then cleared and the one output (if there is one) written.
type Served = (TdxStatus, Option<Option<(Reg, u64)>>);

/// A leaf that completes with one output value in `out`.
fn written(result: Result<u64, TdxStatus>, out: Reg) -> Served {
    match result {
        Ok(value) => (TdxStatus::SUCCESS, Some(Some((out, value)))),
        Err(status) => (status, None),
    }
}

impl SimModule {
    /// Serves a leaf registered for a list type, reading and writing the
    /// registers its registration found in a leaf registry.
    fn serve_registered(&mut self, handler: Handler, leaf: u16, regs: &mut Registers) -> TdxStatus {
        let (status, outputs) = match handler {
            Handler::Gift { codec, list } => {
                let raw = regs.get(list);
                match self.gift(codec, raw) {
                    Ok(None) => (TdxStatus::SUCCESS, Some(Some((list, raw)))),
                    Ok(Some(moved)) => (TdxStatus::INTERRUPTED_RESUMABLE, Some(Some((list, moved)))),
                    Err(status) => (status, None),
                }
            }
            Handler::Create { codec, leaves } => {
                written(self.create(codec, leaves.create, regs.get(leaves.list)), leaves.id_out)
            }
            Handler::Delete { codec, leaves } => {
                let released = self.delete(codec, leaves.create, regs.get(leaves.id_in), regs.get(leaves.release));
                written(released, leaves.released_out)
            }
            Handler::Shared { codec, list, len_out } => written(self.shared(codec, regs.get(list), leaf), len_out),
            Handler::Linked { codec, list, len_out } => written(self.linked(codec, regs.get(list), leaf), len_out),
            Handler::GuestList { codec, list } => match self.guest_list(codec, regs.get(list)) {
                Ok(()) => (TdxStatus::SUCCESS, Some(None)),
                Err(status) => (status, None),
            },
        };
        if let Some(output) = outputs {
            *regs = Registers::default();
            if let Some((reg, value)) = output {
                regs.set(reg, value);
            }
        }
        status
    }
}

#[cfg(test)]
mod tests {
    use super::super::Sim;
    use super::*;
    use tdx_abi::{HpaArrayT, HpaListInfo, PageList};
    use tdx_page_array::{ListPage, PageArray};

    fn gift_calls<L: HostPageList>(n: usize, every: usize) -> usize {
        let sim = Sim::new();
        let mut provider = sim.provider();
        let mut module = sim.bare_module().with_gift_leaf::<L>(7, Reg::Rcx).with_fault(Fault::InterruptEvery(every));
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
        array
            .gift::<L, _>(&mut provider, &mut list, |value| {
                let regs = Registers { rcx: value.into_bits(), ..Registers::default() };
                tdx_abi::run(&mut module, 7, regs, tdx_abi::Resume::ReissueOutputs, 100).map(drop)
            })
            .unwrap();
        assert_eq!(sim.stats().module_gifted, n);
        module.count(7)
    }

    #[test]
    fn only_a_list_type_with_a_cursor_is_interrupted() {
        assert_eq!(gift_calls::<HpaListInfo>(10, 3), 4);
        assert_eq!(gift_calls::<HpaArrayT>(10, 3), 1);
    }

    #[test]
    fn unknown_leaves_and_bad_list_values_are_refused_without_taking_pages() {
        let sim = Sim::new();
        let mut module = sim.module();
        let mut regs = Registers::default();
        assert_eq!(module.seamcall(999, &mut regs), crate::UNKNOWN_LEAF);
        // A reserved bit set, and a list page the host does not own.
        for rcx in [
            HpaListInfo::RESERVED_MASK,
            HpaListInfo::encode_list(PhysAddr::new_truncate(0x5000), 2).unwrap().into_bits(),
        ] {
            let mut regs = Registers { rcx, ..Registers::default() };
            assert_eq!(
                module.seamcall(tdx_abi::rax(tdx_abi::leaf::TDH_EXT_MEM_ADD, 0), &mut regs),
                TdxStatus::OPERAND_INVALID
            );
        }
        assert_eq!(sim.stats().module_gifted, 0);
    }
}
