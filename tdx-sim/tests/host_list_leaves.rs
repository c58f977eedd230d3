//! tdx-abi's list leaves as the host simulator serves them through the
//! generated dispatch: an interrupted gift returns its moved cursor in the
//! register the stub re-issues, a delete leaf releases only what its create
//! leaf made, and a bare module serves none of them.

use tdx_abi::leaves::ext::{tdh_ext_mem_add, TdhExtMemAddIn};
use tdx_abi::leaves::ide::{tdh_ide_stream_create, tdh_ide_stream_delete, TdhIdeStreamCreateIn, TdhIdeStreamDeleteIn};
use tdx_abi::leaves::spdm::{tdh_spdm_delete, TdhSpdmDeleteIn};
use tdx_abi::{leaf, rax, HpaArrayT, HpaListInfo, PageList, Registers, Seamcall, TdxStatus};
use tdx_page_array::{ListPage, PageArray, PageProvider};
use tdx_sim::{Fault, Sim, UNKNOWN_LEAF};

/// A list page naming `n` fresh pages, and its HPA_LIST_INFO value.
fn listed(sim: &Sim, n: usize) -> HpaListInfo {
    let mut provider = sim.provider();
    let list = ListPage::alloc(&mut provider).unwrap();
    for i in 0..n {
        let page = provider.alloc_zeroed().unwrap();
        sim.write(list.addr(), i, HpaListInfo::encode_entry(page.addr(), 1).unwrap());
    }
    HpaListInfo::encode_list(list.addr(), n).unwrap()
}

#[test]
fn an_interrupted_gift_returns_the_moved_cursor_and_the_stub_resumes_it() {
    let sim = Sim::new();
    let pages = listed(&sim, 5);
    let mut module = sim.module().with_fault(Fault::InterruptEvery(2));
    let mut regs = Registers { rcx: pages.into_bits(), ..Registers::default() };
    let status = module.seamcall(rax(leaf::TDH_EXT_MEM_ADD, 0), &mut regs);
    assert_eq!(status, TdxStatus::INTERRUPTED_RESUMABLE);
    let moved = HpaListInfo::from_bits(regs.rcx);
    assert_eq!((moved.address(), moved.count(), moved.cursor()), (pages.address(), 5, Some(2)));
    assert_eq!(sim.stats().module_gifted, 2);
    // The stub re-issues the moved value until the gift completes.
    let done = tdh_ext_mem_add(&mut module, &TdhExtMemAddIn { pages: moved }, 10).unwrap();
    assert_eq!((done.completion.resumes, sim.stats().module_gifted), (1, 5));
    assert_eq!(module.count(leaf::TDH_EXT_MEM_ADD), 3);
}

#[test]
fn a_bare_module_serves_no_list_leaf_of_tdx_abi_but_flushes_pages() {
    let sim = Sim::new();
    let pages = listed(&sim, 1);
    let mut module = sim.bare_module();
    let mut regs = Registers { rcx: pages.into_bits(), ..Registers::default() };
    assert_eq!(module.seamcall(rax(leaf::TDH_EXT_MEM_ADD, 0), &mut regs), UNKNOWN_LEAF);
    assert_eq!(sim.stats().module_gifted, 0);
    let mut regs = Registers { rcx: pages.address().as_u64(), ..Registers::default() };
    assert_eq!(module.seamcall(rax(leaf::TDH_PHYMEM_PAGE_WBINVD, 0), &mut regs), TdxStatus::SUCCESS);
    // PageArray is what a real caller would use; its gift through a bare module fails cleanly.
    let mut provider = sim.provider();
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc(&mut provider, Vec::new(), 3).unwrap();
    let gift = array.gift::<HpaListInfo, _>(&mut provider, &mut list, |pages| {
        tdh_ext_mem_add(&mut module, &TdhExtMemAddIn { pages }, 10).map(drop)
    });
    assert!(gift.is_err());
    assert_eq!(sim.stats().module_gifted, 0);
}

#[test]
fn a_delete_leaf_releases_only_objects_its_create_leaf_made() {
    let sim = Sim::new();
    let (mut provider, mut module) = (sim.provider(), sim.module());
    let page = provider.alloc_zeroed().unwrap();
    // One control page: a singleton, named in place; its release input is 0.
    let stream_mt = HpaArrayT::encode_in_place(page.addr()).unwrap();
    let create = TdhIdeStreamCreateIn {
        stream_info: 0,
        spdm_id: 0,
        stream_mt,
        stream_ctrl: 0,
        rid_assoc1: 0,
        rid_assoc2: 0,
        addr_assoc1: 0,
        addr_assoc2: 0,
        addr_assoc3: 0,
    };
    let stream_id = tdh_ide_stream_create(&mut module, &create).unwrap().stream_id;
    // An IDE stream's handle is no SPDM session's: refused, the page stays the module's.
    let e = tdh_spdm_delete(&mut module, &TdhSpdmDeleteIn { spdm_id: stream_id, release: 0 }).unwrap_err();
    assert_eq!(e.status, TdxStatus::OPERAND_INVALID);
    assert!(sim.owned_by_module(page.addr()));
    let released =
        tdh_ide_stream_delete(&mut module, &TdhIdeStreamDeleteIn { spdm_id: 0, stream_id, release: 0 }).unwrap();
    assert_eq!(released.released.address(), page.addr());
    assert!(!sim.owned_by_module(page.addr()));
    assert_eq!(module.live_objects(), 0);
}
