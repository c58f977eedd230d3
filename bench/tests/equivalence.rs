//! The benchmarks compare like with like: every implementation encodes and
//! decodes the same values, and the four list-page fills write the same
//! entries and the same HPA_LIST_INFO.

use proptest::prelude::*;
use tdx_bench::list_fill::{c_good_loop, c_seed_loop, plain_loop, through_page_array, Fill};
use tdx_bench::CODECS;

/// One way of filling the list page.
type FillFn = fn(&mut Fill) -> u64;

proptest! {
    #[test]
    fn every_implementation_agrees(pfn in 0u64..1 << 40, first in 0u16..512, last in 0u16..512, raw in any::<u64>()) {
        let base = CODECS[0];
        for c in &CODECS[1..] {
            prop_assert_eq!((c.encode_list_info)(pfn, first, last), (base.encode_list_info)(pfn, first, last), "{}", c.name);
            prop_assert_eq!((c.decode_list_info)(raw), (base.decode_list_info)(raw), "{}", c.name);
            prop_assert_eq!((c.encode_array_t)(pfn, last), (base.encode_array_t)(pfn, last), "{}", c.name);
            prop_assert_eq!((c.decode_array_t)(raw), (base.decode_array_t)(raw), "{}", c.name);
        }
    }

    #[test]
    fn every_list_page_fill_writes_the_same_entries_and_value(n in 1usize..=512) {
        let mut f = Fill::new(n);
        let expected: Vec<u64> = f.pages().iter().map(|p| p.as_u64()).collect();
        let fills: [(&str, FillFn); 4] =
            [("plain", plain_loop), ("page-array", through_page_array), ("c-seed", c_seed_loop), ("c-good", c_good_loop)];
        let mut values = Vec::new();
        for (name, fill) in fills {
            f.provider.entries.fill(0);
            values.push(fill(&mut f));
            prop_assert_eq!(&f.provider.entries[..n], &expected[..], "{}", name);
            prop_assert!(f.provider.entries[n..].iter().all(|e| *e == 0), "{} wrote past the window", name);
        }
        prop_assert!(values.iter().all(|v| *v == values[0]), "{:?}", values);
        prop_assert_eq!(values[0] >> 55, n as u64 - 1);
    }
}
