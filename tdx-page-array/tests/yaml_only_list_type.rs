//! A new list type needs only a table entry. `VENDOR_PAGE_LIST` (capacity 256,
//! cursor in NEXT) and `VENDOR_CTRL_ARRAY` (capacity 128, singleton rule) and
//! their leaves exist only in examples/downstream/tables/vendor_list.yaml,
//! turned into Rust by the proc-macro. The page array and the simulator take
//! them with no hand-written code for either type: the simulator is told only
//! which leaf number does what, in which registers.

use tdx_abi::{PageList, TdxStatus, DEFAULT_MAX_RESUMES};
use tdx_abi_example_downstream::from_macro::leaves::vendor::{
    tdh_vendor_blocks_create, tdh_vendor_blocks_delete, tdh_vendor_pages_add, tdh_vendor_queue_create,
    tdh_vendor_queue_delete, TdhVendorBlocksCreateIn, TdhVendorBlocksDeleteIn, TdhVendorPagesAddIn,
    TdhVendorQueueCreateIn, TdhVendorQueueDeleteIn,
};
use tdx_abi_example_downstream::from_macro::{leaf, VendorBlockList, VendorCtrlArray, VendorPageList, LEAVES};
use tdx_page_array::Mismatch;
use tdx_page_array::{GiftCause, HandOverError, ListPage, PageArray, ReleaseError};
use tdx_sim::host::{list_input, ControlLeaves, Fault, MismatchKind, Sim, SimModule};

/// The vendor leaves, with the registers downstream's own leaf registry (from its YAML) names.
fn vendor_module(sim: &Sim) -> SimModule {
    let control = |create, delete| ControlLeaves::from_tables::<VendorCtrlArray>(LEAVES, create, delete).unwrap();
    let blocks = |create, delete| ControlLeaves::from_tables::<VendorBlockList>(LEAVES, create, delete).unwrap();
    let add = leaf::TDH_VENDOR_PAGES_ADD;
    sim.bare_module()
        .with_gift_leaf::<VendorPageList>(add, list_input::<VendorPageList>(LEAVES, add).unwrap())
        .with_control_leaves::<VendorCtrlArray>(control(leaf::TDH_VENDOR_QUEUE_CREATE, leaf::TDH_VENDOR_QUEUE_DELETE))
        .with_control_leaves::<VendorBlockList>(blocks(leaf::TDH_VENDOR_BLOCKS_CREATE, leaf::TDH_VENDOR_BLOCKS_DELETE))
}

/// Hands `n` control pages over as VENDOR_BLOCK entries and releases them.
fn block_round_trip(sim: &Sim, module: &mut SimModule, n: usize) -> Result<tdx_page_array::ReleaseReport, Mismatch> {
    compound_round_trip(sim, module, n, 1)
}

/// Hands `n` runs of `run` contiguous control pages over, one VENDOR_BLOCK entry each, and releases them.
fn compound_round_trip(
    sim: &Sim,
    module: &mut SimModule,
    n: usize,
    run: usize,
) -> Result<tdx_page_array::ReleaseReport, Mismatch> {
    let mut provider = sim.provider();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc_blocks(&mut provider, Vec::new(), n, run).unwrap();
    let (control, object_id) = array
        .hand_over::<VendorBlockList, _, _>(&mut provider, &mut list, |blocks| {
            tdh_vendor_blocks_create(module, &TdhVendorBlocksCreateIn { blocks }).map(|o| o.object_id)
        })
        .unwrap();
    // Each entry is a VENDOR_BLOCK: FORMAT 1 (fixed), the first page's frame, the run's page count.
    let first = sim.read(list.addr(), 0);
    assert_eq!((first >> 62, first & 0xfff), (1, run as u64));
    let result = control.release::<VendorBlockList, _, _>(
        &mut provider,
        &list,
        module,
        |p| p.as_u64(),
        |s, release| tdh_vendor_blocks_delete(s, &TdhVendorBlocksDeleteIn { object_id, release }).map(|o| o.released),
    );
    list.free(&mut provider);
    result.map_err(|e| match e {
        ReleaseError::Mismatch { mismatch, .. } => mismatch,
        other => panic!("{other:?}"),
    })
}

#[test]
fn a_list_of_entry_layouts_goes_through_hand_over_and_release_with_every_entry_checked() {
    for n in [1, 2, 512] {
        let sim = Sim::new();
        let mut module = vendor_module(&sim);
        let report = block_round_trip(&sim, &mut module, n).unwrap();
        let stats = sim.stats();
        assert_eq!((report.freed, report.quarantined, stats.host_live, stats.module_control), (n, 0, 0, 0));
        assert_eq!(stats.violations, vec![]);
    }
    // The module writes back the right page with another FORMAT: a mismatch, and the pages are quarantined.
    let sim = Sim::new();
    let mut module = vendor_module(&sim).with_fault(Fault::MismatchRelease(MismatchKind::EntryBits));
    let Err(Mismatch::Entry { index: 2, expected, released }) = block_round_trip(&sim, &mut module, 3) else {
        panic!("a changed FORMAT is caught");
    };
    assert_eq!(released, expected ^ 1 << 63);
    let stats = sim.stats();
    assert_eq!((stats.quarantined.len(), stats.host_live), (3, 0));
    assert_eq!(stats.violations, vec![]);
}

#[test]
fn pages_go_to_a_yaml_only_list_type_in_windows_of_its_own_capacity() {
    assert_eq!(VendorPageList::CAPACITY, 256);
    for (n, every) in [(1, None), (256, None), (257, Some(100)), (1000, Some(37))] {
        let sim = Sim::new();
        let mut provider = sim.provider();
        let mut module = vendor_module(&sim);
        if let Some(k) = every {
            module = module.with_fault(Fault::InterruptEvery(k));
        }
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
        let report = array
            .gift::<VendorPageList, _>(&mut provider, &mut list, |pages| {
                tdh_vendor_pages_add(&mut module, &TdhVendorPagesAddIn { pages }, DEFAULT_MAX_RESUMES).map(drop)
            })
            .unwrap();
        list.free(&mut provider);
        let stats = sim.stats();
        assert_eq!((report.gifted, stats.module_gifted, stats.host_live), (n, n, 0), "{n} pages");
        assert_eq!(stats.violations, vec![]);
        // One call per window, plus one per interruption: the cursor came from NEXT.
        let windows = (0..n).step_by(256).map(|s| (n - s).min(256));
        let calls: usize = windows.map(|w| w.div_ceil(every.unwrap_or(256))).sum();
        assert_eq!(module.count(leaf::TDH_VENDOR_PAGES_ADD), calls, "{n} pages");
    }
}

#[test]
fn control_pages_of_a_yaml_only_list_type_come_back_through_release_with_its_singleton_rule() {
    for n in [1, 2, 128] {
        let sim = Sim::new();
        let mut provider = sim.provider();
        let mut module = vendor_module(&sim);
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
        let (control, queue_id) = array
            .hand_over::<VendorCtrlArray, _, _>(&mut provider, &mut list, |queue_mt| {
                tdh_vendor_queue_create(&mut module, &TdhVendorQueueCreateIn { queue_mt }).map(|o| o.queue_id)
            })
            .unwrap();
        assert_eq!(sim.stats().module_control, n);
        // The singleton rule from the YAML: one page goes in place, and its release input is 0.
        let input = control.release_input::<VendorCtrlArray>(&list);
        assert_eq!(input == 0, n == 1, "{n} pages");
        let report = control
            .release::<VendorCtrlArray, _, _>(
                &mut provider,
                &list,
                &mut module,
                |p| p.as_u64(),
                |seam, release| {
                    tdh_vendor_queue_delete(seam, &TdhVendorQueueDeleteIn { queue_id, release }).map(|o| o.released)
                },
            )
            .unwrap();
        list.free(&mut provider);
        let stats = sim.stats();
        assert_eq!((report.freed, report.quarantined), (n, 0));
        assert_eq!((stats.module_control, stats.host_live, stats.in_allocator), (0, 0, n + 1));
        assert_eq!(stats.violations, vec![]);
    }
}

#[test]
fn a_yaml_only_list_type_refuses_more_control_pages_than_its_capacity_and_failures_keep_raw_status() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let busy = Fault::Busy { leaf: leaf::TDH_VENDOR_PAGES_ADD };
    let mut module = vendor_module(&sim).with_fault(Fault::FailRelease).with_fault(busy);
    let mut list = ListPage::alloc(&mut provider).unwrap();

    let too_many = PageArray::alloc(&mut provider, Vec::new(), 129).unwrap();
    let Err(HandOverError::TooMany { array, capacity: 128 }) =
        too_many.hand_over::<VendorCtrlArray, _, _>(&mut provider, &mut list, |_| Ok(()))
    else {
        panic!("129 control pages fit no VENDOR_CTRL_ARRAY");
    };
    array.free(&mut provider);

    let gift = PageArray::alloc(&mut provider, Vec::new(), 300).unwrap();
    let err = gift
        .gift::<VendorPageList, _>(&mut provider, &mut list, |pages| {
            tdh_vendor_pages_add(&mut module, &TdhVendorPagesAddIn { pages }, DEFAULT_MAX_RESUMES).map(drop)
        })
        .unwrap_err();
    assert_eq!((err.gifted, err.quarantined, err.freed), (0, 256, 44));
    assert!(matches!(err.cause, GiftCause::Leaf { leaf: 250, status, .. } if status == TdxStatus::OPERAND_BUSY));

    let array = PageArray::alloc(&mut provider, Vec::new(), 3).unwrap();
    let (control, queue_id) = array
        .hand_over::<VendorCtrlArray, _, _>(&mut provider, &mut list, |queue_mt| {
            tdh_vendor_queue_create(&mut module, &TdhVendorQueueCreateIn { queue_mt }).map(|o| o.queue_id)
        })
        .unwrap();
    let result = control.release::<VendorCtrlArray, _, _>(
        &mut provider,
        &list,
        &mut module,
        |p| p.as_u64(),
        |s, r| tdh_vendor_queue_delete(s, &TdhVendorQueueDeleteIn { queue_id, release: r }).map(|o| o.released),
    );
    let Err(ReleaseError::Leaf(back, e)) = result else { panic!("the release fails") };
    assert_eq!((e.leaf, e.status), (252, tdx_sim::host::RELEASE_FAILED));
    assert_eq!(back.quarantine_all(&mut provider), 3);
    list.free(&mut provider);
    let stats = sim.stats();
    assert_eq!((stats.host_live, stats.module_control, stats.quarantined.len()), (0, 3, 256 + 3));
    assert_eq!(stats.violations, vec![]);
}

#[test]
fn compound_pages_go_over_as_one_entry_per_run_and_come_back_flushed_page_by_page() {
    for (n, run) in [(1, 2), (3, 4), (512, 2)] {
        let sim = Sim::new();
        let mut module = vendor_module(&sim);
        let report = compound_round_trip(&sim, &mut module, n, run).unwrap();
        let stats = sim.stats();
        assert_eq!((report.freed, report.quarantined), (n * run, 0), "{n} runs of {run}");
        assert_eq!((stats.host_live, stats.module_control, stats.violations.len()), (0, 0, 0));
        // Every 4 KiB page of every run was flushed before it was freed.
        assert_eq!(module.count(tdx_abi::leaf::TDH_PHYMEM_PAGE_WBINVD), n * run);
    }
    // One failed flush quarantines its whole run: a compound page goes back whole or not at all.
    let sim = Sim::new();
    let mut module = vendor_module(&sim).with_fault(Fault::FailWbinvd { nth: 1 });
    let mut provider = sim.provider();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc_blocks(&mut provider, Vec::new(), 2, 2).unwrap();
    let (control, object_id) = array
        .hand_over::<VendorBlockList, _, _>(&mut provider, &mut list, |blocks| {
            tdh_vendor_blocks_create(&mut module, &TdhVendorBlocksCreateIn { blocks }).map(|o| o.object_id)
        })
        .unwrap();
    let Err(ReleaseError::Flush { report, .. }) = control.release::<VendorBlockList, _, _>(
        &mut provider,
        &list,
        &mut module,
        |p| p.as_u64(),
        |s, release| tdh_vendor_blocks_delete(s, &TdhVendorBlocksDeleteIn { object_id, release }).map(|o| o.released),
    ) else {
        panic!("the second flush fails");
    };
    list.free(&mut provider);
    assert_eq!((report.freed, report.quarantined), (2, 2));
    let stats = sim.stats();
    assert_eq!((stats.quarantined.len(), stats.host_live, stats.violations.len()), (2, 0, 0));
}

#[test]
fn a_run_longer_than_an_entry_can_count_is_refused_before_any_leaf() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = vendor_module(&sim);
    let mut list = ListPage::alloc(&mut provider).unwrap();
    // VENDOR_BLOCK's PAGES field counts at most 4095 pages.
    let array = PageArray::alloc_blocks(&mut provider, Vec::new(), 1, 4096).unwrap();
    let Err(HandOverError::Encode(back, e)) =
        array.hand_over::<VendorBlockList, _, _>(&mut provider, &mut list, |blocks| {
            tdh_vendor_blocks_create(&mut module, &TdhVendorBlocksCreateIn { blocks }).map(|o| o.object_id)
        })
    else {
        panic!("4096 pages fit no VENDOR_BLOCK");
    };
    assert_eq!(e, tdx_abi::ListError::PagesOutOfRange { list: "VENDOR_BLOCK_LIST", pages: 4096, max: 4095 });
    assert_eq!(module.count(leaf::TDH_VENDOR_BLOCKS_CREATE), 0);
    back.free(&mut provider);
    list.free(&mut provider);
    assert_eq!(sim.stats().host_live, 0);
}
