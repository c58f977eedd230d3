//! Pattern 1 of the seed patch: hand control pages to the module for a new
//! object (an SPDM session, then an IDE stream on it). The array becomes
//! `PageArray<_, Control>` only when the create leaf succeeds; a failed create
//! leaves the pages with the host, with the raw status.
//!
//! Run: `cargo run -p tdx-page-array --example add_control_pages`

use tdx_abi::leaves::ide::{tdh_ide_stream_create, TdhIdeStreamCreateIn};
use tdx_abi::leaves::spdm::{tdh_spdm_create, TdhSpdmCreateIn};
use tdx_abi::{HpaArrayT, TdxStatus};
use tdx_page_array::{HandOverError, ListPage, PageArray};
use tdx_sim::host::{Fault, Sim};

fn main() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let mut list = ListPage::alloc(&mut provider).expect("a list page");

    // Four pages for the session: HPA_ARRAY_T with a list page.
    let session_pages = PageArray::alloc(&mut provider, Vec::new(), 4).expect("pages");
    let (session, spdm_id) = session_pages
        .hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
            tdh_spdm_create(&mut module, &TdhSpdmCreateIn { func_id: 0x100, spdm_mt }).map(|o| o.spdm_id)
        })
        .expect("TDH.SPDM.CREATE");
    println!("SPDM session {spdm_id}: the module holds {} control pages", session.len());

    // One page for the stream: the singleton rule puts it in place, no list page.
    let mut one = ListPage::alloc(&mut provider).expect("a list page");
    let stream_page = PageArray::alloc(&mut provider, Vec::new(), 1).expect("a page");
    let (stream, stream_id) = stream_page
        .hand_over::<HpaArrayT, _, _>(&mut provider, &mut one, |stream_mt| {
            println!("stream_mt = {stream_mt:?}");
            let input = TdhIdeStreamCreateIn { spdm_id, stream_mt, ..Default::default() };
            tdh_ide_stream_create(&mut module, &input).map(|o| o.stream_id)
        })
        .expect("TDH.IDE.STREAM.CREATE");
    println!("IDE stream {stream_id}: the module holds {} control page", stream.len());

    // A create that fails (BUSY) hands nothing over: the pages stay the host's.
    let mut busy = sim.module().with_fault(Fault::Busy { leaf: tdx_abi::leaf::TDH_SPDM_CREATE });
    let pages = PageArray::alloc(&mut provider, Vec::new(), 2).expect("pages");
    let result = pages.hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
        tdh_spdm_create(&mut busy, &TdhSpdmCreateIn { func_id: 0x101, spdm_mt })
    });
    match result {
        Err(HandOverError::Leaf(pages, e)) => {
            assert!(e.status.is(TdxStatus::OPERAND_BUSY));
            println!("create failed with {:?}; the host frees its {} pages", e.status, pages.len());
            pages.free(&mut provider);
        }
        _ => panic!("the create was meant to fail"),
    }

    let stats = sim.stats();
    println!("module holds {} control pages; violations: {:?}", stats.module_control, stats.violations);
    assert_eq!(stats.module_control, 5);
    assert!(stats.violations.is_empty());
    // The example ends with the objects alive; dropping them is counted, never freed.
    drop((session, stream));
    println!("dropped while module-owned: {}", tdx_page_array::dropped_while_module_owned());
    list.free(&mut provider);
    one.free(&mut provider);
}
