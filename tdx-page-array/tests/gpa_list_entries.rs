//! `encode_entries` writes a GPA list through a host list page of the simulated machine.

use tdx_abi::{GpaListInfo, GuestPhysAddr, ListEntry, ListError, PageList};
use tdx_page_array::{encode_entries, ListPage};
use tdx_sim::Sim;

#[test]
fn a_gpa_list_goes_through_a_host_list_page_and_reads_back() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let gpas: Vec<GuestPhysAddr> = (0..3).map(|i| GuestPhysAddr::from_pfn(0x800 + i).unwrap()).collect();
    let value = encode_entries::<GpaListInfo, _>(&mut provider, &mut list, &gpas).unwrap();
    assert_eq!((value.address(), value.count()), (list.addr(), 3));
    for (i, gpa) in gpas.iter().enumerate() {
        assert_eq!(GpaListInfo::decode_entry(sim.read(list.addr(), i)), Ok(ListEntry { addr: *gpa, pages: 1 }));
    }
    // 513 entries fit no list page, and nothing is written.
    let many = vec![gpas[0]; 513];
    let e = encode_entries::<GpaListInfo, _>(&mut provider, &mut list, &many).unwrap_err();
    assert_eq!(e, ListError::CountOutOfRange { list: "GPA_LIST_INFO", count: 513, capacity: 512 });
    assert_eq!(sim.read(list.addr(), 3), 0);
    list.free(&mut provider);
    assert_eq!(sim.stats().host_live, 0);
}
