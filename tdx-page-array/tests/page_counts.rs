//! Page counts around and far beyond one list page, under random fault
//! schedules: whatever the faults, the records agree with what the caller was
//! told, nothing leaks, and a run whose faults never fire succeeds in full.

mod common;

use common::{check_records, run, Flow, Point, FLOWS};
use proptest::prelude::*;
use tdx_abi::TdxStatus;
use tdx_page_array::LIST_PAGE_ENTRIES;
use tdx_sim::host::{MismatchKind, RELEASE_FAILED, WBINVD_FAILED};

const COUNTS: [usize; 7] = [1, 2, 511, 512, 513, 1024, 5000];

fn point(n: usize) -> impl Strategy<Value = Point> {
    let kinds = prop_oneof![
        Just(MismatchKind::Count),
        Just(MismatchKind::Address),
        Just(MismatchKind::Entry),
        Just(MismatchKind::Reserved),
        Just(MismatchKind::EntryBits)
    ];
    prop_oneof![
        1 => (0..=n + 1).prop_map(Point::AllocFails),
        1 => Just(Point::BusyMain),
        // Interruptions and a later BUSY together fail a window part-way: weighted up.
        3 => (0usize..12).prop_map(Point::BusyMainOnce),
        1 => Just(Point::BusyRelease),
        3 => (1usize..600).prop_map(Point::Interrupt),
        1 => Just(Point::FailRelease),
        1 => kinds.prop_map(Point::Mismatch),
        1 => (0..=n + 1).prop_map(Point::FailWbinvd),
    ]
}

fn case() -> impl Strategy<Value = (Flow, usize, Vec<Point>)> {
    (prop::sample::select(FLOWS.to_vec()), prop::sample::select(COUNTS.to_vec()))
        .prop_flat_map(|(flow, n)| (Just(flow), Just(n), prop::collection::vec(point(n), 0..4)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_fault_schedules_never_leak_or_free_module_pages((flow, n, points) in case()) {
        let run = run(flow, n, &points);
        let label = format!("{flow:?}, {n} pages, {points:?}");
        check_records(&run, &label);
        let seen = &run.observed;
        if let Some(status) = seen.status {
            let known = [TdxStatus::OPERAND_BUSY, RELEASE_FAILED, WBINVD_FAILED];
            prop_assert!(known.contains(&status), "{label}: unexpected status {status:?}");
        }
        let failed = seen.alloc_failed || seen.status.is_some() || seen.mismatch.is_some() || seen.too_many;
        match flow {
            Flow::ExtMemAdd if !seen.alloc_failed => {
                // Whole windows are gifted; the rest is quarantined (the failing window) or freed.
                prop_assert!(seen.gifted == n || seen.gifted % LIST_PAGE_ENTRIES == 0, "{label}");
                prop_assert_eq!(seen.gifted + seen.quarantined + seen.freed - 1, n, "{}", label);
                prop_assert_eq!(seen.gifted == n, !failed, "{}", label);
            }
            Flow::Spdm | Flow::IdeStream | Flow::VendorBlocks | Flow::VendorCompound if !failed => {
                // Every page of every run, and the list page.
                prop_assert_eq!((seen.freed, seen.quarantined), (n * flow.run() + 1, 0), "{}", label);
            }
            Flow::SpdmConnect | Flow::QuoteGet | Flow::GpaList if !failed => {
                prop_assert_eq!(seen.shared_len, Some(n as u64 * 4096), "{}", label)
            }
            _ => {}
        }
    }
}
