//! Pattern 3 of the seed patch: lend pages to the module as a shared buffer
//! for one call (TDH.SPDM.CONNECT writes its output there). The host owns the
//! pages throughout, reads the data and frees them normally.
//!
//! Run: `cargo run -p tdx-page-array --example exchange_data`

use tdx_abi::leaves::spdm::{tdh_spdm_connect, TdhSpdmConnectIn};
use tdx_abi::{leaf, HpaArrayT};
use tdx_page_array::{ListPage, PageArray};
use tdx_sim::host::Sim;

fn main() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let mut list = ListPage::alloc(&mut provider).expect("a list page");

    for n in [1, 3] {
        let buffer = PageArray::alloc(&mut provider, Vec::new(), n).expect("pages");
        let out = buffer
            .lend::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_out| {
                tdh_spdm_connect(&mut module, &TdhSpdmConnectIn { spdm_id: 1, spdm_out, ..Default::default() })
            })
            .expect("at most 512 pages")
            .expect("TDH.SPDM.CONNECT");
        println!("{n}-page buffer: the module wrote {} bytes", out.req_or_out_len);
        for (i, page) in buffer.pages().iter().enumerate() {
            let word = sim.read(*page, 0);
            println!("  page {i} at {:#x} starts with {word:#x}", page.as_u64());
            assert_eq!(word, (u64::from(leaf::TDH_SPDM_CONNECT) << 32) | i as u64);
        }
        buffer.free(&mut provider);
    }
    list.free(&mut provider);
    let stats = sim.stats();
    assert_eq!((stats.host_live, stats.in_allocator), (0, stats.allocated));
    assert!(stats.violations.is_empty());
}
