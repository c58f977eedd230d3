//! The module's released-page output is untrusted. Whatever a release leaf
//! returns — random values, near-misses of the right value, a rewritten
//! released list — and whether or not the module really let the pages go, the
//! crate never panics, never frees a page the module holds, never frees a page
//! unflushed, and leaves nothing live.

use proptest::prelude::*;
use tdx_abi::leaves::spdm::{tdh_spdm_create, tdh_spdm_delete, TdhSpdmCreateIn, TdhSpdmDeleteIn};
use tdx_abi::{HpaArrayT, PageList, PhysAddr, Placement};
use tdx_page_array::{ListPage, PageArray, ReleaseError};
use tdx_sim::host::Sim;

/// What the hostile module returns instead of its real output.
#[derive(Clone, Debug)]
enum Output {
    /// The real value.
    Real,
    /// Any 64 bits.
    Random(u64),
    /// The real value with one bit flipped.
    FlipBit(u32),
    /// A list value claiming `count` entries at the list page (raw count field, unchecked).
    Count(usize),
    /// A value pointing at the `i`th handed-over page (or the list page when out of range).
    PointAt(usize),
}

/// A released list rewritten by the module: (index, value) pairs.
type Scribbles = Vec<(usize, u64)>;

fn output() -> impl Strategy<Value = Output> {
    prop_oneof![
        Just(Output::Real),
        any::<u64>().prop_map(Output::Random),
        (0u32..64).prop_map(Output::FlipBit),
        (0usize..1100).prop_map(Output::Count),
        (0usize..600).prop_map(Output::PointAt),
    ]
}

fn scribbles(n: usize) -> impl Strategy<Value = Scribbles> {
    // Values near real pages are as likely as random ones.
    let value = prop_oneof![any::<u64>(), (0u64..n as u64 + 4).prop_map(|i| (0x1000 + i) << 12)];
    prop::collection::vec((0usize..512, value), 0..3)
}

fn real_output(list: PhysAddr, pages: &[PhysAddr]) -> u64 {
    let value = match HpaArrayT::placement(pages.len()) {
        Placement::InPlace => HpaArrayT::encode_in_place(pages[0]),
        Placement::ListPage => HpaArrayT::encode_list(list, pages.len()),
    };
    value.expect("a valid count").into_bits()
}

fn hostile(output: &Output, real: u64, list: PhysAddr, pages: &[PhysAddr]) -> u64 {
    match *output {
        Output::Real => real,
        Output::Random(raw) => raw,
        Output::FlipBit(bit) => real ^ (1 << bit),
        // The generated setters write the fields directly, so counts the encoder refuses get through too.
        Output::Count(count) => {
            HpaArrayT::from_bits(real).with_pfn_addr(list).with_size(count.wrapping_sub(1) as u16 & 0x1ff).into_bits()
        }
        Output::PointAt(i) => {
            HpaArrayT::from_bits(real).with_pfn_addr(pages.get(i).copied().unwrap_or(list)).into_bits()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_released_output_is_validated_and_no_module_page_is_ever_freed(
        n in prop_oneof![Just(1usize), Just(2), Just(511), Just(512), 1usize..=512],
        really_released in any::<bool>(),
        output in output(),
        scribbles in scribbles(512),
    ) {
        let sim = Sim::new();
        let mut provider = sim.provider();
        let mut module = sim.module();
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
        let (control, id) = array
            .hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
                tdh_spdm_create(&mut module, &TdhSpdmCreateIn { func_id: 1, spdm_mt }).map(|o| o.spdm_id)
            })
            .unwrap();
        let pages = control.pages().to_vec();
        let list_addr = list.addr();
        let mut returned = 0;

        let result = control.release::<HpaArrayT, _, _>(&mut provider, &list, &mut module, |p| p.as_u64(), |seam, release| {
            let real = if really_released {
                tdh_spdm_delete(seam, &TdhSpdmDeleteIn { spdm_id: id, release })?.released.into_bits()
            } else {
                real_output(list_addr, &pages)
            };
            for (index, value) in &scribbles {
                sim.write(list_addr, *index, *value);
            }
            returned = hostile(&output, real, list_addr, &pages);
            Ok(HpaArrayT::from_bits(returned))
        });
        // The output is accepted only when it is exactly the real one, over an intact released list.
        let list_intact = n == 1 || (0..n).all(|i| sim.read(list_addr, i) == pages[i].as_u64());
        let exact = returned == real_output(list_addr, &pages) && list_intact;
        list.free(&mut provider);

        let stats = sim.stats();
        let first: Vec<_> = stats.violations.iter().take(3).collect();
        prop_assert!(first.is_empty(), "{} violations, first {:?}", stats.violations.len(), first);
        prop_assert_eq!(stats.host_live, 0);
        let quarantined = stats.quarantined.len();
        match result {
            Ok(report) => {
                // Only a module that really let go gets its pages freed, every one.
                prop_assert!(really_released && exact);
                prop_assert_eq!((report.freed, report.quarantined, quarantined), (n, 0, 0));
            }
            Err(ReleaseError::Leaf(..)) => prop_assert!(false, "the simulated delete does not fail here"),
            Err(ReleaseError::Mismatch { quarantined: q, .. }) => {
                prop_assert!(!exact);
                prop_assert_eq!((q, quarantined), (n, n));
            }
            Err(ReleaseError::Flush { report, .. }) => {
                prop_assert!(exact);
                prop_assert_eq!(report.freed + report.quarantined, n);
                prop_assert_eq!(report.quarantined, quarantined);
            }
        }
        // Every page is back in the allocator or quarantined; the module keeps only quarantined ones.
        prop_assert_eq!(stats.in_allocator + quarantined, n + 1);
    }
}
