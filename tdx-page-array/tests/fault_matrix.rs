//! Every list-using leaf of the simulator × every fault point × page counts
//! around the list-page capacity: the caller sees exactly what the fault
//! implies, with the raw status, and the simulator's records agree — no page
//! the module owns ever reaches `free`, nothing is left live, and every
//! quarantined page is reported.

mod common;

use common::{check_records, run, Flow, Observed, Point, FLOWS};
use tdx_abi::{GpaListInfo, HpaArrayT, HpaLinkedList, LinkedPageList, PageList, PhysAddr, TdxStatus};
use tdx_abi_example_downstream::from_macro::VendorBlockList;
use tdx_page_array::{HostPageList, Mismatch, LIST_PAGE_ENTRIES};
use tdx_sim::host::{MismatchKind, RELEASE_FAILED, WBINVD_FAILED};

const COUNTS: [usize; 6] = [1, 2, 511, 512, 513, 1024];

/// What a control flow's list type decides: capacity, singleton rule, entry
/// encoding and reserved bits.
struct ControlList {
    capacity: usize,
    singleton: bool,
    entry: fn(PhysAddr, usize) -> u64,
    reserved: u64,
}

impl ControlList {
    fn of<L: HostPageList>() -> Self {
        ControlList {
            capacity: L::CAPACITY,
            singleton: L::SINGLETON,
            entry: |page, run| L::encode_entry(page, run).unwrap(),
            reserved: L::RESERVED_MASK,
        }
    }
}

/// What the caller must see for `n` pages through `flow` with one fault.
fn expected(flow: Flow, n: usize, point: Point, first_page: PhysAddr, list_page: PhysAddr) -> Observed {
    let busy = Some(TdxStatus::OPERAND_BUSY);
    let c = match flow {
        Flow::VendorBlocks | Flow::VendorCompound => ControlList::of::<VendorBlockList>(),
        _ => ControlList::of::<HpaArrayT>(),
    };
    // `n` entries of `run` contiguous pages each; page counts below are 4 KiB pages.
    let run = flow.run();
    let pages = n * run;
    // Every flow ends by freeing its list page.
    let mut e = Observed { freed: 1, ..Observed::default() };
    match point {
        Point::AllocFails(0) => return Observed { alloc_failed: true, ..Observed::default() },
        Point::AllocFails(_) => return Observed { alloc_failed: true, freed: 1, ..Observed::default() },
        _ => {}
    }
    match flow {
        Flow::ExtMemAdd => {
            let windows: Vec<usize> =
                (0..n).step_by(LIST_PAGE_ENTRIES).map(|s| (n - s).min(LIST_PAGE_ENTRIES)).collect();
            let failing = match point {
                Point::BusyMain => Some(0),
                Point::BusyMainOnce(w) if w < windows.len() => Some(w),
                _ => None,
            };
            match failing {
                None => e.gifted = n,
                Some(w) => {
                    e.status = busy;
                    e.gifted = windows[..w].iter().sum();
                    e.quarantined = windows[w];
                    e.freed += n - e.gifted - e.quarantined;
                }
            }
        }
        Flow::GpaList => {
            // The guest's pages are listed, not handed over: the array's pages are freed.
            e.freed += n;
            match point {
                _ if n > GpaListInfo::CAPACITY => e.too_many = true,
                Point::BusyMain => e.status = busy,
                _ => e.shared_len = Some(n as u64 * 4096),
            }
        }
        Flow::QuoteGet => {
            // One call walks the whole chain; nothing is handed over for good, so the
            // release faults do not apply: pages and nodes go back to the provider.
            e.freed += n + HpaLinkedList::nodes_for(n);
            match point {
                Point::BusyMain => e.status = busy,
                _ => e.shared_len = Some(n as u64 * 4096),
            }
        }
        Flow::SpdmConnect => {
            e.freed += n;
            match point {
                _ if n > HpaArrayT::CAPACITY => e.too_many = true,
                Point::BusyMain => e.status = busy,
                _ => e.shared_len = Some(n as u64 * 4096),
            }
        }
        Flow::Spdm | Flow::IdeStream | Flow::VendorBlocks | Flow::VendorCompound => match point {
            _ if n > c.capacity => {
                e.too_many = true;
                e.freed += pages;
            }
            Point::BusyMain => {
                e.status = busy;
                e.freed += pages;
            }
            Point::BusyRelease => {
                e.status = busy;
                e.freed += pages;
            }
            Point::FailRelease => {
                e.status = Some(RELEASE_FAILED);
                e.quarantined = pages;
            }
            // In place there is no list page whose entries could differ: the release goes through.
            Point::Mismatch(MismatchKind::EntryBits) if c.singleton && n == 1 => e.freed += pages,
            Point::Mismatch(kind) => {
                e.quarantined = pages;
                let singleton = c.singleton && n == 1;
                let last_run = PhysAddr::new(first_page.as_u64() + 0x1000 * (pages - run) as u64).unwrap();
                let last_entry = (c.entry)(last_run, run);
                let stray = PhysAddr::new(0xdead_0000).unwrap();
                let mismatch = match kind {
                    MismatchKind::Count => {
                        let released = if n < c.capacity { n + 1 } else { n - 1 };
                        Mismatch::Count { expected: n, released }
                    }
                    MismatchKind::Address | MismatchKind::Entry if singleton => {
                        Mismatch::Address { expected: first_page, released: stray }
                    }
                    MismatchKind::Address => Mismatch::Address { expected: list_page, released: stray },
                    MismatchKind::Entry => {
                        Mismatch::Entry { index: n - 1, expected: last_entry, released: (c.entry)(stray, run) }
                    }
                    MismatchKind::Reserved => Mismatch::ReservedBits(c.reserved & c.reserved.wrapping_neg()),
                    MismatchKind::EntryBits => {
                        Mismatch::Entry { index: n - 1, expected: last_entry, released: last_entry ^ 1 << 63 }
                    }
                };
                // The raw value is checked separately; here only its decoding.
                e.mismatch = Some((mismatch, 0));
            }
            // The run holding the failed flush is quarantined whole.
            Point::FailWbinvd(nth) if nth < pages => {
                e.status = Some(WBINVD_FAILED);
                e.freed += pages - run;
                e.quarantined = run;
            }
            _ => e.freed += pages,
        },
    }
    e
}

#[test]
fn every_leaf_under_every_fault_reports_exactly_and_never_frees_module_pages() {
    let mut runs = 0;
    for flow in FLOWS {
        for n in COUNTS {
            for point in Point::all(n) {
                let label = format!("{flow:?}, {n} pages, {point:?}");
                let run = run(flow, n, &[point]);
                check_records(&run, &label);
                // The simulator numbers pages from PFN 0x1000: the list page, then the array.
                let list_page = PhysAddr::from_pfn(0x1000).unwrap();
                let first = PhysAddr::from_pfn(0x1001).unwrap();
                let mut want = expected(flow, n, point, first, list_page);
                let mut got = run.observed.clone();
                if let (Some((_, raw)), Some(w)) = (got.mismatch.as_mut(), want.mismatch.as_mut()) {
                    w.1 = *raw;
                }
                assert_eq!(got, want, "{label}");
                // The module still holds exactly the pages the caller gave up on after a failed release.
                let failed = point == Point::FailRelease && got.status == Some(RELEASE_FAILED);
                let given_up = if failed { n * flow.run() } else { 0 };
                assert_eq!(run.sim.stats().module_control, given_up, "{label}");
                runs += 1;
            }
        }
    }
    assert_eq!(runs, FLOWS.len() * COUNTS.len() * Point::all(1).len());
}

#[test]
fn an_interrupted_gift_resumes_from_the_cursor_the_module_wrote() {
    for n in COUNTS {
        for k in [1, 7, 512] {
            let run = run(Flow::ExtMemAdd, n, &[Point::Interrupt(k)]);
            check_records(&run, &format!("{n} pages, every {k}"));
            assert_eq!(run.observed.gifted, n);
            let windows = (0..n).step_by(LIST_PAGE_ENTRIES).map(|s| (n - s).min(LIST_PAGE_ENTRIES));
            let calls: usize = windows.map(|w| w.div_ceil(k)).sum();
            assert_eq!(run.module.count(Flow::ExtMemAdd.main_leaf()), calls, "{n} pages, every {k}");
        }
    }
}

#[test]
fn a_gift_failing_part_way_through_a_window_quarantines_that_window() {
    // 1024 pages, interrupted every 100 entries, BUSY on the 3rd call: the
    // module took 200 pages of the first window, which is quarantined whole.
    let run = run(Flow::ExtMemAdd, 1024, &[Point::Interrupt(100), Point::BusyMainOnce(2)]);
    check_records(&run, "part-way");
    let seen = &run.observed;
    assert_eq!((seen.gifted, seen.quarantined, seen.freed), (0, 512, 1 + 512));
    assert_eq!(seen.status, Some(TdxStatus::OPERAND_BUSY));
    assert_eq!(run.sim.stats().module_gifted, 200);
}

#[test]
fn a_mismatched_release_reports_the_raw_value_the_module_returned() {
    for kind in [MismatchKind::Count, MismatchKind::Address, MismatchKind::Entry, MismatchKind::Reserved] {
        for n in [1, 3] {
            let run = run(Flow::Spdm, n, &[Point::Mismatch(kind)]);
            let (mismatch, raw) = run.observed.mismatch.expect("a mismatch");
            let decoded = HpaArrayT::from_bits(raw);
            match mismatch {
                Mismatch::ReservedBits(bits) => assert_eq!(raw & HpaArrayT::RESERVED_MASK, bits),
                Mismatch::Count { released, .. } => assert_eq!(decoded.count(), released),
                Mismatch::Address { released, .. } => assert_eq!(decoded.address(), released),
                Mismatch::Entry { index, released, .. } => {
                    assert_eq!(run.sim.read(decoded.address(), index), released)
                }
            }
        }
    }
}

#[test]
fn a_failed_create_returns_the_raw_status_and_the_host_keeps_the_pages() {
    for flow in [Flow::Spdm, Flow::IdeStream] {
        let run = run(flow, 4, &[Point::BusyMain]);
        assert_eq!(run.observed.status, Some(TdxStatus::OPERAND_BUSY));
        assert_eq!(run.module.live_objects(), 0);
        assert_eq!(run.sim.stats().in_allocator, 5, "four pages and the list page went back");
    }
}
