//! The usage patterns of the seed patch, written the way a caller writes them,
//! driven against the simulator with one fault plan; each returns what the
//! caller observed, for the tests to check against the simulator's records.
#![allow(dead_code)] // each test binary uses part of it

use tdx_abi::leaves::export::{tdh_export_blockw, TdhExportBlockwIn};
use tdx_abi::leaves::ext::{tdh_ext_mem_add, TdhExtMemAddIn};
use tdx_abi::leaves::ide::{tdh_ide_stream_create, tdh_ide_stream_delete, TdhIdeStreamCreateIn, TdhIdeStreamDeleteIn};
use tdx_abi::leaves::quote::{tdh_quote_get, TdhQuoteGetIn};
use tdx_abi::leaves::spdm::{
    tdh_spdm_connect, tdh_spdm_create, tdh_spdm_delete, TdhSpdmConnectIn, TdhSpdmCreateIn, TdhSpdmDeleteIn,
};
use tdx_abi::LeafError;
use tdx_abi::{
    leaf, GpaListInfo, GuestPhysAddr, HpaArrayT, HpaLinkedList, HpaListInfo, LinkedPageList, ListError, PhysAddr,
    TdxStatus, DEFAULT_MAX_RESUMES,
};
use tdx_abi_example_downstream::from_macro::leaf as vendor;
use tdx_abi_example_downstream::from_macro::leaves::vendor::{
    tdh_vendor_blocks_create, tdh_vendor_blocks_delete, TdhVendorBlocksCreateIn, TdhVendorBlocksDeleteIn,
};
use tdx_abi_example_downstream::from_macro::{VendorBlockList, LEAVES as VENDOR_LEAVES};
use tdx_page_array::{
    encode_entries, GiftCause, HandOverError, HostPageList, ListPage, Mismatch, PageArray, ReleaseError, ReleaseReport,
    Shared,
};
use tdx_sim::host::{ControlLeaves, Fault, MismatchKind, Sim, SimModule, SimProvider};

/// The HKID the simulated flushes are keyed with (bits 63:52 of the keyed address).
pub const HKID: u64 = 0x3;

/// A list-using leaf (or leaf pair) of the simulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// TDH.EXT.MEM.ADD: pages gifted for good, in windows, resumable.
    ExtMemAdd,
    /// TDH.SPDM.CREATE then TDH.SPDM.DELETE: control pages handed over and released.
    Spdm,
    /// TDH.IDE.STREAM.CREATE then TDH.IDE.STREAM.DELETE: the same, in other registers.
    IdeStream,
    /// TDH.SPDM.CONNECT: pages lent as a shared output buffer.
    SpdmConnect,
    /// TDH.QUOTE.GET: pages lent as a shared buffer through an HPA_LINKED_LIST chain.
    QuoteGet,
    /// The downstream example's TDH.VENDOR.BLOCKS.CREATE/DELETE: control pages
    /// listed as VENDOR_BLOCK entry layouts (fixed FORMAT, page count), no singleton rule.
    VendorBlocks,
    /// The same with compound pages: each entry names a run of two contiguous pages.
    VendorCompound,
    /// TDH.EXPORT.BLOCKW: a GPA_LIST_INFO of guest pages (not the host's) in a host list page.
    GpaList,
}

pub const FLOWS: [Flow; 8] = [
    Flow::ExtMemAdd,
    Flow::Spdm,
    Flow::IdeStream,
    Flow::SpdmConnect,
    Flow::QuoteGet,
    Flow::VendorBlocks,
    Flow::VendorCompound,
    Flow::GpaList,
];

impl Flow {
    /// The leaf that takes the pages.
    pub fn main_leaf(self) -> u16 {
        match self {
            Flow::ExtMemAdd => leaf::TDH_EXT_MEM_ADD,
            Flow::Spdm => leaf::TDH_SPDM_CREATE,
            Flow::IdeStream => leaf::TDH_IDE_STREAM_CREATE,
            Flow::SpdmConnect => leaf::TDH_SPDM_CONNECT,
            Flow::QuoteGet => leaf::TDH_QUOTE_GET,
            Flow::VendorBlocks | Flow::VendorCompound => vendor::TDH_VENDOR_BLOCKS_CREATE,
            Flow::GpaList => leaf::TDH_EXPORT_BLOCKW,
        }
    }

    /// Contiguous pages per list entry.
    pub fn run(self) -> usize {
        if self == Flow::VendorCompound {
            2
        } else {
            1
        }
    }

    /// The leaf that gives control pages back, if any.
    pub fn release_leaf(self) -> Option<u16> {
        match self {
            Flow::Spdm => Some(leaf::TDH_SPDM_DELETE),
            Flow::IdeStream => Some(leaf::TDH_IDE_STREAM_DELETE),
            Flow::VendorBlocks | Flow::VendorCompound => Some(vendor::TDH_VENDOR_BLOCKS_DELETE),
            _ => None,
        }
    }
}

/// Where a fault is injected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    None,
    /// The provider runs out after this many pages (the list page counts).
    AllocFails(usize),
    /// Every call of the leaf taking the pages is BUSY.
    BusyMain,
    /// The `nth` call of the leaf taking the pages is BUSY.
    BusyMainOnce(usize),
    /// The first release call is BUSY (the caller retries once).
    BusyRelease,
    /// The module interrupts every `k` entries.
    Interrupt(usize),
    /// The release leaf fails (the caller gives up and quarantines).
    FailRelease,
    /// The released output does not match.
    Mismatch(MismatchKind),
    /// The `nth` flush fails.
    FailWbinvd(usize),
}

impl Point {
    /// Every fault point, with parameters that matter for `n` pages.
    pub fn all(n: usize) -> Vec<Point> {
        let mut points = vec![
            Point::None,
            Point::AllocFails(0),
            Point::AllocFails(n / 2 + 1),
            Point::BusyMain,
            Point::BusyMainOnce(1),
            Point::BusyRelease,
            Point::Interrupt(1),
            Point::Interrupt(7),
            Point::FailRelease,
            Point::FailWbinvd(0),
            Point::FailWbinvd(n - 1),
            Point::FailWbinvd(n),
        ];
        let kinds = [
            MismatchKind::Count,
            MismatchKind::Address,
            MismatchKind::Entry,
            MismatchKind::Reserved,
            MismatchKind::EntryBits,
        ];
        points.extend(kinds.map(Point::Mismatch));
        points
    }

    fn faults(self, flow: Flow) -> Vec<Fault> {
        match self {
            Point::None | Point::AllocFails(_) => vec![],
            Point::BusyMain => vec![Fault::Busy { leaf: flow.main_leaf() }],
            Point::BusyMainOnce(nth) => vec![Fault::busy_once(flow.main_leaf(), nth)],
            Point::BusyRelease => flow.release_leaf().map(|leaf| Fault::busy_once(leaf, 0)).into_iter().collect(),
            Point::Interrupt(k) => vec![Fault::InterruptEvery(k)],
            Point::FailRelease => vec![Fault::FailRelease],
            Point::Mismatch(kind) => vec![Fault::MismatchRelease(kind)],
            Point::FailWbinvd(nth) => vec![Fault::FailWbinvd { nth }],
        }
    }
}

/// What the caller saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Allocation failed (the array was never built).
    pub alloc_failed: bool,
    /// The raw status of the first leaf error the crate reported.
    pub status: Option<TdxStatus>,
    /// The released-output mismatch the crate reported, with the raw value.
    pub mismatch: Option<(Mismatch, u64)>,
    /// More pages than one list page holds (control pages must fit one list).
    pub too_many: bool,
    /// Pages the module took for good.
    pub gifted: usize,
    /// Pages the crate reported quarantined.
    pub quarantined: usize,
    /// Bytes the module reported writing into a shared buffer.
    pub shared_len: Option<u64>,
    /// Pages returned to the provider by the crate (after the list page is freed too).
    pub freed: usize,
}

/// One run: a fresh machine, `n` pages through `flow`, with the faults of `points`.
pub struct Run {
    pub sim: Sim,
    pub module: SimModule,
    pub observed: Observed,
}

pub fn run(flow: Flow, n: usize, points: &[Point]) -> Run {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let blocks = ControlLeaves::from_tables::<VendorBlockList>(
        VENDOR_LEAVES,
        vendor::TDH_VENDOR_BLOCKS_CREATE,
        vendor::TDH_VENDOR_BLOCKS_DELETE,
    );
    let mut module = sim.module().with_control_leaves::<VendorBlockList>(blocks.unwrap());
    for p in points {
        for f in p.faults(flow) {
            module = module.with_fault(f);
        }
        if let Point::AllocFails(budget) = p {
            provider.alloc_budget = Some(*budget);
        }
    }
    let mut observed = Observed::default();
    drive(flow, n, &mut provider, &mut module, &mut observed);
    Run { sim, module, observed }
}

fn drive(flow: Flow, n: usize, provider: &mut SimProvider, module: &mut SimModule, seen: &mut Observed) {
    let Ok(mut list) = ListPage::alloc(provider) else {
        seen.alloc_failed = true;
        return;
    };
    // `n` entries: `n` pages, or `n` runs of contiguous pages.
    match PageArray::alloc_blocks(provider, Vec::new(), n, flow.run()) {
        Ok(array) => match flow {
            Flow::ExtMemAdd => gift(array, provider, &mut list, module, seen),
            Flow::Spdm | Flow::IdeStream | Flow::VendorBlocks | Flow::VendorCompound => {
                control(flow, array, provider, &mut list, module, seen)
            }
            Flow::SpdmConnect => lend(array, provider, &mut list, module, seen),
            Flow::QuoteGet => lend_linked(array, provider, module, seen),
            Flow::GpaList => guest_list(array, provider, &mut list, module, seen),
        },
        Err(_) => seen.alloc_failed = true,
    }
    list.free(provider);
    seen.freed += 1;
}

fn gift(
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    list: &mut ListPage,
    module: &mut SimModule,
    seen: &mut Observed,
) {
    let result = array.gift::<HpaListInfo, _>(provider, list, |pages| {
        tdh_ext_mem_add(module, &TdhExtMemAddIn { pages }, DEFAULT_MAX_RESUMES).map(drop)
    });
    match result {
        Ok(report) => seen.gifted = report.gifted,
        Err(e) => {
            seen.gifted = e.gifted;
            seen.quarantined = e.quarantined;
            seen.freed += e.freed;
            if let GiftCause::Leaf { status, .. } = e.cause {
                seen.status = Some(status);
            }
        }
    }
}

fn lend(
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    list: &mut ListPage,
    module: &mut SimModule,
    seen: &mut Observed,
) {
    let result = array.lend::<HpaArrayT, _, _>(provider, list, |spdm_out| {
        let input = TdhSpdmConnectIn { spdm_id: 1, spdm_out, ..Default::default() };
        tdh_spdm_connect(module, &input)
    });
    match result {
        Ok(Ok(out)) => seen.shared_len = Some(out.req_or_out_len),
        Ok(Err(e)) => seen.status = Some(e.status),
        Err(ListError::CountOutOfRange { .. }) => seen.too_many = true,
        Err(e) => panic!("unexpected encoding error {e}"),
    }
    seen.freed += array.len();
    array.free(provider);
}

/// Lists `array.len()` guest pages (synthetic GPAs: the guest's, not the
/// array's) in the list page for TDH.EXPORT.BLOCKW; the array's pages only
/// count against the allocation budget and are freed.
fn guest_list(
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    list: &mut ListPage,
    module: &mut SimModule,
    seen: &mut Observed,
) {
    let gpas: Vec<GuestPhysAddr> =
        (0..array.len() as u64).map(|i| GuestPhysAddr::from_pfn(0x8_0000 + i).unwrap()).collect();
    match encode_entries::<GpaListInfo, _>(provider, list, &gpas) {
        Ok(gpa_list) => {
            match tdh_export_blockw(module, &TdhExportBlockwIn { gpa_list, tdr: PhysAddr::new(0).unwrap() }) {
                Ok(_) => {
                    // The module saw exactly the guest pages listed, in order.
                    let listed: Vec<(u64, usize)> = gpas.iter().map(|g| (g.as_u64(), 1)).collect();
                    assert_eq!(module.guest_pages_seen(), listed.as_slice());
                    seen.shared_len = Some(gpas.len() as u64 * 4096);
                }
                Err(e) => seen.status = Some(e.status),
            }
        }
        Err(ListError::CountOutOfRange { .. }) => seen.too_many = true,
        Err(e) => panic!("unexpected encoding error {e}"),
    }
    seen.freed += array.len();
    array.free(provider);
}

/// Lends the pages through a chain of nodes the caller allocates (the flow's
/// list page is not one of them).
fn lend_linked(
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    module: &mut SimModule,
    seen: &mut Observed,
) {
    let needed = HpaLinkedList::nodes_for(array.len());
    let mut nodes = Vec::new();
    while nodes.len() < needed {
        match ListPage::alloc(provider) {
            Ok(node) => nodes.push(node),
            Err(_) => {
                seen.alloc_failed = true;
                break;
            }
        }
    }
    if !seen.alloc_failed {
        let total_len = array.len() as u64 * 4096;
        let result = array.lend_linked::<HpaLinkedList, _, _>(provider, &mut nodes, |quote_buf| {
            tdh_quote_get(module, &TdhQuoteGetIn { quote_buf, total_len, ..Default::default() })
        });
        match result {
            Ok(Ok(out)) => seen.shared_len = Some(out.quote_len),
            Ok(Err(e)) => seen.status = Some(e.status),
            Err(e) => panic!("unexpected chain error {e}"),
        }
    }
    seen.freed += array.len() + nodes.len();
    array.free(provider);
    nodes.into_iter().for_each(|node| node.free(provider));
}

/// Hands control pages over and releases them, through the flow's leaf pair.
fn control(
    flow: Flow,
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    list: &mut ListPage,
    module: &mut SimModule,
    seen: &mut Observed,
) {
    match flow {
        Flow::Spdm => control_with::<HpaArrayT>(
            array,
            provider,
            list,
            module,
            seen,
            |m, pages| tdh_spdm_create(m, &TdhSpdmCreateIn { func_id: 0x100, spdm_mt: pages }).map(|o| o.spdm_id),
            |s, id, release| tdh_spdm_delete(s, &TdhSpdmDeleteIn { spdm_id: id, release }).map(|o| o.released),
        ),
        Flow::IdeStream => control_with::<HpaArrayT>(
            array,
            provider,
            list,
            module,
            seen,
            |m, stream_mt| {
                let input = TdhIdeStreamCreateIn { spdm_id: 1, stream_mt, ..Default::default() };
                tdh_ide_stream_create(m, &input).map(|o| o.stream_id)
            },
            |s, stream_id, release| {
                tdh_ide_stream_delete(s, &TdhIdeStreamDeleteIn { spdm_id: 1, stream_id, release }).map(|o| o.released)
            },
        ),
        _ => control_with::<VendorBlockList>(
            array,
            provider,
            list,
            module,
            seen,
            |m, blocks| tdh_vendor_blocks_create(m, &TdhVendorBlocksCreateIn { blocks }).map(|o| o.object_id),
            |s, object_id, release| {
                tdh_vendor_blocks_delete(s, &TdhVendorBlocksDeleteIn { object_id, release }).map(|o| o.released)
            },
        ),
    }
}

type Create<L> = fn(&mut SimModule, L) -> Result<u64, LeafError>;
type Delete<L> = fn(&mut SimModule, u64, u64) -> Result<L, LeafError>;

fn control_with<L: HostPageList>(
    array: PageArray<Vec<PhysAddr>, Shared>,
    provider: &mut SimProvider,
    list: &mut ListPage,
    module: &mut SimModule,
    seen: &mut Observed,
    create: Create<L>,
    delete: Delete<L>,
) {
    let created = array.hand_over::<L, _, _>(provider, list, |pages| create(module, pages));
    let (mut pages, id) = match created {
        Ok(created) => created,
        Err(e) => {
            let array = match e {
                HandOverError::TooMany { array, .. } => {
                    seen.too_many = true;
                    array
                }
                HandOverError::Leaf(array, e) => {
                    seen.status = Some(e.status);
                    array
                }
                HandOverError::Encode(_, e) => panic!("unexpected encoding error {e}"),
            };
            seen.freed += array.len();
            array.free(provider);
            return;
        }
    };
    let keyed = |p: PhysAddr| p.as_u64() | (HKID << 52);
    let mut retried = false;
    loop {
        let released =
            pages.release::<L, _, _>(provider, list, module, keyed, |seam, release| delete(seam, id, release));
        match released {
            Ok(ReleaseReport { freed, quarantined }) => {
                seen.freed += freed;
                seen.quarantined += quarantined;
            }
            Err(ReleaseError::Leaf(back, e)) => {
                seen.status.get_or_insert(e.status);
                // BUSY: retry once; anything else: give the pages up.
                if e.status.is(TdxStatus::OPERAND_BUSY) && !retried {
                    retried = true;
                    pages = back;
                    continue;
                }
                seen.quarantined += back.quarantine_all(provider);
            }
            Err(ReleaseError::Mismatch { mismatch, released_raw, quarantined }) => {
                seen.mismatch = Some((mismatch, released_raw));
                seen.quarantined += quarantined;
            }
            Err(ReleaseError::Flush { report, status }) => {
                seen.status = Some(status);
                seen.freed += report.freed;
                seen.quarantined += report.quarantined;
            }
        }
        return;
    }
}

/// What the simulator recorded must agree with what the caller was told.
pub fn check_records(run: &Run, label: &str) {
    let stats = run.sim.stats();
    let seen = &run.observed;
    let first: Vec<_> = stats.violations.iter().take(3).collect();
    assert!(first.is_empty(), "{label}: {} ownership violations, first {first:?}", stats.violations.len());
    assert_eq!(stats.host_live, 0, "{label}: pages left live (leaked)");
    assert_eq!(stats.quarantined.len(), seen.quarantined, "{label}: quarantine not reported exactly");
    // Whole windows are reported gifted; a failing window may be partly the module's, and is quarantined.
    assert!(stats.module_gifted >= seen.gifted, "{label}: gifted pages reported but not given");
    assert!(stats.module_gifted <= seen.gifted + seen.quarantined, "{label}: gifted pages not reported");
    if !seen.alloc_failed {
        assert_eq!(stats.frees, seen.freed, "{label}: frees not reported exactly");
    }
    // Every page is in exactly one place: allocator, quarantine or the module.
    let module_only = stats.module_control + stats.module_gifted
        - stats.quarantined.iter().filter(|(a, _)| run.sim.owned_by_module(*a)).count();
    assert_eq!(
        stats.allocated,
        stats.in_allocator + stats.quarantined.len() + module_only,
        "{label}: pages unaccounted"
    );
}
