//! The benchmarks compare like with like: every implementation encodes and
//! decodes the same values, and the three list-page fills write the same
//! entries and the same HPA_LIST_INFO.

use proptest::prelude::*;
use tdx_abi::PhysAddr;
use tdx_bench::list_fill::{plain_loop, through_page_array, BufferProvider};
use tdx_bench::{c_populate, CODECS};
use tdx_page_array::ListPage;

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
    fn the_three_list_page_fills_agree(n in 1usize..=512, seed in any::<u64>()) {
        let pages: Vec<PhysAddr> = (0..n as u64).map(|i| PhysAddr::new_truncate((seed.wrapping_add(i * 13) & 0xff_ffff) << 12)).collect();
        let raw: Vec<u64> = pages.iter().map(|p| p.as_u64()).collect();
        let mut provider = BufferProvider::default();
        let list_pa = provider.list_pa.as_u64();
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let via_array = through_page_array(&mut provider, &mut list, &pages);
        let mut plain = Box::new([0u64; 512]);
        let via_loop = plain_loop(&mut plain, list_pa, &pages);
        let mut c_root = Box::new([0u64; 512]);
        let via_c = c_populate::populate(&raw, 0, &mut c_root, list_pa);
        prop_assert_eq!(via_array, via_loop);
        prop_assert_eq!(via_loop, via_c);
        prop_assert_eq!(&provider.entries[..n], &plain[..n]);
        prop_assert_eq!(&plain[..n], &c_root[..n]);
    }
}
