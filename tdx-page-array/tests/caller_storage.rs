//! Without feature `alloc`, the caller supplies the storage: a fixed buffer of
//! addresses ([`Slots`]). The page array never allocates, refuses more pages
//! than the buffer holds (freeing what it took), and a buffer can be reused
//! once its pages are released.

use tdx_abi::leaves::spdm::{tdh_spdm_create, tdh_spdm_delete, TdhSpdmCreateIn, TdhSpdmDeleteIn};
use tdx_abi::{HpaArrayT, PhysAddr};
use tdx_page_array::{AllocFailed, ListPage, PageArray, Slots, StoreFull};
use tdx_sim::host::Sim;

#[test]
fn a_full_buffer_refuses_the_next_page_and_frees_the_ones_taken() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let err = PageArray::alloc(&mut provider, Slots::new([PhysAddr::default(); 4]), 5).unwrap_err();
    assert_eq!(err, AllocFailed::Storage(StoreFull));
    let stats = sim.stats();
    assert_eq!((stats.allocated, stats.in_allocator, stats.host_live), (5, 5, 0));
}

#[test]
fn control_pages_round_trip_through_a_caller_buffer_which_comes_back_for_reuse() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let mut buf = [PhysAddr::default(); 8];
    for round in 0..3 {
        let array = PageArray::alloc(&mut provider, Slots::new(&mut buf[..]), 8).unwrap();
        let (control, spdm_id) = array
            .hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
                tdh_spdm_create(&mut module, &TdhSpdmCreateIn { func_id: 1, spdm_mt }).map(|o| o.spdm_id)
            })
            .unwrap();
        let report = control
            .release::<HpaArrayT, _, _>(
                &mut provider,
                &list,
                &mut module,
                |p| p.as_u64(),
                |seam, release| tdh_spdm_delete(seam, &TdhSpdmDeleteIn { spdm_id, release }).map(|o| o.released),
            )
            .unwrap();
        assert_eq!(report.freed, 8, "round {round}");
    }
    list.free(&mut provider);
    let stats = sim.stats();
    assert_eq!((stats.host_live, stats.module_control, stats.in_allocator), (0, 0, 3 * 8 + 1));
    assert_eq!(stats.violations, vec![]);
}
