//! A leaf whose resume flag the stub sets itself: its handler learns from the
//! generated dispatch whether a call resumes an interrupted one.

use tdx_abi::leaves::phymem::{tdh_phymem_cache_wb, TdhPhymemCacheWbIn};
use tdx_abi::{Registers, Seamcall, TdxStatus};
use tdx_sim::dispatch::seamcall::{dispatch, SeamcallLeaves, TdhPhymemCacheWbReply};
use tdx_sim::dispatch::Outcome;

/// Interrupted `chunks - 1` times, then done; records the flag of every call.
struct CacheWb {
    chunks: usize,
    flags: Vec<bool>,
}

impl SeamcallLeaves for CacheWb {
    fn tdh_phymem_cache_wb(&mut self, _: &TdhPhymemCacheWbIn, resumed: bool) -> Outcome<TdhPhymemCacheWbReply> {
        self.flags.push(resumed);
        if self.flags.len() < self.chunks {
            return Err(TdxStatus::INTERRUPTED_RESUMABLE.into());
        }
        Ok(TdhPhymemCacheWbReply {})
    }
}

impl Seamcall for CacheWb {
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        dispatch(self, rax, regs)
    }
}

#[test]
fn only_the_calls_the_stub_reissues_carry_the_resume_flag() {
    let mut module = CacheWb { chunks: 3, flags: Vec::new() };
    let done = tdh_phymem_cache_wb(&mut module, &TdhPhymemCacheWbIn {}, 5).unwrap();
    assert_eq!(done.completion.resumes, 2);
    assert_eq!(module.flags, [false, true, true]);
    // A fresh call starts with the flag clear again.
    module.flags.clear();
    tdh_phymem_cache_wb(&mut module, &TdhPhymemCacheWbIn {}, 5).unwrap();
    assert!(!module.flags[0]);
}
