//! Pattern 4 of the seed patch: more pages than one list page holds, given to
//! the module for good (TDH.EXT.MEM.ADD). The array goes in windows of 512
//! entries; within a window the module may stop and write its cursor into
//! FIRST_ENTRY, and the generated stub re-issues the call from there.
//!
//! Run: `cargo run -p tdx-page-array --example gift_many_pages`

use tdx_abi::leaves::ext::{tdh_ext_mem_add, TdhExtMemAddIn};
use tdx_abi::{leaf, HpaListInfo, DEFAULT_MAX_RESUMES};
use tdx_page_array::{ListPage, PageArray};
use tdx_sim::host::{Fault, Sim};

fn main() {
    let n = 5000;
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module().with_fault(Fault::InterruptEvery(100));
    let mut list = ListPage::alloc(&mut provider).expect("a list page");

    let pages = PageArray::alloc(&mut provider, Vec::new(), n).expect("pages");
    let mut resumes = 0;
    let report = pages
        .gift::<HpaListInfo, _>(&mut provider, &mut list, |pages| {
            let out = tdh_ext_mem_add(&mut module, &TdhExtMemAddIn { pages }, DEFAULT_MAX_RESUMES)?;
            resumes += out.completion.resumes;
            Ok(())
        })
        .expect("TDH.EXT.MEM.ADD");
    list.free(&mut provider);

    let calls = module.count(leaf::TDH_EXT_MEM_ADD);
    println!("gifted {} pages in {} windows: {calls} calls, {resumes} of them resumes", report.gifted, n.div_ceil(512));
    let stats = sim.stats();
    assert_eq!((stats.module_gifted, stats.host_live), (n, 0));
    assert!(stats.violations.is_empty());
}
