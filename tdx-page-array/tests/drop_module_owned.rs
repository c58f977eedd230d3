//! Dropping an array never frees its pages: pages the module holds stay the
//! module's, and either kind of loss is counted apart. (One test in its own
//! binary, since the counts are process-wide.)

use tdx_abi::leaves::spdm::{tdh_spdm_create, TdhSpdmCreateIn};
use tdx_abi::HpaArrayT;
use tdx_page_array::{dropped_while_module_owned, dropped_without_free, ListPage, PageArray};
use tdx_sim::host::Sim;

#[test]
fn dropping_pages_frees_nothing_and_is_counted_by_owner() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let before = (dropped_while_module_owned(), dropped_without_free());
    drop(PageArray::alloc(&mut provider, Vec::new(), 3).unwrap());
    assert_eq!((dropped_while_module_owned(), dropped_without_free()), (before.0, before.1 + 3));
    let array = PageArray::alloc(&mut provider, Vec::new(), 5).unwrap();
    let (control, _) = array
        .hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
            tdh_spdm_create(&mut module, &TdhSpdmCreateIn { func_id: 1, spdm_mt }).map(|o| o.spdm_id)
        })
        .unwrap();
    drop(control);
    list.free(&mut provider);
    assert_eq!((dropped_while_module_owned(), dropped_without_free()), (before.0 + 5, before.1 + 3));
    let stats = sim.stats();
    assert_eq!((stats.frees, stats.module_control, stats.host_live), (1, 5, 3), "only the list page was freed");
    assert_eq!(stats.violations, vec![]);
}
